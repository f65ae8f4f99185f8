package dev.swarmops.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code swarmops job}: the broker's dispatch primitive, by hand; its commands are in {@link Main}. */
@Command(name = "job", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run, list and reap broker jobs (replicated-job services on CPU/GPU workers).")
public final class JobCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
