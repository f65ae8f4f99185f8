package dev.swarmops.cli;

import dev.swarmops.ops.NodeInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/** {@code worker inspect NODE}: a readable summary, or the engine's object with --json. */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show one node: a summary, the raw engine object with --json, or the fields of worker list with --format.")
final class WorkerInspect extends NodeAction {

    @Mixin
    FormatOption format;

    @Override
    int run(Context ctx) {
        Format<NodeInfo> template = format.parse(WorkerList.FIELDS, ctx);
        ctx.ops().swarm().checkManager();
        NodeInfo n = ctx.ops().nodes().get(node);
        Console c = ctx.console();
        if (template != null) {
            template.print(c, List.of(n));
            return 0;
        }
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
