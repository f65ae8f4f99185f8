package dev.swarmops.doctor

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.ObjectNode
import dev.swarmops.engine.Engine
import dev.swarmops.ops.NodeInfo

import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.GZIPOutputStream

/** Fixture files under src/test/resources/doctor, and fake /proc and /sys trees built from them. */
final class Fixtures {

    static final Path ROOT = Path.of(Fixtures.getResource('/doctor').toURI())

    private Fixtures() {
    }

    static String text(String path) {
        Files.readString(ROOT.resolve(path))
    }

    static ObjectNode json(String text) {
        (ObjectNode) Engine.JSON.readTree(text)
    }

    /**
     * A /proc with the fixture net/ files, optionally a config.gz from a fixture kernel config, and
     * lines dropped from net/tcp (to close a port). No pid directories: doctor reads {@code net/} itself.
     */
    static Path fakeProc(Map opts, Path dir) {
        Path proc = dir.resolve('proc')
        Files.createDirectories(proc.resolve('net'))
        ['tcp', 'tcp6', 'udp', 'udp6', 'route', 'ipv6_route'].each { String f ->
            String t = text("proc/net/$f")
            (opts.dropTcp ?: []).each { String port -> if (f == 'tcp') t = t.readLines().findAll { !it.contains(":$port ") }.join('\n') + '\n' }
            Files.writeString(proc.resolve("net/$f"), t)
        }
        if (opts.kernelConfig) {
            new GZIPOutputStream(Files.newOutputStream(proc.resolve('config.gz'))).withCloseable { it.write(text("kernel/${opts.kernelConfig}").bytes) }
        }
        proc
    }

    static Path fakeProc(Path dir) {
        fakeProc([:], dir)
    }

    /** A /sys with one interface and its MTU. */
    static Path fakeSys(Path dir, String iface, int mtu) {
        Path sys = dir.resolve('sys')
        Files.createDirectories(sys.resolve("class/net/$iface"))
        Files.writeString(sys.resolve("class/net/$iface/mtu"), "$mtu\n".toString())
        sys
    }

    /** A node as the Engine API returns it. */
    static NodeInfo node(Map m) {
        Map n = [ID         : m.id ?: "id-${m.host}",
                 Spec       : [Role: m.role ?: 'worker', Availability: m.availability ?: 'active',
                               Labels: m.workload ? ['platform.workload': m.workload] : [:]],
                 Description: [Hostname : m.host, Engine: [EngineVersion: m.engine ?: '26.1.5'],
                               Resources: [GenericResources: m.gpus ? (1..m.gpus).collect {
                                   [NamedResourceSpec: [Kind: 'NVIDIA-GPU', Value: "GPU-0000000$it"]]
                               } : []]],
                 Status     : [State: m.status ?: 'ready', Addr: '10.0.0.9']]
        if (m.manager) {
            n.ManagerStatus = [Leader: m.manager == 'leader', Reachability: m.manager == 'leader' ? 'reachable' : m.manager]
        }
        NodeInfo.of(dev.swarmops.testkit.FakeEngine.JSON.valueToTree(n) as JsonNode)
    }
}
