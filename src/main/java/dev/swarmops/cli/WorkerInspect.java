package dev.swarmops.cli;

import dev.swarmops.ops.NodeInfo;
import picocli.CommandLine.Command;

/** {@code worker inspect NODE}: a readable summary, or the engine's object with --json. */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show one node: a summary, or the raw engine object with --json.")
final class WorkerInspect extends NodeAction {

    @Override
    int run(Context ctx) {
        ctx.ops().swarm().checkManager();
        NodeInfo n = ctx.ops().nodes().get(node);
        Console c = ctx.console();
        if (ctx.json()) {
            c.println(n.raw().toPrettyString());
            return 0;
        }
        String[][] rows = {
                {"hostname", n.hostname()}, {"id", n.id()},
                {"role", n.role() + (n.managerStatus().isEmpty() ? "" : " (" + n.managerStatus() + ")")},
                {"availability", n.availability()}, {"status", n.status()}, {"address", n.addr()},
                {"engine", n.engineVersion()}, {"workload", n.workload().isEmpty() ? "(unlabelled)" : n.workload()},
                {"resources", n.resourcesText().isEmpty() ? "(none)" : n.resourcesText()},
        };
        for (String[] r : rows) {
            c.println(c.bold(c.pad(r[0], 14)) + r[1]);
        }
        n.labels().forEach((k, v) -> c.println(c.bold(c.pad("label", 14)) + k + "=" + v));
        return 0;
    }
}
