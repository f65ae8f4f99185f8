package dev.swarmops.playbook;

import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import dev.swarmops.ops.JobRequest;
import dev.swarmops.ops.JobResult;
import dev.swarmops.ops.Jobs;
import dev.swarmops.ops.Sizes;

import java.time.Duration;
import java.util.ArrayList;
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

    public JobResult run(@NamedParams({@NamedParam(value = "image", type = String.class, required = true), @NamedParam(value = "cmd", type = List.class), @NamedParam(value = "gpu", type = Integer.class), @NamedParam(value = "cpus", type = String.class), @NamedParam(value = "memory", type = String.class), @NamedParam(value = "pids", type = Number.class), @NamedParam(value = "timeout", type = String.class), @NamedParam(value = "network", type = String.class), @NamedParam(value = "rerunOnNodeLoss", type = Integer.class)}) Map<String, Object> attrs) throws InterruptedException {
        Named.check("jobs.run", attrs, JobsDsl.class, "run");
        JobResult res = ctx.ops().jobs().run(request("jobs.run", attrs), ctx::say);
        res.logs().lines().forEach(l -> ctx.say("| " + l));
        return res;
    }

    /**
     * Submit every job at once and wait for all of them (one engine read per tick for the lot);
     * each map takes what {@link #run} takes. Results in the order given.
     *
     * <pre>{@code
     * def results = jobs.runAll((1..30).collect { [image: 'eval:3', gpu: 1, cmd: ['eval', "--shard=$it"]] })
     * }</pre>
     */
    public List<JobResult> runAll(List<Map<String, Object>> specs) throws InterruptedException {
        List<JobRequest> requests = new ArrayList<>();
        for (Object o : specs) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new dev.swarmops.ops.BadInputException("jobs.runAll: each job is a map like jobs.run takes, not " + o);
            }
            @SuppressWarnings("unchecked") Map<String, Object> attrs = (Map<String, Object>) m;
            Named.check("jobs.runAll", attrs, JobsDsl.class, "run");
            requests.add(request("jobs.runAll", attrs));
        }
        List<JobResult> results = ctx.ops().jobs().runAll(requests, ctx::say);
        results.forEach(r -> r.logs().lines().forEach(l -> ctx.say("| " + r.name() + ": " + l)));
        return results;
    }

    @SuppressWarnings("unchecked")
    private static JobRequest request(String what, Map<String, Object> attrs) {
        Object image = attrs.get("image");
        if (image == null) {
            throw new dev.swarmops.ops.BadInputException(what + ": image is required");
        }
        Object gpu = attrs.get("gpu");
        if (gpu != null && ((Number) gpu).intValue() < 1) {
            throw new dev.swarmops.ops.BadInputException(what + ": gpu " + gpu + " must be at least 1 (leave it out for a CPU job)");
        }
        Object timeout = attrs.get("timeout");
        Duration t = timeout == null ? null : Sizes.parseDuration("timeout", timeout.toString());
        Object pids = attrs.get("pids");
        return new JobRequest(image.toString(), (List<String>) attrs.getOrDefault("cmd", List.of()),
                gpu == null ? 0 : ((Number) gpu).intValue(), str(attrs.get("cpus")), str(attrs.get("memory")),
                pids == null ? null : ((Number) pids).longValue(), t, str(attrs.get("network")),
                ((Number) attrs.getOrDefault("rerunOnNodeLoss", 0)).intValue());
    }

    /**
     * Wait until no job runs on the node any more, or {@code seconds} pass; the jobs still running
     * then (none: all finished). Woken by engine events, else a read each second.
     */
    public List<String> waitFinishedOn(String ref, int seconds) throws InterruptedException {
        String host = ctx.ops().nodes().get(ref).hostname();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        dev.swarmops.engine.Events events = ctx.ops().engine().events();
        String last = null;
        while (true) {
            long seen = events.seen();
            List<String> running = ctx.ops().jobs().list().stream().filter(j -> j.node().equals(host) && !j.finished())
                    .map(Jobs.JobInfo::name).sorted().toList();
            String line = running.isEmpty() ? "no job running on " + host : running.size() + " job(s) running on " + host + ": " + String.join(", ", running);
            if (!line.equals(last)) {
                ctx.say(line);
                last = line;
            }
            if (running.isEmpty() || System.nanoTime() > deadline) {
                return running;
            }
            events.awaitAfter(seen, Duration.ofSeconds(1));
        }
    }

    /** Stop a job: its service removed (the submitter sees it end as removed). */
    public void stop(String name) {
        ctx.ops().services().remove(name);
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
