package dev.swarmops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.swarmops.ops.Jobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code job ls}: running and finished jobs. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "List jobs: running and finished (not yet reaped), with node, state and age.")
final class JobList extends ContextCommand {

    /** A job's --format fields; docker ps's names where it shows the same thing (CreatedAt, RunningFor). */
    static final Fields<Jobs.JobInfo> FIELDS = new Fields<Jobs.JobInfo>("job ls")
            .add("Name", "NAME", Jobs.JobInfo::name)
            .add("Workload", "WORKLOAD", Jobs.JobInfo::workload)
            .add("Node", "NODE", Jobs.JobInfo::node)
            .add("State", "STATE", Jobs.JobInfo::state)
            .add("Finished", "FINISHED", Jobs.JobInfo::finished)
            .add("ExitCode", "EXIT", Jobs.JobInfo::exitCode)
            .add("CreatedAt", "CREATED AT", j -> j.created().toString())
            .add("RunningFor", "AGE", j -> age(j.created()));

    @Mixin
    FormatOption format;

    @Override
    int run(Context ctx) {
        Format<Jobs.JobInfo> template = format.parse(FIELDS, ctx);
        ctx.ops().swarm().checkManager();
        List<Jobs.JobInfo> jobs = ctx.ops().jobs().list();
        if (template != null) {
            template.print(ctx.console(), jobs);
            return 0;
        }
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
