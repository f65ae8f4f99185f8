package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarmops.engine.Engine;
import dev.swarmops.gate.ApiRequest;
import dev.swarmops.gate.Bodies;
import dev.swarmops.gate.Change;
import dev.swarmops.gate.CliLine;
import dev.swarmops.gate.EngineCall;
import dev.swarmops.gate.Gate;
import dev.swarmops.gate.Outcome;
import dev.swarmops.gate.Sensitive;

import java.util.ArrayList;
import java.util.List;

/** Swarm membership: state, init, join, leave, join tokens and the manager address. */
public final class Swarm {

    public enum Role { WORKER, MANAGER;

        String lower() {
            return name().toLowerCase();
        }
    }

    private final Engine engine;
    private final Gate gate;

    Swarm(Engine engine, Gate gate) {
        this.engine = engine;
        this.gate = gate;
    }

    public SwarmState state() {
        return stateOf(engine.get("/info"));
    }

    /** The swarm state in an {@code /info} answer already read. */
    public static SwarmState stateOf(JsonNode info) {
        JsonNode s = info.path("Swarm");
        List<String> managers = new ArrayList<>();
        s.path("RemoteManagers").forEach(m -> managers.add(m.path("Addr").asText()));
        return new SwarmState(s.path("LocalNodeState").asText("inactive"), s.path("NodeID").asText(),
                s.path("NodeAddr").asText(), s.path("ControlAvailable").asBoolean(), s.path("Cluster").path("ID").asText(),
                List.copyOf(managers), s.path("Error").asText());
    }

    /** Address workers join: this manager's own entry among the swarm's managers. */
    public String managerAddress() {
        JsonNode info = engine.get("/info");
        SwarmState st = requireManager(stateOf(info));
        for (JsonNode m : info.path("Swarm").path("RemoteManagers")) {
            if (m.path("NodeID").asText().equals(st.nodeId())) {
                return m.path("Addr").asText();
            }
        }
        return st.nodeAddr() + ":2377";
    }

    public Outcome init(String advertiseAddr, String listenAddr) {
        return init(advertiseAddr, listenAddr, false);
    }

    /**
     * Init a swarm; with {@code forceNewCluster}, from the Raft state this engine holds: a new
     * single-manager cluster with every object of the old one (the recovery from a lost majority,
     * or a restore onto a new machine).
     */
    public Outcome init(String advertiseAddr, String listenAddr, boolean forceNewCluster) {
        ObjectNode body = Bodies.object();
        body.put("ListenAddr", listenAddr == null ? "0.0.0.0:2377" : listenAddr);
        if (advertiseAddr != null) {
            body.put("AdvertiseAddr", advertiseAddr);
        }
        if (forceNewCluster) {
            body.put("ForceNewCluster", true);
        }
        CliLine cli = CliLine.docker("swarm", "init").flag("--force-new-cluster", forceNewCluster).opt("--advertise-addr", advertiseAddr)
                .opt("--listen-addr", listenAddr).build();
        return gate.submit(new EngineCall("swarm.init", advertiseAddr == null ? "swarm" : advertiseAddr, Change.CREATE,
                ApiRequest.post("/swarm/init", body), cli));
    }

    /** Whether the managers lock their Raft keys on restart (autolock). */
    public boolean autolock() {
        return swarmObject().path("Spec").path("EncryptionConfig").path("AutoLockManagers").asBoolean();
    }

    /** Turn autolock on or off ({@code docker swarm update --autolock=…}); empty when it already is so. */
    public java.util.Optional<Outcome> autolock(boolean on) {
        JsonNode swarm = swarmObject();
        if (swarm.path("Spec").path("EncryptionConfig").path("AutoLockManagers").asBoolean() == on) {
            return java.util.Optional.empty();
        }
        ObjectNode spec = swarm.path("Spec").deepCopy();
        spec.putObject("EncryptionConfig").put("AutoLockManagers", on);
        return java.util.Optional.of(gate.submit(new EngineCall("swarm.autolock", "swarm", Change.UPDATE,
                ApiRequest.post("/swarm/update?version=" + swarm.path("Version").path("Index").asLong(), spec),
                CliLine.docker("swarm", "update", "--autolock=" + on).build(), List.of("autolock: " + !on + " → " + on))));
    }

    /** The key that unlocks a restarted manager when autolock is on; it never leaves as text. */
    public Sensitive unlockKey() {
        return Sensitive.of("the engine", engine.get("/swarm/unlockkey").path("UnlockKey").asText(), Sensitive.Encoding.TEXT)
                .as("unlock key");
    }

    /** Unlock this (restarted, autolocked) manager; the key travels in the request body only. */
    public Outcome unlock(Sensitive key) {
        ObjectNode body = Bodies.object();
        body.set("UnlockKey", Bodies.secret(key));
        return gate.submit(new EngineCall("swarm.unlock", "swarm", Change.UPDATE, ApiRequest.post("/swarm/unlock", body),
                CliLine.docker("swarm", "unlock").comment("the key on stdin: " + key.placeholder()).build()));
    }

