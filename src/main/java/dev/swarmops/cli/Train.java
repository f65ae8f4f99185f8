package dev.swarmops.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The class-data-sharing training run (scripts/swarmops): loads what typical commands load —
 * the command tree, help rendering, JSON, the engine client up to a failed connect — and
 * touches nothing outside the process.
 */
public final class Train {

    private Train() {
    }

    public static void main(String[] args) {
        String nowhere = "unix:///nonexistent/swarmops-train.sock";
        String[][] runs = {
                {"--help"}, {"worker", "--help"}, {"worker", "list", "--help"},
                {"--host", nowhere, "worker", "list"},
                {"--host", nowhere, "--json", "worker", "token", "--gpu", "--quiet"},
                {"--host", nowhere, "--dry-run", "worker", "label", "x", "--workload", "gpu"},
        };
        for (String[] run : runs) {
            picocli.CommandLine cl = Main.commandLine();
            StringWriter sink = new StringWriter();
            cl.setOut(new PrintWriter(sink));
            cl.setErr(new PrintWriter(sink));
            cl.execute(run);
        }
        dev.swarmops.engine.Engine.JSON.createObjectNode().put("warm", true).toPrettyString();
    }
}
