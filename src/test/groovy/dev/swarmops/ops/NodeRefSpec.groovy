package dev.swarmops.ops

import com.fasterxml.jackson.databind.ObjectMapper
import spock.lang.Shared
import spock.lang.Specification

class NodeRefSpec extends Specification {

    static NodeInfo node(String id, String hostname) {
        NodeInfo.of(new ObjectMapper().valueToTree([ID: id, Description: [Hostname: hostname], Spec: [Role: 'worker']]))
    }

    @Shared
    List<NodeInfo> nodes = [
            node('abc123def456ghi789jkl0001', 'gpu-1'),
            node('abc999zzz000yyy111xxx0002', 'cpu-1'),
            node('xyz000aaa111bbb222ccc0003', 'abc'),
            node('qrs000aaa111bbb222ccc0004', 'twin'),
            node('tuv000aaa111bbb222ccc0005', 'twin'),
    ]

    def "'#ref' names node #expected"() {
        expect:
        NodeRef.resolve(ref, nodes).id() == expected

        where:
        ref                          | expected
        'abc123def456ghi789jkl0001'  | 'abc123def456ghi789jkl0001'
        'gpu-1'                      | 'abc123def456ghi789jkl0001'
        'cpu-1'                      | 'abc999zzz000yyy111xxx0002'
        'abc1'                       | 'abc123def456ghi789jkl0001'
        'x'                          | 'xyz000aaa111bbb222ccc0003'
        'abc'                        | 'xyz000aaa111bbb222ccc0003'
        'qrs'                        | 'qrs000aaa111bbb222ccc0004'
    }

    def "an unknown node is refused with every candidate listed"() {
        when:
        NodeRef.resolve('gpu-9', nodes)

        then:
        BadInputException e = thrown()
        e.message == "no node 'gpu-9'; nodes are: gpu-1 (abc123def456), cpu-1 (abc999zzz000), abc (xyz000aaa111), " +
                'twin (qrs000aaa111), twin (tuv000aaa111)'
    }

    def "an unknown node in an empty swarm says there are none"() {
        when:
        NodeRef.resolve('gpu-9', [])

        then:
        BadInputException e = thrown()
        e.message == "no node 'gpu-9'; nodes are: (none)"
    }

    def "a prefix of several ids is ambiguous and lists the nodes it matches"() {
        when:
        NodeRef.resolve('ab', nodes)

        then:
        BadInputException e = thrown()
        e.message == "node 'ab' is ambiguous: it prefixes gpu-1 (abc123def456), cpu-1 (abc999zzz000) (type more of the id)"
    }

    def "a hostname two nodes share is ambiguous and asks for an id"() {
        when:
        NodeRef.resolve('twin', nodes)

        then:
        BadInputException e = thrown()
        e.message == "node 'twin' is ambiguous: 2 nodes have that hostname: twin (qrs000aaa111), twin (tuv000aaa111) (use an id)"
    }

    def "a blank reference is refused before any lookup"() {
        when:
        NodeRef.resolve(ref, nodes)

        then:
        BadInputException e = thrown()
        e.message == 'node: a node id, id prefix or hostname is required'

        where:
        ref << [null, '', '   ']
    }
}
