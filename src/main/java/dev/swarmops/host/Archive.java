package dev.swarmops.host;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads one member of a {@code .tar.gz} without unpacking it (a backup's manifest, before a
 * restore changes anything). commons-compress comes with docker-java already; writing archives is
 * tar's job, through the gate.
 */
public final class Archive {

    private Archive() {
    }

    /** The member's bytes ({@code ./name} or {@code name}), or empty when the archive has no such member. */
    public static Optional<byte[]> member(Path archive, String name) {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String n = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (n.equals(name) && e.isFile()) {
                    return Optional.of(tar.readAllBytes());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(archive + " is not a readable .tar.gz (" + e.getMessage() + ")", e);
        }
    }
}
