package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An overlay network as the platform wants it. {@code mtu} null means the engine default.
 *
 * <pre>{@code new NetworkSpec("platform_jobs_internal", true, true, true, 1450, Map.of())}</pre>
 */
public record NetworkSpec(String name, boolean encrypted, boolean attachable, boolean internal, Integer mtu,
                          Map<String, String> labels) {

    static final String MTU_OPTION = "com.docker.network.driver.mtu";

    public NetworkSpec {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new BadInputException("network name: '" + name + "' is not a valid network name");
        }
        if (mtu != null && (mtu < 576 || mtu > 9216)) {
            throw new BadInputException("network " + name + " mtu: " + mtu + " is outside 576..9216");
        }
        labels = Map.copyOf(labels);
    }

    /** The spec a live network satisfies, read back from the engine's network object. */
    public static NetworkSpec of(JsonNode n) {
        JsonNode opts = n.path("Options");
        Map<String, String> labels = new TreeMap<>();
        n.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new NetworkSpec(n.path("Name").asText(), opts.has("encrypted"), n.path("Attachable").asBoolean(),
                n.path("Internal").asBoolean(), opts.has(MTU_OPTION) ? Integer.valueOf(opts.path(MTU_OPTION).asText()) : null,
                labels);
    }

    /** What differs from a live network, field by field, {@code encrypted: false → true}. */
    public List<String> diff(NetworkSpec live) {
        List<String> d = new ArrayList<>();
        field(d, "encrypted", live.encrypted, encrypted);
        field(d, "attachable", live.attachable, attachable);
        field(d, "internal", live.internal, internal);
        field(d, "mtu", live.mtu == null ? "default" : live.mtu, mtu == null ? "default" : mtu);
        labels.forEach((k, v) -> field(d, "label " + k, live.labels.getOrDefault(k, "(none)"), v));
        return d;
    }

    private static void field(List<String> d, String name, Object live, Object want) {
        if (!Objects.equals(live, want)) {
            d.add(name + ": " + live + " → " + want);
        }
    }
}
