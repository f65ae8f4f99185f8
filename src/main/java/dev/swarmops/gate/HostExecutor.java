package dev.swarmops.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Carries out host effects for the {@link ApplyGate}: file writes and command runs. */
final class HostExecutor {

    JsonNode write(FileWrite w) {
        Path target = w.path().toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            // write beside the target and rename, so a reader never sees half a daemon.json
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".swarmops");
            Files.write(tmp, w.secret() != null ? w.secret().reveal() : w.content().getBytes(StandardCharsets.UTF_8));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(FileWrite.permissions(w.mode())));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        ObjectNode r = Bodies.object();
        r.put("path", target.toString());
        r.put("bytes", w.secret() != null ? w.secret().reveal().length : w.content().getBytes(StandardCharsets.UTF_8).length);
        return r;
    }

    JsonNode mkdir(DirCreate d) {
        Path target = d.path().toAbsolutePath();
        try {
            Files.createDirectories(target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(FileWrite.permissions(d.mode())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target + ": " + e.getMessage(), e);
        }
        return Bodies.object().put("path", target.toString());
    }

    JsonNode run(CommandRun c) {
        try {
            Process p = new ProcessBuilder(c.argv()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                throw new CommandFailedException(c, code, out);
            }
            ObjectNode r = Bodies.object();
            r.put("exit", code);
            r.put("output", out);
            return r;
        } catch (IOException e) {
            throw new CommandFailedException(c, -1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException(c, -1, "interrupted");
        }
    }
}
