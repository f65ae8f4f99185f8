package dev.swarmops.ops;

import java.util.List;

/**
 * Raft arithmetic over a swarm's managers: how many there are and how many the leader reaches.
 * A swarm keeps working while a majority of its managers is reachable; an even count tolerates no
 * more failures than the odd count below it, so it only adds a way to lose the majority.
 */
public record Quorum(int managers, int reachable) {

    public Quorum {
        if (managers < 0 || reachable < 0 || reachable > managers) {
            throw new IllegalArgumentException("managers " + managers + ", reachable " + reachable);
        }
    }

    public static Quorum of(List<NodeInfo> nodes) {
        List<NodeInfo> managers = nodes.stream().filter(n -> !n.managerStatus().isEmpty()).toList();
        int reachable = (int) managers.stream().filter(NodeInfo::managerReachable).count();
        return new Quorum(managers.size(), reachable);
    }

    /** Managers needed for a majority. */
    public int majority() {
        return managers / 2 + 1;
    }

    public boolean holds() {
        return managers > 0 && reachable >= majority();
    }

    /** Managers that may fail before the majority is lost. */
    public int tolerates() {
        return Math.max(0, (managers - 1) / 2);
    }

    public boolean even() {
        return managers % 2 == 0;
    }

    /** After a reachable manager joins. */
    public Quorum plusOne() {
        return new Quorum(managers + 1, reachable + 1);
    }

    /** After one manager leaves the membership, reachable or not. */
    public Quorum minusOne(boolean wasReachable) {
        return new Quorum(managers - 1, reachable - (wasReachable ? 1 : 0));
    }

    /** Whether the others keep the majority while one reachable manager's engine is stopped (it stays a member). */
    public boolean survivesStopping(boolean leader) {
        return !leader && reachable - 1 >= majority();
    }

    @Override
    public String toString() {
        return managers + (managers == 1 ? " manager" : " managers") + ", " + reachable + " reachable (majority " + majority()
                + ", tolerates " + tolerates() + (tolerates() == 1 ? " failure)" : " failures)");
    }
}
