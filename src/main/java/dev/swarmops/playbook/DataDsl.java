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
        if (exists(name)) {
            if (!rotate) {
                ctx.unchanged(objects.kind() + " " + name + " exists (values are not compared; rotate explicitly to replace it)");
                return;
            }
            objects.remove(name);
        }
        objects.create(name, value, Map.of());
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
