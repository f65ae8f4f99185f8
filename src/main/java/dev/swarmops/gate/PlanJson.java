package dev.swarmops.gate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Machine rendering of a plan: one object per mutation, secrets as placeholders. */
public final class PlanJson {

    private PlanJson() {
    }

    public static ObjectNode of(Mutation m) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kind", m.kind());
        o.put("target", m.target());
        o.put("change", m.change().name().toLowerCase());
        o.put("cli", m.cli());
        if (!m.diff().isEmpty()) {
            ArrayNode d = o.putArray("diff");
            m.diff().forEach(d::add);
        }
        if (m instanceof EngineCall call) {
            ObjectNode api = o.putObject("api");
            api.put("method", call.request().method());
            api.put("path", call.request().path());
            if (call.request().body() != null) {
                api.set("body", Bodies.redacted(call.request().body()));
            }
            call.request().headers().forEach((k, v) -> api.with("headers").put(k, v.placeholder()));
        } else if (m instanceof FileWrite w) {
            o.put("mode", w.mode());
            o.put("content", w.content());
        } else if (m instanceof DirCreate d) {
            o.put("mode", d.mode());
        } else if (m instanceof CommandRun r) {
            ArrayNode argv = o.putArray("argv");
            r.argv().forEach(argv::add);
        }
        return o;
    }

    public static ArrayNode of(List<Outcome> outcomes) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        outcomes.forEach(o -> a.add(of(o.mutation()).put("applied", o.applied())));
        return a;
    }
}
