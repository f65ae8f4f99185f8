package dev.swarmops.cli;

import org.fusesource.jansi.Ansi;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Output with optional colour. Colour only when stdout is a terminal, NO_COLOR is unset and
 * --no-color was not given; Jansi's Ansi builder only, no native console hooks (start-up cost).
 */
public final class Console implements dev.swarmops.playbook.Terminal {

    private final PrintWriter out;
    private final boolean color;

    Console(PrintWriter out, boolean color) {
        this.out = out;
        this.color = color;
    }

    /** Whether the output is a terminal, as the client of a resident JVM said; null: ask this JVM ({@link Resident}). */
    static volatile Boolean terminal;

    static boolean colorWanted(boolean noColorFlag) {
        String noColor = System.getenv("NO_COLOR");
        Boolean tty = terminal;
        return !noColorFlag && (noColor == null || noColor.isEmpty()) && (tty != null ? tty : System.console() != null);
    }

    static Console forErr(CommandLine cl) {
        return new Console(cl.getErr(), colorWanted(false));
    }

    boolean colored() {
        return color;
    }

    public PrintWriter out() {
        return out;
    }

    @Override
    public void println(String s) {
        out.println(s);
        out.flush();
    }

    @Override
    public String bold(String s) {
        return color ? Ansi.ansi().bold().a(s).reset().toString() : s;
    }

    @Override
    public String dim(String s) {
        return color ? Ansi.ansi().fgBrightBlack().a(s).reset().toString() : s;
    }

    @Override
    public String ok(String s) {
        return color ? Ansi.ansi().fgGreen().a(s).reset().toString() : s;
    }

    @Override
    public String warn(String s) {
        return color ? Ansi.ansi().fgYellow().a(s).reset().toString() : s;
    }

    @Override
    public String error(String s) {
        return color ? Ansi.ansi().fgRed().a(s).reset().toString() : s;
    }

    /** Plain text padded to width, colour applied after so escape codes do not skew columns. */
    public String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
