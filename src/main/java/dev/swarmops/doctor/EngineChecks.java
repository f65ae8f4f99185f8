package dev.swarmops.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmops.engine.ApiVersion;
import dev.swarmops.engine.EngineVersion;
import dev.swarmops.ops.Jobs;
import dev.swarmops.ops.NodeInfo;
import dev.swarmops.ops.Sizes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The engine itself: does it answer, which API, and does its version carry Swarm bugs this workload hits. */
final class EngineChecks {

    /** moby#44378: before 23.0 a task reserving a generic resource and attached to a network is rejected on workers. */
    static final SemVer NAMED_RESOURCES_FIXED = new SemVer(23, 0, 0);
    /** swarmkit#3162 (January 2024): the same for discrete resources ({@code NVIDIA-GPU=2}); first in engine 25.0. */
    static final SemVer DISCRETE_RESOURCES_FIXED = new SemVer(25, 0, 0);

    static final String REACHABLE = "engine reachable";
    static final String API = "engine API";
    static final String BUG_44378 = "moby#44378 GPU jobs on a network";
    static final String BUG_52652 = "moby#52652 finished jobs hold capacity";

    private EngineChecks() {
    }

    static List<Check> all() {
        return List.of(
                Rule.engine(REACHABLE, Rule.ALL, Needs.NOTHING, EngineChecks::reachable),
                Rule.engine(API, Rule.ALL, Needs.REACHABLE, EngineChecks::api),
                Rule.engine(BUG_44378, Rule.GPU, Needs.ENGINE,
                        f -> gpuNetworkBug(Map.of(f.info().path("Name").asText("this node"), f.version().engine()))),
                Rule.engine(BUG_44378, Rule.MANAGER, Needs.MANAGER, f -> gpuNetworkBug(gpuNodeEngines(f.nodes()))),
                Rule.engine(BUG_52652, Rule.MANAGER, Needs.MANAGER, EngineChecks::finishedJobsHoldCapacity));
    }

    /** Says where the endpoint came from (--host, a context, DOCKER_HOST …) when it is known: the first thing to check when it is the wrong one. */
    static Finding reachable(Facts f) {
        String source = f.settings().endpointSource();
        if (f.unreachable().isPresent()) {
            return Finding.fail(f.unreachable().get() + (source.isEmpty() ? "" : "; endpoint " + source),
                    "start the engine (systemctl start docker), or point doctor at it with --host URL, --context NAME or DOCKER_HOST");
        }
        String at = " at " + f.endpoint().uri() + (source.isEmpty() ? "" : " (" + source + ")");
        if (f.unusable().isPresent()) {
            return Finding.ok("answers" + at);
        }
        EngineVersion v = f.version();
        return Finding.ok(v.engine() + " (API " + v.api() + ")" + at);
    }

    static Finding api(Facts f) {
        if (f.unusable().isPresent()) {
            String why = f.unusable().get();
            return Finding.fail(why, why.contains("not as a Docker engine")
                    ? "point doctor at the engine's socket or port with --host URL or DOCKER_HOST"
                    : "upgrade the engine: the platform needs Engine 23.0 or newer");
        }
        return api(f.version());
    }

    static Finding api(EngineVersion v) {
        String range = "swarmops speaks API " + ApiVersion.OLDEST + "–" + ApiVersion.NEWEST;
        if (v.api().compareTo(ApiVersion.NEWEST) > 0) {
            return Finding.warn("engine " + v.engine() + " speaks API " + v.api() + ", newer than swarmops has been checked against ("
                            + range + "; it uses " + v.use() + ")",
                    "nothing needs changing while checks and playbooks pass; upgrade swarmops when a release supports API " + v.api());
        }
        return Finding.ok("engine " + v.engine() + " speaks API " + v.api() + " (" + range + ")"
                + (v.os().isEmpty() ? "" : ", " + v.os() + "/" + v.arch()));
    }