    /** Join a swarm; the token travels in the request body only. */
    public Outcome join(Sensitive token, String managerAddr, String advertiseAddr) {
        Sensitive t = token.as("token");
        ObjectNode body = Bodies.object();
        body.put("ListenAddr", "0.0.0.0:2377");
        if (advertiseAddr != null) {
            body.put("AdvertiseAddr", advertiseAddr);
        }
        body.putArray("RemoteAddrs").add(managerAddr);
        body.set("JoinToken", Bodies.secret(t));
        CliLine cli = CliLine.docker("swarm", "join", "--token", t.placeholder()).opt("--advertise-addr", advertiseAddr)
                .add(managerAddr).build();
        return gate.submit(new EngineCall("swarm.join", managerAddr, Change.CREATE, ApiRequest.post("/swarm/join", body), cli));
    }

    public Outcome leave(boolean force) {
        return gate.submit(new EngineCall("swarm.leave", "swarm", Change.DELETE,
                ApiRequest.post("/swarm/leave" + (force ? "?force=true" : ""), null),
                CliLine.docker("swarm", "leave").flag("--force", force).build()));
    }

    /** The join token for a role. Printing it is the caller's explicit choice; it is never logged. */
    public String joinToken(Role role) {
        return swarmObject().path("JoinTokens").path(role == Role.WORKER ? "Worker" : "Manager").asText();
    }

    public Outcome rotateToken(Role role) {
        return rotate("swarm.rotate-token", role.lower(), role == Role.WORKER ? "rotateWorkerToken" : "rotateManagerToken",
                CliLine.docker("swarm", "join-token", "--rotate", "-q", role.lower()).build());
    }

    /** A new autolock unlock key; the old one stops unlocking managers restarted from now on. */
    public Outcome rotateUnlockKey() {
        return rotate("swarm.rotate-unlock-key", "unlock key", "rotateManagerUnlockKey", CliLine.docker("swarm", "unlock-key", "--rotate", "-q").build());
    }

    private Outcome rotate(String kind, String target, String flag, CliLine cli) {
        JsonNode swarm = swarmObject();
        String path = "/swarm/update?version=" + swarm.path("Version").path("Index").asLong() + "&" + flag + "=true";
        return gate.submit(new EngineCall(kind, target, Change.UPDATE, ApiRequest.post(path, swarm.path("Spec")), cli));
    }

    /**
     * Rotate the swarm's root CA: a new CA, every node's certificate reissued under it, the join
     * tokens with it ({@code CAConfig.ForceRotate} one up, as {@code docker swarm ca --rotate}).
     */
    public Outcome rotateCa() {
        JsonNode swarm = swarmObject();
        ObjectNode spec = swarm.path("Spec").deepCopy();
        ObjectNode ca = spec.has("CAConfig") ? (ObjectNode) spec.get("CAConfig") : spec.putObject("CAConfig");
        long next = ca.path("ForceRotate").asLong() + 1;
        ca.put("ForceRotate", next);
        return gate.submit(new EngineCall("swarm.rotate-ca", "root CA", Change.UPDATE,
                ApiRequest.post("/swarm/update?version=" + swarm.path("Version").path("Index").asLong(), spec),
                CliLine.docker("swarm", "ca", "--rotate", "--detach").build()));
    }

    /**
     * The nodes not yet under the swarm's current root CA (hostnames), and whether the swarm still
     * reports the rotation in progress; both empty/false once every node has its new certificate.
     */
    public CaRotation caRotation() {
        JsonNode swarm = swarmObject();
        String root = swarm.path("TLSInfo").path("TrustRoot").asText();
        List<String> behind = new ArrayList<>();
        engine.get("/nodes").forEach(n -> {
            if (!n.path("Description").path("TLSInfo").path("TrustRoot").asText().equals(root)) {
                behind.add(n.path("Description").path("Hostname").asText(n.path("ID").asText()));
            }
        });
        return new CaRotation(swarm.path("RootRotationInProgress").asBoolean(), List.copyOf(behind));
    }

    /** See {@link #caRotation()}. */
    public record CaRotation(boolean inProgress, List<String> nodesBehind) {
        public boolean done() {
            return !inProgress && nodesBehind.isEmpty();
        }
    }

    /** GET /swarm, which only a manager answers; otherwise our one-line reason rather than the engine's 503. */
    private JsonNode swarmObject() {
        try {
            return engine.get("/swarm");
        } catch (dev.swarmops.engine.EngineException e) {
            if (e.status() == 503) {
                requireManager();
            }
            throw e;
        }
    }

    /**
     * Refuses unless this engine is a swarm manager. Start-up: the {@code /_ping} status the engine
     * was already asked says so without reading {@code /info}; any other status is read there, for
     * {@link #requireManager()}'s refusal.
     */
    public void checkManager() {
        if (!"active/manager".equals(engine.swarmStatus())) {
            requireManager();
        }
    }

    /** The swarm state, or a refusal that says this must run on a manager. */
    public SwarmState requireManager() {
        return requireManager(state());
    }

    private static SwarmState requireManager(SwarmState st) {
        if (!st.active()) {
            throw new NotInSwarmException("this engine is not in a swarm (state: " + st.localState()
                    + "); run on the manager, or initialise one with install-manager");
        }
        if (!st.manager()) {
            throw new NotInSwarmException("this engine is a swarm worker; run this on a manager (--host)");
        }
        return st;
    }

    /** The engine is not a swarm manager, so manager-only calls cannot run here. */
    public static final class NotInSwarmException extends RuntimeException {
        public NotInSwarmException(String message) {
            super(message);
        }
    }
}
