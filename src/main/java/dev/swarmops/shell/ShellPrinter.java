package dev.swarmops.shell;

import dev.swarmops.gate.GateListener;
import dev.swarmops.gate.Mutation;
import dev.swarmops.gate.Outcome;
import dev.swarmops.playbook.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

import java.io.PrintWriter;

/** Shell output: DSL messages, and each mutation as it is queued or applied. */
final class ShellPrinter implements Terminal, GateListener {

    private final PrintWriter out;

    ShellPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void println(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public String bold(String s) {
        return new AttributedString(s, AttributedStyle.BOLD).toAnsi();
    }

    @Override
    public String dim(String s) {
        return new AttributedString(s, AttributedStyle.DEFAULT.faint()).toAnsi();
    }

    @Override
    public String warn(String s) {
        return new AttributedString(s, AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW)).toAnsi();
    }

    @Override
    public String error(String s) {
        return new AttributedString(s, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)).toAnsi();
    }

    @Override
    public void planned(Mutation m) {
        show("queued  ", m);
    }

    @Override
    public void applying(Mutation m) {
        show("running ", m);
    }

    @Override
    public void applied(Outcome o) {
        println(dim("        done"));
    }

    void show(String prefix, Mutation m) {
        String[] lines = m.cli().split("\n");
        println(bold(prefix) + m.change().symbol() + " " + lines[0]);
        for (int i = 1; i < lines.length; i++) {
            println("          " + lines[i]);
        }
        m.diff().forEach(d -> println("          " + dim(d)));
    }
}
