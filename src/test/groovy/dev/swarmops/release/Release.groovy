package dev.swarmops.release

import dev.swarmops.cli.Main
import picocli.CommandLine

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The release as {@code mvn package} makes it, for the release specs. The suite runs in Maven's
 * test phase, before package, so the first spec to ask builds it here once per test JVM with
 * the command the launcher uses ({@code mvn -q -B -o package -Dmaven.test.skip=true}, online
 * only when offline fails): the specs judge what a user downloads, not a copy of it made here.
 *
 * Installed copies run as an operator would: only JAVA_HOME, PATH and HOME in the environment.
 * As root, they run as nobody, so that "read-only" holds for them (root writes anywhere).
 */
final class Release {

    static final Path PROJECT = Path.of('').toAbsolutePath()
    static final String VERSION = (PROJECT.resolve('pom.xml').text =~ /<artifactId>swarmops<\/artifactId>\s*<version>([^<]+)</)[0][1]
    static final Path ARCHIVE = PROJECT.resolve("target/swarmops-${VERSION}.tar.gz")
    static final Path DEB = PROJECT.resolve("target/swarmops_${VERSION}_all.deb")
    static final String JAVA_HOME = '/usr/lib/jvm/java-17-openjdk-amd64'
    static final boolean ROOT = 'id -u'.execute().text.trim() == '0'
    static final int NOBODY = 65534

    private static boolean built

    private Release() {
    }

    static synchronized void build() {
        if (built) {
            return
        }
        Path log = Files.createTempFile('swarmops-release-build', '.log')
        int code = mvn(log, '-o')
        if (code != 0) {
            code = mvn(log)
        }
        assert code == 0, "mvn package failed:\n${log.text.readLines().takeRight(40).join('\n')}"
        assert Files.isRegularFile(ARCHIVE) && Files.isRegularFile(DEB)
        Files.delete(log)
        built = true
    }

    private static int mvn(Path log, String... extra) {
        List<String> cmd = ['mvn', '-q', '-B', *extra, 'package', '-Dmaven.test.skip=true']
        Process p = new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start()
        assert p.waitFor(600, TimeUnit.SECONDS), "mvn package still running after 600 s"
        p.exitValue()
    }

    /** A fresh directory the installed copy's user (nobody, when the specs run as root) can use. */
    static Path userDir(Path parent, String name) {
        Path d = Files.createDirectories(parent.resolve(name))
        if (ROOT) {
            sh('chown', '-R', "$NOBODY:$NOBODY", d.toString())
        }
        d
    }

    /** {@code tar xzf} of the archive into a new directory under {@code parent}, made read-only; its swarmops-VERSION root. */
    static Path unpack(Path parent) {
        Path into = Files.createDirectories(parent.resolve('install'))
        sh('tar', 'xzf', ARCHIVE.toString(), '-C', into.toString())
        sh('chmod', '-R', 'a-w', into.toString())
        into.resolve("swarmops-$VERSION")
    }

    /** The temporary directory made passable for nobody (mode 0700 as created). */
    static Path passable(Path dir) {
        sh('chmod', 'go+rx', dir.toString())
        dir
    }

    /** Undoes {@link #unpack}'s read-only so the temporary directory can be removed. */
    static void writable(Path dir) {
        sh('chmod', '-R', 'u+w', dir.toString())
    }

    static Run run(Path launcher, Map<String, String> env, String... args) {
        List<String> cmd = (ROOT ? ['setpriv', "--reuid=$NOBODY", "--regid=$NOBODY", '--clear-groups'] : []) +
                [launcher.toString(), *args]
        ProcessBuilder pb = new ProcessBuilder(cmd.collect { it.toString() })
        pb.environment().clear()
        pb.environment().putAll([JAVA_HOME: JAVA_HOME, PATH: '/usr/bin:/bin'] + env)
        Process p = pb.start()
        StringBuilder err = new StringBuilder()
        Thread t = Thread.start { err << p.errorStream.text }
        String out = p.inputStream.text
        assert p.waitFor(300, TimeUnit.SECONDS), "$cmd still running after 300 s"
        t.join()
        new Run(p.exitValue(), out, err.toString())
    }

    static String sh(String... cmd) {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start()
        String out = p.inputStream.text
        assert p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "${cmd.join(' ')}: $out"
        out
    }

    /** Every command's name as its man page is named: swarmops, swarmops-worker, swarmops-worker-list, … */
    static List<String> commandPages() {
        List<String> names = []
        Closure walk
        walk = { CommandLine cl ->
            names << cl.commandSpec.qualifiedName('-')
            new LinkedHashSet<>(cl.subcommands.values()).each(walk)
        }
        Main.fastStart()
        walk(Main.commandLine())
        names
    }

    static boolean onPath(String tool) {
        ['/usr/bin', '/bin', '/usr/sbin', '/sbin'].any { Files.isExecutable(Path.of(it, tool)) }
    }

    static final class Run {
        final int code
        final String out
        final String err

        Run(int code, String out, String err) {
            this.code = code
            this.out = out
            this.err = err
        }

        @Override
        String toString() {
            "exit $code\n--- stdout\n$out--- stderr\n$err"
        }
    }
}
