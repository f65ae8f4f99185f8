package dev.swarmops.playbook

import dev.swarmops.engine.Engine
import dev.swarmops.gate.ApplyGate
import dev.swarmops.gate.Gate
import dev.swarmops.host.Host
import dev.swarmops.host.Probe
import dev.swarmops.ops.SwarmOps
import spock.lang.Specification

import java.lang.reflect.Method

/**
 * What the sandbox lets playbook code call never hands out a route around the gate: no method a
 * playbook may call on a DSL class takes or returns the engine, a gate, the primitives, the host
 * executor, the run's context, the runner or the compiler.
 */
class SandboxReachSpec extends Specification {

    static final Set<Class<?>> AROUND_THE_GATE = [Engine, Gate, ApplyGate, SwarmOps, Host, RunContext, PlaybookRunner, PlaybookCompiler,
                                                  Sandbox, dev.swarmops.cli.Main] as Set

    static List<Method> allowed(Class<?> dsl) {
        dsl.methods.findAll { SandboxPolicy.dslMethods(dsl).contains(it.name) }
    }

    def "no method the sandbox allows on #dsl.simpleName reaches around the gate"() {
        given:
        List<Method> methods = allowed(dsl)

        expect:
        !methods.isEmpty()
        methods.findAll { m -> ([m.returnType] + m.parameterTypes.toList()).any { t -> AROUND_THE_GATE.any { it.isAssignableFrom(t) } } } == []

        where:
        dsl << SandboxPolicy.DSL.sort { it.name }
    }

    def "a playbook's own methods of the runtime are not the DSL: #name"() {
        expect:
        !SandboxPolicy.dslMethods(Playbook).contains(name)
        !Sandbox.allowed(new Object(), name)

        where:
        name << ['run', 'evaluate', 'getBinding', 'setBinding', 'invokeMethod', 'getProperty', 'setProperty', 'getMetaClass', 'println',
                 'bind', 'getClass']
    }

    def "the probe is not reachable: Probe.Result is, Probe.run is not"() {
        expect:
        SandboxPolicy.DSL.contains(Probe.Result)
        !SandboxPolicy.DSL.contains(Probe)
        !SandboxPolicy.dslMethods(HostDsl).contains('probe')
    }
}
