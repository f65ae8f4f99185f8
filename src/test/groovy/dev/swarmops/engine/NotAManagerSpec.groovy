package dev.swarmops.engine

import dev.swarmops.testkit.Rig
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.nio.ByteBuffer
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicInteger

/**
 * Issue 10 §1: on an engine that manages no swarm, every swarm read is answered 503, which the
 * HTTP client retries after a second. Once the engine is known not to manage one (its /info, or
 * a first 503), swarm reads are answered without a request; a change sent makes it ask again.
 * The real engine of a rig worker outside any swarm, behind a relay that counts requests.
 */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class NotAManagerSpec extends Specification {

    static final String NAME = 'spec-nm' + Rig.RUN
    static final List<String> SWARM_READS = ['/secrets', '/configs', '/services', '/nodes', '/tasks', '/swarm', '/nodes/x', '/services?filters=%7B%7D']

    @Shared
    Path engineSock
    @Shared
    Relay relay

    def setupSpec() {
        Rig.engine()
        Rig.script('worker.sh', 'add', NAME, '--join', 'none')
        engineSock = Path.of(URI.create(Rig.script('worker.sh', 'sock', NAME).trim()).path)
        relay = Relay.start(engineSock)
    }

    def cleanupSpec() {
        relay?.close()
        Rig.script('worker.sh', 'rm', NAME)
    }

    Engine engine() {
        new Engine(Endpoint.resolve('unix://' + relay.path, [:]))
    }

    static int statusOf(Engine e, String path) {
        try {
            e.get(path)
            return 200
        } catch (EngineException x) {
            return x.status()
        }
    }

    def "after /info says so, swarm reads get the engine's 503 without a request"() {
        given:
        Engine e = engine()

        when:
        boolean manages = e.get('/info').path('Swarm').path('ControlAvailable').asBoolean()
        int asked = relay.requests.get()
        List<Integer> statuses = SWARM_READS.collect { statusOf(e, it) }

        then:
        !manages
        statuses.every { it == 503 }
        relay.requests.get() == asked

        and: "reads that are not swarm reads still go to the engine"
        statusOf(e, '/networks') == 200
        relay.requests.get() == asked + 1

        cleanup:
        e.close()
    }

    def "without /info, the first 503 teaches it: the next swarm read is not sent"() {
        given:
        Engine e = engine()
        e.version()
        int start = relay.requests.get()

        when:
        int first = statusOf(e, '/secrets')
        int afterFirst = relay.requests.get()
        int second = statusOf(e, '/configs')

        then: "the first was sent (and retried by the HTTP client), the second not"
        first == 503
        afterFirst > start
        second == 503
        relay.requests.get() == afterFirst

        cleanup:
        e.close()
    }

    /** A unix-socket relay to the engine that counts the HTTP requests passing through. */
    static final class Relay implements Closeable {
        Path path
        ServerSocketChannel server
        AtomicInteger requests = new AtomicInteger()

        static Relay start(Path target) {
            Path p = Files.createTempDirectory('swarmops-relay-').resolve('docker.sock')
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
            s.bind(UnixDomainSocketAddress.of(p))
            Relay r = new Relay(path: p, server: s)
            Thread.startDaemon('relay') {
                try {
                    while (true) {
                        SocketChannel client = s.accept()
                        SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(target))
                        Thread.startDaemon { pump(client, upstream, r.requests) }
                        Thread.startDaemon { pump(upstream, client, null) }
                    }
                } catch (IOException closed) {
                    // the spec is done
                }
            }
            r
        }

        private static void pump(SocketChannel from, SocketChannel to, AtomicInteger count) {
            ByteBuffer b = ByteBuffer.allocate(65536)
            try {
                while (from.read(b) >= 0) {
                    b.flip()
                    if (count != null) {
                        count.addAndGet(StandardCharsets.ISO_8859_1.decode(b.duplicate()).toString().findAll(/(?m)^(GET|POST|PUT|DELETE|HEAD) \//).size())
                    }
                    while (b.hasRemaining()) {
                        to.write(b)
                    }
                    b.clear()
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                try {
                    to.shutdownOutput()
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }

        @Override
        void close() {
            server.close()
            Files.deleteIfExists(path)
        }
    }
}
