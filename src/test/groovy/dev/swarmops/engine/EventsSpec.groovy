package dev.swarmops.engine

import dev.swarmops.ops.ServiceSpec
import dev.swarmops.ops.SwarmOps
import dev.swarmops.testkit.Rig
import spock.lang.Requires
import spock.lang.Specification

import java.time.Duration

/**
 * The event stream the waits follow: a change the engine reports wakes a waiter at once, counted
 * by type; without a stream a wait is a plain poll; closing the engine ends the reader.
 */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class EventsSpec extends Specification {

    static final String NAME = 'spec-events-svc'

    def cleanup() {
        Rig.remove([NAME])
    }

    def "a service created on the engine wakes a waiter long before its 60 s poll, counted as a service event"() {
        given:
        Engine engine = new Engine(Endpoint.resolve(null, [:]))
        Events events = engine.events()
        long seen = events.seen()
        long services = events.seen('service')
        SwarmOps ops = Rig.apply()
        Thread.sleep(500) // connected: a change before that is seen by the next poll, not by the stream

        when: "a service is created through the gate on another thread while this one waits"
        Thread.start { Thread.sleep(200); ops.services().create(new ServiceSpec(NAME).image(Rig.IMAGE).replicas(0).label(Rig.LABEL, Rig.RUN)) }
        long t0 = System.nanoTime()
        long after = events.awaitAfter(seen, Duration.ofSeconds(60))
        double waited = (System.nanoTime() - t0) / 1e9d

        then: "woken by the event"
        after > seen
        waited < 30
        Rig.await('the service event to be counted', 10) { events.seen('service') > services }

        when:
        engine.close()

        then: "the reader ends with the engine"
        Rig.await('the reader to end', 10) { !events.reading() }
    }

    def "without an engine to stream from, a wait is a plain sleep of its poll interval"() {
        given:
        Events events = Engine.empty(Endpoint.resolve(null, [:])).events()

        when:
        long t0 = System.nanoTime()
        long after = events.awaitAfter(events.seen(), Duration.ofMillis(300))
        double waited = (System.nanoTime() - t0) / 1e9d

        then:
        after == 0
        waited >= 0.29
        !events.reading()
    }
}
