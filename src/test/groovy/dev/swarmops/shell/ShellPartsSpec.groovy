package dev.swarmops.shell

import dev.swarmops.engine.Endpoint
import dev.swarmops.engine.Engine
import dev.swarmops.gate.ApiRequest
import dev.swarmops.gate.Change
import dev.swarmops.gate.CliLine
import dev.swarmops.gate.CommandRun
import dev.swarmops.gate.EngineCall
import dev.swarmops.gate.FileWrite
import dev.swarmops.gate.GateListener
import dev.swarmops.gate.Mutation
import dev.swarmops.gate.Outcome
import dev.swarmops.gate.QueueGate
import dev.swarmops.ops.SwarmOps
import dev.swarmops.playbook.DslBindings
import dev.swarmops.testkit.FakeEngine
import org.jline.reader.Candidate
import org.jline.reader.EOFError
import org.jline.reader.ParsedLine
import org.jline.reader.Parser
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Path

/** The shell's parts without a terminal or the rig: completion, line parsing, the confirming gate, the queue. */
class ShellPartsSpec extends Specification {

    @Shared
    @AutoCleanup
    FakeEngine fake = new FakeEngine().manager([['mgr000aaa111bbb222ccc333d', 'manager-1'], ['wrk000aaa111bbb222ccc333d', 'gpu-worker-7']])
    @Shared
    @AutoCleanup
    Engine engine = new Engine(Endpoint.resolve(fake.endpoint(), [:]))

    def setupSpec() {
        fake.reads['/services'] = [[ID: 'svc1', Spec: [Name: 'platform-master-proxy']]]
        fake.reads['/networks'] = [[Id: 'net1', Name: 'platform_jobs_internal']]
        fake.reads['/secrets'] = [[ID: 'sec1', Spec: [Name: 'registry-token']]]
    }

    private Map<String, Object> bindings(QueueGate queue = new QueueGate(GateListener.SILENT)) {
        DslBindings.of(new SwarmOps(engine, queue), new ShellPrinter(new PrintWriter(new StringWriter())), [:])
    }

    private List<String> complete(String input) {
        Map<String, Object> b = bindings()
        ShellCompleter completer = new ShellCompleter(b, new SwarmOps(engine, new QueueGate(GateListener.SILENT)))
        ParsedLine line = new ShellParser().parse(input, input.length(), Parser.ParseContext.COMPLETE)
        List<Candidate> out = []
        completer.complete(null, line, out)
        out*.value()
    }

    def "members lists a DSL object's calls: methods as name(, getters as properties, nothing of Object"() {
        when:
        List<String> members = ShellCompleter.members(bindings().nodes)

        then:
        members.containsAll(['label(', 'get(', 'drain(', 'activate(', 'waitDrained(', 'list', 'self'])
        !members.any { it in ['wait(', 'notify(', 'equals(', 'hashCode(', 'getClass(', 'class', 'toString('] }
    }

    def "completion: '#input' offers #expected"() {
        expect:
        complete(input).containsAll(expected)

        where:
        input                   || expected
        'nodes.la'              || ['nodes.label(']
        'services.wa'           || ['services.waitConverged(']
        ':pl'                   || [':plan', ':apply', ':discard', ':load', ':trace', ':quit', ':help']
        'nod'                   || ['nodes', 'networks', 'services']
        "nodes.get('gpu-w"      || ['gpu-worker-7', 'manager-1']
        "services.remove('pla"  || ['platform-master-proxy', 'platform_jobs_internal', 'registry-token']
    }

    def "the word completed stops at Groovy punctuation, so a quoted name is completed on its own"() {
        expect:
        new ShellParser().parse(input, input.length(), Parser.ParseContext.COMPLETE).word() == word

        where:
        input                          || word
        "nodes.get('gpu-w"             || 'gpu-w'
        'nodes.la'                     || 'nodes.la'
        "nodes.label('a', 'b', \"c"    || 'c'
        'x = nodes.se'                 || 'nodes.se'
    }

    def "an open bracket continues the input on the next line: #input"() {
        when:
        new ShellParser().parse(input, input.length(), Parser.ParseContext.ACCEPT_LINE)

        then:
        thrown(EOFError)

        where:
        input << ["services.ensure('x') {", "services.ensure('x') {\n image 'y'", "nodes.label('a',", 'jobs.run(cmd: [']
    }

    def "a closed input is accepted as one line: #input"() {
        when:
        new ShellParser().parse(input, input.length(), Parser.ParseContext.ACCEPT_LINE)

        then:
        noExceptionThrown()

        where:
        input << ["services.ensure('x') {\n image 'y'\n}", "nodes.label('a', 'b', 'c')", '1 + 1']
    }

