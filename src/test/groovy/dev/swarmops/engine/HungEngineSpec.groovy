package dev.swarmops.engine

import dev.swarmops.playbook.PlaybookProcess
import spock.lang.AutoCleanup
import spock.lang.Specification

/**
 * An engine that accepts the connection and never answers (a hung dockerd, a wedged proxy) is
 * an error naming the endpoint after SWARMOPS_ENGINE_TIMEOUT seconds, exit 3, not a hang.
 */
class HungEngineSpec extends Specification {

    @AutoCleanup
    ServerSocket hung = new ServerSocket(0, 50, InetAddress.loopbackAddress)
    List<Socket> held = Collections.synchronizedList([])

    def setup() {
        Thread.startDaemon { while (!hung.closed) { try { held << hung.accept() } catch (IOException ignored) { } } }
    }

    def cleanup() {
        held.each { it.close() }
    }

    def "`#args` against an engine that never answers: exit 3, one line naming it and the limit"() {
        given:
        String endpoint = "tcp://127.0.0.1:${hung.localPort}"

        when:
        PlaybookProcess p = PlaybookProcess.run(['--host', endpoint] + args, [SWARMOPS_ENGINE_TIMEOUT: '2'])

        then:
        p.waitFor(120) == 3
        p.errLines() == ["swarmops: the Docker engine at $endpoint did not answer within 2s (SWARMOPS_ENGINE_TIMEOUT); check that it is not hung, or point elsewhere with --host or DOCKER_HOST".toString()]

        where:
        args << [['worker', 'list'], ['job', 'ls']]
    }

    def "doctor against an engine that never answers: its engine check fails saying so (exit 1, as doctor exits on a FAIL)"() {
        given:
        String endpoint = "tcp://127.0.0.1:${hung.localPort}"

        when:
        PlaybookProcess p = PlaybookProcess.run(['--host', endpoint, 'doctor', '--role', 'manager', '--json'], [SWARMOPS_ENGINE_TIMEOUT: '2'])
        List rows = new groovy.json.JsonSlurper().parseText(p.out) as List

        then:
        p.waitFor(120) == 1
        rows.find { it.check == 'engine reachable' }.status == 'fail'
        rows.find { it.check == 'engine reachable' }.saw == "the Docker engine at $endpoint did not answer within 2s (SWARMOPS_ENGINE_TIMEOUT); endpoint from --host".toString()
    }
}
