package dev.swarmops.playbook;

import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmops.gate.Sensitive;
import dev.swarmops.ops.BadInputException;
import dev.swarmops.ops.JobResult;
import dev.swarmops.ops.ServiceSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code volumes} in a playbook: files seeded into a named volume from a Swarm secret, by a
 * one-shot task on this node that mounts both. The value travels as the secret, never in a spec.
 *
 * <pre>{@code
 * volumes.seedFile(volume: 'vol_platform_secrets', file: 'prism_challenge_token',
 *                  secret: 'platform_prism_challenge_token', fromEnv: 'PRISM_CHALLENGE_TOKEN',
 *                  uid: 1000, gid: 1000, mode: '0600', image: 'postgres:16-alpine')
 * }</pre>
 *
 * The file already there with that value, owner and mode is left alone: the volume's mount point
 * on this host is read and compared in memory (constant time), nothing of it printed.
 */
public final class VolumesDsl {

    private final RunContext ctx;

    VolumesDsl(RunContext ctx) {
        this.ctx = ctx;
    }

    public void seedFile(@NamedParams({@NamedParam(value = "volume", type = String.class, required = true), @NamedParam(value = "file", type = String.class, required = true), @NamedParam(value = "secret", type = String.class, required = true), @NamedParam(value = "fromEnv", type = String.class, required = true), @NamedParam(value = "uid", type = Integer.class), @NamedParam(value = "gid", type = Integer.class), @NamedParam(value = "mode", type = String.class), @NamedParam(value = "image", type = String.class, required = true)}) Map<String, Object> attrs) throws InterruptedException {
        Named.check("volumes.seedFile", attrs, VolumesDsl.class, "seedFile");
        String volume = DatabasesDsl.str(attrs, "volume");
        String file = DatabasesDsl.str(attrs, "file");
        if (!file.matches("[A-Za-z0-9_.-]+") || !volume.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new BadInputException("seedFile: '" + volume + "' / '" + file + "' must be a plain volume and file name");
        }
        String envVar = DatabasesDsl.str(attrs, "fromEnv");
        Sensitive value;
        try {
            value = Sensitive.fromEnv(envVar, ctx.env(), Sensitive.Encoding.TEXT);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("seedFile " + file + ": " + e.getMessage());
        }
        int uid = ((Number) attrs.getOrDefault("uid", 0)).intValue();
        int gid = ((Number) attrs.getOrDefault("gid", 0)).intValue();
        String mode = attrs.getOrDefault("mode", "0600").toString();
        if (!mode.matches("0[0-7]{3}")) {
            throw new BadInputException("seedFile " + file + ": mode '" + mode + "' is not octal like 0600");
        }
        if (matches(volume, file, value, uid, gid, mode)) {
            ctx.unchanged("volume " + volume + " has " + file + " (the value of $" + envVar + ", owner " + uid + ":" + gid + ", mode " + mode + ")");
            return;
        }
        ServiceSpec task = new ServiceSpec(DatabasesDsl.taskName("seed-", volume + "-" + file)).image(DatabasesDsl.str(attrs, "image"))
                .args(List.of("sh", "-c", "install -m " + mode + " -o " + uid + " -g " + gid + " /run/secrets/seed /seed/" + file))
                .user("root")
                .secret(DatabasesDsl.str(attrs, "secret"), "seed")
                .mount("volume", volume, "/seed", false)
                .constraint("node.hostname==" + ctx.ops().nodes().self().hostname())
                .label("swarmops.task", "seed");
        JobResult r = ctx.ops().jobs().runOnce(task, Duration.ofSeconds(120), ctx::say);
        if (!r.state().equals("planned") && r.exitCode() != 0) {
            throw new PlaybookFailure("seeding " + file + " into " + volume + " failed (exit " + r.exitCode() + "): "
                    + DatabasesDsl.lastLine(r.logs(), r.message()));
        }
    }

    private boolean matches(String volume, String file, Sensitive value, int uid, int gid, String mode) {
        Optional<JsonNode> v = ctx.ops().engine().find("/volumes/" + volume);
        if (v.isEmpty() || v.get().path("Mountpoint").asText().isEmpty()) {
            return false;
        }
        Path p = Path.of(v.get().path("Mountpoint").asText(), file);
        try {
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            return ((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)) == uid
                    && ((Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)) == gid
                    && perms.equals(java.nio.file.attribute.PosixFilePermissions.fromString(dev.swarmops.gate.FileWrite.permissions(mode)))
                    && value.matches(Files.readAllBytes(p));
        } catch (IOException | SecurityException e) {
            return false; // the volume lives on another host, or we may not read it: seed again (idempotent)
        }
    }
}
