package dev.swarmops.playbook;

import dev.swarmops.ops.BadInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A playbook's settings: its defaults file, overlaid by an operator's {@code --config} file.
 * The override may only name keys the defaults have (a typo must not be silently ignored), and
 * a value must keep its type.
 */
public final class Settings {

    private Settings() {
    }

    public static Map<String, Object> parse(String name, String text) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);   // a key given twice is a mistake, not "the last one wins"
            Object o = new Yaml(new SafeConstructor(options)).load(text);
            if (o == null) {
                return new LinkedHashMap<>();
            }
            if (!(o instanceof Map)) {
                throw new BadInputException(name + ": the top level must be a mapping of settings");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            return m;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            throw new BadInputException(name + ": malformed YAML" + where + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new BadInputException(name + ": malformed YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Defaults with the override laid over them, key by key, refusing unknown keys and type changes. */
    public static Map<String, Object> overlay(Map<String, Object> defaults, Map<String, Object> override, String source) {
        Map<String, Object> out = new LinkedHashMap<>(defaults);
        merge(out, override, source, "");
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> over, String source, String prefix) {
        for (Map.Entry<String, Object> e : over.entrySet()) {
            String key = prefix + e.getKey();
            if (!into.containsKey(e.getKey())) {
                throw new BadInputException(source + ": unknown setting '" + key + "' (known here: "
                        + String.join(", ", into.keySet().stream().map(k -> prefix + k).toList()) + ")");
            }
            Object base = into.get(e.getKey());
            Object value = e.getValue();
            if (base instanceof Map && value instanceof Map) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) base);
                merge(copy, (Map<String, Object>) value, source, key + ".");
                into.put(e.getKey(), copy);
            } else if (base != null && value != null && !compatible(base, value)) {
                throw new BadInputException(source + ": setting '" + key + "' must be " + kind(base) + ", not " + kind(value));
            } else {
                into.put(e.getKey(), value);
            }
        }
    }

    private static boolean compatible(Object base, Object value) {
        return kind(base).equals(kind(value));
    }

    private static String kind(Object o) {
        if (o instanceof Map) {
            return "a mapping";
        }
        if (o instanceof List) {
            return "a list";
        }
        if (o instanceof Number) {
            return "a number";
        }
        if (o instanceof Boolean) {
            return "true or false";
        }
        return "text";
    }
}
