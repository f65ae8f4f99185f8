package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.swarmops.engine.Engine;
import dev.swarmops.gate.Ref;

import java.util.HashMap;
import java.util.Map;

/** {@link ServiceRefs} answered from the engine; an object still to come is a {@link Ref}, resolved by the gate. */
final class LiveRefs implements ServiceRefs {

    private final Engine engine;
    private final Networks networks;
    private final Map<String, DataObjects> data;
    private final Map<String, String> names = new HashMap<>();

    LiveRefs(Engine engine, Networks networks, Map<String, DataObjects> data) {
        this.engine = engine;
        this.networks = networks;
        this.data = data;
    }

    @Override
    public JsonNode networkId(String name) {
        return networks.find(name).<JsonNode>map(n -> TextNode.valueOf(n.path("Id").asText())).orElseGet(() -> new Ref("network", name).node());
    }

    @Override
    public String networkName(String id) {
        Ref planned = Ref.parse(id);
        if (planned != null) {
            return planned.name();
        }
        return names.computeIfAbsent(id, i -> engine.recallFind("/networks/" + i).map(n -> n.path("Name").asText()).orElse(i));
    }

    @Override
    public JsonNode dataId(String kind, String name) {
        return data.get(kind).find(name).<JsonNode>map(o -> TextNode.valueOf(o.path("ID").asText())).orElseGet(() -> new Ref(kind, name).node());
    }

    static String nameOf(JsonNode n) {
        return n.path("Spec").path("Name").asText();
    }
}
