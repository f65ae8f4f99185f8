package dev.swarmops.release

import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Stepwise

import java.nio.file.Files
import java.nio.file.Path

/**
 * The release archive and the Debian package as mvn package makes them: unpacked read-only and run
 * with nothing but a Java 17 runtime, JAVA_HOME, PATH=/usr/bin:/bin and a HOME of its own; the
 * start-up archive in the per-user cache; the .deb's fields and paths, and its launcher unpacked.
 */
@Stepwise
@Requires(value = { Files.isExecutable(Path.of(Release.JAVA_HOME, 'bin/java')) }, reason = 'the release runs on a Java 17 runtime')
class ReleaseSpec extends UnpackedRelease {

    @Shared
    Path home

    @Shared
    Path cache

    /** An mvn that would say it was called: the installed launcher must never build. */
    @Shared
    Path fakeBin

    def setupSpec() {
        home = Release.userDir(tmp, 'home')
        cache = home.resolve(".cache/swarmops/$Release.VERSION")
        fakeBin = Release.userDir(tmp, 'bin')
        Files.writeString(fakeBin.resolve('mvn'), "#!/bin/sh\ntouch ${tmp.resolve('mvn-was-called')}\nexit 1\n")
        fakeBin.resolve('mvn').toFile().setExecutable(true, false)
    }

    Release.Run swarmops(Map<String, String> env = [:], String... args) {
        Release.run(root.resolve('bin/swarmops'), [HOME: home.toString(), PATH: "$fakeBin:/usr/bin:/bin".toString()] + env, args)
    }

    def "the archive holds the launcher, the jar and its libraries, the stock playbooks, completion and a man page per command"() {
        when:
        List<String> entries = Release.sh('tar', 'tzf', Release.ARCHIVE.toString()).readLines()*.replaceFirst(/^swarmops-[^\/]+\//, '')

        then:
        ['bin/swarmops', "swarmops-${Release.VERSION}.jar".toString(), 'lib/picocli-4.7.7.jar', 'lib/groovy-5.0.7.jar',
         'playbooks/install-manager.groovy', 'playbooks/install-manager.yaml', 'playbooks/enroll-gpu.groovy',
         'completion/swarmops.bash', 'completion/_swarmops'].every { it in entries }
        Release.commandPages().every { "man/man1/${it}.1.gz".toString() in entries }
        Files.isExecutable(root.resolve('bin/swarmops'))
    }

    def "unpacked read-only, it runs on a bare Java runtime: --version, --help and a stock playbook's --help"() {
        expect: "no write bit anywhere in the copy (and, as root, it runs as nobody)"
        Release.sh('find', root.toString(), '-perm', '/222') == ''

        when:
        Release.Run version = swarmops('--version')
        Release.Run help = swarmops('--help')
        Release.Run playbook = swarmops('run', root.resolve('playbooks/install-manager.groovy').toString(), '--help')

        then:
        version.code == 0
        version.out == "swarmops ${Release.VERSION}\n"
        help.code == 0
        help.out.startsWith('Usage: swarmops ')
        help.out.contains('worker')
        playbook.code == 0
        playbook.out.contains('--advertise-addr')
        [version, help, playbook].every { it.err == '' }

        and: "nothing tried to build it"
        !Files.exists(tmp.resolve('mvn-was-called'))
    }

    def "the start-up archive went to the user's cache, and a second run maps it from there"() {
        given: "the first runs made it (JDK 17: a static CDS archive) beside its key"
        Path jsa = cache.resolve('swarmops.jsa')
        Files.size(jsa) > 1_000_000
        Files.isRegularFile(cache.resolve('swarmops.jsa.key'))
        def made = Files.getLastModifiedTime(jsa)
        Path classLog = Release.userDir(tmp, 'log').resolve('classes.txt')

        when: "the JVM logs where each class came from"
        Release.Run again = swarmops([JDK_JAVA_OPTIONS: "-Xlog:class+load=info:file=$classLog".toString()], '--version')

        then:
        again.code == 0
        again.out == "swarmops ${Release.VERSION}\n"
        classLog.text.readLines().any { it.contains('dev.swarmops.cli.Main source: shared objects file') }
        Files.getLastModifiedTime(jsa) == made

        and: "nothing was written beside the installed jar"
        Files.list(root).map { it.fileName.toString() }.toList().sort(false) == ['README.md', 'bin', 'completion', 'lib', 'man', 'playbooks',
                                                                            "swarmops-${Release.VERSION}.jar".toString()]
    }

    def "XDG_CACHE_HOME is the cache when set; a cache that cannot be made costs only the archive"() {
        given:
        Path xdg = Release.userDir(tmp, 'xdg')
        Path notADirectory = Files.writeString(tmp.resolve('a-file'), '')

        when:
        Release.Run viaXdg = swarmops([XDG_CACHE_HOME: xdg.toString()], '--version')
        Release.Run noCache = swarmops([HOME: notADirectory.toString()], '--version')

        then:
        viaXdg.code == 0
        Files.isRegularFile(xdg.resolve("swarmops/$Release.VERSION/swarmops.jsa"))
        noCache.code == 0
        noCache.out == "swarmops ${Release.VERSION}\n"
        noCache.err == ''
    }

    @Requires(value = { Release.onPath('dpkg-deb') }, reason = 'dpkg-deb reads the package')
    def "the .deb depends on a Java 17+ runtime and installs the launcher, libraries, playbooks, completion and man pages at Debian's places"() {
        when:
        String fields = Release.sh('dpkg-deb', '--field', Release.DEB.toString(), 'Package', 'Version', 'Architecture', 'Depends')
        List<String> paths = Release.sh('dpkg-deb', '--contents', Release.DEB.toString()).readLines().collect { it.split(/\s+/, 6)[5] }

        then:
        fields.readLines() == ['Package: swarmops', "Version: ${Release.VERSION}".toString(), 'Architecture: all',
                               'Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless']
        ['./usr/bin/swarmops -> ../share/swarmops/bin/swarmops', './usr/share/swarmops/bin/swarmops',
         "./usr/share/swarmops/swarmops-${Release.VERSION}.jar".toString(), './usr/share/swarmops/lib/picocli-4.7.7.jar',
         './usr/share/swarmops/playbooks/install-manager.groovy', './usr/share/bash-completion/completions/swarmops',
         './usr/share/zsh/vendor-completions/_swarmops'].every { it in paths }
        Release.commandPages().every { "./usr/share/man/man1/${it}.1.gz".toString() in paths }
    }

    @Requires(value = { Release.onPath('dpkg-deb') }, reason = 'dpkg-deb unpacks the package')
    def "the .deb unpacked into a root of its own runs usr/bin/swarmops"() {
        given:
        Path debRoot = tmp.resolve('deb-root')
        Release.sh('dpkg-deb', '-x', Release.DEB.toString(), debRoot.toString())
        Release.passable(debRoot)

        when:
        Release.Run version = Release.run(debRoot.resolve('usr/bin/swarmops'), [HOME: home.toString()], '--version')

        then:
        version.code == 0
        version.out == "swarmops ${Release.VERSION}\n"
    }
}
