package dev.swarmops.doctor;

import dev.swarmops.engine.Endpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dockerd process behind an endpoint, found in /proc: its pid (whose {@code net/} shows the
 * sockets of the engine's own network namespace, which may not be ours) and its command line
 * ({@code --config-file}). Matched by {@code -H}/{@code --host} (dockerd without one listens on
 * {@value #DEFAULT_SOCK}); when no argument matches but only one dockerd runs, that one.
 */
public record Dockerd(int pid, List<String> argv, String how) {

    static final String DEFAULT_SOCK = "/var/run/docker.sock";
    static final String DEFAULT_CONFIG = "/etc/docker/daemon.json";

    /** Every running dockerd under this /proc. */
    public static List<Dockerd> all(Path procRoot) {
        List<Dockerd> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(procRoot, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path d : dirs) {
                try {
                    if (!Files.readString(d.resolve("comm"), StandardCharsets.UTF_8).trim().equals("dockerd")) {
                        continue;
                    }
                    String cmdline = Files.readString(d.resolve("cmdline"), StandardCharsets.UTF_8);
                    out.add(new Dockerd(Integer.parseInt(d.getFileName().toString()), List.of(cmdline.split("\0")), ""));
                } catch (IOException | RuntimeException e) {
                    // gone, or not ours to read
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort((a, b) -> Integer.compare(a.pid, b.pid));
        return out;
    }

    /** The dockerd serving this endpoint, if it runs on this machine and can be told apart from others. */
    public static Optional<Dockerd> serving(Endpoint endpoint, Path procRoot) {
        List<Dockerd> all = all(procRoot);
        String want = normalize(endpoint.uri().toString());
        for (Dockerd d : all) {
            if (d.hosts().stream().map(Dockerd::normalize).anyMatch(h -> h.equals(want) || sameTcpPort(h, want))) {
                return Optional.of(new Dockerd(d.pid, d.argv, "its -H " + endpoint.uri()));
            }
        }
        if (all.size() == 1) {
            return Optional.of(new Dockerd(all.get(0).pid, all.get(0).argv, "the only dockerd running"));
        }
        return Optional.empty();
    }

    /** The {@code -H}/{@code --host} values, or the default socket when none is given. */
    public List<String> hosts() {
        List<String> hosts = flagValues("-H", "--host");
        return hosts.isEmpty() ? List.of("unix://" + DEFAULT_SOCK) : hosts;
    }

    /** {@code --config-file}, else dockerd's default path. */
    public String configFile() {
        List<String> v = flagValues("--config-file");
        return v.isEmpty() ? DEFAULT_CONFIG : v.get(v.size() - 1);
    }

    /** Whether a flag with a value ({@code --config-file X}) was given. */
    public boolean flagGiven(String flag) {
        return !flagValues(flag).isEmpty();
    }

    /** Whether a boolean flag ({@code --live-restore}) was given. */
    public boolean hasFlag(String flag) {
        return argv.stream().anyMatch(a -> a.equals(flag) || a.equals(flag + "=true"));
    }

    private List<String> flagValues(String... names) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            for (String n : names) {
                if (a.equals(n) && i + 1 < argv.size()) {
                    out.add(argv.get(i + 1));
                } else if (a.startsWith(n + "=")) {
                    out.add(a.substring(n.length() + 1));
                } else if (n.length() == 2 && a.startsWith(n) && a.length() > 2 && !a.startsWith("--")) {
                    out.add(a.substring(2)); // -Hunix:///x
                }
            }
        }
        return out;
    }

    /** unix:///run/x and unix:///var/run/x are one socket (/var/run links to /run); a bare path is a unix socket. */
    static String normalize(String host) {
        String h = host.contains("://") ? host : "unix://" + host;
        return h.replaceFirst("^unix:///var/run/", "unix:///run/");
    }

    private static boolean sameTcpPort(String a, String b) {
        return a.startsWith("tcp://") && b.startsWith("tcp://") && port(a).equals(port(b))
                && (a.startsWith("tcp://0.0.0.0:") || a.startsWith("tcp://:") || a.startsWith("tcp://[::]:"));
    }

    private static String port(String tcp) {
        return tcp.replaceFirst("^.*:(\\d+)/?$", "$1");
    }
}
