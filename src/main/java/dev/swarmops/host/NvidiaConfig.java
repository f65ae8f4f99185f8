package dev.swarmops.host;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * /etc/nvidia-container-runtime/config.toml: for kind NVIDIA-GPU Swarm hands a task
 * {@code DOCKER_RESOURCE_NVIDIA-GPU=<uuid>}, while the runtime reads DOCKER_RESOURCE_GPU unless
 * told otherwise. Only the {@code swarm-resource} line is touched; the rest stays as it is.
 */
public final class NvidiaConfig {

    public static final String LINE = "swarm-resource = \"DOCKER_RESOURCE_NVIDIA-GPU\"";
    private static final Pattern EXISTING = Pattern.compile("^\\s*#?\\s*swarm-resource\\s*=.*$");
    private static final Pattern GPU_UUID = Pattern.compile("GPU-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private NvidiaConfig() {
    }

    public static String withSwarmResource(String existing) {
        List<String> lines = new ArrayList<>(existing == null ? List.of() : List.of(existing.split("\n", -1)));
        for (int i = 0; i < lines.size(); i++) {
            if (EXISTING.matcher(lines.get(i)).matches()) {
                lines.set(i, LINE);
                return String.join("\n", lines);
            }
        }
        // a top-level key: it must come before the first [section]
        lines.add(0, LINE);
        String out = String.join("\n", lines);
        return out.endsWith("\n") ? out : out + "\n";
    }

    /** UUIDs from {@code nvidia-smi --query-gpu=uuid --format=csv,noheader} or an operator's list; malformed → error. */
    public static List<String> uuids(String text, String source) {
        List<String> out = new ArrayList<>();
        for (String raw : text.split("[,\\n]")) {
            String u = raw.trim();
            if (u.isEmpty()) {
                continue;
            }
            if (!GPU_UUID.matcher(u).matches()) {
                throw new dev.swarmops.ops.BadInputException(source + ": '" + u + "' is not a GPU UUID (GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
            }
            out.add(u);
        }
        if (out.isEmpty()) {
            throw new dev.swarmops.ops.BadInputException(source + ": no GPU found");
        }
        return out;
    }
}
