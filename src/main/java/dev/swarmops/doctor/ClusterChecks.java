package dev.swarmops.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmops.host.EndpointMode;
import dev.swarmops.ops.Jobs;
import dev.swarmops.ops.NetworkSpec;
import dev.swarmops.ops.NodeInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the manager sees of the platform: workload labels, the overlay networks, finished jobs left behind. */
final class ClusterChecks {

    static final String LABELS = "workload labels";
    static final String GPU_LABELS = "GPU labels";
    static final String JOBS = "finished jobs";
    static final String ENDPOINT_MODE = "endpoint mode";
    /** The label install-manager puts on every platform service. */
    static final String PLATFORM_ROLE = "platform.role";

    private ClusterChecks() {
    }

    static List<Check> all(DoctorSettings s) {
        return List.of(
                Rule.engine(LABELS, Rule.MANAGER, Needs.MANAGER, f -> labels(f.nodes())),
                Rule.engine(GPU_LABELS, Rule.MANAGER, Needs.MANAGER, f -> gpuLabels(f.nodes())),
                Rule.engine(networkCheck(s.challengesNetwork()), Rule.MANAGER, Needs.MANAGER,
                        f -> network(s.challengesNetwork(), false, f.settings().overlayMtu(), f.network(s.challengesNetwork()))),
                Rule.engine(networkCheck(s.jobsNetwork()), Rule.MANAGER, Needs.MANAGER,
                        f -> network(s.jobsNetwork(), true, f.settings().overlayMtu(), f.network(s.jobsNetwork()))),
                Rule.engine(JOBS, Rule.MANAGER, Needs.MANAGER, f -> finishedJobs(f.jobs(), Instant.now())),
                Rule.host(ENDPOINT_MODE, Rule.MANAGER, Needs.MANAGER, f -> endpointMode(
                        EndpointMode.choose("auto", f.settings().procRoot(), f.settings().bootRoot()), f.platformServices())));
    }

    /**
     * Which endpoint mode services reached by name need on this kernel, and why; a platform
     * service on a virtual IP where the kernel has no IPVS is one nobody can reach by name.
     */
    static Finding endpointMode(EndpointMode want, Map<String, JsonNode> services) {
        List<String> vip = services.entrySet().stream()
                .filter(e -> e.getValue().path("Spec").path("EndpointSpec").path("Mode").asText("vip").equals("vip"))
                .map(Map.Entry::getKey).sorted().toList();
        if (want.mode().equals("dnsrr") && !vip.isEmpty()) {
            return Finding.fail("unreachable by name, on a virtual IP where " + want.why().replaceFirst("^auto: ", "") + ": "
                            + String.join(", ", vip),
                    vip.stream().map(n -> "docker service update --endpoint-mode dnsrr " + n).collect(Collectors.joining("; "))
                            + " (install-manager.groovy chooses dnsrr here with endpoint_mode: auto)");
        }
        return Finding.ok("install-manager's auto chooses " + want.mode() + " — " + want.why().replaceFirst("^auto: ", "")
                + (services.isEmpty() ? "; no platform service yet" : "; " + services.size() + " platform service(s), "
                + (services.size() - vip.size()) + " on dnsrr"));
    }

    static String networkCheck(String name) {
        return "network " + name;
    }

    /** Every worker carries platform.workload=cpu|gpu: the broker places jobs by it. */
    static Finding labels(List<NodeInfo> nodes) {
        List<NodeInfo> workers = nodes.stream().filter(n -> n.role().equals("worker")).toList();
        List<NodeInfo> bad = workers.stream().filter(n -> !n.workload().equals("cpu") && !n.workload().equals("gpu")).toList();
        if (!bad.isEmpty()) {
            String which = bad.stream().map(n -> n.hostname() + (n.workload().isEmpty() ? " (no label)"
                    : " (" + NodeInfo.WORKLOAD_LABEL + "=" + n.workload() + ")")).collect(Collectors.joining(", "));
            return Finding.fail(bad.size() + " of " + workers.size() + " worker(s) without " + NodeInfo.WORKLOAD_LABEL
                            + " cpu|gpu, so no job is ever placed there: " + which,
                    bad.stream().map(n -> "swarmops worker label " + ref(nodes, n) + " --workload " + (gpus(n) > 0 ? "gpu" : "cpu"))
                            .collect(Collectors.joining("; ")));
        }
        if (workers.isEmpty()) {
            return Finding.ok("no worker yet");
        }
        long gpu = workers.stream().filter(n -> n.workload().equals("gpu")).count();
        return Finding.ok(workers.size() + " worker(s) labelled: " + (workers.size() - gpu) + " cpu, " + gpu + " gpu");
    }

