package dev.swarmops.doctor

import dev.swarmops.ops.SwarmState
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Facts read from fake /proc and /sys trees: sockets, the underlay interface and MTU, daemon.json, caching. */
class FactsSpec extends Specification {

    @TempDir
    Path tmp

    /** Facts whose swarm address is given, the engine never asked. */
    static Facts facts(DoctorSettings s, String nodeAddr = '10.231.0.1') {
        new Facts(null, s) {
            @Override
            SwarmState swarm() {
                new SwarmState('active', 'node1', nodeAddr, true, 'c1', [], '')
            }

            @Override
            Optional<Dockerd> dockerd() {
                Optional.empty()
            }
        }
    }

    def "sockets come from net/ under the proc root when no dockerd is found there, and say so"() {
        given:
        Facts f = facts(new DoctorSettings().procRoot(Fixtures.fakeProc(tmp)))

        expect:
        f.sockets().size() == 10
        f.netSource() == "${tmp.resolve('proc/net')} (dockerd not found in ${tmp.resolve('proc')}: this process's network namespace)"
        HostChecks.port(f, 'tcp', 2377, 'the fix').status() == Status.OK
        HostChecks.gossip(f).saw().startsWith('listening on 10.231.0.1:7946/tcp, [::]:7946/tcp, 10.231.0.1:7946/udp, [::]:7946/udp in ')
    }

    def "a port closed in net/tcp fails with the fix"() {
        given:
        Facts f = facts(new DoctorSettings().procRoot(Fixtures.fakeProc(tmp, dropTcp: ['0949'])))

        when:
        Finding p = HostChecks.port(f, 'tcp', 2377, 'open it')

        then:
        p.status() == Status.FAIL
        p.saw() == "nothing listens on 2377/tcp in ${f.netSource()}"
        p.fix() == 'open it'
    }

    def "no data-path socket: fine on an idle node, a failure where overlay containers run"() {
        expect:
        HostChecks.dataPath([], 4789, [], 'here').with { status() == Status.OK && saw().startsWith('not open yet, as expected') }
        HostChecks.dataPath([], 4789, ['web.1 (platform_challenges)'], 'here').with {
            status() == Status.FAIL && saw() == 'nothing listens on 4789/udp in here, though containers on overlay networks run here: web.1 (platform_challenges)'
        }
    }

    def "the underlay: the route to the swarm address names the interface, /sys its MTU"() {
        given:
        Path sys = Fixtures.fakeSys(tmp, 'swrig0', 9000)
        Facts f = facts(new DoctorSettings().procRoot(Fixtures.fakeProc(tmp)).sysRoot(sys), addr)

        when:
        Facts.Underlay u = f.underlay()

        then:
        u == new Facts.Underlay(addr, 'swrig0', 9000, sys.resolve('class/net/swrig0/mtu').toString())

        where:
        addr << ['10.231.0.1', 'fd00::a:5']
    }

    def "no swarm address, or an interface without an MTU file: the MTU check warns and says why"() {
        given:
        Facts f = facts(new DoctorSettings().procRoot(Fixtures.fakeProc(tmp)).sysRoot(Fixtures.fakeSys(tmp, 'swrig0', 1500)), addr)
        Check mtu = HostChecks.all().find { it.name() == 'overlay MTU' }

        when:
        Finding finding = mtu.run(f)

        then:
        finding.status() == Status.WARN
        finding.saw() == "cannot tell the underlay MTU: ${why.replace('TMP', tmp.toString())}"
        finding.fix() == 'check by hand: the interface carrying the swarm address needs MTU ≥ 1500'

        where:
        addr           || why
        '198.51.100.7' || 'cannot read TMP/sys/class/net/eth0/mtu'
        ''             || 'the engine reports no swarm address'
    }

    def "daemon.json: the given path, read once; a broken file is a Skip for the checks that need its keys"() {
        given:
        Path file = tmp.resolve('daemon.json')
        Files.writeString(file, '{"live-restore": true}')
        Facts f = facts(new DoctorSettings().daemonJson(file))

        expect:
        f.daemonJsonPath() == file
        f.daemonJsonSource() == '--daemon-json'
        f.daemonJson().path('live-restore').asBoolean()

        when: "the file changes during the run, the facts do not"
        Files.writeString(file, '{broken')

        then:
        f.daemonJson().path('live-restore').asBoolean()

        when:
        Facts fresh = facts(new DoctorSettings().daemonJson(file))
        fresh.daemonJson()

        then:
        Skip s = thrown()
        s.message == "$file does not parse"
    }

    def "a failure to gather is kept and thrown again, not retried"() {
        given:
        int calls = 0
        Facts f = facts(new DoctorSettings())

        when:
        f.memo('x') { calls++; throw new IllegalStateException('boom') }

        then:
        thrown(IllegalStateException)

        when:
        f.memo('x') { calls++; 'fine' }

        then:
        IllegalStateException again = thrown()
        again.message == 'boom'
        calls == 1
    }
}