    /** GPU nodes (labelled gpu, or advertising NVIDIA-GPU) and their engine versions. */
    static Map<String, String> gpuNodeEngines(List<NodeInfo> nodes) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (NodeInfo n : nodes) {
            if (n.workload().equals("gpu") || n.genericResources().containsKey(GpuChecks.GPU_KIND)) {
                out.put(n.hostname(), n.engineVersion());
            }
        }
        return out;
    }

    /** moby#44378 by engine version, for each GPU node (hostname → engine version). */
    static Finding gpuNetworkBug(Map<String, String> engines) {
        if (engines.isEmpty()) {
            return Finding.ok("no GPU node in the swarm");
        }
        List<String> rejected = new ArrayList<>();
        List<String> discreteOnly = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        for (var e : new java.util.TreeMap<>(engines).entrySet()) {
            String text = e.getKey() + " " + e.getValue();
            SemVer v;
            try {
                v = SemVer.parse(e.getValue());
            } catch (IllegalArgumentException ex) {
                discreteOnly.add(e.getKey() + " (engine version '" + e.getValue() + "' unreadable)");
                continue;
            }
            if (v.before(NAMED_RESOURCES_FIXED)) {
                rejected.add(text);
            } else if (v.before(DISCRETE_RESOURCES_FIXED)) {
                discreteOnly.add(text);
            } else {
                fine.add(text);
            }
        }
        if (!rejected.isEmpty()) {
            return Finding.fail("engine before " + NAMED_RESOURCES_FIXED.shortText() + " on " + String.join(", ", rejected)
                            + ": a task reserving a GPU and attached to a network is rejected on the worker (moby#44378)",
                    "upgrade the engine there to " + DISCRETE_RESOURCES_FIXED.shortText() + " or newer");
        }
        if (!discreteOnly.isEmpty()) {
            return Finding.warn("engine before " + DISCRETE_RESOURCES_FIXED.shortText() + " on " + String.join(", ", discreteOnly)
                            + ": GPUs advertised by UUID (NVIDIA-GPU=GPU-…) work with a network since "
                            + NAMED_RESOURCES_FIXED.shortText() + ", counted ones (NVIDIA-GPU=2) only since swarmkit#3162 (January 2024)",
                    "upgrade the engine there to " + DISCRETE_RESOURCES_FIXED.shortText()
                            + " or newer; until then advertise GPUs by UUID (swarmops worker daemon-json --gpu)");
        }
        return Finding.ok("GPU nodes run engine " + DISCRETE_RESOURCES_FIXED.shortText() + " or newer: " + String.join(", ", fine));
    }

    static Finding finishedJobsHoldCapacity(Facts f) {
        List<String> holding = new ArrayList<>();
        Map<String, JsonNode> services = f.jobServices();
        for (Jobs.JobInfo j : f.jobs()) {
            if (!j.finished()) {
                continue;
            }
            String res = reservations(services.get(j.name()));
            if (!res.isEmpty()) {
                holding.add(j.name() + (j.node().isEmpty() ? "" : " on " + j.node()) + " (" + res + ")");
            }
        }
        return finishedJobsHoldCapacity(f.version().engine(), holding);
    }

    /** {@code holding}: finished jobs that still carry reservations, as "name on node (what)". */
    static Finding finishedJobsHoldCapacity(String engine, List<String> holding) {
        String bug = "engine " + engine + " counts finished replicated-job tasks against node capacity "
                + "(moby#52652; fixed by swarmkit#3237, in no release this check knows)";
        if (holding.isEmpty()) {
            return Finding.ok(bug + "; no finished job holds a reservation");
        }
        return Finding.warn(bug + "; " + holding.size() + " finished job(s) still reserve capacity: " + String.join(", ", holding),
                "swarmops job reap");
    }

    /** A service's reservations, {@code NVIDIA-GPU×1, cpu 0.5, memory 512m}, or empty. */
    static String reservations(JsonNode service) {
        if (service == null) {
            return "";
        }
        JsonNode r = service.path("Spec").path("TaskTemplate").path("Resources").path("Reservations");
        List<String> parts = new ArrayList<>();
        for (JsonNode g : r.path("GenericResources")) {
            JsonNode d = g.path("DiscreteResourceSpec");
            JsonNode n = g.path("NamedResourceSpec");
            if (!d.isMissingNode()) {
                parts.add(d.path("Kind").asText() + "×" + d.path("Value").asLong());
            } else if (!n.isMissingNode()) {
                parts.add(n.path("Kind").asText() + "=" + n.path("Value").asText());
            }
        }
        if (r.path("NanoCPUs").asLong() > 0) {
            parts.add("cpu " + Sizes.formatCpus(r.path("NanoCPUs").asLong()));
        }
        if (r.path("MemoryBytes").asLong() > 0) {
            parts.add("memory " + Sizes.formatBytes(r.path("MemoryBytes").asLong()));
        }
        return parts.stream().collect(Collectors.joining(", "));
    }
}
