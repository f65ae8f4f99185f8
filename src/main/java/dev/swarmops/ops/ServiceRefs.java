package dev.swarmops.ops;

/**
 * Translates names a spec mentions to the ids the engine stores, and back for display. In a
 * dry-run an object the plan has not created yet has no id: it shows as {@code <id of secret x>}.
 */
public interface ServiceRefs {

    String networkId(String name);

    String networkName(String id);

    String dataId(String kind, String name);
}
