package dev.swarmops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.swarmops.ops.Jobs;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code job ls}: running and finished jobs. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "List jobs: running and finished (not yet reaped), with node, state and age.")
final class JobList extends ContextCommand {

    @Override
    int run(Context ctx) {
        ctx.ops().swarm().checkManager();
        List<Jobs.JobInfo> jobs = ctx.ops().jobs().list();
        if (ctx.json()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            jobs.forEach(j -> a.addObject().put("name", j.name()).put("workload", j.workload()).put("node", j.node())
                    .put("state", j.state()).put("finished", j.finished()).put("created", j.created().toString())
                    .put("exitCode", j.exitCode()));
            ctx.console().println(a.toPrettyString());
            return 0;
        }
        String[][] rows = jobs.stream().map(j -> new String[] {j.name(), j.workload(), j.node().isEmpty() ? "-" : j.node(),
                j.state(), age(j.created()), j.exitCode() == null ? "-" : j.exitCode().toString()}).toArray(String[][]::new);
        Table.print(ctx.console(), new String[] {"NAME", "WORKLOAD", "NODE", "STATE", "AGE", "EXIT"}, rows);
        return 0;
    }

    static String age(Instant created) {
        Duration d = Duration.between(created, Instant.now());
        if (d.toDays() > 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }
}
