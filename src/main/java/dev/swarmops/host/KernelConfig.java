package dev.swarmops.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A kernel's build configuration ({@code /proc/config.gz}, {@code /boot/config-RELEASE}): option → y, m, a value, or "n". */
public record KernelConfig(String source, Map<String, String> options) {

    private static final Pattern SET = Pattern.compile("^(CONFIG_[A-Za-z0-9_]+)=(.*)$");
    private static final Pattern UNSET = Pattern.compile("^#\\s*(CONFIG_[A-Za-z0-9_]+) is not set\\s*$");

    /** The running kernel's build configuration, from PROC/config.gz or BOOT/config-RELEASE; empty when neither is readable. */
    public static Optional<KernelConfig> read(Path procRoot, Path bootRoot) {
        String osRelease = osRelease(procRoot);
        Path gz = procRoot.resolve("config.gz");
        if (Files.isReadable(gz)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                return Optional.of(parse(gz.toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // fall through to /boot
            }
        }
        Path boot = bootRoot.resolve("config-" + osRelease);
        if (osRelease.isEmpty() || !Files.isReadable(boot)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(boot.toString(), Files.readString(boot, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The running kernel's release (PROC/sys/kernel/osrelease), empty when unreadable. */
    public static String osRelease(Path procRoot) {
        try {
            return Files.readString(procRoot.resolve("sys/kernel/osrelease"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    public static KernelConfig parse(String source, String text) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SET.matcher(line.trim());
            if (m.matches()) {
                opts.put(m.group(1), m.group(2));
                continue;
            }
            Matcher u = UNSET.matcher(line.trim());
            if (u.matches()) {
                opts.put(u.group(1), "n");
            }
        }
        return new KernelConfig(source, Map.copyOf(opts));
    }

    /** {@code y}, {@code m}, a value, or {@code n} when unset or not mentioned. */
    public String get(String option) {
        return options.getOrDefault(option, "n");
    }

    /** Built in or a module. */
    public boolean has(String option) {
        String v = get(option);
        return v.equals("y") || v.equals("m");
    }
}
