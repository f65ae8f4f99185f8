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

    /** What every platform engine needs: log rotation and no-new-privileges daemon-wide (services cannot set security-opt). */
    public static Map<String, Object> base(String logMaxSize, String logMaxFile) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("log-driver", "json-file");
        // ordered maps only: Map.of iterates in a per-JVM random order, and the file must come out byte-identical
        Map<String, Object> logOpts = new java.util.LinkedHashMap<>();
        logOpts.put("max-size", logMaxSize);
        logOpts.put("max-file", logMaxFile);
        m.put("log-opts", logOpts);
        m.put("no-new-privileges", true);
        return m;
    }

    /**
     * The GPU worker variant: each GPU advertised as {@code NVIDIA-GPU=<uuid>}, and the nvidia runtime
     * as the default — Swarm services cannot choose a runtime, so without it a GPU is scheduled but
     * never bound to the container.
     */
    public static Map<String, Object> gpu(Map<String, Object> base, java.util.List<String> uuids, String runtimePath) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(base);
        m.put("node-generic-resources", uuids.stream().map(u -> "NVIDIA-GPU=" + u).toList());
        Map<String, Object> nvidia = new java.util.LinkedHashMap<>();
        nvidia.put("path", runtimePath);
        nvidia.put("runtimeArgs", java.util.List.of());
        m.put("runtimes", Map.of("nvidia", nvidia));
        m.put("default-runtime", "nvidia");
        return m;
    }

    /** The rendered file for a fresh machine, as {@code worker daemon-json} prints it. */
    public static String render(Map<String, Object> keys) {
        return merge("daemon.json", null, keys).content();
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
