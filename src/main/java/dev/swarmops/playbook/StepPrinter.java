package dev.swarmops.playbook;

import dev.swarmops.gate.GateListener;
import dev.swarmops.gate.Mutation;

/** Prints each mutation of a step: its change symbol and CLI form, then its diff. */
final class StepPrinter implements GateListener {

    private final Terminal out;

    StepPrinter(Terminal out) {
        this.out = out;
    }

    @Override
    public void planned(Mutation m) {
        show(m);
    }

    @Override
    public void applying(Mutation m) {
        show(m);
    }

    private void show(Mutation m) {
        String[] lines = m.cli().split("\n");
        out.println("  " + out.bold(m.change().symbol() + " " + lines[0]));
        for (int i = 1; i < lines.length; i++) {
            out.println("    " + lines[i]);
        }
        m.diff().forEach(d -> out.println("      " + out.dim(d)));
    }
}
