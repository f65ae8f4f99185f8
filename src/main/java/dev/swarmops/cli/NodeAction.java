package dev.swarmops.cli;

import dev.swarmops.gate.Outcome;
import picocli.CommandLine.Parameters;

import java.util.Optional;

/** A worker command acting on one node named by id, id prefix or hostname. */
abstract class NodeAction extends ContextCommand {

    @Parameters(index = "0", paramLabel = "NODE", description = "Node id, unique id prefix, or hostname.")
    String node;

    /** Says what happened, or that nothing needed to. */
    static void report(Context ctx, Optional<Outcome> outcome, String unchanged) {
        if (outcome.isEmpty() && !ctx.json()) {
            ctx.console().println(ctx.console().dim("= " + unchanged));
        }
    }
}
