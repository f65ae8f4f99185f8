package dev.swarmops.cli;

import dev.swarmops.ops.NodeInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code worker label NODE --workload cpu|gpu}: where the broker may place jobs. */
@Command(name = "label", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Set node.labels.platform.workload so the broker places CPU or GPU jobs on the node.")
final class WorkerLabel extends NodeAction {

    @Option(names = "--workload", required = true, paramLabel = "cpu|gpu", description = "cpu or gpu.")
    Workload workload;

    @Override
    int run(Context ctx) {
        ctx.ops().swarm().checkManager();
        report(ctx, ctx.ops().nodes().label(node, NodeInfo.WORKLOAD_LABEL, workload.name()),
                node + " already has " + NodeInfo.WORKLOAD_LABEL + "=" + workload);
        return 0;
    }
}
