package dev.swarmops.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarmops.ops.BadInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Merges what swarmops needs into an operator's daemon.json without dropping their keys.
 * {@code live-restore} is always removed: with it the engine refuses to start its swarm
 * component ("--live-restore daemon configuration is incompatible with swarm mode").
 */
public final class DaemonJson {

    public static final String LIVE_RESTORE_REASON =
            "removed live-restore: it is incompatible with swarm mode (the engine will not start its cluster component)";

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The merged file and what the merge had to say about it. */
    public record Merged(String content, List<String> notes) { }

    private DaemonJson() {
    }

    public static Merged merge(String path, String existing, Map<String, Object> wanted) {
        ObjectNode root;
        try {
            JsonNode parsed = existing == null || existing.isBlank() ? PRETTY.createObjectNode() : PRETTY.readTree(existing);
            if (!parsed.isObject()) {
                throw new BadInputException(path + ": not a JSON object");
            }
            root = (ObjectNode) parsed;
        } catch (JsonProcessingException e) {
            throw new BadInputException(path + ": not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        }
        List<String> notes = new ArrayList<>();
        if (root.has("live-restore")) {
            root.remove("live-restore");
            notes.add(LIVE_RESTORE_REASON);
        }
        wanted.forEach((k, v) -> root.set(k, PRETTY.valueToTree(v)));
        try {
            return new Merged(PRETTY.writeValueAsString(root) + "\n", notes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render daemon.json", e);
        }
    }
}
