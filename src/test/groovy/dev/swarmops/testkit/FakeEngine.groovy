package dev.swarmops.testkit

import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.databind.module.SimpleModule
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer
import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer

import java.nio.charset.StandardCharsets
import java.util.concurrent.CopyOnWriteArrayList

/**
 * A stand-in Engine API on 127.0.0.1 for specs that must not need the rig: it answers reads
 * from canned JSON, records every request, and answers mutations as the spec says (by default
 * with a refusal, so nothing can silently "succeed").
 */
final class FakeEngine implements AutoCloseable {

    /** Jackson, with Groovy's interpolated strings written as the strings they are. */
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new SimpleModule().addSerializer(GString, ToStringSerializer.instance))

    /** One request as the engine saw it. */
    static final class Request {
        String method
        String path
        String body

        @Override
        String toString() {
            "$method $path ${body ?: ''}"
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>()
    /** Unversioned GET path (no query) → JSON answer. */
    final Map<String, Object> reads = [:]
    /** Answers a mutation: [status, json]. */
    Closure<List> onMutation = { Request r -> [500, [message: 'fake engine: no mutation expected here']] }

    private final HttpServer server

    FakeEngine() {
        server = HttpServer.create(new InetSocketAddress(InetAddress.loopbackAddress, 0), 0)
        server.createContext('/') { HttpExchange ex -> handle(ex) }
        server.start()
        reads['/version'] = [Version: '26.1.5', ApiVersion: '1.45', Os: 'linux', Arch: 'amd64']
    }

    String endpoint() {
        "tcp://127.0.0.1:${server.address.port}"
    }

    List<Request> mutations() {
        requests.findAll { it.method != 'GET' }
    }

    /** A swarm manager with these nodes: [id, hostname] pairs; the first is the manager itself. */
    FakeEngine manager(List<List<String>> nodes) {
        reads['/info'] = [Name: nodes[0][1], Swarm: [LocalNodeState: 'active', NodeID: nodes[0][0], NodeAddr: '10.0.0.1',
                ControlAvailable: true, RemoteManagers: [[NodeID: nodes[0][0], Addr: '10.0.0.1:2377']]]]
        reads['/nodes'] = nodes.withIndex().collect { List<String> n, int i ->
            [ID         : n[0], Version: [Index: 10 + i],
             Spec       : [Role: i == 0 ? 'manager' : 'worker', Availability: 'active', Labels: [:]],
             Description: [Hostname: n[1], Engine: [EngineVersion: '26.1.5']],
             Status     : [State: 'ready', Addr: "10.0.0.${i + 1}"]] + (i == 0 ? [ManagerStatus: [Leader: true]] : [:])
        }
        reads['/swarm'] = [Version: [Index: 7], Spec: [Name: 'default'],
                           JoinTokens: [Worker: 'SWMTKN-1-fakeworker', Manager: 'SWMTKN-1-fakemanager']]
        this
    }

    private void handle(HttpExchange ex) {
        Request r = new Request(method: ex.requestMethod, path: ex.requestURI.toString(),
                body: new String(ex.requestBody.readAllBytes(), StandardCharsets.UTF_8))
        requests << r
        String path = ex.requestURI.path.replaceFirst('^/v\\d+\\.\\d+', '')
        List answer
        if (r.method == 'GET') {
            answer = reads.containsKey(path) ? [200, reads[path]] : [404, [message: "fake engine: no such object: $path"]]
        } else {
            answer = onMutation(r)
        }
        byte[] bytes = (answer[1] instanceof CharSequence ? answer[1].toString() : JSON.writeValueAsString(answer[1]))
                .getBytes(StandardCharsets.UTF_8)
        ex.responseHeaders.add('Content-Type', 'application/json')
        ex.sendResponseHeaders(answer[0] as int, bytes.length == 0 ? -1 : bytes.length)
        ex.responseBody.withCloseable { it.write(bytes) }
    }

    @Override
    void close() {
        server.stop(0)
    }
}
