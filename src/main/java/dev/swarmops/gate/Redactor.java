package dev.swarmops.gate;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The last line of defence: every secret value in play this process (each {@link Sensitive} read
 * from the environment, a file or stdin, and every variable whose name says it holds a secret)
 * and its base64 and SHA-256 forms, scrubbed from whatever reaches stdout, stderr, a plan file or
 * JSON output, whichever careless path it took to get there.
 *
 * <pre>{@code System.setOut(Redactor.scrubbing(System.out)); Redactor.scrub("token=" + value)  // "token=<hidden>"}</pre>
 */
public final class Redactor {

    /** Variable names that hold secrets by their own say-so. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(TOKEN|PASSWORD|PASSWD|SECRET|API_?KEY|ENV_KEY|PRIVATE_KEY|CREDENTIAL|DATABASE_URL|_DSN).*");
    /** Shorter values would scrub ordinary words ("true", "1234"); a secret that short protects nothing anyway. */
    private static final int MIN_LENGTH = 6;
    private static final Map<String, String> FORMS = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> NAMES = new ConcurrentHashMap<>();
    /** FORMS longest first (a value that contains another is replaced whole), kept sorted as they come: scrub runs per line. */
    private static volatile List<Map.Entry<String, String>> ordered = List.of();

    private Redactor() {
    }

    public static boolean secretName(String variable) {
        return NAMES.containsKey(variable) || SECRET_NAME.matcher(variable).matches();
    }

    /** Every variable whose name says it is secret: its value is scrubbed from here on. */
    public static void registerSecretVariables(Map<String, String> env) {
        env.forEach((k, v) -> {
            if (secretName(k)) {
                register(k, v.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    static void register(String variable, byte[] value) {
        if (variable != null) {
            NAMES.put(variable, Boolean.TRUE);
        }
        register(value);
    }

    static synchronized void register(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        if (text.strip().length() < MIN_LENGTH) {
            return;
        }
        String hidden = "<hidden>";
        FORMS.put(text, hidden);
        FORMS.put(text.strip(), hidden);
        FORMS.put(Base64.getEncoder().encodeToString(value), hidden);
        String sha = sha256(value);
        FORMS.put(sha, "<hash of a hidden value>");
        FORMS.put(sha.substring(0, 12), "<hash of a hidden value>");
        List<Map.Entry<String, String>> sorted = new ArrayList<>(FORMS.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());
        sorted.sort((a, b) -> b.getKey().length() - a.getKey().length());
        ordered = List.copyOf(sorted);
    }

    /** The text with every registered secret form replaced. */
    public static String scrub(String text) {
        List<Map.Entry<String, String>> forms = ordered;
        if (text == null || forms.isEmpty()) {
            return text;
        }
        String out = text;
        for (Map.Entry<String, String> f : forms) {
            if (out.contains(f.getKey())) {
                out = out.replace(f.getKey(), f.getValue());
            }
        }
        return out;
    }

    /** A stream that scrubs each line (and whatever is flushed) before passing it on. */
    public static PrintStream scrubbing(PrintStream sink) {
        return new PrintStream(new LineScrubber(sink), true, StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] v) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(v));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Buffers up to a newline so a value written in pieces is still seen whole. */
    private static final class LineScrubber extends OutputStream {
        private final PrintStream sink;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineScrubber(PrintStream sink) {
            this.sink = sink;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() {
            if (line.size() > 0) {
                sink.print(scrub(line.toString(StandardCharsets.UTF_8)));
                line.reset();
            }
            sink.flush();
        }
    }
}
