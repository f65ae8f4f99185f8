package dev.swarmops.cli;

import picocli.CommandLine;

/** Entry point: one picocli tree, exit codes mapped in {@link Failures}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        fastStart();
        // every byte to stdout and stderr passes the scrubber, whatever wrote it
        System.setOut(dev.swarmops.gate.Redactor.scrubbing(System.out));
        System.setErr(dev.swarmops.gate.Redactor.scrubbing(System.err));
        if (!helpOrVersion(args)) {
            dev.swarmops.engine.Warmup.start(); // start-up: see Warmup
        }
        System.exit(run(args));
    }

    /**
     * Start-up: picocli probes for Groovy closures in annotations, and with Groovy on the class
     * path the probe initialises the whole Groovy runtime (~0.1 s). No command declares a closure
     * in an annotation, so the probe is off unless the caller set the property.
     */
    static void fastStart() {
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
    }

    /** Help and version never reach the engine: no warm-up for them. */
    private static boolean helpOrVersion(String[] args) {
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return true;
            }
        }
        return args.length == 0;
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
