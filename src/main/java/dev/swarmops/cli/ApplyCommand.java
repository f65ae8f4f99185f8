package dev.swarmops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmops.engine.Engine;
import dev.swarmops.gate.Mutation;
import dev.swarmops.gate.PlanJson;
import dev.swarmops.ops.BadInputException;
import dev.swarmops.ops.Jobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code swarmops apply PLAN.json}: applies exactly the mutations a dry-run's {@code --plan-json}
 * showed, through the same gate, and only against the engine state the plan was made from.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Apply a plan saved with 'swarmops run PLAYBOOK --plan-json FILE': exactly what it showed.",
                "Refused when the engine changed since (plan again), when a secret's variable is not set now, and for plans"
                        + " with one-shot tasks, whose results the playbook checks (apply those with 'swarmops run … --apply')."})
final class ApplyCommand extends ContextCommand {

    @Parameters(index = "0", paramLabel = "PLAN.json", description = "A plan written by --plan-json.")
    Path plan;

    @Override
    int run(Context ctx) {
        JsonNode saved = read();
        if (!saved.isArray() || saved.isEmpty()) {
            throw new BadInputException(plan + ": not a plan (an array of mutations, as --plan-json writes)");
        }
        for (JsonNode m : saved) {
            if (m.path("applied").asBoolean()) {
                throw new BadInputException(plan + ": it records an applied run, not a plan");
            }
            if (m.path("kind").asText().equals(Jobs.TASK_RUN)) {
                throw new BadInputException(plan + ": it runs one-shot tasks (" + m.path("target").asText()
                        + ") whose results its playbook checks; apply with 'swarmops run PLAYBOOK --apply'");
            }
        }
        List<Mutation> mutations = PlanJson.read(saved, ctx.env());
        String was = saved.get(0).path("state").asText();
        String now = ctx.ops().fingerprint();
        if (!now.equals(was)) {
            throw new BadInputException(plan + ": the engine changed since this plan was made (state " + abbrev(was) + ", now "
                    + abbrev(now) + "); make a new plan");
        }
        mutations.forEach(ctx.ops().gate()::submit);
        ctx.console().println((ctx.dryRun() ? "Would apply " : "Applied ") + mutations.size() + " mutation(s) from " + plan + ".");
        return 0;
    }

    private JsonNode read() {
        if (!Files.isRegularFile(plan)) {
            throw new BadInputException("no plan at " + plan);
        }
        try {
            return Engine.JSON.readTree(plan.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(plan + ": not JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + plan + ": " + e.getMessage(), e);
        }
    }

    private static String abbrev(String state) {
        return state.isEmpty() ? "none" : state.substring(0, Math.min(12, state.length()));
    }
}
