package dev.swarmops.host;

import dev.swarmops.gate.Change;
import dev.swarmops.gate.CommandRun;
import dev.swarmops.gate.FileWrite;
import dev.swarmops.gate.Gate;
import dev.swarmops.gate.Outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The local machine: reads and probes run directly; writes and mutating commands are
 * mutations through the gate.
 *
 * <pre>{@code
 * host.write("/etc/docker/daemon.json", text, "0644")   // a FileWrite, shown as a diff
 * host.run("systemctl", "restart", "docker")            // a CommandRun
 * host.probe("nvidia-smi", "--query-gpu=uuid", "--format=csv,noheader")
 * }</pre>
 */
public final class Host {

    private final Gate gate;

    public Host(Gate gate) {
        this.gate = gate;
    }

    public boolean exists(String path) {
        return Files.exists(Path.of(path));
    }

    /** The file's text, or empty when it does not exist. */
    public Optional<String> read(String path) {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Write a file when its content differs; empty when it already matches. */
    public Optional<Outcome> write(String path, String content, String mode) {
        Optional<String> current = read(path);
        if (current.isPresent() && current.get().equals(content)) {
            return Optional.empty();
        }
        // a new file's content is already in its command; only a change needs a diff
        List<String> diff = current.map(c -> LineDiff.of(c, content)).orElse(List.of());
        return Optional.of(gate.submit(new FileWrite(Path.of(path), content, mode,
                current.isPresent() ? Change.UPDATE : Change.CREATE, diff)));
    }

    /** Write a file whose whole content is a secret value; empty when it already holds exactly that. */
    public Optional<Outcome> writeSecret(String path, dev.swarmops.gate.Sensitive value, String mode) {
        Path p = Path.of(path);
        try {
            if (Files.isRegularFile(p) && value.matches(Files.readAllBytes(p))) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return Optional.of(gate.submit(FileWrite.secret(p, value, mode, Files.exists(p) ? Change.UPDATE : Change.CREATE)));
    }

    /** Create a directory when it is not one yet; empty when it already is. */
    public Optional<Outcome> mkdir(String path, String mode) {
        if (Files.isDirectory(Path.of(path))) {
            return Optional.empty();
        }
        return Optional.of(gate.submit(new dev.swarmops.gate.DirCreate(Path.of(path), mode)));
    }

    public Outcome run(String purpose, List<String> argv) {
        return gate.submit(new CommandRun("command.run", argv, purpose));
    }

    public Probe.Result probe(List<String> argv) {
        return Probe.run(argv);
    }

    /** Whether a program is on PATH, without running it. */
    public boolean has(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
