package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmops.engine.Engine;
import dev.swarmops.engine.Events;
import dev.swarmops.gate.Change;
import dev.swarmops.gate.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
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
    /** Longest sleep between task reads when no event wakes the wait: tasks on other nodes send none (see Events). */
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration POLL_MAX = Duration.ofSeconds(1);
    /** Nodes are re-read on a node event, and at least this often (the event stream may be down). */
    private static final Duration NODES_EVERY = Duration.ofSeconds(1);

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
        return runAll(List.of(r), progress).get(0);
    }

    /**
     * Submit every job at once, then wait for all of them in one loop: one task read per tick
     * whatever their number. Results in the order asked; each job's service removed at its end.
     */
    public List<JobResult> runAll(List<JobRequest> requests, Consumer<String> progress) throws InterruptedException {
        List<Waiting> jobs = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Set<String> removed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Consumer<String> remove = name -> {
            if (removed.add(name)) {
                try {
                    services.remove(name);
                } catch (BadInputException gone) {
                    // someone else removed it already
                }
            }
        };
        // SIGINT or SIGTERM while they run: the jobs go with us (SIGKILL leaves them to `job reap`)
        Thread onSignal = new Thread(() -> jobs.stream().filter(j -> removed.add(j.name())).forEach(j -> removeQuietly(j.name(), progress)),
                "job-cleanup");
        Runtime.getRuntime().addShutdownHook(onSignal);
        boolean hooked = true;
        try {
            List<JobResult> planned = new ArrayList<>();
            for (JobRequest r : requests) {
                String name = newName();
                Outcome o = submit(name, r);
                if (!o.applied()) {
                    planned.add(new JobResult(name, "planned", 0, "", "dry-run: nothing submitted", ""));
                } else {
                    jobs.add(new Waiting(name, o.createdId(), r, r.timeout(), Instant.now().plus(r.timeout())));
                }
            }
            if (!planned.isEmpty()) {
                return planned;
            }
            Map<String, JobResult> done = await(jobs, progress, remove);
            return jobs.stream().map(j -> done.get(j.name())).toList();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                hooked = false; // the hook removes them
            }
            if (hooked) {
                jobs.forEach(j -> remove.accept(j.name())); // also when the wait failed midway
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
        Waiting w = new Waiting(spec.name(), o.createdId(), null, timeout, Instant.now().plus(timeout));
        try {
            return await(List.of(w), progress, name -> { }).get(spec.name());
        } finally {
            services.remove(spec.name(), TASK_REMOVE);
        }
    }

    /**
     * The sleep after a read that took {@code readNanos}: {@link #POLL}, or ten times the read when
     * the engine (or this machine) is slow to answer, so that many waiters at once back off instead
     * of saturating it (thirty `job run` processes polling every 50 ms do); at most {@link #POLL_MAX}.
     */
    static Duration pause(long readNanos) {
        Duration backOff = Duration.ofNanos(readNanos * 10);
        return backOff.compareTo(POLL) < 0 ? POLL : backOff.compareTo(POLL_MAX) > 0 ? POLL_MAX : backOff;
    }

    /** A submitted job being waited for; {@code request} is null for a one-shot task (never re-run, never "not placeable"). */
    private record Waiting(String name, String serviceId, JobRequest request, Duration timeout, Instant deadline) {
        int reruns() {
            return request == null ? 0 : request.rerunsOnNodeLoss();
        }
    }

    /** How a job ended this tick: for good, its node lost under it, or turned away before it ran. */
    private record End(JobResult result, Why why) { }

    private enum Why { ENDED, NODE_LOST, TURNED_AWAY }

    /**
     * The node's own check refused a task the scheduler had just given it: under concurrent GPU jobs
     * the scheduler can assign more generic resources than a node has. The task never started, so
     * the job is submitted again (a plain replicated-job, restart none, would wait forever; the
     * docker CLI's {@code service create --detach=false} does).
     */
    static final String TURNED_AWAY = "assigned node no longer meets constraints";
    private static final int RESUBMITS = 5;

    /**
     * Wait for every job to end. Each tick reads the tasks of all jobs still running in one
     * request and the nodes only when a node event came (or a second passed); between ticks it
     * sleeps until an engine event or {@link #POLL}. {@code finished} runs for each job as it ends.
     * A job whose node went down runs again as a new job when it was asked to, and one its node
     * turned away before it ran is submitted again (its place in {@code jobs} taken by the new
     * one, same deadline).
     */
    private Map<String, JobResult> await(List<Waiting> jobs, Consumer<String> progress, Consumer<String> finished)
            throws InterruptedException {
        Events events = engine.events();
        Map<String, JobResult> done = new HashMap<>();
        Map<String, Integer> rerun = new HashMap<>();
        Map<String, Integer> turnedAway = new HashMap<>();
        Map<String, String> last = new HashMap<>();
        NodeView view = null;
        long nodeEvents = -1;
        while (done.size() < jobs.size()) {
            long seen = events.seen();
            if (view == null || events.seen("node") != nodeEvents || view.olderThan(NODES_EVERY)) {
                nodeEvents = events.seen("node");
                view = new NodeView(nodes.list());
            }
            List<Waiting> open = jobs.stream().filter(j -> !done.containsKey(j.name())).toList();
            long readStart = System.nanoTime();
            Map<String, List<TaskInfo>> tasks = services.tasksOf(open.stream().map(Waiting::serviceId).toList());
            long readNanos = System.nanoTime() - readStart;
            for (Waiting j : open) {
                Optional<End> end = check(j, tasks.getOrDefault(j.serviceId(), List.of()), view, last, progress);
                if (end.isEmpty()) {
                    continue;
                }
                finished.accept(j.name());
                int runs = rerun.getOrDefault(j.name(), 0);
                int resubmits = turnedAway.getOrDefault(j.name(), 0);
                boolean again = switch (end.get().why()) {
                    case NODE_LOST -> runs < j.reruns();
                    case TURNED_AWAY -> resubmits < RESUBMITS;
                    case ENDED -> false;
                };
                if (!again) {
                    done.put(j.name(), end.get().result());
                    continue;
                }
                String name = newName();
                jobs.set(jobs.indexOf(j), new Waiting(name, submit(name, j.request()).createdId(), j.request(), j.timeout(), j.deadline()));
                if (end.get().why() == Why.NODE_LOST) {
                    rerun.put(name, runs + 1);
                    turnedAway.put(name, resubmits);
                    progress.accept(j.name() + ": " + end.get().result().message() + "; re-running it as " + name
                            + " (" + (runs + 1) + " of " + j.reruns() + ")");
                } else {
                    rerun.put(name, runs);
                    turnedAway.put(name, resubmits + 1);
                    progress.accept(j.name() + ": turned away before it ran (" + TURNED_AWAY + "); submitted again as " + name);
                }
            }
            if (done.size() < jobs.size()) {
                events.awaitAfter(seen, pause(readNanos));
            }
        }
        return done;
    }

    /** One job's state this tick: its end when it has one. */
    private Optional<End> check(Waiting j, List<TaskInfo> tasks, NodeView view, Map<String, String> last, Consumer<String> progress) {
        String name = j.name();
        TaskInfo t = tasks.isEmpty() ? null : tasks.get(0);
        String state = t == null ? "new" : t.state();
        String host = t == null ? "" : view.hostname(t.nodeId());
        String line = name + ": " + state + (t != null && !t.problem().isEmpty() ? " (" + t.problem() + ")" : "")
                + (host.isEmpty() ? "" : " on " + host);
        if (!line.equals(last.put(name, line))) {
            progress.accept(line);
        }
        if (t != null ? t.desiredState().equals("remove") : services.find(name).isEmpty()) {
            // removed under us (drain-node --stop-jobs, another operator): its end, not a wait until the timeout
            return Optional.of(new End(new JobResult(name, "removed", 1, "", "its service was removed while it ran (not by this command)", ""), Why.ENDED));
        }
        if (t != null && j.request() != null && state.equals("rejected") && t.problem().contains(TURNED_AWAY)) {
            return Optional.of(new End(new JobResult(name, state, 1, host, t.problem(), ""), Why.TURNED_AWAY));
        }
        if (t != null && t.terminal()) {
            // a task rejected or failed before its process ran reports exit 0: only "complete" is a success
            int code = state.equals("complete") ? (t.exitCode() != null ? t.exitCode() : 0)
                    : t.exitCode() != null && t.exitCode() != 0 ? t.exitCode() : 1;
            return Optional.of(new End(new JobResult(name, state, code, host, t.problem(), logs(name)), Why.ENDED));
        }
        if (t != null && view.down(t.nodeId())) {
            // the task cannot report its end any more: say what happened instead of waiting out the timeout
            return Optional.of(new End(new JobResult(name, "failed", 1, host, "node " + host + " went down while the job was " + state
                    + " (its engine stopped answering the swarm)", ""), Why.NODE_LOST));
        }
        if (t != null && j.request() != null && state.equals("pending") && t.problem().contains("no suitable node")) {
            Optional<String> why = neverPlaceable(j.request());
            if (why.isPresent()) {
                return Optional.of(new End(new JobResult(name, "not placed", JobResult.NOT_PLACED, "", t.problem() + ": " + why.get(), ""), Why.ENDED));
            }
        }
        if (Instant.now().isAfter(j.deadline())) {
            return Optional.of(new End(new JobResult(name, "timed out", JobResult.TIMED_OUT, host,
                    "timed out after " + j.timeout().toSeconds() + "s in state " + state, logs(name)), Why.ENDED));
        }
        return Optional.empty();
    }

    /** The nodes as one read saw them: hostnames, and which are down. */
    private static final class NodeView {
        private final Map<String, NodeInfo> byId = new HashMap<>();
        private final long readAt = System.nanoTime();

        NodeView(List<NodeInfo> nodes) {
            nodes.forEach(n -> byId.put(n.id(), n));
        }

        boolean olderThan(Duration d) {
            return System.nanoTime() - readAt > d.toNanos();
        }

        String hostname(String nodeId) {
            NodeInfo n = byId.get(nodeId);
            return nodeId == null || nodeId.isEmpty() ? "" : n == null ? nodeId : n.hostname();
        }

        boolean down(String nodeId) {
            NodeInfo n = byId.get(nodeId);
            return n != null && n.status().equals("down");
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
