package dev.swarmops.playbook

import spock.lang.Requires
import spock.lang.Specification

/** The canary check is only as good as its sampler: it must see a value that is on a command line. */
@Requires({ new File('/proc/self/cmdline').exists() })
class CmdlineSamplerSpec extends Specification {

    def "the sampler finds a value on another process's command line, and nothing when it is not there"() {
        given:
        String needle = 'needle-' + UUID.randomUUID()
        CmdlineSampler present = new CmdlineSampler(needle)
        CmdlineSampler absent = new CmdlineSampler('absent-' + UUID.randomUUID())

        when: "a short process carries the value as an argument"
        Process p = new ProcessBuilder('sh', '-c', 'sleep 1', needle).start()
        present.watched = p.pid()
        p.waitFor()
        present.close()
        absent.close()

        then:
        present.hits.any { it.contains(needle) }
        absent.hits == []
        absent.rounds > 0
    }
}
