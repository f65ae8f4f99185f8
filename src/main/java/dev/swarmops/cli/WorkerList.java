package dev.swarmops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarmops.ops.NodeInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/** {@code worker list}: every node with its workload label and advertised resources. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "List swarm nodes: role, availability, status, engine, workload label, generic resources.")
final class WorkerList extends ContextCommand {

    private static final String[] HEADERS = {"HOSTNAME", "ID", "ROLE", "AVAILABILITY", "STATUS", "ENGINE", "WORKLOAD", "RESOURCES"};

    /** A node's --format fields (worker list and inspect): docker node ls's, spelt as it prints them, then ours. */
    static final Fields<NodeInfo> FIELDS = new Fields<NodeInfo>("worker list and inspect")
            .add("ID", "ID", NodeInfo::id)
            .add("Hostname", "HOSTNAME", NodeInfo::hostname)
            .add("Status", "STATUS", n -> Fields.pretty(n.status()))
            .add("Availability", "AVAILABILITY", n -> Fields.pretty(n.availability()))
            .add("ManagerStatus", "MANAGER STATUS", n -> Fields.pretty(n.managerStatus()))
            .add("EngineVersion", "ENGINE VERSION", NodeInfo::engineVersion)
            .add("Role", "ROLE", NodeInfo::role)
            .add("Workload", "WORKLOAD", NodeInfo::workload)
            .add("Resources", "RESOURCES", NodeInfo::resourcesText)
            .add("Addr", "ADDRESS", NodeInfo::addr)
            .add("Labels", "LABELS", NodeInfo::labels);

    @Mixin
    FormatOption format;

    @Override
    int run(Context ctx) {
        Format<NodeInfo> template = format.parse(FIELDS, ctx);
        ctx.ops().swarm().checkManager();
        List<NodeInfo> nodes = ctx.ops().nodes().list();
        Console c = ctx.console();
        if (template != null) {
            template.print(c, nodes);
            return 0;
        }
        if (ctx.json()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (NodeInfo n : nodes) {
                ObjectNode o = a.addObject();
                o.put("hostname", n.hostname()).put("id", n.id()).put("role", n.role()).put("availability", n.availability())
                        .put("status", n.status()).put("engine", n.engineVersion()).put("workload", n.workload());
                ObjectNode r = o.putObject("resources");
                n.genericResources().forEach(r::put);
            }
            c.println(a.toPrettyString());
            return 0;
        }
        String[][] rows = new String[nodes.size()][];
        for (int i = 0; i < rows.length; i++) {
            NodeInfo n = nodes.get(i);
            String role = n.role() + (n.managerStatus().isEmpty() ? "" : " (" + n.managerStatus() + ")");
            rows[i] = new String[] {n.hostname(), n.shortId(), role, n.availability(), n.status(), n.engineVersion(),
                    n.workload().isEmpty() ? "-" : n.workload(), n.resourcesText().isEmpty() ? "-" : n.resourcesText()};
        }
        Table.print(c, HEADERS, rows);
        return 0;
    }
}
