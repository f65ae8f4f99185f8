package dev.swarmops.release

import dev.swarmops.cli.Main
import picocli.CommandLine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** One man page per command, from the picocli model, that man renders without a warning. */
@Requires(value = { Release.onPath('man') }, reason = 'man renders the pages')
class ManPagesSpec extends Specification {

    @Shared
    Path man1 = Release.PROJECT.resolve('target/release-docs/man/man1')

    def setupSpec() {
        Release.build()
    }

    /** The page as man shows it 80 columns wide; stderr (warnings included) kept apart. */
    static Release.Run render(Path page) {
        ProcessBuilder pb = new ProcessBuilder('man', '--warnings', '-l', page.toString())
        pb.environment().putAll(MANWIDTH: '80', MANPAGER: 'cat', PAGER: 'cat', LANG: 'C.UTF-8')
        Process p = pb.start()
        StringBuilder err = new StringBuilder()
        Thread t = Thread.start { err << p.errorStream.text }
        String out = p.inputStream.text
        assert p.waitFor(30, TimeUnit.SECONDS)
        t.join()
        new Release.Run(p.exitValue(), out, err.toString())
    }

    def "the man pages are exactly one per command"() {
        expect:
        Files.list(man1).map { it.fileName.toString() }.toList().sort(false) == Release.commandPages().collect { "${it}.1.gz".toString() }.sort()
    }

    def "#page renders without warnings, with its sections, synopsis and every option"() {
        given:
        CommandLine.Model.CommandSpec spec = command(page)

        when:
        Release.Run man = render(man1.resolve("${page}.1.gz"))

        then:
        man.code == 0
        man.err == ''
        ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'EXIT STATUS', 'SEE ALSO'].every { man.out.contains("\n$it\n") }

        and: "(read with man's filling of lines undone)"
        String text = man.out.replaceAll(/\s+/, ' ')
        text.contains("NAME $page - ")
        text.contains("SYNOPSIS ${spec.qualifiedName(' ')} ")
        spec.options().findAll { !it.hidden() }.every { o -> o.names().every { text.contains(it) } }

        where:
        page << Release.commandPages()
    }

    static CommandLine.Model.CommandSpec command(String page) {
        Main.fastStart()
        CommandLine cl = Main.commandLine()
        page.split('-', 2).drop(1).each { rest ->
            // walk down by the page name: swarmops-worker-daemon-json is worker, then daemon-json
            while (rest) {
                String name = cl.subcommands.keySet().findAll { rest == it || rest.startsWith(it + '-') }.max { it.length() }
                cl = cl.subcommands[name]
                rest = rest.length() > name.length() ? rest.substring(name.length() + 1) : ''
            }
        }
        cl.commandSpec
    }
}