    static EngineCall call(String kind, Change change) {
        new EngineCall(kind, 'x', change, new ApiRequest('POST', '/x', null), new CliLine(['docker', kind], null))
    }

    def "destructive: #what → #expected"() {
        expect:
        ConfirmingGate.destructive(m) == expected

        where:
        what                               | m                                                                                       || expected
        'service remove (DELETE)'          | call('service.remove', Change.DELETE)                                                   || true
        'node remove (DELETE)'             | call('node.remove', Change.DELETE)                                                      || true
        'network remove (DELETE)'          | call('network.remove', Change.DELETE)                                                   || true
        'secret remove (DELETE)'           | call('secret.remove', Change.DELETE)                                                    || true
        'swarm.leave'                      | call('swarm.leave', Change.DELETE)                                                      || true
        'swarm.leave, whatever its change' | call('swarm.leave', Change.UPDATE)                                                      || true
        'a host command (engine restart)'  | new CommandRun('engine.restart', ['systemctl', 'restart', 'docker'], 'restart docker') || true
        'service create (CREATE)'          | call('service.create', Change.CREATE)                                                   || false
        'node label (UPDATE)'              | call('node.label', Change.UPDATE)                                                       || false
        'swarm init (CREATE)'              | call('swarm.init', Change.CREATE)                                                       || false
        'file write'                       | new FileWrite(Path.of('/etc/x'), 'x', '0644', Change.UPDATE, [])                       || false
    }

    def "ConfirmingGate: a destructive mutation passes only on yes; the question shows its command; others are not asked about"() {
        given:
        QueueGate inner = new QueueGate(GateListener.SILENT)
        List<String> asked = []
        boolean answer = false
        ConfirmingGate gate = new ConfirmingGate(inner, { String cli -> asked << cli; answer })
        Mutation remove = call('service.remove', Change.DELETE)
        Mutation create = call('service.create', Change.CREATE)

        when: 'no'
        gate.submit(remove)

        then: 'declined, and nothing reached the gate behind'
        ConfirmingGate.DeclinedException e = thrown()
        e.message == 'not confirmed: docker service.remove'
        asked == ['docker service.remove']
        inner.outcomes().empty

        when: 'yes'
        answer = true
        Outcome o = gate.submit(remove)

        then:
        o.mutation().is(remove)
        inner.outcomes()*.mutation() == [remove]
        asked.size() == 2

        when: 'not destructive'
        answer = false
        gate.submit(create)

        then: 'passed without a question'
        asked.size() == 2
        inner.outcomes()*.mutation() == [remove, create]
        gate.applies() == inner.applies()
    }

    def "QueueGate: holds mutations in order, tells the listener, drains them once"() {
        given:
        List<Mutation> told = []
        QueueGate queue = new QueueGate(new GateListener() {
            @Override
            void planned(Mutation m) { told << m }
        })
        Mutation a = call('node.label', Change.UPDATE)
        Mutation b = call('service.create', Change.CREATE)
        Mutation c = call('service.remove', Change.DELETE)

        when:
        Outcome oa = queue.submit(a)
        queue.submit(b)
        queue.submit(c)

        then: 'each is planned, not applied; the listener heard of each as it came'
        !oa.applied()
        told == [a, b, c]
        queue.outcomes()*.mutation() == [a, b, c]
        !queue.applies()

        when: 'outcomes() is a copy: changing it does not touch the queue'
        queue.outcomes().clear()

        then:
        thrown(UnsupportedOperationException)
        queue.outcomes().size() == 3

        when:
        List<Mutation> drained = queue.drain()

        then: 'all of it, in order, and the queue is empty'
        drained == [a, b, c]
        queue.outcomes().empty
        queue.drain().empty

        when: 'queued again after a drain'
        queue.submit(b)

        then: 'only the new one'
        queue.drain() == [b]
    }

    def "the queue behind the DSL: a label call through the bindings is queued, not sent"() {
        given:
        QueueGate queue = new QueueGate(GateListener.SILENT)
        Map<String, Object> b = bindings(queue)

        when:
        b.nodes.label('gpu-worker-7', 'platform.workload', 'gpu')

        then:
        queue.outcomes()*.mutation()*.cli() == ['docker node update --label-add platform.workload=gpu gpu-worker-7']
        fake.mutations().empty
    }

    def "oneLine keeps the first line of an error"() {
        expect:
        Shell.oneLine(new RuntimeException('first\nsecond\nthird')) == 'first'
        Shell.oneLine(new IllegalStateException()) == 'IllegalStateException'
    }
}
