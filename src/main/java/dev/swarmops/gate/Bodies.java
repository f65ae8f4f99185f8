package dev.swarmops.gate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Serialises request bodies two ways: revealed (secret bytes in place, for the engine only) and
 * redacted (placeholders, for plans and JSON output).
 */
public final class Bodies {

    private static final ObjectMapper REVEAL = mapper(new JsonSerializer<>() {
        @Override
        public void serialize(Sensitive s, JsonGenerator g, SerializerProvider p) throws IOException {
            byte[] v = s.reveal();
            g.writeString(s.encoding() == Sensitive.Encoding.BASE64 ? Base64.getEncoder().encodeToString(v)
                    : new String(v, StandardCharsets.UTF_8));
        }
    });

    private static final ObjectMapper REDACT = mapper(new JsonSerializer<>() {
        @Override
        public void serialize(Sensitive s, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(s.placeholder());
        }
    });

    private Bodies() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A body node holding a secret; it renders as its placeholder everywhere but the engine. */
    public static JsonNode secret(Sensitive s) {
        return new POJONode(s);
    }

    static byte[] reveal(JsonNode body) {
        try {
            return REVEAL.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise request body", e);
        }
    }

    /** A copy of the body with every {@link Ref} replaced by the id it names now. */
    static JsonNode resolveRefs(JsonNode n, java.util.function.Function<Ref, String> resolve) {
        if (n instanceof POJONode p && p.getPojo() instanceof Ref r) {
            return JsonNodeFactory.instance.textNode(resolve.apply(r));
        }
        if (n instanceof ObjectNode o) {
            ObjectNode out = object();
            o.fields().forEachRemaining(e -> out.set(e.getKey(), resolveRefs(e.getValue(), resolve)));
            return out;
        }
        if (n instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
            com.fasterxml.jackson.databind.node.ArrayNode out = JsonNodeFactory.instance.arrayNode();
            a.forEach(c -> out.add(resolveRefs(c, resolve)));
            return out;
        }
        return n;
    }

    /** The body as plain JSON with every secret replaced by its placeholder. */
    public static JsonNode redacted(JsonNode body) {
        if (body == null) {
            return null;
        }
        try {
            return REDACT.readTree(REDACT.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise request body", e);
        }
    }

    /** Replace any secret of this request (body or headers) that appears in a message by its placeholder. */
    static String scrub(String message, ApiRequest req) {
        List<Sensitive> all = sensitives(req.body());
        all.addAll(req.headers().values());
        return scrub(message, all);
    }

    static String scrub(String message, List<Sensitive> secrets) {
        String out = message == null ? "" : message;
        // longest first: a value that contains another is replaced whole
        List<Sensitive> ordered = new ArrayList<>(secrets);
        ordered.sort((a, b) -> b.reveal().length - a.reveal().length);
        for (Sensitive s : ordered) {
            String v = new String(s.reveal(), StandardCharsets.UTF_8);
            if (!v.isEmpty()) {
                out = out.replace(v, s.placeholder());
                out = out.replace(Base64.getEncoder().encodeToString(s.reveal()), s.placeholder());
            }
        }
        return out;
    }

    static List<Sensitive> sensitives(JsonNode body) {
        List<Sensitive> found = new ArrayList<>();
        collect(body, found);
        return found;
    }

    private static void collect(JsonNode n, List<Sensitive> found) {
        if (n == null) {
            return;
        }
        if (n instanceof POJONode p && p.getPojo() instanceof Sensitive s) {
            found.add(s);
        }
        n.forEach(child -> collect(child, found));
    }

    private static ObjectMapper mapper(JsonSerializer<Sensitive> serializer) {
        SimpleModule m = new SimpleModule();
        m.addSerializer(Sensitive.class, serializer);
        return new ObjectMapper().registerModule(m);
    }
}
