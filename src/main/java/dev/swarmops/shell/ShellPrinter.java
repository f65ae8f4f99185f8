package dev.swarmops.shell;

import dev.swarmops.playbook.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

import java.io.PrintWriter;

/** Shell output through JLine's styles. */
final class ShellPrinter implements Terminal {

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
}
