package dev.swarmops.shell;

import dev.swarmops.engine.Engine;
import dev.swarmops.gate.ApplyGate;
import dev.swarmops.gate.Gate;
import dev.swarmops.gate.Mutation;
import dev.swarmops.gate.QueueGate;
import dev.swarmops.ops.SwarmOps;
import dev.swarmops.playbook.DslBindings;
import dev.swarmops.playbook.MutationPrinter;
import dev.swarmops.playbook.PlaybookCompiler;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.runtime.InvokerInvocationException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code swarmops shell}: a Groovy REPL over the playbook DSL. By default every mutation is queued
 * (:plan shows, :apply executes, :discard drops); with --apply they run at once and destructive ones
 * ask first. Input is compiled with the same guard as playbooks.
 */
public final class Shell {

    private static final String HELP = """
            The playbook DSL is bound: swarm, nodes, services, networks, secrets, configs, jobs, host, databases, volumes
              nodes.list                      nodes.label('gpu-1', 'platform.workload', 'gpu')
              networks.ensure('x', encrypted: true, mtu: 1450)   services.tasks('platform-master-proxy')
              jobs.run(image: 'img', gpu: 1, cmd: ['nvidia-smi'])
            Commands:
              :plan      show the queued mutations as docker CLI
              :apply     execute the queue through the gate
              :discard   drop the queue
              :load F    run a Groovy file here
              :trace     the last error's stack trace
              :quit      leave (Ctrl-D); Ctrl-C cancels the current input or a long wait
            Tab completes calls and live names (nodes, services, networks, secrets).""";

