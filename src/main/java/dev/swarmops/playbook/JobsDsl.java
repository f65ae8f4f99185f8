package dev.swarmops.playbook;

import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import dev.swarmops.ops.JobRequest;
import dev.swarmops.ops.JobResult;
import dev.swarmops.ops.Jobs;
import dev.swarmops.ops.Sizes;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code jobs} in a playbook or the shell: the broker's dispatch, as {@code swarmops job run} does it.
 *
 * <pre>{@code
 * def r = jobs.run(image: 'trainer:1', gpu: 1, cmd: ['python', 'train.py'], memory: '16g', timeout: '2h')
 * if (r.exitCode() != 0) fail "training failed on ${r.node()}: ${r.message()}"
 * }</pre>
 */
public final class JobsDsl {

    private final RunContext ctx;

    JobsDsl(RunContext ctx) {
        this.ctx = ctx;
    }

    @SuppressWarnings("unchecked")
    public JobResult run(@NamedParams({@NamedParam(value = "image", type = String.class, required = true), @NamedParam(value = "cmd", type = List.class), @NamedParam(value = "gpu", type = Integer.class), @NamedParam(value = "cpus", type = String.class), @NamedParam(value = "memory", type = String.class), @NamedParam(value = "pids", type = Number.class), @NamedParam(value = "timeout", type = String.class), @NamedParam(value = "network", type = String.class)}) Map<String, Object> attrs) throws InterruptedException {
        Named.check("jobs.run", attrs, JobsDsl.class, "run");
        Object image = attrs.get("image");
        if (image == null) {
            throw new dev.swarmops.ops.BadInputException("jobs.run: image is required");
        }
        Object gpu = attrs.get("gpu");
        if (gpu != null && ((Number) gpu).intValue() < 1) {
            throw new dev.swarmops.ops.BadInputException("jobs.run: gpu " + gpu + " must be at least 1 (leave it out for a CPU job)");
        }
        Object timeout = attrs.get("timeout");
        Duration t = timeout == null ? null : Sizes.parseDuration("timeout", timeout.toString());
        Object pids = attrs.get("pids");
        JobRequest r = new JobRequest(image.toString(), (List<String>) attrs.getOrDefault("cmd", List.of()),
                gpu == null ? 0 : ((Number) gpu).intValue(), str(attrs.get("cpus")), str(attrs.get("memory")),
                pids == null ? null : ((Number) pids).longValue(), t, str(attrs.get("network")));
        JobResult res = ctx.ops().jobs().run(r, ctx::say);
        if (!res.logs().isEmpty()) {
            res.logs().lines().forEach(l -> ctx.say("| " + l));
        }
        return res;
    }

    public List<Jobs.JobInfo> getList() {
        return ctx.ops().jobs().list();
    }

    public int reap(String olderThan) {
        return ctx.ops().jobs().reap(Sizes.parseDuration("older-than", olderThan)).size();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
