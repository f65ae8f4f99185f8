package dev.swarmops.gate;

/** A gated command ran and failed; carries its last output line for a one-line report. */
public final class CommandFailedException extends RuntimeException {
    public CommandFailedException(CommandRun c, int exit, String output) {
        super("`" + c.target() + "` failed" + (exit >= 0 ? " (exit " + exit + ")" : "") + lastLine(output));
    }

    private static String lastLine(String output) {
        if (output == null || output.isBlank()) {
            return "";
        }
        String[] lines = output.strip().split("\n");
        return ": " + lines[lines.length - 1];
    }
}
