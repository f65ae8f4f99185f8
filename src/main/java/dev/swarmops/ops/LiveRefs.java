package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmops.engine.Engine;
import dev.swarmops.gate.Gate;

import java.util.HashMap;
import java.util.Map;

/** {@link ServiceRefs} answered from the engine, with the dry-run placeholder for objects still to come. */
final class LiveRefs implements ServiceRefs {

    private final Engine engine;
    private final Gate gate;
    private final Networks networks;
    private final Map<String, DataObjects> data;
    private final Map<String, String> names = new HashMap<>();

    LiveRefs(Engine engine, Gate gate, Networks networks, Map<String, DataObjects> data) {
        this.engine = engine;
        this.gate = gate;
        this.networks = networks;
        this.data = data;
    }

    @Override
    public String networkId(String name) {
        return networks.find(name).map(n -> n.path("Id").asText()).orElseGet(() -> absent("network", name));
    }

    @Override
    public String networkName(String id) {
        if (id.startsWith("<id of network ")) {
            return id.substring("<id of network ".length(), id.length() - 1);
        }
        return names.computeIfAbsent(id, i -> engine.find("/networks/" + i).map(n -> n.path("Name").asText()).orElse(i));
    }

    @Override
    public String dataId(String kind, String name) {
        return data.get(kind).find(name).map(o -> o.path("ID").asText()).orElseGet(() -> absent(kind, name));
    }

    private String absent(String kind, String name) {
        if (gate.applies()) {
            throw new BadInputException(kind + " '" + name + "' does not exist; create it first");
        }
        return "<id of " + kind + " " + name + ">";
    }

    static String nameOf(JsonNode n) {
        return n.path("Spec").path("Name").asText();
    }
}
