package dev.swarmops.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code swarmops worker}: the seed's enrollment group ({@code platform master worker}); its commands are in {@link Main}. */
@Command(name = "worker", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Enroll and manage CPU/GPU workers (acts immediately; --dry-run previews).")
public final class WorkerCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
