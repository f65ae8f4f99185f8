package dev.swarmops.cli;

import dev.swarmops.playbook.PlaybookRunner;
import dev.swarmops.playbook.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code swarmops run PLAYBOOK [playbook options]}: a dry-run unless --apply. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run a playbook. Without --apply it prints every planned change and changes nothing.",
                "Options after PLAYBOOK belong to the playbook: 'swarmops run PLAYBOOK --help' lists them."})
final class RunCommand extends ContextCommand {

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "A playbook file, e.g. playbooks/install-manager.groovy")
    String playbook;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The playbook's options.")
    List<String> args = List.of();

    @Override
    int run(Context ctx) {
        if (ctx.dryRun() && args.contains("--apply")) {
            throw new IllegalArgumentException("--dry-run and --apply contradict each other");
        }
        Console c = ctx.console();
        Terminal out = ctx.json() ? line -> { } : c;
        PlaybookRunner.Result r = new PlaybookRunner(out, ctx.env()).run(Path.of(playbook), args, ctx::engine);
        if (ctx.json()) {
            c.println(dev.swarmops.gate.PlanJson.of(r.outcomes()).toPrettyString());
        }
        return r.exitCode();
    }
}
