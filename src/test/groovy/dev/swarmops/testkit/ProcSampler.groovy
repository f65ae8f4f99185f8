package dev.swarmops.testkit

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong

/**
 * Reads every process's /proc/PID/cmdline over and over on a background thread, and keeps each
 * argv that contains one of the needles. Catches any process that carries a secret in its argv
 * for longer than one sweep (a few milliseconds).
 */
final class ProcSampler implements AutoCloseable {

    private final List<String> needles
    private final Map<String, Set<String>> hits = new ConcurrentHashMap<>()
    private final Set<String> pids = ConcurrentHashMap.newKeySet()
    private final AtomicLong sweeps = new AtomicLong()
    private volatile boolean running = true
    private final Thread thread

    ProcSampler(Collection<String> needles) {
        this.needles = List.copyOf(needles)
        thread = Thread.startDaemon('proc-sampler') {
            while (running) {
                sweep()
                sweeps.incrementAndGet()
                Thread.sleep(2)
            }
        }
    }

    /** Argvs (as {@code PID: argv}) seen containing the needle. */
    Set<String> hits(String needle) {
        hits.getOrDefault(needle, [] as Set)
    }

    long sweeps() {
        sweeps.get()
    }

    int processesSeen() {
        pids.size()
    }

    private void sweep() {
        Files.newDirectoryStream(Path.of('/proc')).withCloseable { stream ->
            for (Path dir : stream) {
                String pid = dir.fileName.toString()
                if (!pid.isLong()) {
                    continue
                }
                byte[] raw
                try {
                    raw = Files.readAllBytes(dir.resolve('cmdline'))
                } catch (IOException ignored) {
                    continue // gone already
                }
                pids << pid
                String argv = new String(raw, StandardCharsets.UTF_8).replace('\u0000', ' ')
                for (String n : needles) {
                    if (argv.contains(n)) {
                        hits.computeIfAbsent(n) { ConcurrentHashMap.newKeySet() } << "$pid: $argv".toString()
                    }
                }
            }
        }
    }

    @Override
    void close() {
        running = false
        thread.join(10_000)
    }
}
