package dev.swarmops.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code worker drain NODE [--active]}. */
@Command(name = "drain", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Drain a node (its tasks move elsewhere, no new ones land), or make it active again.")
final class WorkerDrain extends NodeAction {

    @Option(names = "--active", description = "Make the node active again.")
    boolean active;

    @Override
    int run(Context ctx) {
        ctx.ops().swarm().checkManager();
        String want = active ? "active" : "drain";
        report(ctx, ctx.ops().nodes().availability(node, want), node + " is already " + want);
        return 0;
    }
}
