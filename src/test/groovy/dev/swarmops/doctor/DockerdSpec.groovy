package dev.swarmops.doctor

import dev.swarmops.engine.Endpoint
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Finding the dockerd behind an endpoint in a /proc tree, and reading its command line. */
class DockerdSpec extends Specification {

    @TempDir
    Path proc

    void process(int pid, String comm, List<String> argv) {
        Path d = proc.resolve("$pid")
        Files.createDirectories(d)
        Files.writeString(d.resolve('comm'), "$comm\n".toString())
        Files.writeString(d.resolve('cmdline'), argv.join('\u0000') + '\u0000')
    }

    static Endpoint endpoint(String host) {
        Endpoint.resolve(host, [:])
    }

    def "each engine is found by its -H, in any spelling; the default socket by a dockerd without -H"() {
        given:
        process(100, 'dockerd', ['dockerd', '--pidfile', '/run/m.pid'])
        process(200, 'dockerd', ['dockerd', '-H', 'unix:///run/swarmops-rig/w1/docker.sock', '--config-file', '/tmp/w1.json'])
        process(300, 'dockerd', ['dockerd', '--host=unix:///run/w2.sock', '--config-file=/tmp/w2.json'])
        process(400, 'dockerd', ['dockerd', '-Htcp://0.0.0.0:2376'])
        process(500, 'containerd', ['containerd', '-H', 'unix:///run/w3.sock'])
        process(600, 'bash', ['bash'])
        Files.createDirectories(proc.resolve('self'))

        expect:
        Dockerd.all(proc)*.pid() == [100, 200, 300, 400]
        Dockerd.serving(endpoint(host), proc).map { it.pid() }.orElse(null) == pid
        Dockerd.serving(endpoint(host), proc).map { it.configFile() }.orElse(null) == config

        where:
        host                                          || pid  | config
        'unix:///var/run/docker.sock'                 || 100  | '/etc/docker/daemon.json'
        'unix:///run/docker.sock'                     || 100  | '/etc/docker/daemon.json'
        'unix:///run/swarmops-rig/w1/docker.sock'     || 200  | '/tmp/w1.json'
        '/run/w2.sock'                                || 300  | '/tmp/w2.json'
        'tcp://127.0.0.1:2376'                        || 400  | '/etc/docker/daemon.json'
        'unix:///run/w3.sock'                         || null | null
    }

    def "no -H matches but only one dockerd runs: that one, and the finding says so"() {
        given:
        process(42, 'dockerd', ['dockerd', '-H', 'fd://', '--live-restore'])

        when:
        Optional<Dockerd> d = Dockerd.serving(endpoint('unix:///var/run/docker.sock'), proc)

        then:
        d.get().pid() == 42
        d.get().how() == 'the only dockerd running'
        d.get().hasFlag('--live-restore')
        !d.get().flagGiven('--config-file')
    }

    def "no dockerd at all: nothing found"() {
        expect:
        Dockerd.serving(endpoint('unix:///var/run/docker.sock'), proc) == Optional.empty()
        Dockerd.all(proc.resolve('missing')) == []
    }
}
