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

    /** Rotate a join token ({@code worker} or {@code manager}): the old one stops working; nodes already in stay. */
    public void rotateToken(String role) {
        dev.swarmops.ops.Swarm.Role r = switch (role) {
            case "worker" -> dev.swarmops.ops.Swarm.Role.WORKER;
            case "manager" -> dev.swarmops.ops.Swarm.Role.MANAGER;
            default -> throw new dev.swarmops.ops.BadInputException("swarm.rotateToken: '" + role + "' is not worker or manager");
        };
        ctx.ops().swarm().rotateToken(r);
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
