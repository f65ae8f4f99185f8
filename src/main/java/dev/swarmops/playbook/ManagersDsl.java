package dev.swarmops.playbook;

import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import dev.swarmops.gate.Sensitive;
import dev.swarmops.ops.BadInputException;
import dev.swarmops.ops.NodeInfo;
import dev.swarmops.ops.Quorum;
import dev.swarmops.ops.SwarmOps;
import dev.swarmops.ops.SwarmState;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code managers} in a playbook: growing and shrinking the set of swarm managers without ever
 * leaving it without a majority, and not to an even count unless the operator says so.
 * add-manager runs on the new node against its own engine and reads the swarm through the
 * manager's endpoint ({@code managerHost}); the manager join token is read as the worker token
 * is ($JOIN_TOKEN or a file), only ever into the join request's body.
 *
 * <pre>{@code
 * managers.preflightJoin(managerAddr: opts.managerAddr, managerHost: opts.managerHost, tokenFile: opts.tokenFile, allowEven: opts.allowEven)
 * managers.join(managerAddr: opts.managerAddr, advertiseAddr: opts.advertiseAddr, tokenFile: opts.tokenFile, managerHost: opts.managerHost)
 * managers.waitReachable(opts.managerHost, 120)
 * def node = managers.preflightRemove(opts.node, opts.allowEven)
 * managers.demote(node.id()); managers.waitDemoted(node.id(), 60); managers.remove(node.id(), opts.forceRemove)
 * }</pre>
 */
public final class ManagersDsl {

    private final RunContext ctx;
    private final EnrollDsl enroll;

    ManagersDsl(RunContext ctx) {
        this.ctx = ctx;
        this.enroll = new EnrollDsl(ctx);
    }

    /** The managers as the engine this playbook runs against sees them. */
    public Quorum getQuorum() {
        return Quorum.of(ctx.ops().nodes().list());
    }

    /**
     * Read-only: the token is the manager token of the swarm at {@code managerHost}, that swarm
     * has its majority, and one more manager does not make an even count (unless {@code allowEven}).
     */
    public void preflightJoin(@NamedParams({@NamedParam(value = "managerAddr", type = String.class), @NamedParam(value = "managerHost", type = String.class), @NamedParam(value = "tokenFile", type = String.class), @NamedParam(value = "allowEven", type = Boolean.class)}) Map<String, Object> attrs) {
        Named.check("managers.preflightJoin", attrs, ManagersDsl.class, "preflightJoin");
        String addr = enroll.managerAddr(attrs);
        String managerHost = managerHost(attrs);
        Sensitive token = enroll.token(attrs);
        SwarmOps m = ctx.remote(managerHost);
        if (!m.swarm().state().manager()) {
            throw new BadInputException("--manager-host " + managerHost + " is not a swarm manager");
        }
        if (token.matches(m.swarm().joinToken(dev.swarmops.ops.Swarm.Role.WORKER).getBytes(StandardCharsets.UTF_8))) {
            throw new BadInputException("the token from " + token.source() + " is the worker join token; a manager joins with the manager "
                    + "token (on a manager: docker swarm join-token -q manager)");
        }
        if (!token.matches(m.swarm().joinToken(dev.swarmops.ops.Swarm.Role.MANAGER).getBytes(StandardCharsets.UTF_8))) {
            throw new BadInputException("the token from " + token.source() + " is not a current join token of the swarm at "
                    + managerHost + " (rotated since it was read?)");
        }
        SwarmState st = ctx.ops().swarm().state();
        if (enroll.joinedHere(st, token, managerHost)) {
            if (!st.manager()) {
                throw new dev.swarmops.playbook.PlaybookFailure("this engine is a worker of that swarm (node " + st.nodeId()
                        + "); promote it from a manager instead (docker node promote " + st.nodeId() + ")");
            }
            ctx.say("= already a manager of that swarm (node " + st.nodeId() + ")");
            return;
        }
        Quorum now = Quorum.of(m.nodes().list());
        ctx.say("managers now: " + now);
        if (!now.holds()) {
            throw new dev.swarmops.playbook.PlaybookFailure("the swarm has lost its majority (" + now + "), and a manager cannot join "
                    + "without it; recover it first (restore.groovy --force-new-cluster on a surviving manager)");
        }
        Quorum after = now.plusOne();
        if (after.even()) {
            if (!Boolean.TRUE.equals(attrs.get("allowEven"))) {
                throw new BadInputException("joining would make " + after.managers() + " managers, an even count: it tolerates no more "
                        + "failures than " + now.managers() + " and needs one more to answer; add two (--allow-even for the first), or none");
            }
            ctx.warn(after.managers() + " managers is an even count (--allow-even): until another joins, losing either "
                    + (after.managers() == 2 ? "one" : "of " + (after.tolerates() + 1)) + " stops the swarm's management; add the next manager now");
        }
        ctx.say("managers after the join: " + after);
        EnrollDsl.requireTcp(addr, "managers need 2377/tcp both ways, 7946/tcp+udp and 4789/udp");
    }

