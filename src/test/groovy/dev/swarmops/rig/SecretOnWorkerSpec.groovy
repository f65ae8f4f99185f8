package dev.swarmops.rig

import com.fasterxml.jackson.databind.JsonNode
import dev.swarmops.engine.EngineException
import dev.swarmops.gate.GateListener
import dev.swarmops.gate.Mutation
import dev.swarmops.gate.Outcome
import dev.swarmops.gate.PlanJson
import dev.swarmops.gate.Sensitive
import dev.swarmops.ops.ServiceSpec
import dev.swarmops.ops.SwarmOps
import dev.swarmops.ops.TaskInfo
import dev.swarmops.testkit.Cli
import dev.swarmops.testkit.ProcSampler
import dev.swarmops.testkit.Rig
import dev.swarmops.testkit.RigWorker
import spock.lang.Requires
import spock.lang.Specification

/** The end-to-end secret path: env var → gate → engine → a task on the worker, and nowhere else. */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class SecretOnWorkerSpec extends Specification {

    static final List<String> NAMES = ['spec-secret-reader', 'spec-secret-x']

    def cleanup() {
        Rig.remove(NAMES)
    }

    def "a secret created from an env var is readable inside a task on the worker, and its value appears nowhere else"() {
        given: "a value only this run knows, handed over as an env var"
        String value = 'spec-secret-' + UUID.randomUUID()
        String base64 = value.bytes.encodeBase64().toString()
        Map<String, String> env = [SPEC_SECRET_VALUE: value]

        and: "a sampler reading every process's argv, and a listener keeping everything the gate shows"
        String canary = 'spec-canary-' + UUID.randomUUID()
        ProcSampler sampler = new ProcSampler([value, base64, canary])
        StringBuilder shown = new StringBuilder()
        GateListener listener = new GateListener() {
            void applying(Mutation m) { shown << m.cli() << '\n' << m.diff() << '\n' << PlanJson.of(m) << '\n' << m << '\n' }

            void applied(Outcome o) { shown << o << '\n' << o.response() << '\n' }
        }
        SwarmOps ops = Rig.apply(listener)
        RigWorker worker = RigWorker.shared().ensureJoined()

        when: "the secret is created through the gate, and a job on the worker prints the mounted file"
        ops.secrets().create('spec-secret-x', Sensitive.fromEnv('SPEC_SECRET_VALUE', env, Sensitive.Encoding.BASE64), Rig.LABELS)
        ops.services().create(new ServiceSpec('spec-secret-reader').image(Rig.IMAGE).mode(ServiceSpec.Mode.REPLICATED_JOB).replicas(1)
                .restartCondition('none').constraint('node.role==worker').constraint("node.hostname==${worker.name}")
                .secret('spec-secret-x', 'x').args(['cat', '/run/secrets/x']).label(Rig.LABEL, Rig.RUN))
        TaskInfo task = Rig.await('the reader task to finish') { ops.services().tasks('spec-secret-reader').find { it.terminal() } }
        String logs = Rig.await('the reader output') { ops.services().logs('spec-secret-reader') ?: null }

        and: "the secret is created again, which the engine refuses"
        String refusal = null
        try {
            ops.secrets().create('spec-secret-x', Sensitive.fromEnv('SPEC_SECRET_VALUE', env, Sensitive.Encoding.BASE64), Rig.LABELS)
        } catch (EngineException e) {
            refusal = e.message
        }

        and: "the CLI is run alongside, and the plan of the whole run is rendered"
        String cliOutput = Cli.run('worker', 'list').with { out + err } + Cli.run('--json', 'worker', 'inspect', worker.name).with { out + err }
        String plan = PlanJson.of(ops.gate().outcomes()).toPrettyString()

        and: "a short-lived process carries a known argument while the sampler runs"
        Process p = new ProcessBuilder('sh', '-c', 'sleep 1', canary).start()
        p.waitFor()
        sampler.close()

        then: "the task ran on the worker and printed exactly the value"
        task.state() == 'complete'
        task.nodeId() == worker.nodeId()
        logs.trim() == value

        and: "the engine keeps the secret without giving its data back"
        JsonNode stored = Rig.dryRun().secrets().find('spec-secret-x').get()
        !stored.path('Spec').has('Data')
        refusal != null

        and: "the sampler was watching: it saw the canary's argv among the processes it read"
        sampler.hits(canary).size() > 0
        sampler.sweeps() > 10

        and: "the value, plain or base64, is in no output, plan, message or process argv"
        [shown.toString(), cliOutput, plan, refusal].every { !it.contains(value) && !it.contains(base64) }
        sampler.hits(value).isEmpty()
        sampler.hits(base64).isEmpty()

        and: "the gate did show the secret's creation, by its source"
        shown.toString().contains("docker secret create --label dev.swarmops.spec=${Rig.RUN} spec-secret-x -   # stdin: value from \$SPEC_SECRET_VALUE (hidden)")
        plan.contains('<value from $SPEC_SECRET_VALUE>')

        cleanup:
        sampler?.close()
    }
}
