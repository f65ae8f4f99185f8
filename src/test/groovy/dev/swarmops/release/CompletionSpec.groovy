package dev.swarmops.release

import spock.lang.Requires
import spock.lang.Shared

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The bash completion the release ships, sourced in bash and called as bash calls it (COMP_WORDS,
 * COMP_CWORD): commands and options from the picocli model, playbook paths for run (.groovy files,
 * directories, the stock playbooks beside the swarmops on PATH). The zsh file loads the same
 * script through bashcompinit.
 */
class CompletionSpec extends UnpackedRelease {

    /** A working directory with a playbook, a file that is none, and a directory. */
    @Shared
    Path cwd

    def setupSpec() {
        cwd = Files.createDirectories(tmp.resolve('work'))
        Files.writeString(cwd.resolve('site.groovy'), '')
        Files.writeString(cwd.resolve('notes.txt'), '')
        Files.createDirectories(cwd.resolve('more'))
    }

    /** What the completion offers for this command line, the last word being the one completed. */
    List<String> complete(String line) {
        List<String> words = line.endsWith(' ') ? line.split(' ').toList() + [''] : line.split(' ').toList()
        String script = """
            source '${root.resolve('completion/swarmops.bash')}'
            COMP_WORDS=(${words.collect { "'$it'" }.join(' ')})
            COMP_CWORD=${words.size() - 1}
            COMP_LINE='$line'
            _swarmops_complete 2>/dev/null
            printf '%s\\n' "\${COMPREPLY[@]}"
            """
        ProcessBuilder pb = new ProcessBuilder('bash', '-c', script).directory(cwd.toFile())
        pb.environment().put('PATH', "${root.resolve('bin')}:/usr/bin:/bin".toString())
        Process p = pb.start()
        String out = p.inputStream.text
        assert p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, p.errorStream.text
        out.readLines().findAll { it }.sort()
    }

    def "'#line' completes to #expected"() {
        expect:
        complete(line) == expected.sort()

        where:
        line                                   || expected
        'swarmops wor'                         || ['worker']
        'swarmops worker '                     || ['daemon-json', 'drain', 'inspect', 'label', 'list', 'ls', 'rm', 'token']
        'swarmops job '                        || ['list', 'ls', 'reap', 'run']
        'swarmops '                            || ['apply', 'doctor', 'job', 'run', 'shell', 'worker']
        'swarmops worker label n1 --workload ' || ['cpu', 'gpu']
        'swarmops doctor --ro'                 || ['--role']
        'swarmops worker token --g'            || ['--gpu']
    }

    def "a playbook after run completes to .groovy files, directories and the stock playbooks installed beside swarmops"() {
        given:
        List<String> stock = Files.list(root.resolve('playbooks')).map { it.toString() }.toList().findAll { it.endsWith('.groovy') }

        expect:
        stock.size() >= 8
        complete('swarmops run ') == (['more', 'site.groovy'] + stock).sort()
        complete('swarmops --host unix:///x.sock run s') == ['site.groovy']
        complete("swarmops run ${root}/playbooks/enroll-") == stock.findAll { it.contains('/enroll-') }.sort()
    }

    @Requires({ System.getProperty('swarmops.rig') == 'true' })
    def "a node after worker inspect, label, drain or rm completes to the hostnames the engine lists; nothing when none answers"() {
        given: "the rig's manager: this machine's engine, named after it"
        String host = Files.readString(Path.of('/proc/sys/kernel/hostname')).trim()

        expect:
        ['inspect', 'label', 'drain', 'rm'].every { complete("swarmops worker $it ").contains(host) }
        complete("swarmops worker inspect ${host.take(1)}").every { it.startsWith(host.take(1)) }
        complete('swarmops --host unix:///nonexistent/swarmops.sock worker inspect ') == []
        complete("swarmops worker label $host --workload ") == ['cpu', 'gpu']
    }

    def "after the playbook, and for run's own options, completion is picocli's again"() {
        expect:
        complete('swarmops run site.groovy --dry') == ['--dry-run']
        !complete('swarmops run --h').contains('site.groovy')
    }

    @Requires(value = { Release.onPath('zsh') }, reason = 'zsh checks its completion file')
    def "the zsh completion file is a #compdef function that zsh parses, loading the same script through bashcompinit"() {
        given:
        Path zsh = root.resolve('completion/_swarmops')

        expect:
        zsh.text.startsWith('#compdef swarmops\n')
        zsh.text.contains(root.resolve('completion/swarmops.bash').text)
        zsh.text.trim().endsWith('_bash_complete -F _swarmops_complete -o default')
        Release.sh('zsh', '-n', zsh.toString()) == ''
    }
}
