package dev.swarmops.playbook

import dev.swarmops.testkit.ProcessClasspath

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit
import java.util.jar.JarFile

/**
 * swarmops as a real process (java … dev.swarmops.cli.Main), for what needs one: an environment
 * of the spec's choosing, its command line visible in /proc, and kill -9. Its stdout is read
 * line by line as it is printed.
 */
final class PlaybookProcess {


    final Process process
    final List<String> lines = new CopyOnWriteArrayList<>()
    private final StringBuffer errText = new StringBuffer()
    private final Thread outReader
    private final Thread errReader

    private PlaybookProcess(Process process) {
        this.process = process
        List<String> lineSink = lines
        outReader = Thread.start {
            process.inputStream.newReader('UTF-8').eachLine { String l -> lineSink << l }
        }
        StringBuffer errSink = errText   // locals: a closure reads a name as a property, and getErr() once shadowed a field err
        errReader = Thread.start {
            errSink.append(process.errorStream.getText('UTF-8'))
        }
    }

    /** Starts {@code swarmops args…} with exactly the given playbook variables (none inherited). */
    static PlaybookProcess start(List<String> args, Map<String, String> env) {
        String java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        ProcessBuilder pb = new ProcessBuilder([java, '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', classpath(),
                                                'dev.swarmops.cli.Main'] + args.collect { it.toString() })
        pb.directory(PlaybookRig.PROJECT.toFile())
        PlaybookRig.PLAYBOOK_ENV.each { pb.environment().remove(it) }
        pb.environment().put('NO_COLOR', '1')
        pb.environment().putAll(env)
        new PlaybookProcess(pb.start())
    }

    static PlaybookProcess run(List<String> args, Map<String, String> env) {
        PlaybookProcess p = start(args, env)
        p.waitFor()
        p
    }

    long pid() {
        process.pid()
    }

    /** Waits for the process to end (a guard against a hung run, not a timing check). */
    int waitFor(int seconds = 600) {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            throw new IllegalStateException("swarmops did not finish within ${seconds}s:\n$this")
        }
        outReader.join()
        errReader.join()
        process.exitValue()
    }

    /** Blocks until a printed line satisfies match; false when the process ended first. */
    boolean awaitLine(Closure<Boolean> match) {
        while (true) {
            if (lines.any(match)) {
                return true
            }
            if (!process.alive) {
                outReader.join()
                return lines.any(match)
            }
            Thread.sleep(20)
        }
    }

    void kill9() {
        process.destroyForcibly()   // SIGKILL on Linux
    }

    String getOut() {
        lines.join('\n') + (lines ? '\n' : '')
    }

    String getErr() {
        errText.toString()
    }

    List<String> errLines() {
        errText.toString().readLines().findAll { !it.isBlank() }
    }

    @Override
    String toString() {
        "--- stdout\n$out--- stderr\n$errText---"
    }

    static String classpath() {
        ProcessClasspath.classpath()
    }
}
