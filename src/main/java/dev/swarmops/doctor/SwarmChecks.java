package dev.swarmops.doctor;

import dev.swarmops.engine.EngineException;
import dev.swarmops.ops.NodeInfo;
import dev.swarmops.ops.SwarmState;

import java.util.List;
import java.util.stream.Collectors;

/** Swarm membership: state, this node's role, managers and quorum, nodes down. */
final class SwarmChecks {

    static final String STATE = "swarm state";
    static final String ROLE = "node role";
    static final String MANAGERS = "managers";
    static final String DOWN = "nodes down";

    private SwarmChecks() {
    }

    static List<Check> all() {
        return List.of(
                Rule.engine(STATE, Rule.ALL, Needs.ENGINE, f -> state(f.swarm(), f.role(), f.info().path("Name").asText())),
                Rule.engine(ROLE, Rule.ALL, Needs.SWARM, f -> role(f.swarm(), f.role(), f.info().path("Name").asText())),
                Rule.engine(MANAGERS, Rule.MANAGER, Needs.MANAGER, SwarmChecks::managers),
                Rule.engine(DOWN, Rule.MANAGER, Needs.MANAGER, f -> down(f.nodes())));
    }

    static Finding state(SwarmState s, Role role, String name) {
        String join = role == Role.MANAGER
                ? "initialise it: swarmops run playbooks/install-manager.groovy --advertise-addr ADDR --apply"
                : "join it: swarmops run playbooks/enroll-" + (role == Role.GPU_WORKER ? "gpu" : "cpu")
                + ".groovy --manager-addr MANAGER:2377 --apply (token in $JOIN_TOKEN)";
        return switch (s.localState()) {
            case "active" -> Finding.ok("active: node " + name + " (" + shortId(s.nodeId()) + ") at " + s.nodeAddr()
                    + (s.remoteManagers().isEmpty() ? "" : ", managers " + String.join(", ", s.remoteManagers())));
            case "inactive" -> Finding.fail("inactive: this engine is in no swarm", join);
            case "pending" -> Finding.warn("pending: the engine is joining or reconnecting"
                            + (s.remoteManagers().isEmpty() ? "" : " to " + String.join(", ", s.remoteManagers())),
                    "wait a moment; if it stays pending, check that this node reaches the manager on 2377/tcp");
            case "locked" -> Finding.fail("locked: the swarm is auto-locked and this manager restarted",
                    "unlock it with the unlock key: docker swarm unlock");
            default -> Finding.fail(s.localState() + (s.error().isEmpty() ? "" : ": " + s.error()),
                    "read the engine log (journalctl -u docker); if the node cannot recover, leave (docker swarm leave --force) and " + join);
        };
    }

    static Finding role(SwarmState s, Role role, String name) {
        String is = s.manager() ? "a manager" : "a worker";
        if (role == Role.MANAGER && !s.manager()) {
            return Finding.fail("checked as manager, but " + name + " is a swarm worker",
                    "run doctor on a manager (or --host pointing at one), or check this node with --role cpu-worker|gpu-worker");
        }
        if (role != Role.MANAGER && s.manager()) {
            return Finding.warn("checked as " + role.label() + ", but " + name + " is a swarm manager",
                    "drop --role to check it as a manager; platform jobs are placed on labelled workers");
        }
        return Finding.ok(name + " is " + is + ", checked as " + role.label());
    }

    static Finding managers(Facts f) {
        List<NodeInfo> nodes;
        try {
            nodes = f.nodes();
        } catch (EngineException e) {
            // without a leader (quorum lost) the manager API answers 503
            return Finding.fail("the manager API refuses to list nodes: " + e.getMessage(),
                    "bring the unreachable managers back; if they are gone for good, on a surviving manager: "
                            + "docker swarm init --force-new-cluster --advertise-addr ADDR");
        }
        return managers(nodes);
    }

    /** Manager count and quorum: a majority of managers must be reachable; an even count adds no fault tolerance. */
    static Finding managers(List<NodeInfo> nodes) {
        List<NodeInfo> managers = nodes.stream().filter(n -> n.role().equals("manager")).toList();
        int n = managers.size();
        List<NodeInfo> unreachable = managers.stream()
                .filter(m -> !m.managerReachable()).toList();
        int reachable = n - unreachable.size();
        int quorum = n / 2 + 1;
        String list = managers.stream().map(m -> m.hostname() + " (" + (m.managerStatus().isEmpty() ? "?" : m.managerStatus()) + ")")
                .collect(Collectors.joining(", "));
        if (reachable < quorum) {
            return Finding.fail("quorum lost: " + reachable + " of " + n + " managers reachable, " + quorum + " needed: " + list,
                    "bring the unreachable managers back; if they are gone for good, on a surviving manager: "
                            + "docker swarm init --force-new-cluster --advertise-addr ADDR");
        }
        if (!unreachable.isEmpty()) {
            return Finding.warn(unreachable.size() + " of " + n + " managers unreachable (quorum holds, " + quorum + " needed): " + list,
                    "bring " + names(unreachable) + " back, or demote and remove it: docker node demote NODE && docker node rm NODE");
        }
        if (n % 2 == 0) {
            return Finding.warn(n + " managers: an even count tolerates no more failures than " + (n - 1) + " (" + list + ")",
                    "run an odd number of managers: promote a worker (docker node promote NODE) or demote one");
        }
        String tolerance = n == 1 ? "no manager failure tolerated; running tasks keep running without it"
                : (n - quorum) + " manager failure(s) tolerated";
        return Finding.ok(n + " manager(s), all reachable: " + list + "; " + tolerance);
    }

    /** Nodes not ready: down, unknown or disconnected. */
    static Finding down(List<NodeInfo> nodes) {
        List<NodeInfo> down = nodes.stream().filter(n -> !n.status().equals("ready")).toList();
        List<NodeInfo> drained = nodes.stream().filter(n -> n.status().equals("ready") && !n.availability().equals("active")).toList();
        String notes = drained.isEmpty() ? "" : "; not taking tasks: " + drained.stream()
                .map(n -> n.hostname() + " (" + n.availability() + ")").collect(Collectors.joining(", "));
        if (!down.isEmpty()) {
            return Finding.warn(down.size() + " of " + nodes.size() + " node(s) not ready: " + down.stream()
                            .map(n -> n.hostname() + " (" + n.status() + ", " + n.shortId() + ")").collect(Collectors.joining(", ")) + notes,
                    "start the engine there (systemctl start docker), or remove a node that is gone: "
                            + down.stream().map(n -> "swarmops worker rm " + (unique(nodes, n) ? n.hostname() : n.id()))
                            .collect(Collectors.joining("; ")));
        }
        return Finding.ok(nodes.size() + " node(s) ready" + notes);
    }

    private static boolean unique(List<NodeInfo> nodes, NodeInfo n) {
        return nodes.stream().filter(o -> o.hostname().equals(n.hostname())).count() == 1;
    }

    private static String names(List<NodeInfo> nodes) {
        return nodes.stream().map(NodeInfo::hostname).collect(Collectors.joining(", "));
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
