package dev.swarmops.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code worker rm NODE [--force]}. */
@Command(name = "rm", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Remove a node from the swarm (a live node needs --force; better: leave on the worker first).")
final class WorkerRm extends NodeAction {

    @Option(names = "--force", description = "Remove even if the node is still up.")
    boolean force;

    @Override
    int run(Context ctx) {
        ctx.ops().swarm().checkManager();
        ctx.ops().nodes().remove(node, force);
        return 0;
    }
}
