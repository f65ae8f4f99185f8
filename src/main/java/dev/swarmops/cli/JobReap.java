package dev.swarmops.cli;

import dev.swarmops.ops.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code job reap [--older-than D]}: remove finished jobs left behind. */
@Command(name = "reap", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Remove finished job services left behind (they linger and may hold node capacity: moby#52652).")
final class JobReap extends ContextCommand {

    @Option(names = "--older-than", paramLabel = "DURATION", defaultValue = "0s",
            description = "Only jobs created longer ago than this: 90s, 10m, 2h, 1d (default: all finished).")
    String olderThan;

    @Override
    int run(Context ctx) {
        java.time.Duration age = olderThan.equals("0s") ? java.time.Duration.ZERO : Sizes.parseDuration("--older-than", olderThan);
        ctx.ops().swarm().checkManager();
        int n = ctx.ops().jobs().reap(age).size();
        if (!ctx.json()) {
            ctx.console().println(ctx.console().dim("= " + n + " finished job(s) " + (ctx.dryRun() ? "would be " : "") + "removed"));
        }
        return 0;
    }
}
