package dev.swarmops.playbook;

import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import dev.swarmops.gate.Sensitive;
import dev.swarmops.host.NvidiaConfig;
import dev.swarmops.host.Probe;
import dev.swarmops.ops.BadInputException;
import dev.swarmops.ops.NodeInfo;
import dev.swarmops.ops.SwarmOps;
import dev.swarmops.ops.SwarmState;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code worker} in the enrollment playbooks: the seed's by-hand worker enrollment, run on the
 * worker against its own engine. The join token comes from $JOIN_TOKEN or a file, only ever into
 * the join request's body.
 *
 * <pre>{@code
 * worker.preflight(managerAddr: opts['manager-addr'], tokenFile: opts['token-file'])
 * worker.join(managerAddr: opts['manager-addr'], advertiseAddr: opts['advertise-addr'], tokenFile: opts['token-file'])
 * worker.label('gpu', opts['manager-host'])
 * }</pre>
 */
public final class EnrollDsl {

    public static final String TOKEN_ENV = "JOIN_TOKEN";
    static final List<String> PORTS = List.of("2377/tcp to the manager (cluster management)", "7946/tcp and 7946/udp (gossip)",
            "4789/udp (VXLAN data plane)", "IP protocol 50, ESP (encrypted overlays)");

    private final RunContext ctx;
    private String manager;

    EnrollDsl(RunContext ctx) {
        this.ctx = ctx;
    }

    /** Read-only checks; stops before any mutation when the manager cannot be reached or no token is given. */
    public void preflight(@NamedParams({@NamedParam(value = "managerAddr", type = String.class), @NamedParam(value = "tokenFile", type = String.class)}) Map<String, Object> attrs) {
        Named.check("worker.preflight", attrs, EnrollDsl.class, "preflight");
        manager = managerAddr(attrs);
        SwarmState st = ctx.ops().swarm().state();
        ctx.say("engine " + ctx.ops().engine().version().engine() + ", swarm " + st.localState());
        if (joinedHere(st)) {
            ctx.say("= already joined to " + manager + " as a " + (st.manager() ? "manager" : "worker"));
        } else if (st.active()) {
            throw new PlaybookFailure("this engine is already in another swarm (managers " + st.remoteManagers()
                    + "); leave it first (docker swarm leave)");
        }
        token(attrs);
        String[] hp = manager.split(":(?=\\d+$)");
        String why = dev.swarmops.host.TcpProbe.check(hp[0], Integer.parseInt(hp[1]), 3000);
        if (!why.isEmpty()) {
            throw new PlaybookFailure("manager " + manager + " is not reachable over TCP (" + why + "); check the address and that "
                    + "2377/tcp is open between this worker and the manager");
        }
        ctx.say("manager " + manager + " answers on TCP");
        ctx.say("ports this worker needs open: " + String.join("; ", PORTS));
    }

    /** The one command gpus() runs: read-only, fixed; no setting can put another in its place. */
    static final List<String> NVIDIA_SMI = List.of("nvidia-smi", "--query-gpu=uuid", "--format=csv,noheader");

    /** GPU UUIDs: from the operator's list, else from nvidia-smi (a fixed, read-only probe). */
    public List<String> gpus(String override) {
        if (override != null) {
            return NvidiaConfig.uuids(override, "--gpu-uuids");
        }
        List<String> nvidiaSmi = NVIDIA_SMI;
        Probe.Result r = ctx.host().probe(nvidiaSmi);
        if (!r.ok()) {
            throw new BadInputException("no GPUs found: `" + String.join(" ", nvidiaSmi) + "` failed (" + r.output().strip()
                    + "); install the NVIDIA driver or pass --gpu-uuids");
        }
        List<String> uuids = NvidiaConfig.uuids(r.output(), "nvidia-smi");
        ctx.say("GPUs: " + String.join(", ", uuids));
        return uuids;
    }

    /** Point the NVIDIA runtime at Swarm's variable for kind NVIDIA-GPU, editing that one line. */
    public void nvidiaConfig(String path) {
        String current = ctx.host().read(path).orElse("");
        String wanted = NvidiaConfig.withSwarmResource(current);
        if (ctx.host().write(path, wanted, "0644").isEmpty()) {
            ctx.unchanged(path + " has " + NvidiaConfig.LINE);
        }
    }

    public void join(@NamedParams({@NamedParam(value = "managerAddr", type = String.class), @NamedParam(value = "advertiseAddr", type = String.class), @NamedParam(value = "tokenFile", type = String.class)}) Map<String, Object> attrs) {
        Named.check("worker.join", attrs, EnrollDsl.class, "join");
        String addr = managerAddr(attrs);
        SwarmState st = ctx.ops().swarm().state();
        if (joinedHere(st)) {
            ctx.unchanged("joined to " + addr);
            return;
        }
        ctx.ops().swarm().join(token(attrs), addr, (String) attrs.get("advertiseAddr"));
    }

    /** Label this node on the manager (a worker cannot label itself), or say exactly what to run there. */
    public void label(String workload, String managerHost) {
        SwarmState st = ctx.ops().swarm().state();
        String hostname = ctx.ops().engine().get("/info").path("Name").asText();
        if (managerHost == null) {
            ctx.say("a worker cannot label itself; on the manager run:");
            ctx.say("  swarmops worker label " + hostname + " --workload " + workload);
            return;
        }
        SwarmOps manager = ctx.remote(managerHost);
        NodeInfo node = st.nodeId().isEmpty() ? NodeInfo.planned(hostname, "worker") : manager.nodes().get(st.nodeId());
        if (manager.nodes().label(node, NodeInfo.WORKLOAD_LABEL, workload).isEmpty()) {
            ctx.unchanged("node " + node.hostname() + " has " + NodeInfo.WORKLOAD_LABEL + "=" + workload);
        }
    }

    private boolean joinedHere(SwarmState st) {
        return st.active() && st.remoteManagers().contains(manager);
    }

    private String managerAddr(Map<String, Object> attrs) {
        Object a = attrs.get("managerAddr");
        if (a == null || a.toString().isBlank()) {
            throw new BadInputException("--manager-addr is required: the manager's address, e.g. 10.0.0.1:2377");
        }
        String addr = a.toString().contains(":") ? a.toString() : a + ":2377";
        if (!addr.matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
            throw new BadInputException("--manager-addr: '" + a + "' is not HOST:PORT");
        }
        manager = addr;
        return addr;
    }

    private Sensitive token(Map<String, Object> attrs) {
        Object file = attrs.get("tokenFile");
        try {
            Sensitive t = file != null ? Sensitive.fromFile(Path.of(file.toString()), Sensitive.Encoding.TEXT)
                    : Sensitive.fromEnv(TOKEN_ENV, ctx.env(), Sensitive.Encoding.TEXT);
            return t.as("token");
        } catch (IllegalArgumentException e) {
            throw new BadInputException("no join token: set $" + TOKEN_ENV + " or pass --token-file (never the token itself on the command line)");
        }
    }
}
