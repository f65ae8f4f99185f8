package dev.swarmops.gate;

import com.fasterxml.jackson.annotation.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A secret value or join token. It renders only as a placeholder naming its source; the value
 * itself is read when the gate executes and is revealed only inside the gate package, into
 * an API request body. Never argv, never a plan, never a message.
 */
public final class Sensitive {

    /** How the value sits in an API body: secret and config Data are base64, a join token is text. */
    public enum Encoding { TEXT, BASE64 }

    private final String source;
    private final Supplier<byte[]> value;
    private final Encoding encoding;
    private final String noun;
    /** For registry credentials: the server and user they were made with (neither is secret). */
    private final String server;
    private final String user;
    private byte[] cached;

    private Sensitive(String source, Supplier<byte[]> value, Encoding encoding) {
        this(source, value, encoding, "value");
    }

    private Sensitive(String source, Supplier<byte[]> value, Encoding encoding, String noun) {
        this(source, value, encoding, noun, null, null);
    }

    private Sensitive(String source, Supplier<byte[]> value, Encoding encoding, String noun, String server, String user) {
        this.source = source;
        this.value = value;
        this.encoding = encoding;
        this.noun = noun;
        this.server = server;
        this.user = user;
    }

    /** The same value, called by another noun in placeholders: {@code <token from $JOIN_TOKEN>}. */
    public Sensitive as(String otherNoun) {
        return new Sensitive(source, value, encoding, otherNoun, server, user);
    }

    /** Value of an environment variable; missing or empty is bad input, caught before anything runs. */
    public static Sensitive fromEnv(String variable, Map<String, String> env, Encoding encoding) {
        String v = env.get(variable);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("environment variable " + variable + " is not set (it supplies a secret value)");
        }
        Redactor.register(variable, v.getBytes(StandardCharsets.UTF_8));
        return new Sensitive("$" + variable, () -> v.getBytes(StandardCharsets.UTF_8), encoding);
    }

    public static Sensitive fromFile(Path file, Encoding encoding) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("secret file " + file + " is not readable");
        }
        try {
            Redactor.register(Files.readAllBytes(file));   // scrubbed from output even in a dry-run, which never reads it again
        } catch (IOException e) {
            // read again (and reported) when the gate needs it
        }
        return new Sensitive("file " + file, () -> {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read secret file " + file, e);
            }
        }, encoding);
    }

    /** Standard input, read once now: it cannot be read again at execution. */
    public static Sensitive fromStdin(InputStream in, Encoding encoding) {
        try {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                throw new IllegalArgumentException("standard input is empty (it supplies a secret value)");
            }
            Redactor.register(bytes);
            return new Sensitive("stdin", () -> bytes, encoding);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
    }

    /** A value already in hand (a token or key the engine gave us), labelled by where it came from; scrubbed from all output. */
    public static Sensitive of(String source, String value, Encoding encoding) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        Redactor.register(bytes);
        return new Sensitive(source, () -> bytes, encoding);
    }

    /**
     * Registry credentials as the Engine API takes them in {@code X-Registry-Auth}: base64url JSON
     * of user, password and server (what {@code docker service create --with-registry-auth} sends).
     */
    public static Sensitive registryAuth(String server, String user, Sensitive password) {
        return new Sensitive(password.source, () -> {
            com.fasterxml.jackson.databind.node.ObjectNode o = Bodies.object();
            o.put("username", user).put("password", new String(password.reveal(), StandardCharsets.UTF_8)).put("serveraddress", server);
            return java.util.Base64.getUrlEncoder().encode(o.toString().getBytes(StandardCharsets.UTF_8));
        }, Encoding.TEXT, "registry credentials", server, user);
    }

    /** Whether these bytes are the value, compared in constant time; nothing of the value leaves. */
    public boolean matches(byte[] candidate) {
        return java.security.MessageDigest.isEqual(reveal(), candidate);
    }

    /**
     * The swarm CA digest a join token carries ({@code SWMTKN-1-DIGEST-SECRET}), as the hex SHA-256
     * of the root CA's PEM: public, as {@code docker swarm ca} is. Empty when the value is no join
     * token. The secret part never leaves.
     */
    public java.util.Optional<String> joinTokenCaDigest() {
        java.util.regex.Matcher m = JOIN_TOKEN.matcher(new String(reveal(), StandardCharsets.UTF_8).strip());
        return m.matches() ? java.util.Optional.of(String.format("%064x", new java.math.BigInteger(m.group(1), 36)))
                : java.util.Optional.empty();
    }

    /** swarmkit's format: version 1, the CA digest in base36 (50 digits), the secret in base36. */
    private static final java.util.regex.Pattern JOIN_TOKEN = java.util.regex.Pattern.compile("SWMTKN-1-([0-9a-z]{50})-[0-9a-z]{25}");

    public String source() {
        return source;
    }

    public Encoding encoding() {
        return encoding;
    }

    String noun() {
        return noun;
    }

    String server() {
        return server;
    }

    String user() {
        return user;
    }

    /** For plans and CLI comments: `value from $VAR (hidden)`. */
    public String describe() {
        return noun + " from " + source + " (hidden)";
    }

    /** Also what any plain Jackson rendering shows (a mutation's toString); only the gate's own mapper reveals. */
    @JsonValue
    public String placeholder() {
        return "<" + noun + " from " + source + ">";
    }

    byte[] reveal() {
        if (cached == null) {
            cached = value.get();
        }
        return cached;
    }

    @Override
    public String toString() {
        return placeholder();
    }
}
