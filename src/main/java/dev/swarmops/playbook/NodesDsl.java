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

    private void availability(String ref, String value) {
        if (ctx.ops().nodes().availability(ref, value).isEmpty()) {
            ctx.unchanged("node " + ref + " is " + value);
        }
    }
}
