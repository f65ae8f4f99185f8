package dev.swarmops.doctor

import dev.swarmops.engine.Endpoint
import dev.swarmops.engine.Engine
import dev.swarmops.gate.ApplyGate
import dev.swarmops.gate.GateListener
import dev.swarmops.gate.Sensitive
import dev.swarmops.ops.NodeInfo
import dev.swarmops.ops.Swarm
import dev.swarmops.ops.SwarmOps
import dev.swarmops.ops.SwarmState
import dev.swarmops.testkit.Rig

import java.nio.file.Path

/**
 * A rig worker of the doctor specs ({@code spec-doc-…}): its own dockerd in its own network
 * namespace (scripts/rig/worker.sh), joined with our primitives and without a label. It removes
 * itself and every node entry it made.
 */
final class DocWorker {

    final String name
    final String sock
    final String ip
    private final Engine engine
    private final Set<String> nodeIds = new LinkedHashSet<>()

    private DocWorker(String name, String sock, String ip) {
        this.name = name
        this.sock = sock
        this.ip = ip
        this.engine = new Engine(Endpoint.resolve(sock, [:]))
    }

    /** Started, not joined; a leftover of an aborted run under the same name is removed first. */
    static DocWorker start(String name, Path daemonJson) {
        assert name.startsWith('spec-doc-')
        if (listed(name)) {
            Rig.script('worker.sh', 'rm', name)
        }
        List<String> args = ['add', name, '--join', 'none'] + (daemonJson ? ['--daemon-json', daemonJson.toString()] : [])
        Rig.script('worker.sh', *args)
        String line = Rig.script('worker.sh', 'ls').readLines().find { it.split(/\s+/)[0] == name }
        new DocWorker(name, Rig.script('worker.sh', 'sock', name).trim(), line.split(/\s+/)[1])
    }

    private static boolean listed(String name) {
        Rig.script('worker.sh', 'ls').readLines().any { it.split(/\s+/)[0] == name }
    }

    SwarmOps ops() {
        new SwarmOps(engine, new ApplyGate(engine, GateListener.SILENT))
    }

    SwarmState state() {
        ops().swarm().state()
    }

    /** This worker as the manager lists it. */
    NodeInfo node() {
        String id = state().nodeId()
        Rig.dryRun().nodes().list().find { it.id() == id }
    }

    /** Join the rig's swarm as a worker, unlabelled, and wait until the manager lists it ready with its GPUs. */
    DocWorker join(int gpus = 0) {
        String token = Rig.dryRun().swarm().joinToken(Swarm.Role.WORKER)
        ops().swarm().join(Sensitive.of('doctor spec', token, Sensitive.Encoding.TEXT), Rig.dryRun().swarm().managerAddress(), ip)
        nodeIds << Rig.await("$name to have a node id") { state().nodeId() }
        Rig.await("$name to be ready in the manager's node list") {
            NodeInfo n = node()
            n?.status() == 'ready' && (n.genericResources()['NVIDIA-GPU'] ?: 0) == gpus
        }
        this
    }

    /** Leave the swarm; the manager keeps the node's entry, soon down. */
    void leave() {
        ops().swarm().leave(true)
        Rig.await("$name to leave its swarm") { state().localState() == 'inactive' }
    }

    /** Its engine stopped and its state deleted (worker.sh rm), and every node entry it made removed. */
    void remove() {
        try {
            engine.close()
            Rig.script('worker.sh', 'rm', name)
        } finally {
            List<String> live = Rig.dryRun().nodes().list()*.id()
            nodeIds.findAll { it in live }.each { Rig.apply().nodes().remove(it, true) }
        }
    }
}
