package dev.swarmops.playbook;

import dev.swarmops.gate.Gate;
import dev.swarmops.host.Host;
import dev.swarmops.ops.SwarmOps;

import java.util.Map;

/** Everything a running playbook's steps reach: primitives, host, options, settings, output. */
record RunContext(SwarmOps ops, Host host, Terminal out, Tally tally, Map<String, Object> options,
                  Map<String, Object> settings, Map<String, String> env) {

    /** The primitives over another engine (e.g. the manager, from a worker), through this run's gate. */
    SwarmOps remote(String host) {
        dev.swarmops.engine.Endpoint e = dev.swarmops.engine.Endpoint.resolve(host, env);
        return new SwarmOps(new dev.swarmops.engine.Engine(e), new dev.swarmops.gate.RoutedGate(gate(), e));
    }

    /** DATA-ROOT/swarm of the engine this run talks to: its Raft state and certificates. */
    String swarmDir() {
        return ops.engine().get("/info").path("DockerRootDir").asText("/var/lib/docker") + "/swarm";
    }

    /** {@link #swarmDir()} when the engine is on this machine (a unix socket); a remote engine's files are not ours to read. */
    java.util.Optional<String> localSwarmDir() {
        return "unix".equals(ops.engine().endpoint().uri().getScheme()) ? java.util.Optional.of(swarmDir()) : java.util.Optional.empty();
    }

    Gate gate() {
        return ops.gate();
    }

    /** Print an idempotent skip: {@code = network platform_challenges exists, matches}. */
    void unchanged(String what) {
        tally.countUnchanged();
        out.println("  " + out.dim("= " + what));
    }

    void say(String what) {
        out.println("  " + what);
    }

    void warn(String what) {
        out.println("  " + out.warn("! " + what));
    }
}
