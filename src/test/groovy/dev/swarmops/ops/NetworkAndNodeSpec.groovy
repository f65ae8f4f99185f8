package dev.swarmops.ops

import com.fasterxml.jackson.databind.ObjectMapper
import spock.lang.Specification

class NetworkAndNodeSpec extends Specification {

    static final ObjectMapper JSON = new ObjectMapper()

    def "a live network reads back as the spec it satisfies, and differences are listed per field"() {
        given: "the engine's object for an encrypted, attachable, internal overlay with MTU 1450"
        NetworkSpec live = NetworkSpec.of(JSON.valueToTree([Name: 'platform_jobs', Attachable: true, Internal: true,
                Options: [encrypted: '', 'com.docker.network.driver.mtu': '1450'], Labels: [team: 'ops']]))

        expect:
        live == new NetworkSpec('platform_jobs', true, true, true, 1450, [team: 'ops'])
        live.diff(live) == []
        new NetworkSpec('platform_jobs', false, true, false, null, [team: 'infra']).diff(live) ==
                ['encrypted: true → false', 'internal: true → false', 'mtu: 1450 → default', 'label team: ops → infra']
    }

    def "a network spec refuses a bad name or an MTU outside what links carry"() {
        when:
        new NetworkSpec(name, false, false, false, mtu, [:])

        then:
        BadInputException e = thrown()
        e.message == message

        where:
        name   | mtu  || message
        '-net' | null || "network name: '-net' is not a valid network name"
        'n'    | 500  || 'network n mtu: 500 is outside 576..9216'
        'n'    | 9217 || 'network n mtu: 9217 is outside 576..9216'
    }

    def "a node's advertised generic resources are counted per kind"() {
        when:
        NodeInfo n = NodeInfo.of(JSON.valueToTree([ID: 'abcdefghijklmnopqrstuvwxy', Description: [Hostname: 'gpu-1',
                Resources: [GenericResources: [
                        [NamedResourceSpec: [Kind: 'NVIDIA-GPU', Value: 'GPU-1']],
                        [NamedResourceSpec: [Kind: 'NVIDIA-GPU', Value: 'GPU-2']],
                        [DiscreteResourceSpec: [Kind: 'SSD', Value: 3]]]]],
                Spec: [Role: 'worker', Labels: ['platform.workload': 'gpu']]]))

        then:
        n.genericResources() == ['NVIDIA-GPU': 2, SSD: 3]
        n.resourcesText() == 'NVIDIA-GPU×2,SSD×3'
        n.workload() == 'gpu'
        n.shortId() == 'abcdefghijkl'
    }
}
