package dev.swarmops.cli;

import picocli.CommandLine;

/** Entry point: one picocli tree, exit codes mapped in {@link Failures}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SwarmopsCommand());
        Failures failures = new Failures();
        cl.setExecutionExceptionHandler(failures);
        cl.setParameterExceptionHandler(failures);
        cl.setExitCodeExceptionMapper(failures);
        // everything after the playbook path belongs to the playbook
        cl.getSubcommands().get("run").setStopAtPositional(true);
        return cl;
    }
}
