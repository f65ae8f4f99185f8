package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmops.engine.Engine;
import dev.swarmops.gate.Change;
import dev.swarmops.gate.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Broker jobs: replicated-job services placed by {@code node.labels.platform.workload}, watched to
 * their end, then removed. A job no node can ever take fails fast with the task's own reason.
 */
public final class Jobs {

    public static final String LABEL = "swarmops.job";
    /** Mutation kinds of a one-shot task: run, then removed once it ended (not a service the plan keeps). */
    public static final String TASK_RUN = "task.run";
    public static final String TASK_REMOVE = "task.remove";
    private static final Duration POLL = Duration.ofMillis(250);

    private final Engine engine;
    private final Services services;
    private final Nodes nodes;

    Jobs(Engine engine, Services services, Nodes nodes) {
        this.engine = engine;
        this.services = services;
        this.nodes = nodes;
    }

    /** A fresh job name: sortable by time, unique enough for concurrent submitters. */
    public static String newName() {
        return "job-" + Long.toString(System.currentTimeMillis(), 36) + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    }

    public Outcome submit(String name, JobRequest r) {
        return services.create(r.spec(name));
    }

    /** Submit, wait for the end, collect logs, remove. {@code progress} gets a line whenever the state changes. */
    public JobResult run(JobRequest r, Consumer<String> progress) throws InterruptedException {
        String name = newName();
        Outcome o = submit(name, r);
        if (!o.applied()) {
            return new JobResult(name, "planned", 0, "", "dry-run: nothing submitted", "");
        }
        // SIGINT or SIGTERM while it runs: the job goes with us (SIGKILL leaves it to `job reap`)
        Thread onSignal = new Thread(() -> removeQuietly(name, progress), "job-cleanup " + name);
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            return await(name, r.timeout(), () -> neverPlaceable(r), progress);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
                services.remove(name);
            } catch (IllegalStateException shuttingDown) {
                // the hook removes it
            }
        }
    }

    private void removeQuietly(String name, Consumer<String> progress) {
        try {
            services.remove(name);
            progress.accept(name + ": interrupted; job service removed");
        } catch (RuntimeException e) {
            progress.accept(name + ": interrupted; could not remove the job service (" + e.getMessage() + "); swarmops job reap removes it");
        }
    }

    /**
     * A one-shot task of the operator's own, not a broker job (a restore, a file seeded into a
     * volume): the spec runs once as a replicated-job, is watched to its end, and removed.
     */
    public JobResult runOnce(ServiceSpec spec, Duration timeout, Consumer<String> progress) throws InterruptedException {
        Outcome o = services.create(spec.mode(ServiceSpec.Mode.REPLICATED_JOB).replicas(1).restartCondition("none"), TASK_RUN, Change.RUN);
        if (!o.applied()) {
            return new JobResult(spec.name(), "planned", 0, "", "dry-run: nothing submitted", "");
        }
        try {
            return await(spec.name(), timeout, Optional::empty, progress);
        } finally {
            services.remove(spec.name(), TASK_REMOVE);
        }
    }

    private JobResult await(String name, Duration timeout, java.util.function.Supplier<Optional<String>> neverPlaceable,
                            Consumer<String> progress) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (true) {
            List<TaskInfo> tasks = services.tasks(name);
            TaskInfo t = tasks.isEmpty() ? null : tasks.get(0);
            String state = t == null ? "new" : t.state();
            String line = name + ": " + state + (t != null && !t.problem().isEmpty() ? " (" + t.problem() + ")" : "")
                    + (t != null && !t.nodeId().isEmpty() ? " on " + hostname(t.nodeId()) : "");
            if (!line.equals(last)) {
                progress.accept(line);
                last = line;
            }
            if (t != null && t.terminal()) {
                int code = t.exitCode() != null ? t.exitCode() : state.equals("complete") ? 0 : 1;
                return new JobResult(name, state, code, hostname(t.nodeId()), t.problem(), logs(name));
            }
            Optional<String> lost = t == null || t.nodeId().isEmpty() ? Optional.empty() : downNode(t.nodeId());
            if (lost.isPresent()) {
                // the task cannot report its end any more: say what happened instead of waiting out the timeout
                return new JobResult(name, "failed", 1, lost.get(), "node " + lost.get() + " went down while the job was " + state
                        + " (its engine stopped answering the swarm)", "");
            }
            if (t != null && state.equals("pending") && t.problem().contains("no suitable node")) {
                Optional<String> why = neverPlaceable.get();
                if (why.isPresent()) {
                    return new JobResult(name, "not placed", JobResult.NOT_PLACED, "", t.problem() + ": " + why.get(), "");
                }
            }
            if (Instant.now().isAfter(deadline)) {
                return new JobResult(name, "timed out", JobResult.TIMED_OUT, t == null ? "" : hostname(t.nodeId()),
                        "timed out after " + timeout.toSeconds() + "s in state " + state, logs(name));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Why no node could take this job even when idle, if that is so: a busy GPU is worth waiting
     * for, a missing one is not.
     */
    public Optional<String> neverPlaceable(JobRequest r) {
        String cls = r.workload();
        List<NodeInfo> labelled = nodes.list().stream().filter(n -> cls.equals(n.workload())).toList();
        if (labelled.isEmpty()) {
            return Optional.of("no node satisfies " + NodeInfo.WORKLOAD_LABEL + "==" + cls + " (no node carries that label)");
        }
        List<NodeInfo> usable = labelled.stream().filter(n -> n.availability().equals("active") && n.status().equals("ready")).toList();
        if (usable.isEmpty()) {
            return Optional.of("no node satisfies " + NodeInfo.WORKLOAD_LABEL + "==" + cls + " and is active and ready ("
                    + labelled.stream().map(n -> n.hostname() + " is " + n.availability() + "/" + n.status()).collect(Collectors.joining(", ")) + ")");
        }
        if (r.gpus() > 0 && usable.stream().noneMatch(n -> n.genericResources().getOrDefault(JobRequest.GPU_KIND, 0) >= r.gpus())) {
            return Optional.of("no node satisfies " + JobRequest.GPU_KIND + "=" + r.gpus() + " (most on one node: "
                    + usable.stream().mapToInt(n -> n.genericResources().getOrDefault(JobRequest.GPU_KIND, 0)).max().orElse(0) + ")");
        }
        return Optional.empty();
    }

    public String logs(String name) {
        try {
            return services.logs(name);
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Every job service, with its latest task. */
    public List<JobInfo> list() {
        return list(services.list(LABEL), nodes::list);
    }

    /** {@link #list()} of job services already read; the nodes are read only when a job's task names one. */
    public List<JobInfo> list(List<JsonNode> jobs, java.util.function.Supplier<List<NodeInfo>> nodeList) {
        Map<String, List<TaskInfo>> byService = jobs.isEmpty() ? Map.of() : services.tasksByService();
        List<TaskInfo> latest = new ArrayList<>();
        for (JsonNode s : jobs) {
            List<TaskInfo> tasks = byService.getOrDefault(s.path("ID").asText(), List.of());
            latest.add(tasks.isEmpty() ? null : tasks.get(0));
        }
        Map<String, String> hosts = latest.stream().anyMatch(t -> t != null && !t.nodeId().isEmpty())
                ? nodeList.get().stream().collect(Collectors.toMap(NodeInfo::id, NodeInfo::hostname)) : Map.of();
        List<JobInfo> out = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            JsonNode s = jobs.get(i);
            TaskInfo t = latest.get(i);
            String name = s.path("Spec").path("Name").asText();
            out.add(new JobInfo(name, s.path("Spec").path("Labels").path(LABEL).asText(), t == null ? "" : hosts.getOrDefault(t.nodeId(), t.nodeId()),
                    t == null ? "new" : t.state(), t != null && t.terminal(), time(s.path("CreatedAt").asText()),
                    t == null ? null : t.exitCode()));
        }
        return out;
    }

    /** Remove finished jobs older than {@code age}; they linger and may hold node capacity (moby#52652). */
    public List<Outcome> reap(Duration age) {
        Instant cutoff = Instant.now().minus(age);
        List<Outcome> removed = new ArrayList<>();
        for (JobInfo j : list()) {
            if (j.finished() && j.created().isBefore(cutoff)) {
                removed.add(services.remove(j.name()));
            }
        }
        return removed;
    }

    /** The node's hostname when the swarm has marked it down. */
    private Optional<String> downNode(String nodeId) {
        return engine.find("/nodes/" + nodeId).filter(n -> n.path("Status").path("State").asText().equals("down"))
                .map(n -> n.path("Description").path("Hostname").asText(nodeId));
    }

    private String hostname(String nodeId) {
        if (nodeId == null || nodeId.isEmpty()) {
            return "";
        }
        return engine.find("/nodes/" + nodeId).map(n -> n.path("Description").path("Hostname").asText()).orElse(nodeId);
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    /** A job as {@code job ls} shows it. */
    public record JobInfo(String name, String workload, String node, String state, boolean finished, Instant created, Integer exitCode) { }
}
