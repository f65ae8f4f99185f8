package dev.swarmops.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code swarmops}: the root command; its options are inherited by every subcommand (the tree is in {@link Main}). */
@Command(name = "swarmops", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Docker Swarm operations for GPU/CPU clusters, every mutation through one gate.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the engine refused (its message is shown)", "2:bad usage or bad input",
                "3:engine unreachable"},
        footerHeading = "%nEnvironment:%n",
        footer = {"  DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG,", "  DOCKER_TLS_VERIFY, DOCKER_CERT_PATH",
                "      the engine, found as the docker CLI finds it",
                "  SWARMOPS_ENGINE_TIMEOUT",
                "      seconds an engine may take to answer (default 60)",
                "  SWARMOPS_RESIDENT",
                "      10m, 90s, 1h: a resident JVM serves run and job run until idle that long",
                "      (default off)",
                "  NO_COLOR",
                "      no colour"})
public final class SwarmopsCommand implements Runnable {

    @Mixin
    GlobalOptions global;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
