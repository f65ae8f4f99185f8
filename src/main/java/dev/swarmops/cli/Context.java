package dev.swarmops.cli;

import dev.swarmops.engine.Endpoint;
import dev.swarmops.engine.Engine;
import dev.swarmops.gate.ApplyGate;
import dev.swarmops.gate.DryRunGate;
import dev.swarmops.gate.Gate;
import dev.swarmops.gate.GateListener;
import dev.swarmops.gate.PlanJson;
import dev.swarmops.ops.SwarmOps;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Map;

/**
 * What a command runs with: its output, the engine (opened on first use) and the gate chosen
 * once from --dry-run.
 */
final class Context implements AutoCloseable {

    private final GlobalOptions options;
    private final CommandLine cl;
    private final Console console;
    private final Console reports;
    private Endpoint.Choice endpoint;
    private Engine engine;
    private SwarmOps ops;

    private Context(GlobalOptions options, CommandLine cl, boolean reportsOnStderr) {
        this.options = options;
        this.cl = cl;
        this.console = new Console(cl.getOut(), Console.colorWanted(options.noColor));
        this.reports = reportsOnStderr ? new Console(cl.getErr(), console.colored()) : console;
    }

    static Context of(CommandSpec spec, boolean reportsOnStderr) {
        SwarmopsCommand root = (SwarmopsCommand) spec.root().userObject();
        return new Context(root.global, spec.commandLine(), reportsOnStderr);
    }

    Console console() {
        return console;
    }

    boolean json() {
        return options.json;
    }

    boolean dryRun() {
        return options.dryRun;
    }

    Map<String, String> env() {
        return System.getenv();
    }

    /** The engine's endpoint and why it is this one (--host, --context, DOCKER_HOST, DOCKER_CONTEXT, config.json). */
    Endpoint.Choice endpoint() {
        if (endpoint == null) {
            endpoint = Endpoint.choose(options.host, options.context, env());
        }
        return endpoint;
    }

    Engine engine() {
        if (engine == null) {
            engine = new Engine(endpoint().endpoint());
        }
        return engine;
    }

    SwarmOps ops() {
        if (ops == null) {
            GateListener listener = options.json ? GateListener.SILENT
                    : new dev.swarmops.playbook.MutationPrinter(reports, "would run: ", "running:   ", "", false, true);
            Gate gate = options.dryRun ? new DryRunGate(listener) : new ApplyGate(engine(), listener);
            ops = new SwarmOps(engine(), gate);
        }
        return ops;
    }

    /** In --json mode, the mutations that passed the gate, as the last thing printed. */
    void printPlanJson() {
        if (options.json && ops != null && !ops.gate().outcomes().isEmpty()) {
            console.println(PlanJson.of(ops.gate().outcomes()).toPrettyString());
        }
    }

    @Override
    public void close() {
        cl.getOut().flush();
        cl.getErr().flush();
        if (engine != null) {
            engine.close();
        }
    }
}
