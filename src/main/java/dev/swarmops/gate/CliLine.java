package dev.swarmops.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A docker CLI command line as argv plus an optional trailing comment (where a secret comes
 * from). Argv never holds a secret value: {@link Sensitive} parts are rendered by the comment.
 */
public record CliLine(List<String> argv, String comment) {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./=-]+");

    public CliLine {
        argv = List.copyOf(argv);
    }

    public static Builder docker(String... words) {
        return new Builder().add(words);
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(a));
        }
        if (comment != null && !comment.isEmpty()) {
            sb.append("   # ").append(comment);
        }
        return sb.toString();
    }

    /** POSIX shell quoting: bare when safe, single quotes otherwise. */
    public static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Collects argv in order; optional flags are skipped when their value is absent. */
    public static final class Builder {
        private final List<String> argv = new ArrayList<>(List.of("docker"));
        private String comment;

        public Builder add(String... words) {
            argv.addAll(List.of(words));
            return this;
        }

        public Builder flag(String name, boolean on) {
            if (on) {
                argv.add(name);
            }
            return this;
        }

        public Builder opt(String name, Object value) {
            if (value != null) {
                argv.add(name);
                argv.add(value.toString());
            }
            return this;
        }

        public Builder each(String name, Iterable<?> values) {
            for (Object v : values) {
                opt(name, v);
            }
            return this;
        }

        public Builder comment(String text) {
            this.comment = text;
            return this;
        }

        public CliLine build() {
            return new CliLine(argv, comment);
        }
    }
}
