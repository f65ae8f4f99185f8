package dev.swarmops.playbook

import java.nio.file.Files
import java.nio.file.Path

/**
 * Reads every process's /proc/PID/cmdline over and over while it runs, looking for a value
 * that must never be on a command line; also records whether it saw the watched process itself,
 * so a clean result cannot come from sampling nothing.
 */
final class CmdlineSampler implements AutoCloseable {

    private final String needle
    private final Thread thread
    private volatile boolean stopped
    /** The pid whose command line must be seen at least once (set once it is started). */
    volatile long watched = -1
    volatile int rounds
    volatile int sawWatched
    final List<String> hits = Collections.synchronizedList([])

    CmdlineSampler(String needle) {
        this.needle = needle
        thread = Thread.start('cmdline-sampler') {
            while (!stopped) {
                sample()
                rounds++
                Thread.sleep(5)
            }
        }
    }

    private void sample() {
        Files.newDirectoryStream(Path.of('/proc')) { it.fileName.toString().isLong() }.withCloseable { dirs ->
            for (Path d : dirs) {
                byte[] raw
                try {
                    raw = Files.readAllBytes(d.resolve('cmdline'))
                } catch (IOException ignored) {
                    continue   // gone meanwhile
                }
                String cmdline = new String(raw, 'UTF-8').replace('\u0000' as char, ' ' as char)
                if (cmdline.contains(needle)) {
                    hits << "${d.fileName}: $cmdline".toString()
                }
                if (d.fileName.toString() == watched.toString() && cmdline.contains('dev.swarmops.cli.Main')) {
                    sawWatched++
                }
            }
        }
    }

    @Override
    void close() {
        stopped = true
        thread.join()
    }
}
