package dev.swarmops.doctor

import spock.lang.Specification

/** /proc/net parsing: socket lines, the kernel's little-endian address words, and routes. */
class ProcNetSpec extends Specification {

    def "an address word #hex is #address"() {
        expect:
        ProcNet.address(hex) == address

        where:
        hex                                | address
        '0100E70A'                         | '10.231.0.1'
        '00000000'                         | '0.0.0.0'
        '0100007F'                         | '127.0.0.1'
        '00000000000000000000000000000000' | '::'
        '00000000000000000000000001000000' | '::1'
        '0000000000000000FFFF00000100E70A' | '10.231.0.1'   // v4-mapped: Java reads it as the IPv4 address
        '000080FE00000000FF6FB0023EDEFF1A' | 'fe80::2b0:6fff:1aff:de3e'
    }

    def "IPv6 compression replaces the longest run of zero groups: #full"() {
        expect:
        ProcNet.compress(full) == short_

        where:
        full                      | short_
        '0:0:0:0:0:0:0:0'         | '::'
        '0:0:0:0:0:0:0:1'         | '::1'
        'fe80:0:0:0:1:0:0:2'      | 'fe80::1:0:0:2'
        'fd00:1:0:2:0:0:0:3'      | 'fd00:1:0:2::3'
        'fd00:1:2:3:4:5:6:7'      | 'fd00:1:2:3:4:5:6:7'
        'fd00:0:2:3:4:5:6:7'      | 'fd00:0:2:3:4:5:6:7'
        '10.231.0.1'              | '10.231.0.1'
    }

    def "a manager's tcp file: LISTEN sockets listen, TIME_WAIT and ESTABLISHED ones on the same ports do not"() {
        when:
        List<ProcNet.Socket> tcp = ProcNet.sockets(Fixtures.text('proc/net/tcp'), 'tcp')

        then: "every socket line is read, the header is not"
        tcp.size() == 5
        tcp*.port == [22, 7946, 2377, 7946, 2377]
        tcp.find { it.inode() == 102547L }.toString() == '10.231.0.1:2377/tcp'

        and:
        ProcNet.listening(tcp, 'tcp', 2377)*.inode() == [102547L]
        ProcNet.listening(tcp, 'tcp', 7946)*.inode() == [102548L]
        ProcNet.listening(tcp, 'udp', 7946) == []
        ProcNet.listening(tcp, 'tcp', 4789) == []
    }

    def "udp sockets are bound whatever their state, v6 ones too"() {
        when:
        List<ProcNet.Socket> udp = ProcNet.sockets(Fixtures.text('proc/net/udp'), 'udp') + ProcNet.sockets(Fixtures.text('proc/net/udp6'), 'udp')

        then:
        ProcNet.listening(udp, 'udp', 4789)*.toString() == ['0.0.0.0:4789/udp']
        ProcNet.listening(udp, 'udp', 7946)*.toString() == ['10.231.0.1:7946/udp', '[::]:7946/udp']
    }

    def "a tcp6 file: the listener on [::] counts, an established v4-mapped connection does not"() {
        when:
        List<ProcNet.Socket> tcp6 = ProcNet.sockets(Fixtures.text('proc/net/tcp6'), 'tcp')

        then:
        tcp6.size() == 2
        ProcNet.listening(tcp6, 'tcp', 7946)*.toString() == ['[::]:7946/tcp']
        ProcNet.listening(tcp6, 'tcp', 57506) == []
    }

    def "garbage and blank lines are skipped, not fatal"() {
        expect:
        ProcNet.sockets("", 'tcp') == []
        ProcNet.sockets("  sl  local_address\n  0: nonsense here\n\n  1: 0100E70A:ZZZZ 00000000:0000 0A 0 0 0 0 0 0 1\n", 'tcp') == []
    }

    def "the interface carrying #addr is #iface: the longest matching prefix wins"() {
        expect:
        ProcNet.routeInterface(Fixtures.text('proc/net/route'), Fixtures.text('proc/net/ipv6_route'), addr) == Optional.ofNullable(iface)

        where:
        addr              | iface
        '10.231.0.1'      | 'swrig0'
        '10.231.0.77'     | 'swrig0'
        '192.0.2.15'      | 'eth0'
        '172.18.0.1'      | 'docker_gwbridge'
        '8.8.8.8'         | 'eth0'       // the default route carries it
        'fd00::a:1'       | 'swrig0'     // a /112 inside eth0's fd00::/8
        'fd00::1:0:0:1'   | 'eth0'
        'not an address!' | null
        '999.1.1.1'       | null
        'fd00::zz'        | null
    }

    def "without any route nothing carries the address"() {
        expect:
        ProcNet.routeInterface('Iface\tDestination\tGateway\n', null, '10.0.0.1') == Optional.empty()
        ProcNet.routeInterface(null, null, '10.0.0.1') == Optional.empty()
    }
}
