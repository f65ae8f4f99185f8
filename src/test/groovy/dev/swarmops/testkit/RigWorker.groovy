package dev.swarmops.testkit

import dev.swarmops.engine.Endpoint
import dev.swarmops.engine.Engine
import dev.swarmops.gate.ApplyGate
import dev.swarmops.gate.GateListener
import dev.swarmops.gate.Outcome
import dev.swarmops.gate.Sensitive
import dev.swarmops.ops.NodeInfo
import dev.swarmops.ops.SwarmOps
import dev.swarmops.ops.SwarmState

import java.nio.file.Path

/**
 * A rig worker: its own dockerd in its own network and UTS namespace (scripts/rig/worker.sh),
 * advertising two fake GPUs. One ({@code spec-w<run>}) is shared by all specs of a run and removed
 * at the end; it is joined with our own primitives, never by the script.
 */
final class RigWorker {

    static final String PREFIX = 'spec-w'
    /** One worker per run, so runs sharing a rig do not tear down each other's worker. */
    static final String NAME = PREFIX + Rig.RUN
    static final List<String> GPUS = ['GPU-5bec0000-0000-4000-8000-000000000001', 'GPU-5bec0000-0000-4000-8000-000000000002']

    private static RigWorker shared

    final String name
    final String sock
    final String ip
    private final Engine engine

    private RigWorker(String name, String sock, String ip) {
        this.name = name
        this.sock = sock
        this.ip = ip
        this.engine = new Engine(Endpoint.resolve(sock, [:]))
    }

    /** The run's worker, started (not joined) on first use. */
    static synchronized RigWorker shared() {
        if (shared == null) {
            Rig.engine()
            Path daemonJson = Path.of(RigWorker.getResource('/rig/gpu-worker.json').toURI())
            Rig.script('worker.sh', 'add', NAME, '--daemon-json', daemonJson.toString(), '--join', 'none')
            RigCleanupExtension.atEnd("remove rig worker $NAME") { Rig.script('worker.sh', 'rm', NAME) }
            String line = Rig.script('worker.sh', 'ls').readLines().find { it.split(/\s+/)[0] == NAME }
            assert line: "worker.sh ls does not list $NAME"
            shared = new RigWorker(NAME, Rig.script('worker.sh', 'sock', NAME).trim(), line.split(/\s+/)[1])
        }
        shared
    }

    /** Active, and a node of the rig's swarm (a worker's engine does not report the cluster id). */
    boolean inRigSwarm() {
        SwarmState st = state()
        st.active() && !st.manager() && st.remoteManagers().contains(Rig.MANAGER_ADDR + ':2377') &&
                Rig.dryRun().nodes().list().any { it.id() == st.nodeId() }
    }

    /** Primitives on the worker's own engine, applied. */
    SwarmOps ops(GateListener listener = GateListener.SILENT) {
        new SwarmOps(engine, new ApplyGate(engine, listener))
    }

    SwarmState state() {
        ops().swarm().state()
    }

    String nodeId() {
        state().nodeId()
    }

    /** This worker as the manager lists it. */
    NodeInfo node() {
        Rig.dryRun().nodes().list().find { it.id() == nodeId() }
    }

    /** Join the rig's swarm through our primitive, with a token as the CLI printed it. */
    Outcome join(String token, String source = 'swarmops worker token --quiet') {
        ops().swarm().join(Sensitive.of(source, token, Sensitive.Encoding.TEXT), Rig.dryRun().swarm().managerAddress(), ip)
    }

    /** Joined to the rig's swarm and ready for tasks; joins with the token `worker token --cpu --quiet` prints if need be. */
    RigWorker ensureJoined() {
        SwarmState st = state()
        if (inRigSwarm()) {
            awaitReady()
            return this
        }
        if (st.localState() != 'inactive') {
            leaveSwarm()
        }
        CliRun token = Cli.run('worker', 'token', '--cpu', '--quiet')
        assert token.code == 0: token
        join(token.out.readLines().last().trim())
        awaitReady()
        this
    }

    /** Out of any swarm; the manager's entry for it removed unless {@code keepEntry}. Returns the node id it had. */
    String leaveSwarm(boolean keepEntry = false) {
        String id = nodeId()
        if (state().localState() != 'inactive') {
            ops().swarm().leave(true)
        }
        Rig.await("$name to leave its swarm") { state().localState() == 'inactive' }
        if (!keepEntry && id && Rig.dryRun().nodes().list().any { it.id() == id }) {
            Rig.apply().nodes().remove(id, true)
        }
        id
    }

    private void awaitReady() {
        Rig.await("$name to be ready in the manager's node list") {
            NodeInfo n = node()
            n?.status() == 'ready' && n.availability() == 'active' && n.genericResources()['NVIDIA-GPU'] == GPUS.size()
        }
    }
}
