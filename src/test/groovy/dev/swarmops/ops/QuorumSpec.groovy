package dev.swarmops.ops

import spock.lang.Specification

/** Raft arithmetic the manager playbooks refuse by: majority, tolerance, evenness, one more or one fewer. */
class QuorumSpec extends Specification {

    def "#managers managers, #reachable reachable: majority #majority, tolerates #tolerates, holds #holds, even #even"() {
        given:
        Quorum q = new Quorum(managers, reachable)

        expect:
        q.majority() == majority
        q.tolerates() == tolerates
        q.holds() == holds
        q.even() == even

        where:
        managers | reachable || majority | tolerates | holds | even
        1        | 1         || 1        | 0         | true  | false
        2        | 2         || 2        | 0         | true  | true
        2        | 1         || 2        | 0         | false | true
        3        | 2         || 2        | 1         | true  | false
        3        | 1         || 2        | 1         | false | false
        4        | 3         || 3        | 1         | true  | true
        5        | 3         || 3        | 2         | true  | false
        0        | 0         || 1        | 0         | false | true
    }

    def "one fewer: removing #what from #before leaves #after"() {
        expect:
        before.minusOne(wasReachable) == after

        where:
        what                  | before              | wasReachable || after
        'a dead manager'      | new Quorum(3, 2)    | false        || new Quorum(2, 2)
        'a live manager'      | new Quorum(3, 2)    | true         || new Quorum(2, 1)
        'a live one of two'   | new Quorum(2, 2)    | true         || new Quorum(1, 1)
    }

    def "one more manager joins reachable"() {
        expect:
        new Quorum(1, 1).plusOne() == new Quorum(2, 2)
        new Quorum(3, 2).plusOne() == new Quorum(4, 3)
    }

    def "stopping one manager's engine (#what) is safe: #safe"() {
        expect:
        q.survivesStopping(leader) == safe

        where:
        what                              | q                 | leader || safe
        'a follower of three'             | new Quorum(3, 3)  | false  || true
        'the leader of three'             | new Quorum(3, 3)  | true   || false
        'a follower of three, one down'   | new Quorum(3, 2)  | false  || false
        'the only manager'                | new Quorum(1, 1)  | true   || false
        'a follower of two'               | new Quorum(2, 2)  | false  || false
        'a follower of five, one down'    | new Quorum(5, 4)  | false  || true
    }

    def "a count no swarm can have is refused: #managers managers, #reachable reachable"() {
        when:
        new Quorum(managers, reachable)

        then:
        thrown(IllegalArgumentException)

        where:
        managers | reachable
        1        | 2
        -1       | 0
    }

    def "read from node objects: managers by their manager status, workers ignored"() {
        given:
        def node = { String status -> NodeInfo.of(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                status == null ? '{"Spec":{"Role":"worker"}}' : '{"Spec":{"Role":"manager"},"ManagerStatus":{' + (status == 'leader' ? '"Leader":true,"Reachability":"reachable"' : '"Reachability":"' + status + '"') + '}}')) }

        expect:
        Quorum.of([node('leader'), node('reachable'), node('unreachable'), node(null)]) == new Quorum(3, 2)
    }
}
