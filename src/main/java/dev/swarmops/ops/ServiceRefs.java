package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Translates names a spec mentions to the ids the engine stores, and back for display. An object
 * that does not exist yet (the plan creates it first) is a {@link dev.swarmops.gate.Ref}, which
 * shows as {@code <id of secret x>} and which the gate resolves when it applies.
 */
public interface ServiceRefs {

    JsonNode networkId(String name);

    String networkName(String id);

    JsonNode dataId(String kind, String name);
}
