package dev.swarmops.gate;

import java.nio.file.Path;
import java.util.List;

/**
 * Write a whole file (atomically, with a mode), e.g. /etc/docker/daemon.json. A file whose whole
 * content is a secret value (an unlock key) carries it as {@link Sensitive}: shown as its
 * placeholder, revealed only when the gate writes it.
 */
public record FileWrite(Path path, String content, String mode, Change change, List<String> diff, Sensitive secret) implements Mutation {

    public FileWrite(Path path, String content, String mode, Change change, List<String> diff) {
        this(path, content, mode, change, diff, null);
    }

    public static FileWrite secret(Path path, Sensitive value, String mode, Change change) {
        return new FileWrite(path, value.placeholder(), mode, change, List.of(), value);
    }

    public FileWrite {
        diff = List.copyOf(diff);
        if (!mode.matches("0[0-7]{3}")) {
            throw new IllegalArgumentException("file mode must be octal like 0644: " + mode);
        }
    }

    /** {@code 0640} as {@code rw-r-----}, for PosixFilePermissions. */
    public static String permissions(String mode) {
        String[] sets = {"---", "--x", "-w-", "-wx", "r--", "r-x", "rw-", "rwx"};
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < 4; i++) {
            sb.append(sets[mode.charAt(i) - '0']);
        }
        return sb.toString();
    }

    @Override
    public String kind() {
        return "file.write";
    }

    @Override
    public String target() {
        return path.toString();
    }

    @Override
    public String cli() {
        if (secret != null) {
            return "install -D -m " + mode + " /dev/stdin " + CliLine.quote(path.toString()) + "   # from stdin: " + secret.placeholder();
        }
        String body = content.endsWith("\n") ? content : content + "\n";
        String q = CliLine.quote(path.toString());
        return "install -D -m " + mode + " /dev/stdin " + q + " <<'SWARMOPS_EOF'\n" + body + "SWARMOPS_EOF";
    }
}
