package dev.swarmops.cli;

import dev.swarmops.shell.Shell;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code swarmops shell [--apply]}: the interactive Groovy shell on the manager. */
@Command(name = "shell", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Interactive Groovy shell with the playbook DSL bound (nodes, services, networks, secrets, jobs, host …).",
                "Mutations are queued until :apply; with --apply they run at once and destructive ones ask first."})
final class ShellCommand extends ContextCommand {

    @Option(names = "--apply", description = "Immediate mode: mutations run as they are made (destructive ones ask first).")
    boolean apply;

    @Option(names = "--history", paramLabel = "FILE", description = "History file (default: ~/.swarmops_history).")
    Path history;

    @Override
    int run(Context ctx) throws Exception {
        ctx.engine().version();
        Path h = history != null ? history : Path.of(System.getProperty("user.home"), ".swarmops_history");
        try (Terminal t = TerminalBuilder.builder().system(true).name("swarmops").build()) {
            new Shell(t, ctx.engine(), apply && !ctx.dryRun(), ctx.env(), h).run();
        }
        return 0;
    }
}
