package dev.swarmops.sandbox

import dev.swarmops.engine.Engine
import dev.swarmops.gate.ApplyGate
import dev.swarmops.gate.GateListener
import dev.swarmops.gate.Mutation
import dev.swarmops.gate.QueueGate
import dev.swarmops.ops.SwarmOps
import dev.swarmops.playbook.DslBindings
import dev.swarmops.playbook.PlaybookRig
import dev.swarmops.playbook.Terminal
import spock.lang.Requires
import spock.lang.Specification

/**
 * The shell's queue (:plan, then :apply) applies what it showed: a service queued after the
 * network it joins refers to that network by name until the gate applies, not by a dry-run
 * placeholder the engine would refuse.
 */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class QueueReplaySpec extends Specification {

    static final String NET = 'spec-queue-net'
    static final String SVC = 'spec-queue-svc'

    Engine engine = PlaybookRig.engine()

    def cleanup() {
        PlaybookRig.docker('service', 'rm', SVC)
        PlaybookRig.waitUntil(60, 'the queued service to go') {
            PlaybookRig.list(engine, 'containers/json?all=1').every { it.Labels?.'com.docker.swarm.service.name' != SVC }
        }
        PlaybookRig.waitUntil(60, 'the queued network to go') {
            PlaybookRig.docker('network', 'rm', NET)
            PlaybookRig.named(engine, 'networks', NET).isEmpty()
        }
        engine.close()
    }

    def "a queued network and the service joining it, applied from the queue, are linked by the network's real id"() {
        given: "the shell's safe default: a queue"
        QueueGate queue = new QueueGate(GateListener.SILENT)
        Map dsl = DslBindings.of(new SwarmOps(engine, queue), { String line -> } as Terminal, [:])

        when: "both are queued"
        dsl.networks.ensure(NET, attachable: true)
        dsl.services.ensure(SVC) {
            image 'swarmops/busybox:rig'
            args(['sleep', '3600'])
            network NET
            constraint 'node.role==manager'
        }
        List<Mutation> queued = queue.drain()

        then: "nothing exists yet; the service's network is shown by name"
        PlaybookRig.named(engine, 'networks', NET).isEmpty()
        queued*.kind() == ['network.create', 'service.create']
        queued[1].cli().contains("--network $NET")

        when: ":apply"
        ApplyGate apply = new ApplyGate(engine, GateListener.SILENT)
        queued.each { apply.submit(it) }

        then:
        PlaybookRig.service(engine, SVC).Spec.TaskTemplate.Networks*.Target == [PlaybookRig.named(engine, 'networks', NET)[0].Id]
    }
}