    /** The label agrees with the GPUs a node advertises. */
    static Finding gpuLabels(List<NodeInfo> nodes) {
        List<String> noGpus = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        List<String> idleGpus = new ArrayList<>();
        List<String> warnFixes = new ArrayList<>();
        for (NodeInfo n : nodes) {
            if (n.workload().equals("gpu") && gpus(n) == 0) {
                noGpus.add(n.hostname());
                fixes.add("enroll " + n.hostname() + " as a GPU worker (enroll-gpu advertises its GPUs), or relabel it: swarmops worker label "
                        + ref(nodes, n) + " --workload cpu");
            }
            if (gpus(n) > 0 && n.workload().equals("cpu")) {
                idleGpus.add(n.hostname() + " (" + GpuChecks.GPU_KIND + "×" + gpus(n) + ")");
                warnFixes.add("swarmops worker label " + ref(nodes, n) + " --workload gpu");
            }
        }
        String idle = "advertising " + GpuChecks.GPU_KIND + " but labelled cpu: " + String.join(", ", idleGpus)
                + "; GPU jobs never go there, CPU jobs do";
        if (!noGpus.isEmpty()) {
            fixes.addAll(warnFixes);
            return Finding.fail("labelled gpu but advertising no " + GpuChecks.GPU_KIND + ": " + String.join(", ", noGpus)
                    + "; GPU jobs constrained there can never be placed" + (idleGpus.isEmpty() ? "" : "; also " + idle),
                    String.join("; ", fixes));
        }
        if (!idleGpus.isEmpty()) {
            return Finding.warn(idle, String.join("; ", warnFixes));
        }
        long gpuNodes = nodes.stream().filter(n -> gpus(n) > 0).count();
        return Finding.ok(gpuNodes == 0 ? "no node advertises " + GpuChecks.GPU_KIND + " and none is labelled gpu"
                : "labels agree with advertised GPUs: " + nodes.stream().filter(n -> gpus(n) > 0 || n.workload().equals("gpu"))
                .map(n -> n.hostname() + " (" + GpuChecks.GPU_KIND + "×" + gpus(n) + ", "
                        + (n.workload().isEmpty() ? "unlabelled" : n.workload()) + ")").collect(Collectors.joining(", ")));
    }

    /** An overlay network as install-manager creates it: encrypted, the platform MTU, and internal for jobs. */
    static Finding network(String name, boolean internal, int mtu, Optional<JsonNode> live) {
        String create = "--driver overlay --attachable --opt encrypted --opt com.docker.network.driver.mtu=" + mtu
                + (internal ? " --internal" : "") + " " + name;
        if (live.isEmpty()) {
            return Finding.fail(name + " does not exist",
                    "swarmops run playbooks/install-manager.groovy --apply creates it (docker network create " + create + ")");
        }
        JsonNode n = live.get();
        NetworkSpec spec = NetworkSpec.of(n);
        List<String> wrong = new ArrayList<>();
        String driver = n.path("Driver").asText();
        if (!driver.equals("overlay")) {
            wrong.add("driver " + driver + ", not overlay");
        }
        if (!spec.encrypted()) {
            wrong.add("not encrypted");
        }
        if (spec.mtu() == null || spec.mtu() != mtu) {
            wrong.add("MTU " + (spec.mtu() == null ? "default (1500 minus VXLAN)" : spec.mtu()) + ", not " + mtu);
        }
        if (internal && !spec.internal()) {
            wrong.add("not internal (job containers can reach outside)");
        }
        String has = (spec.encrypted() ? "encrypted" : "unencrypted") + ", MTU " + (spec.mtu() == null ? "default" : spec.mtu())
                + (spec.internal() ? ", internal" : "") + (spec.attachable() ? ", attachable" : "");
        if (!wrong.isEmpty()) {
            return Finding.fail(name + ": " + String.join(", ", wrong),
                    "a network cannot be changed in place: remove the services using " + name + ", docker network rm " + name
                            + ", then swarmops run playbooks/install-manager.groovy --apply (docker network create " + create + ")");
        }
        return Finding.ok(name + ": " + driver + ", " + has);
    }

    /** Job services whose task has ended and that nobody removed. */
    static Finding finishedJobs(List<Jobs.JobInfo> jobs, Instant now) {
        List<Jobs.JobInfo> finished = jobs.stream().filter(Jobs.JobInfo::finished).toList();
        long running = jobs.size() - finished.size();
        if (finished.isEmpty()) {
            return Finding.ok("no finished job left behind (" + running + " job(s) not finished)");
        }
        String list = finished.stream().map(j -> j.name() + " (" + j.state() + ", " + age(j.created(), now) + " old"
                + (j.node().isEmpty() ? "" : ", on " + j.node()) + ")").collect(Collectors.joining(", "));
        return Finding.warn(finished.size() + " finished job service(s) not reaped: " + list,
                "swarmops job reap (add --older-than 1h to keep recent ones for inspection)");
    }

    static String age(Instant created, Instant now) {
        Duration d = Duration.between(created, now);
        if (d.toDays() > 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + "m" : Math.max(0, d.toSeconds()) + "s";
    }

    private static int gpus(NodeInfo n) {
        return n.genericResources().getOrDefault(GpuChecks.GPU_KIND, 0);
    }

    /** A node reference the worker commands accept: the hostname, or the id when the hostname is ambiguous. */
    private static String ref(List<NodeInfo> nodes, NodeInfo n) {
        return nodes.stream().filter(o -> o.hostname().equals(n.hostname())).count() == 1 ? n.hostname() : n.id();
    }
}
