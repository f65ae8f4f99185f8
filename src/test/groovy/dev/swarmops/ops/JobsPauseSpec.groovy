package dev.swarmops.ops

import spock.lang.Specification

import java.time.Duration

/** A job wait's sleep between task reads: 50 ms, backing off to ten reads' time under load, at most a second. */
class JobsPauseSpec extends Specification {

    def "a read of #readMs ms is followed by a pause of #pauseMs ms"() {
        expect:
        Jobs.pause(Duration.ofMillis(readMs).toNanos()) == Duration.ofMillis(pauseMs)

        where:
        readMs || pauseMs
        0      || 50
        3      || 50
        5      || 50
        12     || 120
        60     || 600
        100    || 1000
        2500   || 1000
    }
}
