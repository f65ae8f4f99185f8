package dev.swarmops.playbook;

import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import dev.swarmops.ops.SwarmState;

import java.util.Map;

/**
 * {@code swarm} in a playbook.
 *
 * <pre>{@code
 * swarm.ensureManager(advertiseAddr: opts['advertise-addr'], force: opts.force)
 * }</pre>
 */
public final class SwarmDsl {

    private final RunContext ctx;

    SwarmDsl(RunContext ctx) {
        this.ctx = ctx;
    }

    /** Wait until the engine answers again (after a restart); fail after {@code seconds}. */
    public void waitForEngine(int seconds) throws InterruptedException {
        if (!ctx.gate().applies()) {
            return;   // a dry-run restarted nothing (and may have no engine to ask)
        }
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            try {
                // /_ping answers plain "OK", which the JSON reader refuses; /version answers JSON
                ctx.ops().engine().get("/version");
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new PlaybookFailure("the engine did not answer within " + seconds + "s after the restart: " + e.getMessage());
                }
                Thread.sleep(500);
            }
        }
    }

    /** Whether the engine runs with live-restore, which swarm mode refuses (init and join fail). */
    public boolean isLiveRestore() {
        return ctx.ops().engine().get("/info").path("LiveRestoreEnabled").asBoolean();
    }

    /**
     * Stop in preflight when this engine cannot take part in a swarm as it runs: live-restore is on
     * and the playbook will not restart it with a daemon.json that drops it.
     */
    public void refuseLiveRestoreUnless(boolean restarting, String flag) {
        if (!getState().active() && isLiveRestore() && !restarting) {
            throw new PlaybookFailure("the engine runs with live-restore, which swarm mode refuses; re-run with --" + flag
                    + " (the merged daemon.json drops it), or remove it from daemon.json and restart the engine");
        }
    }

    public SwarmState getState() {
        return ctx.ops().swarm().state();
    }

    /** Init the swarm here unless this engine already manages one; a worker or a broken state stops the run. */
    public void ensureManager(@NamedParams({@NamedParam(value = "advertiseAddr", type = String.class), @NamedParam(value = "force", type = Boolean.class)}) Map<String, Object> attrs) {
        Named.check("swarm.ensureManager", attrs, SwarmDsl.class, "ensureManager");
        String addr = (String) attrs.get("advertiseAddr");
        boolean force = Boolean.TRUE.equals(attrs.get("force"));
        SwarmState st = getState();
        if (st.active() && st.manager()) {
            ctx.unchanged("swarm active, this node is a manager (" + st.nodeAddr() + ")");
            return;
        }
        if (st.active() && !force) {
            throw new PlaybookFailure("this engine is a worker in another swarm; leave it first or pass --force");
        }
        if (!st.active() && !"inactive".equals(st.localState()) && !force) {
            throw new PlaybookFailure("swarm state is '" + st.localState() + "'" + (st.error().isEmpty() ? "" : " (" + st.error() + ")")
                    + "; fix it or pass --force");
        }
        if (st.active()) {
            ctx.ops().swarm().leave(true);
        }
        ctx.ops().swarm().init(addr, null);
    }

    /** Whether the managers lock their Raft keys on restart (autolock). */
    public boolean isAutolock() {
        return ctx.ops().swarm().autolock();
    }

    /** {@code swarm.autolock = true}: managers restarted from now on stay locked until unlocked with the key. */
    public void setAutolock(boolean on) {
        if (ctx.ops().swarm().autolock(on).isEmpty()) {
            ctx.unchanged("autolock is " + (on ? "on" : "off"));
        }
    }

    /** The unlock key (autolock on): a secret value, only for the gate's requests and files. */
    public dev.swarmops.gate.Sensitive getUnlockKey() {
        return ctx.ops().swarm().unlockKey();
    }

    /**
     * {@code docker swarm init --force-new-cluster}: a single-manager swarm from the Raft state
     * this engine holds, every service, secret, config and network of the old one kept.
     */
    public void forceNewCluster(String advertiseAddr) {
        ctx.ops().swarm().init(advertiseAddr, null, true);
    }

    /** Where this engine keeps its swarm state (Raft log, certificates): DATA-ROOT/swarm, on this machine. */
    public String getStateDir() {
        return ctx.localSwarmDir().orElseThrow(() -> new dev.swarmops.ops.BadInputException("the engine at " + ctx.ops().engine().endpoint().uri()
                + " is not on this machine; run this on the manager itself (its swarm state is a directory there)"));
    }

    /**
     * Wait until this engine is an active manager that answers swarm reads (after a restart). An
     * autolocked manager comes back locked: with {@code unlockKey} it is unlocked (the key in the
     * request body only), without one the wait says what to run.
     */
    public void waitManager(int seconds, dev.swarmops.gate.Sensitive unlockKey) throws InterruptedException {
        waitSwarm(seconds, unlockKey, true);
    }

    /**
     * Wait until the swarm state this engine started with is active (unlocked with
     * {@code unlockKey} when locked), leader or not: restored state of a swarm whose other
     * managers are gone has none until {@link #forceNewCluster}.
     */
    public void waitActive(int seconds, dev.swarmops.gate.Sensitive unlockKey) throws InterruptedException {
        waitSwarm(seconds, unlockKey, false);
    }

    private void waitSwarm(int seconds, dev.swarmops.gate.Sensitive unlockKey, boolean working) throws InterruptedException {
        String what = working ? "a working manager" : "an active swarm member";
        if (!ctx.gate().applies()) {
            ctx.say("then: wait until this engine is " + what + (unlockKey == null ? ""
                    : ", unlocking it (docker swarm unlock, " + unlockKey.describe() + ") if it comes back locked"));
            return;
        }
        boolean[] unlocked = {false};
        Waits.until(ctx, seconds, () -> {
            SwarmState st = getState();
            if ("locked".equals(st.localState()) && unlockKey != null && !unlocked[0]) {
                ctx.ops().swarm().unlock(unlockKey);
                unlocked[0] = true;
                return new Waits.Look(false, "swarm locked (autolock): unlocked with " + unlockKey.describe());
            }
            // restored state whose other managers are gone may stay pending: --force-new-cluster is what ends that
            if (!working && "pending".equals(st.localState())) {
                return new Waits.Look(true, "swarm pending (no majority reachable)");
            }
            if (!st.active() || (working && !st.manager())) {
                return new Waits.Look(false, "swarm " + st.localState() + (st.error().isEmpty() ? "" : " (" + st.error() + ")")
                        + ("locked".equals(st.localState()) ? "; unlock it: docker swarm unlock" : ""));
            }
            if (!working) {
                return new Waits.Look(true, "swarm active");
            }
            try {
                return new Waits.Look(true, "a working manager again; managers: " + dev.swarmops.ops.Quorum.of(ctx.ops().nodes().list()));
            } catch (dev.swarmops.engine.EngineException noLeaderYet) {
                return new Waits.Look(false, "manager, no leader yet (" + noLeaderYet.getMessage() + ")");
            }
        }, "this engine did not become " + what);
    }

    /** Rotate a join token ({@code worker} or {@code manager}): the old one stops working; nodes already in stay. */
    public void rotateToken(String role) {
        dev.swarmops.ops.Swarm.Role r = switch (role) {
            case "worker" -> dev.swarmops.ops.Swarm.Role.WORKER;
            case "manager" -> dev.swarmops.ops.Swarm.Role.MANAGER;
            default -> throw new dev.swarmops.ops.BadInputException("swarm.rotateToken: '" + role + "' is not worker or manager");
        };
        ctx.ops().swarm().rotateToken(r);
    }

    /** Rotate the autolock unlock key (read the new one with {@link #getUnlockKey()} afterwards: it is never shown). */
    public void rotateUnlockKey() {
        ctx.ops().swarm().rotateUnlockKey();
    }

    /** Rotate the swarm's root CA (every node's certificate is reissued; the join tokens change with it). */
    public void rotateCa() {
        ctx.ops().swarm().rotateCa();
    }

    /**
     * Wait until every node holds a certificate of the current root CA and the swarm no longer
     * reports the rotation; fail after {@code seconds} naming the nodes still behind (a node that
     * is down gets its certificate when it is back, or must be removed).
     */
    public void waitCaRotated(int seconds) throws InterruptedException {
        Waits.until(ctx, seconds, () -> {
            dev.swarmops.ops.Swarm.CaRotation r = ctx.ops().swarm().caRotation();
            return new Waits.Look(r.done(), r.done() ? "every node has a certificate of the new root CA"
                    : "root CA rotation " + (r.inProgress() ? "in progress" : "finishing") + "; nodes still on the old CA: "
                    + (r.nodesBehind().isEmpty() ? "none" : String.join(", ", r.nodesBehind())));
        }, "the root CA rotation did not finish (a node that is down gets its certificate when back, or remove it)");
    }
}
