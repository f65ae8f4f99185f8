package dev.swarmops.ops;

import java.util.List;

/**
 * This engine's place in a swarm: {@code localState} is inactive, pending, active, error or
 * locked; {@code manager} whether it can run manager calls.
 */
public record SwarmState(String localState, String nodeId, String nodeAddr, boolean manager, String clusterId,
                         List<String> remoteManagers, String error) {

    public boolean active() {
        return "active".equals(localState);
    }
}
