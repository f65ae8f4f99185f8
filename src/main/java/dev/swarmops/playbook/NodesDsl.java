package dev.swarmops.playbook;

import dev.swarmops.ops.NodeInfo;

import java.util.List;

/**
 * {@code nodes} in a playbook.
 *
 * <pre>{@code
 * nodes.label(nodes.self, 'platform.workload', 'cpu')
 * nodes.drain('gpu-2'); nodes.activate('gpu-2')
 * }</pre>
 */
public final class NodesDsl {

    private final RunContext ctx;

    NodesDsl(RunContext ctx) {
        this.ctx = ctx;
    }

    public List<NodeInfo> getList() {
        return ctx.ops().nodes().list();
    }

    public NodeInfo get(String ref) {
        return ctx.ops().nodes().get(ref);
    }

    /** This engine's node (in a dry-run that plans swarm init: the node it will become). */
    public NodeInfo getSelf() {
        return ctx.ops().nodes().self();
    }

    public void label(NodeInfo node, String key, String value) {
        if (ctx.ops().nodes().label(node, key, value).isEmpty()) {
            ctx.unchanged("node " + node.hostname() + " has " + key + "=" + value);
        }
    }

    public void label(String ref, String key, String value) {
        label(get(ref), key, value);
    }

    public void drain(String ref) {
        availability(ref, "drain");
    }

    public void activate(String ref) {
        availability(ref, "active");
    }

    /** No new tasks land on the node; what runs there keeps running (unlike a drain, which stops it). */
    public void pause(String ref) {
        availability(ref, "pause");
    }

    /** Put the node back to an availability it had ({@code active}, {@code pause} or {@code drain}). */
    public void restore(String ref, String availability) {
        availability(ref, availability);
    }

    /** Names of the services (jobs included) with a task meant to run on the node, sorted. */
    public List<String> servicesOn(String ref) {
        java.util.Map<String, String> names = ctx.ops().services().namesById();
        return ctx.ops().nodes().runningTasks(get(ref)).stream().map(t -> names.getOrDefault(t.serviceId(), t.serviceId()))
                .distinct().sorted().toList();
    }

    /** Wait until no task is meant to run on the node any more (after a drain); fail after {@code seconds}. */
    public void waitDrained(String ref, int seconds) throws InterruptedException {
        NodeInfo n = get(ref);
        Waits.until(ctx, seconds, () -> {
            int left = ctx.ops().nodes().runningTasks(n).size();
            return new Waits.Look(left == 0 || !ctx.gate().applies(), "tasks still on " + n.hostname() + ": " + left);
        }, "tasks did not leave " + n.hostname());
    }

    private void availability(String ref, String value) {
        if (ctx.ops().nodes().availability(ref, value).isEmpty()) {
            ctx.unchanged("node " + ref + " is " + value);
        }
    }
}
