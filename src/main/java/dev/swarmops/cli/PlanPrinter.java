package dev.swarmops.cli;

import dev.swarmops.gate.GateListener;
import dev.swarmops.gate.Mutation;
import dev.swarmops.gate.Outcome;

/** Prints each mutation as it passes the gate: the CLI form, then its diff. Silent in --json mode. */
final class PlanPrinter implements GateListener {

    private final Console console;

    PlanPrinter(Console console) {
        this.console = console;
    }

    @Override
    public void planned(Mutation m) {
        show(console.warn("would run: ") , m);
    }

    @Override
    public void applying(Mutation m) {
        show(console.bold("running:   "), m);
    }

    @Override
    public void applied(Outcome o) {
        String id = o.createdId();
        console.println(console.ok("  done") + (id.isEmpty() ? "" : console.dim(" (id " + id + ")")));
    }

    private void show(String prefix, Mutation m) {
        String[] lines = m.cli().split("\n");
        console.println(prefix + lines[0]);
        for (int i = 1; i < lines.length; i++) {
            console.println("           " + lines[i]);
        }
        m.diff().forEach(d -> console.println("           " + console.dim(d)));
    }
}
