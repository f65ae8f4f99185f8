package dev.swarmops.playbook

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

    private static String classpath

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

    /**
     * The classpath this JVM runs with (expanded from surefire's manifest-only jar), the main
     * classes copied aside once: builds running beside the specs rewrite target/classes.
     */
    static synchronized String classpath() {
        if (classpath != null) {
            return classpath
        }
        List<Path> entries = []
        System.getProperty('java.class.path').split(File.pathSeparator).each { String e ->
            Path p = Path.of(e).toAbsolutePath()
            String manifestCp = e.endsWith('.jar') ? new JarFile(p.toFile()).withCloseable { it.manifest?.mainAttributes?.getValue('Class-Path') } : null
            if (manifestCp && p.fileName.toString().startsWith('surefire')) {
                manifestCp.trim().split(/\s+/).each { String u -> entries << Path.of(p.parent.toUri().resolve(u)) }
            } else {
                entries << p
            }
        }
        Path main = PlaybookRig.PROJECT.resolve('target/classes')
        Path copy = Files.createTempDirectory('swarmops-pb-classes')
        Files.walk(main).withCloseable { s ->
            s.forEach { Path from ->
                Path to = copy.resolve(main.relativize(from).toString())
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to)
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING)
                }
            }
        }
        addShutdownHook { copy.toFile().deleteDir() }
        classpath = entries.findAll { !it.endsWith('test-classes') }.collect { it == main ? copy : it }.join(File.pathSeparator)
        assert classpath.contains(copy.toString()): "target/classes is not on this JVM's classpath: $entries"
        classpath
    }
}
