package dev.swarmops.ops;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Resolves what an operator typed to exactly one node: a full id, a hostname, or a unique id
 * prefix — in that order, so a hostname that looks like a prefix still wins.
 */
public final class NodeRef {

    private NodeRef() {
    }

    public static NodeInfo resolve(String ref, List<NodeInfo> nodes) {
        if (ref == null || ref.isBlank()) {
            throw new BadInputException("node: a node id, id prefix or hostname is required");
        }
        for (NodeInfo n : nodes) {
            if (n.id().equals(ref)) {
                return n;
            }
        }
        List<NodeInfo> byName = nodes.stream().filter(n -> n.hostname().equals(ref)).toList();
        if (byName.size() == 1) {
            return byName.get(0);
        }
        if (byName.size() > 1) {
            throw new BadInputException("node '" + ref + "' is ambiguous: " + byName.size() + " nodes have that hostname: "
                    + list(byName) + " (use an id)");
        }
        List<NodeInfo> byPrefix = nodes.stream().filter(n -> n.id().startsWith(ref)).toList();
        if (byPrefix.size() == 1) {
            return byPrefix.get(0);
        }
        if (byPrefix.size() > 1) {
            throw new BadInputException("node '" + ref + "' is ambiguous: it prefixes " + list(byPrefix) + " (type more of the id)");
        }
        throw new BadInputException("no node '" + ref + "'; nodes are: " + (nodes.isEmpty() ? "(none)" : list(nodes)));
    }

    private static String list(List<NodeInfo> nodes) {
        return nodes.stream().map(n -> n.hostname() + " (" + n.shortId() + ")").collect(Collectors.joining(", "));
    }
}
