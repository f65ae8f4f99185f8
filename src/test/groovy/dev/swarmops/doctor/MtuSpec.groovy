package dev.swarmops.doctor

import spock.lang.Specification

/**
 * Overlay MTU 1450 against the underlay: VXLAN adds 50 bytes on top; ESP on encrypted networks is
 * taken out of the overlay's own MTU by Docker (tasks see 1372), so it adds nothing on the wire.
 */
class MtuSpec extends Specification {

    def "an overlay at #overlay needs an underlay of #needed; an underlay of #underlay carries an overlay of #most"() {
        expect:
        HostChecks.required(overlay) == needed
        HostChecks.largestOverlay(underlay) == most

        where:
        overlay | needed | underlay | most
        1450    | 1500   | 1500     | 1450
        1450    | 1500   | 9000     | 8950
        1372    | 1422   | 1450     | 1400
    }

    def "underlay MTU #mtu: #status"() {
        when:
        Finding f = HostChecks.mtu(new Facts.Underlay('10.231.0.1', 'swrig0', mtu, '/sys/class/net/swrig0/mtu'), 1450)

        then:
        f.status() == status
        f.saw().startsWith("swrig0 (carries 10.231.0.1) has MTU $mtu")
        f.saw().contains(saw)
        f.fix().contains(fix)

        where:
        mtu  || status      | saw                                                            | fix
        9000 || Status.OK   | 'fits 1450 + 50 VXLAN = 1500; tasks on encrypted overlays see MTU 1372' | ''
        1500 || Status.OK   | 'fits 1450 + 50 VXLAN = 1500'                                  | ''
        1499 || Status.FAIL | 'overlay MTU 1450 + 50 VXLAN = 1500 does not fit'               | 'com.docker.network.driver.mtu=1449, or raise the underlay MTU to 1500'
        1400 || Status.FAIL | 'does not fit'                                                 | 'mtu=1350, or raise the underlay MTU to 1500'
    }
}
