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
import java.util.Optional;

/**
 * {@code worker} in the enrollment playbooks: the seed's by-hand worker enrollment, run on the
 * worker against its own engine. The join token comes from $JOIN_TOKEN or a file, only ever into
 * the join request's body.
 *
 * <pre>{@code
 * worker.preflight(managerAddr: opts.managerAddr, tokenFile: opts.tokenFile, managerHost: opts.managerHost)
 * worker.join(managerAddr: opts.managerAddr, advertiseAddr: opts.advertiseAddr, tokenFile: opts.tokenFile, managerHost: opts.managerHost)
 * worker.label('gpu', opts.managerHost)
 * }</pre>
 */
public final class EnrollDsl {

    public static final String TOKEN_ENV = "JOIN_TOKEN";
    static final List<String> PORTS = List.of("2377/tcp to the manager (cluster management)", "7946/tcp and 7946/udp (gossip)",
            "4789/udp (VXLAN data plane)", "IP protocol 50, ESP (encrypted overlays)");

    private final RunContext ctx;
    EnrollDsl(RunContext ctx) {
        this.ctx = ctx;
    }

    /** Read-only checks; stops before any mutation when the manager cannot be reached, no token is given or this engine is in another swarm. */
    public void preflight(@NamedParams({@NamedParam(value = "managerAddr", type = String.class), @NamedParam(value = "tokenFile", type = String.class), @NamedParam(value = "managerHost", type = String.class)}) Map<String, Object> attrs) {
        Named.check("worker.preflight", attrs, EnrollDsl.class, "preflight");
        String manager = managerAddr(attrs);
        SwarmState st = ctx.ops().swarm().state();
        ctx.say("engine " + ctx.ops().engine().version().engine() + ", swarm " + st.localState());
        if (joinedHere(st, token(attrs), (String) attrs.get("managerHost"))) {
            ctx.say("= already in this token's swarm as a " + (st.manager() ? "manager" : "worker") + " (node " + st.nodeId() + ")");
        }
        requireTcp(manager, "check the address and that 2377/tcp is open between this worker and the manager");
        ctx.say("manager " + manager + " answers on TCP");
        ctx.say("ports this worker needs open: " + String.join("; ", PORTS));
    }

    /** Stop the run unless the manager's swarm address takes a TCP connection; {@code hint} says what to check. */
    static void requireTcp(String addr, String hint) {
        String[] hp = addr.split(":(?=\\d+$)");
        String why = dev.swarmops.host.TcpProbe.check(hp[0], Integer.parseInt(hp[1]), 3000);
        if (!why.isEmpty()) {
            throw new PlaybookFailure("manager " + addr + " is not reachable over TCP (" + why + "); " + hint);
        }
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

    public void join(@NamedParams({@NamedParam(value = "managerAddr", type = String.class), @NamedParam(value = "advertiseAddr", type = String.class), @NamedParam(value = "tokenFile", type = String.class), @NamedParam(value = "managerHost", type = String.class)}) Map<String, Object> attrs) {
        Named.check("worker.join", attrs, EnrollDsl.class, "join");
        String addr = managerAddr(attrs);
        Sensitive token = token(attrs);
        if (joinedHere(ctx.ops().swarm().state(), token, (String) attrs.get("managerHost"))) {
            ctx.unchanged("in the swarm of the join token (joined through " + addr + " or another of its managers' addresses)");
            return;
        }
        ctx.ops().swarm().join(token, addr, (String) attrs.get("advertiseAddr"));
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

    /**
     * Whether this engine is already in the swarm the token joins. Addresses cannot say: a manager
     * has several, and a worker lists only the one each manager advertises. The swarm's CA can:
     * every join token carries its digest, and this node keeps the CA under its data root. With the
     * manager's endpoint, the manager must also know this node. Another swarm stops the run.
     */
    boolean joinedHere(SwarmState st, Sensitive token, String managerHost) {
        if (!st.active()) {
            return false;
        }
        String wanted = token.joinTokenCaDigest().orElseThrow();
        Optional<String> local = localCaDigest();
        if (managerHost != null) {
            SwarmOps m = ctx.remote(managerHost);
            String managers = sha256(m.engine().get("/swarm").path("TLSInfo").path("TrustRoot").asText());
            if (!managers.equals(wanted)) {
                throw new BadInputException("the join token is not one of the swarm that --manager-host " + managerHost
                        + " manages (CA " + shortDigest(wanted) + " in the token, " + shortDigest(managers) + " there)");
            }
            if (m.engine().find("/nodes/" + st.nodeId()).isEmpty()) {
                throw new PlaybookFailure("this engine is in a swarm as node " + st.nodeId() + ", which the manager at " + managerHost
                        + " does not know" + local.map(d -> d.equals(wanted) ? " (removed there?)" : " (another swarm, CA " + shortDigest(d) + ")").orElse("")
                        + "; leave it first (docker swarm leave)");
            }
            return true;
        }
        String have = local.orElseThrow(() -> new PlaybookFailure("this engine is in a swarm, and which one cannot be told here (its CA under "
                + ctx.swarmDir() + CA_FILE + " is not readable); pass --manager-host so the manager can say whether it knows node " + st.nodeId()));
        if (!have.equals(wanted)) {
            throw new PlaybookFailure("this engine is already in another swarm (CA " + shortDigest(have) + ", the join token's is "
                    + shortDigest(wanted) + "); leave it first (docker swarm leave)");
        }
        return true;
    }

    /** Digest of the swarm CA this node trusts, when the engine is local and its data root readable. */
    private Optional<String> localCaDigest() {
        try {
            return ctx.localSwarmDir().flatMap(dir -> ctx.host().read(dir + CA_FILE)).map(EnrollDsl::sha256);
        } catch (java.io.UncheckedIOException notReadable) {
            return Optional.empty();
        }
    }

    private static final String CA_FILE = "/certificates/swarm-root-ca.crt";

    private static String sha256(String pem) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(pem.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shortDigest(String hex) {
        return hex.substring(0, 12) + "…";
    }

    String managerAddr(Map<String, Object> attrs) {
        Object a = attrs.get("managerAddr");
        if (a == null || a.toString().isBlank()) {
            throw new BadInputException("--manager-addr is required: the manager's address, e.g. 10.0.0.1:2377");
        }
        String addr = a.toString().contains(":") ? a.toString() : a + ":2377";
        if (!addr.matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
            throw new BadInputException("--manager-addr: '" + a + "' is not HOST:PORT");
        }
        return addr;
    }

    Sensitive token(Map<String, Object> attrs) {
        Object file = attrs.get("tokenFile");
        Sensitive t;
        try {
            t = file != null ? Sensitive.fromFile(Path.of(file.toString()), Sensitive.Encoding.TEXT)
                    : Sensitive.fromEnv(TOKEN_ENV, ctx.env(), Sensitive.Encoding.TEXT);
            t = t.as("token");
        } catch (IllegalArgumentException e) {
            throw new BadInputException("no join token: set $" + TOKEN_ENV + " or pass --token-file (never the token itself on the command line)");
        }
        if (t.joinTokenCaDigest().isEmpty()) {
            throw new BadInputException("the join token from " + t.source() + " is not a swarm join token (SWMTKN-1-, then 50 and 25 base-36 digits)");
        }
        return t;
    }
}
