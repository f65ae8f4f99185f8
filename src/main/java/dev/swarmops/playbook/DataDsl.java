package dev.swarmops.playbook;

import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import dev.swarmops.gate.Sensitive;
import dev.swarmops.ops.BadInputException;
import dev.swarmops.ops.DataObjects;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code secrets} and {@code configs} in a playbook. A secret's value cannot be read back, and
 * no hash of it is stored anywhere to guess it from: an existing secret is left as it is unless
 * the playbook asks to rotate it. Configs are not secret, so their names carry a content hash
 * and a changed config is a new object that services roll onto.
 *
 * <pre>{@code
 * secrets.ensure('platform_admin_token', fromEnv: 'PLATFORM_ADMIN_TOKEN')
 * def name = configs.ensureVersioned('platform_master', yamlText)
 * }</pre>
 */
public final class DataDsl {

    private final RunContext ctx;
    private final DataObjects objects;

    DataDsl(RunContext ctx, DataObjects objects) {
        this.ctx = ctx;
        this.objects = objects;
    }

    public boolean exists(String name) {
        return objects.find(name).isPresent();
    }

    public void ensure(@NamedParams({@NamedParam(value = "fromEnv", type = String.class), @NamedParam(value = "fromFile", type = String.class), @NamedParam(value = "rotate", type = Boolean.class)}) Map<String, Object> attrs, String name) {
        Named.check(objects.kind() + "s.ensure", attrs, DataDsl.class, "ensure");
        boolean rotate = Boolean.TRUE.equals(attrs.get("rotate"));
        Sensitive value = source(attrs, name);
        String current = current(name);
        if (!rotate && !current.equals(name)) {
            ctx.unchanged(objects.kind() + " " + name + " was rotated: its current version is " + current);
            return;
        }
        if (exists(name)) {
            if (!rotate) {
                ctx.unchanged(objects.kind() + " " + name + " exists (values are not compared; rotate explicitly to replace it)");
                return;
            }
            objects.remove(name);
        }
        objects.create(name, value, Map.of());
    }

    /** Label of each rotated version ({@code name-N}), naming the base it rotates. */
    static final String ROTATES = "swarmops.rotates";

    /** Every existing version of {@code base}: {@code base} itself and its rotations {@code base-N}, oldest first. */
    public java.util.List<String> versions(String base) {
        String rotation = java.util.regex.Pattern.quote(base) + "-[0-9]+";
        return java.util.stream.Stream.concat(exists(base) ? java.util.stream.Stream.of(base) : java.util.stream.Stream.empty(),
                        labelled(ROTATES, base).stream().filter(n -> n.matches(rotation)))
                .sorted(java.util.Comparator.comparingInt(n -> version(base, n))).toList();
    }

    /**
     * The version of {@code base} in use: the newest of {@link #versions}, or {@code base} when
     * there is none yet. Services name this one, so a re-run does not switch them back.
     */
    public String current(String base) {
        java.util.List<String> v = versions(base);
        return v.isEmpty() ? base : v.get(v.size() - 1);
    }

    /**
     * Rotate: create the next version {@code base-N} from the new value (labelled as a version of
     * {@code base}); returns its name. The old versions stay until the caller removes them.
     */
    public String rotate(@NamedParams({@NamedParam(value = "fromEnv", type = String.class, required = true)}) Map<String, Object> attrs, String base) {
        Named.check(objects.kind() + "s.rotate", attrs, DataDsl.class, "rotate");
        String current = current(base);
        if (!exists(current)) {
            throw new BadInputException("no " + objects.kind() + " '" + base + "' to rotate");
        }
        String next = base + "-" + (version(base, current) + 1);
        objects.create(next, source(attrs, next), Map.of(ROTATES, base));
        return next;
    }

    private static int version(String base, String name) {
        return name.equals(base) ? 0 : Integer.parseInt(name.substring(base.length() + 1));
    }

    /** Names of this kind carrying label {@code key=value}, e.g. the versions of a rotated secret. */
    public java.util.List<String> labelled(String key, String value) {
        return objects.list().stream().filter(o -> value.equals(o.path("Spec").path("Labels").path(key).asText(null)))
                .map(o -> o.path("Spec").path("Name").asText()).sorted().toList();
    }

    /** Create under a name with labels, from an env var; refuses when the name exists. */
    public void create(@NamedParams({@NamedParam(value = "fromEnv", type = String.class), @NamedParam(value = "fromFile", type = String.class), @NamedParam(value = "labels", type = Map.class)}) Map<String, Object> attrs, String name) {
        Named.check(objects.kind() + "s.create", attrs, DataDsl.class, "create");
        if (exists(name)) {
            throw new PlaybookFailure(objects.kind() + " " + name + " already exists");
        }
        @SuppressWarnings("unchecked")
        Map<String, String> labels = (Map<String, String>) attrs.getOrDefault("labels", Map.of());
        objects.create(name, source(attrs, name), labels);
    }

    public void remove(String name) {
        objects.remove(name);
    }

    /** Publish text under {@code base-<content hash>}; returns that name. */
    public String ensureVersioned(String base, String content) {
        String name = base + "-" + sha256(content).substring(0, 12);
        if (exists(name)) {
            ctx.unchanged(objects.kind() + " " + name + " exists, matches (content-addressed)");
        } else {
            objects.createText(name, content, "rendered " + base + " (" + content.length() + " characters)", Map.of("swarmops.base", base));
        }
        return name;
    }

    private Sensitive source(Map<String, Object> attrs, String name) {
        Object env = attrs.get("fromEnv");
        if (env != null) {
            try {
                return Sensitive.fromEnv(env.toString(), ctx.env(), Sensitive.Encoding.BASE64);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(objects.kind() + " " + name + ": " + e.getMessage());
            }
        }
        Object file = attrs.get("fromFile");
        if (file != null) {
            return Sensitive.fromFile(java.nio.file.Path.of(file.toString()), Sensitive.Encoding.BASE64);
        }
        throw new BadInputException(objects.kind() + " " + name + ": say where its value comes from (fromEnv: or fromFile:)");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
