package dev.swarmops.cli;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
        Class<?>[] path = commandPath(args);
        if (path != null && (path[0] == RunCommand.class || path[0] == ShellCommand.class)) {
            dev.swarmops.playbook.GroovyWarmup.start(); // start-up: see GroovyWarmup (a playbook's --help loads it too)
        }
        System.exit(commandLine(path).execute(args));
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
        return commandLine(args).execute(args);
    }

    /** The commands under the root, in the order help lists them, and the commands of each group. */
    private static final List<Class<?>> COMMANDS = List.of(WorkerCommand.class, RunCommand.class, ApplyCommand.class,
            JobCommand.class, ShellCommand.class, DoctorCommand.class);
    private static final Map<Class<?>, List<Class<?>>> GROUPS = Map.of(
            WorkerCommand.class, List.of(WorkerToken.class, WorkerList.class, WorkerLabel.class, WorkerDrain.class, WorkerRm.class,
                    WorkerInspect.class, WorkerDaemonJson.class),
            JobCommand.class, List.of(JobRun.class, JobList.class, JobReap.class));

    /** The whole command tree. */
    public static CommandLine commandLine() {
        return commandLine(null, null);
    }

    /**
     * The tree these arguments need. Start-up: picocli builds the model of every command it is
     * given up front (annotations, reflection, converters: ~80 ms cold for all 17), and a run that
     * names a command uses only its branch, so it gets the root, the group and that command.
     * Arguments naming no command (help or version of the root or a group, an option or a name
     * picocli must judge) get the whole tree, so usage, suggestions and errors read as always.
     */
    public static CommandLine commandLine(String[] args) {
        return commandLine(commandPath(args));
    }

    private static CommandLine commandLine(Class<?>[] path) {
        return path == null ? commandLine() : commandLine(path[0], path[1]);
    }

    /** The tree with only {@code top} (and only {@code leaf} in its group) when not null. */
    private static CommandLine commandLine(Class<?> top, Class<?> leaf) {
        CommandLine cl = new CommandLine(new SwarmopsCommand());
        for (Class<?> c : COMMANDS) {
            if (top != null && c != top) {
                continue;
            }
            // a group's commands first, as picocli does with annotated subcommands: inherited options then reach them all
            CommandLine sub = new CommandLine(c, cl.getFactory());
            for (Class<?> g : GROUPS.getOrDefault(c, List.of())) {
                if (leaf == null || g == leaf) {
                    sub.addSubcommand(g);
                }
            }
            cl.addSubcommand(sub);
        }
        Failures failures = new Failures();
        cl.setExecutionExceptionHandler(failures);
        cl.setParameterExceptionHandler(failures);
        cl.setExitCodeExceptionMapper(failures);
        CommandLine run = cl.getSubcommands().get("run");
        if (run != null) {
            // everything after the playbook path belongs to the playbook
            run.setStopAtPositional(true);
        }
        return cl;
    }

    /** {top, command} for a group's command, {top, null} for another command, or null for the whole tree. */
    static Class<?>[] commandPath(String[] args) {
        int i = skipGlobalOptions(args, 0);
        Class<?> top = i < 0 ? null : named(COMMANDS, args[i]);
        if (top == null || !GROUPS.containsKey(top)) {
            return top == null ? null : new Class<?>[] {top, null};
        }
        i = skipGlobalOptions(args, i + 1);
        Class<?> leaf = i < 0 ? null : named(GROUPS.get(top), args[i]);
        return leaf == null ? null : new Class<?>[] {top, leaf};
    }

    /**
     * The index of the first argument from {@code i} on that is no global option (or its value),
     * or -1 when there is none or another option comes first (help, version, a typo).
     */
    private static int skipGlobalOptions(String[] args, int i) {
        while (i < args.length && args[i].startsWith("-")) {
            Boolean takesValue = null;
            for (java.lang.reflect.Field f : GlobalOptions.class.getDeclaredFields()) {
                CommandLine.Option o = f.getAnnotation(CommandLine.Option.class);
                for (String name : o == null ? new String[0] : o.names()) {
                    if (args[i].equals(name)) {
                        takesValue = f.getType() != boolean.class;
                    } else if (args[i].startsWith(name + "=")) {
                        takesValue = false;
                    }
                }
            }
            if (takesValue == null) {
                return -1;
            }
            i += takesValue ? 2 : 1;
        }
        return i < args.length ? i : -1;
    }

    /** The command of these whose name or alias is {@code name}, or null. */
    private static Class<?> named(List<Class<?>> commands, String name) {
        for (Class<?> c : commands) {
            CommandLine.Command cmd = c.getAnnotation(CommandLine.Command.class);
            if (cmd.name().equals(name) || Arrays.asList(cmd.aliases()).contains(name)) {
                return c;
            }
        }
        return null;
    }
}