    private final Terminal terminal;
    private final Engine engine;
    private final boolean immediate;
    private final ShellPrinter printer;
    private final MutationPrinter mutations;
    private final QueueGate queue;
    private final SwarmOps ops;
    private final GroovyShell groovy;
    private final LineReader reader;
    private final ExecutorService evaluator = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "swarmops-shell-eval");
        t.setDaemon(true);
        return t;
    });
    private Throwable lastError;

    public Shell(Terminal terminal, Engine engine, boolean immediate, Map<String, String> env, Path history) {
        this.terminal = terminal;
        this.engine = engine;
        this.immediate = immediate;
        this.printer = new ShellPrinter(terminal.writer());
        this.mutations = new MutationPrinter(printer, "queued  ", "running ", "", true, true);
        this.queue = new QueueGate(mutations);
        Gate gate = immediate ? new ConfirmingGate(new ApplyGate(engine, mutations), this::confirm) : queue;
        this.ops = new SwarmOps(engine, gate);
        Map<String, Object> bindings = DslBindings.of(ops, printer, env);
        this.groovy = new GroovyShell(PlaybookCompiler.scriptLoader(Shell.class.getClassLoader()), new Binding(new java.util.HashMap<>(bindings)),
                PlaybookCompiler.sandboxed(true));
        this.reader = LineReaderBuilder.builder().terminal(terminal).appName("swarmops")
                .parser(new ShellParser()).completer(new ShellCompleter(bindings, ops))
                .variable(LineReader.HISTORY_FILE, history).variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P  ... ")
                .build();
    }

    public void run() {
        printer.println("swarmops shell on " + engine.endpoint().uri() + " — "
                + (immediate ? printer.warn("immediate mode: mutations run now; destructive ones ask first")
                : "mutations are queued: :plan to see them, :apply to run them") + ". :help for help.");
        while (true) {
            String line;
            try {
                line = reader.readLine(immediate ? "swarmops! > " : "swarmops > ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            String input = line.strip();
            if (input.isEmpty()) {
                continue;
            }
            if (input.equals(":quit") || input.equals(":exit") || input.equals(":q")) {
                break;
            }
            if (input.startsWith(":")) {
                command(input);
            } else {
                evaluate(input, "shell");
            }
        }
        if (!queue.outcomes().isEmpty()) {
            printer.println(printer.warn(queue.outcomes().size() + " queued mutation(s) discarded on exit"));
        }
        evaluator.shutdownNow();
    }

    private void command(String input) {
        String[] parts = input.split("\\s+", 2);
        switch (parts[0]) {
            case ":help", ":h" -> printer.println(HELP);
            case ":plan", ":p" -> plan();
            case ":apply" -> applyQueue();
            case ":discard" -> printer.println("discarded " + queue.drain().size() + " queued mutation(s)");
            case ":trace" -> printer.println(lastError == null ? "no error yet" : trace(lastError));
            case ":load", ":l" -> load(parts.length > 1 ? parts[1] : "");
            default -> printer.println(printer.error("unknown command " + parts[0] + " (:help lists them)"));
        }
    }

    private void plan() {
        if (queue.outcomes().isEmpty()) {
            printer.println("nothing queued");
            return;
        }
        queue.outcomes().forEach(o -> mutations.show("", o.mutation()));
        printer.println(queue.outcomes().size() + " queued; :apply to run them, :discard to drop them");
    }

    private void applyQueue() {
        List<Mutation> todo = queue.drain();
        if (todo.isEmpty()) {
            printer.println("nothing queued");
            return;
        }
        ApplyGate gate = new ApplyGate(engine, mutations);
        int done = 0;
        try {
            for (Mutation m : todo) {
                gate.submit(m);
                done++;
            }
            printer.println("applied " + done + " mutation(s)");
        } catch (RuntimeException e) {
            lastError = e;
            printer.println(printer.error("error: " + oneLine(e)) + " — applied " + done + " of " + todo.size()
                    + "; the rest are dropped");
        }
    }

    private void load(String file) {
        Path p = Path.of(file);
        if (file.isEmpty() || !Files.isRegularFile(p)) {
            printer.println(printer.error("error: :load needs a file (" + (file.isEmpty() ? "none given" : file + " not found") + ")"));
            return;
        }
        try {
            evaluate(Files.readString(p, StandardCharsets.UTF_8), p.getFileName().toString());
        } catch (IOException e) {
            printer.println(printer.error("error: cannot read " + file + ": " + e.getMessage()));
        }
    }

    /** Evaluate on a worker thread, so Ctrl-C can interrupt a long wait without leaving the shell. */
    private void evaluate(String code, String name) {
        Future<Object> f = evaluator.submit(() -> groovy.evaluate(code, scriptName(name)));
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> f.cancel(true));
        try {
            Object result = f.get();
            if (result != null) {
                printer.println(printer.dim("=> ") + result);
            }
        } catch (java.util.concurrent.CancellationException e) {
            printer.println(printer.warn("interrupted"));
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e.getCause());
            lastError = cause;
            printer.println(printer.error("error: " + oneLine(cause)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }

    private boolean confirm(String what) {
        // a y/n answer is not a line worth recalling: keep it out of the persistent history
        reader.setVariable(LineReader.DISABLE_HISTORY, true);
        try {
            String answer = reader.readLine(printer.warn(what.lines().findFirst().orElse(what)) + "\n  really? [y/N] ");
            return answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes");
        } catch (UserInterruptException | EndOfFileException e) {
            return false;
        } finally {
            reader.setVariable(LineReader.DISABLE_HISTORY, false);
        }
    }

    private static int counter;

    private static String scriptName(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_") + "_" + (++counter) + ".groovy";
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof InvokerInvocationException || t instanceof java.lang.reflect.InvocationTargetException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String oneLine(Throwable t) {
        if (t instanceof MultipleCompilationErrorsException mce) {
            return PlaybookCompiler.describe(mce);
        }
        String m = t.getMessage();
        String text = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
        return text.lines().findFirst().orElse(text);
    }

    private static String trace(Throwable t) {
        java.io.StringWriter sw = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(sw));
        return sw.toString();
    }
}
