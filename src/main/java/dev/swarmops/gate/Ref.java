package dev.swarmops.gate;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.swarmops.engine.Engine;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * An object a request refers to by name before it exists (a network, secret or config the same
 * plan creates first): shown as {@code <id of secret x>} everywhere, resolved to its id by the
 * gate when it applies, just as a {@link Sensitive} is revealed only there. Nothing else needs
 * to know whether the run is a dry-run.
 */
public record Ref(String kind, String name) {

    public Ref {
        if (!kind.equals("network") && !kind.equals("secret") && !kind.equals("config")) {
            throw new IllegalArgumentException("a reference is to a network, secret or config, not a " + kind);
        }
    }

    /** The body node that stands for the id. */
    public JsonNode node() {
        return new POJONode(this);
    }

    @JsonValue
    public String placeholder() {
        return "<id of " + kind + " " + name + ">";
    }

    /** Back from what {@link #placeholder()} printed, when a reader meets it as text. */
    public static Ref parse(String text) {
        if (text == null || !text.startsWith("<id of ") || !text.endsWith(">")) {
            return null;
        }
        String[] parts = text.substring("<id of ".length(), text.length() - 1).split(" ", 2);
        return parts.length == 2 ? new Ref(parts[0], parts[1]) : null;
    }

    /** The id the engine knows the object by now; the object must exist by the time it is applied. */
    String resolve(Engine engine) {
        String filter = URLEncoder.encode("{\"name\":[\"" + name.replace("\"", "") + "\"]}", StandardCharsets.UTF_8);
        for (JsonNode o : engine.get("/" + kind + "s?filters=" + filter)) {
            String n = kind.equals("network") ? o.path("Name").asText() : o.path("Spec").path("Name").asText();
            if (n.equals(name)) {
                return kind.equals("network") ? o.path("Id").asText() : o.path("ID").asText();
            }
        }
        throw new IllegalArgumentException(kind + " '" + name + "' does not exist; create it first");
    }

    @Override
    public String toString() {
        return placeholder();
    }
}
