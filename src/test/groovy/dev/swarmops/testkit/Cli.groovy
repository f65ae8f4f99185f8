package dev.swarmops.testkit

import dev.swarmops.cli.Main
import picocli.CommandLine

/** Runs the swarmops command tree in-process, with stdout and stderr captured. */
final class Cli {

    private Cli() {
    }

    static CliRun run(String... args) {
        StringWriter out = new StringWriter()
        StringWriter err = new StringWriter()
        CommandLine cl = Main.commandLine()
        cl.setOut(new PrintWriter(out, true))
        cl.setErr(new PrintWriter(err, true))
        int code = cl.execute(args)
        new CliRun(args.toList(), code, out.toString(), err.toString())
    }
}
