package dev.swarmops.testkit

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.util.jar.JarFile

/** The classpath for launching swarmops as a separate process from a spec. */
final class ProcessClasspath {

    private static String classpath

    private ProcessClasspath() {
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
        Path main = Path.of('').toAbsolutePath().resolve('target/classes')
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