    /** Join with the manager token (the token decides the role); a no-op when already in its swarm. */
    public void join(@NamedParams({@NamedParam(value = "managerAddr", type = String.class), @NamedParam(value = "advertiseAddr", type = String.class), @NamedParam(value = "tokenFile", type = String.class), @NamedParam(value = "managerHost", type = String.class)}) Map<String, Object> attrs) {
        Named.check("managers.join", attrs, ManagersDsl.class, "join");
        enroll.join(attrs);
    }

    /** Wait until the manager at {@code managerHost} sees this node as a reachable manager. */
    public void waitReachable(String managerHost, int seconds) throws InterruptedException {
        SwarmOps m = ctx.remote(managerHost);
        String id = ctx.ops().swarm().state().nodeId();
        Waits.until(ctx, seconds, () -> {
            NodeInfo n = NodeInfo.of(m.engine().get("/nodes/" + id));
            boolean done = n.managerReachable();
            return new Waits.Look(done, "node " + n.hostname() + ": " + n.role() + (n.managerStatus().isEmpty() ? "" : ", " + n.managerStatus())
                    + (done ? "; managers: " + Quorum.of(m.nodes().list()) : ""));
        }, "this node did not become a reachable manager");
    }

    /**
     * Read-only checks before a manager leaves: it is not the engine this runs against, and the
     * managers left keep their majority and (unless {@code allowEven}) an odd count. Losing the
     * majority is refused outright: the engine would refuse the demotion as well.
     */
    public NodeInfo preflightRemove(String ref, boolean allowEven) {
        if (ref == null || ref.isBlank()) {
            throw new BadInputException("--node is required: the manager to remove (hostname or ID)");
        }
        SwarmState st = ctx.ops().swarm().requireManager();
        NodeInfo n = ctx.ops().nodes().get(ref);
        if (n.id().equals(st.nodeId())) {
            throw new BadInputException(n.hostname() + " is the manager this runs against; run it against another manager (--host)");
        }
        Quorum now = getQuorum();
        ctx.say("managers now: " + now);
        if (n.managerStatus().isEmpty()) {
            ctx.say("= " + n.hostname() + " is not a manager (" + n.role() + ", " + n.status() + ")");
            return n;
        }
        Quorum after = now.minusOne(n.managerReachable());
        if (!after.holds()) {
            throw new dev.swarmops.playbook.PlaybookFailure("removing " + n.hostname() + " would leave " + after + ": without a majority "
                    + "the swarm cannot be managed; bring an unreachable manager back (or add one) first");
        }
        if (after.even()) {
            if (!allowEven) {
                throw new BadInputException("removing " + n.hostname() + " would leave " + after.managers() + " managers, an even count; "
                        + "pass --allow-even and add or remove another manager next");
            }
            ctx.warn(after.managers() + " managers is an even count (--allow-even): add or remove another manager next");
        }
        if (n.managerStatus().equals("leader")) {
            ctx.warn(n.hostname() + " is the leader: the other managers elect a new one (a few seconds without a leader)");
        }
        ctx.say("managers after the removal: " + after);
        return n;
    }

    public void demote(String ref) {
        if (ctx.ops().nodes().role(ref, "worker").isEmpty()) {
            ctx.unchanged("node " + ref + " is a worker");
        }
    }

    /** Wait until the node has left the Raft membership (its manager status is gone). */
    public void waitDemoted(String ref, int seconds) throws InterruptedException {
        Waits.until(ctx, seconds, () -> {
            NodeInfo n = ctx.ops().nodes().get(ref);
            return new Waits.Look(n.managerStatus().isEmpty(), "node " + n.hostname() + ": " + n.role()
                    + (n.managerStatus().isEmpty() ? ", out of the managers: " + getQuorum() : ", still " + n.managerStatus()));
        }, "the demotion did not complete");
    }

    /**
     * Remove the node from the swarm. A node that is down goes at once; one still up is a worker
     * now, and is only forced out with {@code force} (its engine keeps believing it is in the
     * swarm until it leaves), else this says how to finish.
     */
    public void remove(String ref, boolean force) {
        NodeInfo n = ctx.ops().nodes().get(ref);
        if (n.status().equals("down")) {
            ctx.ops().nodes().remove(n.id(), false);
        } else if (force) {
            ctx.warn(n.hostname() + " is still up: forced out (--force-remove); on it, run docker swarm leave");
            ctx.ops().nodes().remove(n.id(), true);
        } else {
            ctx.say(n.hostname() + " is still up (" + n.status() + "): on it run `docker swarm leave`, then here `swarmops worker rm "
                    + n.hostname() + "`; or re-run with --force-remove");
        }
    }

    private static String managerHost(Map<String, Object> attrs) {
        Object h = attrs.get("managerHost");
        if (h == null || h.toString().isBlank()) {
            throw new BadInputException("--manager-host is required: the manager's Engine endpoint (e.g. tcp://10.0.0.1:2376), to count "
                    + "its managers and check the token before this node joins");
        }
        return h.toString();
    }
}
