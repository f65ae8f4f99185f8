package dev.swarmops.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes; inherited down the command tree. */
public final class GlobalOptions {

    @Option(names = "--host", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Engine endpoint, e.g. unix:///var/run/docker.sock or tcp://10.0.0.1:2376 (default: $DOCKER_HOST, "
                    + "then $DOCKER_CONTEXT, then the docker CLI's current context, then the local socket)")
    String host;

    @Option(names = {"-c", "--context"}, scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "docker CLI context to use (docker context ls); overrides DOCKER_HOST, DOCKER_CONTEXT and the current context.")
    String context;

    @Option(names = "--dry-run", scope = ScopeType.INHERIT, description = "Show what would change; change nothing.")
    boolean dryRun;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Machine-readable output.")
    boolean json;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No colour (also off when NO_COLOR is set or stdout is not a terminal).")
    boolean noColor;
}
