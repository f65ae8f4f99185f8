package dev.swarmops.rig

import com.fasterxml.jackson.databind.JsonNode
import dev.swarmops.engine.EngineException
import dev.swarmops.gate.Outcome
import dev.swarmops.ops.NetworkSpec
import dev.swarmops.testkit.Rig
import spock.lang.Requires
import spock.lang.Specification

/** Overlay networks through the gate, read back from the engine. */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class NetworksSpec extends Specification {

    static final List<String> NAMES = ['spec-net', 'spec-net-plain', 'spec-net-dry']

    def cleanup() {
        Rig.remove(NAMES)
    }

    def "an encrypted, attachable, internal overlay with MTU 1450 is created, and inspect shows every property"() {
        given:
        NetworkSpec want = new NetworkSpec('spec-net', true, true, true, 1450, Rig.LABELS)

        when: "it is created, and the swarm allocator has given it its driver state"
        Outcome o = Rig.apply().networks().create(want)
        Rig.allocatedNetwork('spec-net')

        then: "the plan was the docker command"
        o.applied()
        o.mutation().cli() == 'docker network create --driver overlay --attachable --internal --opt encrypted ' +
                "--opt com.docker.network.driver.mtu=1450 --label dev.swarmops.spec=${Rig.RUN} spec-net"

        and: "inspect through the primitive reads back the same spec, with nothing to change"
        Rig.dryRun().networks().spec('spec-net').get() == want
        want.diff(Rig.dryRun().networks().spec('spec-net').get()) == []

        and: "the engine's own object has each property"
        JsonNode n = Rig.engine().get('/networks/spec-net')
        n.path('Id').asText() == o.createdId()
        n.path('Driver').asText() == 'overlay'
        n.path('Scope').asText() == 'swarm'
        n.path('Attachable').asBoolean()
        n.path('Internal').asBoolean()
        n.path('Options').has('encrypted')
        n.path('Options').path('com.docker.network.driver.mtu').asText() == '1450'
    }

    def "a plain overlay reads back with the engine's defaults and differs from an encrypted one field by field"() {
        when:
        Rig.apply().networks().create(new NetworkSpec('spec-net-plain', false, false, false, null, Rig.LABELS))
        Rig.allocatedNetwork('spec-net-plain')
        NetworkSpec live = Rig.dryRun().networks().spec('spec-net-plain').get()

        then:
        live == new NetworkSpec('spec-net-plain', false, false, false, null, Rig.LABELS)
        new NetworkSpec('spec-net-plain', true, true, false, 1450, Rig.LABELS).diff(live) ==
                ['encrypted: false → true', 'attachable: false → true', 'mtu: default → 1450']
    }

    def "a dry-run create shows the command and creates nothing"() {
        given:
        Map before = Rig.snapshot()

        when:
        Outcome o = Rig.dryRun().networks().create(new NetworkSpec('spec-net-dry', true, true, false, null, Rig.LABELS))

        then:
        !o.applied()
        o.mutation().cli().startsWith('docker network create --driver overlay --attachable --opt encrypted')
        !Rig.dryRun().networks().find('spec-net-dry').present
        Rig.snapshot() == before
    }

    def "a second network of the same name is refused by the engine, and remove takes the first away"() {
        given:
        Rig.apply().networks().create(new NetworkSpec('spec-net', false, true, false, null, Rig.LABELS))

        when:
        Rig.apply().networks().create(new NetworkSpec('spec-net', false, true, false, null, Rig.LABELS))

        then:
        EngineException e = thrown()
        e.status() == 409
        e.message.contains('spec-net')

        when:
        Outcome removed = Rig.apply().networks().remove('spec-net')

        then:
        removed.mutation().cli() == 'docker network rm spec-net'
        !Rig.dryRun().networks().find('spec-net').present
    }
}
