package dev.swarmops.playbook;

import dev.swarmops.gate.GateListener;
import dev.swarmops.gate.Mutation;
import dev.swarmops.gate.Outcome;

/**
 * Prints each mutation as it passes the gate: a label, the change symbol and the command, any
 * here-document under it, then the field-level diff — the one layout the CLI, playbook runs and
 * the shell share.
 */
public final class MutationPrinter implements GateListener {

    private final Terminal out;
    private final String plannedLabel;
    private final String applyingLabel;
    private final String indent;
    private final boolean symbol;
    private final boolean reportDone;

    /**
     * {@code indent} starts every line; continuation lines go under the command; {@code symbol}
     * puts the change's {@code + ~ - !} before it; {@code reportDone} confirms each applied one.
     */
    public MutationPrinter(Terminal out, String plannedLabel, String applyingLabel, String indent, boolean symbol,
                           boolean reportDone) {
        this.out = out;
        this.plannedLabel = plannedLabel;
        this.applyingLabel = applyingLabel;
        this.indent = indent;
        this.symbol = symbol;
        this.reportDone = reportDone;
    }

    @Override
    public void planned(Mutation m) {
        show(plannedLabel, m);
    }

    @Override
    public void applying(Mutation m) {
        show(applyingLabel, m);
    }

    @Override
    public void applied(Outcome o) {
        if (reportDone) {
            String id = o.createdId();
            out.println(indent + "  " + out.ok("done") + (id.isEmpty() ? "" : out.dim(" (id " + id + ")")));
        }
    }

    public void show(String label, Mutation m) {
        String[] lines = m.cli().split("\n");
        String mark = symbol ? m.change().symbol() + " " : "";
        String under = indent + " ".repeat(label.length() + mark.length());
        out.println(indent + out.bold(label + mark + lines[0]));
        for (int i = 1; i < lines.length; i++) {
            out.println(under + lines[i]);
        }
        m.diff().forEach(d -> out.println(under + (symbol ? "  " : "") + out.dim(d)));
    }
}
