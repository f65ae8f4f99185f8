package dev.swarmops.playbook

import dev.swarmops.testkit.Cli
import dev.swarmops.testkit.CliRun
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * A playbook cannot change the world around the gate: direct file writes, processes, sockets,
 * System.exit, threads and reflection are refused when it is compiled, naming the gated
 * alternative, so nothing of it runs. --allow-raw-access is the loud, explicit way out.
 */
class GateGuardSpec extends Specification {

    @TempDir
    Path dir

    /** A playbook whose first step is harmless and whose second does what the snippet does (line 5). */
    Path playbook(String snippet) {
        Path p = dir.resolve('guarded.groovy')
        p.toFile().text = """\
            @groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook
            description 'tries to act around the gate'
            step('harmless') { say 'THE FIRST STEP RAN' }
            step('around the gate') {
                ${snippet.replace('@DIR@', dir.toString())}
            }
            """.stripIndent()
        p
    }

    static final String FILES = 'direct file access is refused; use host.write(path, text, mode) to write (gated) and host.read(path) / host.exists(path) to read'
    static final String PROCESS = 'starting processes directly is refused; use host.run(purpose, cmd…) for commands that change the host (gated) or host.probe(cmd…) for read-only ones'
    static final String NETWORK = 'sockets and HTTP clients are refused; reach the engine through the primitives (services, networks, secrets …) and check health with host.httpGet(url)'
    static final String EXIT = "System.exit is refused; end a playbook with fail('why')"
    static final String THREADS = 'threads are refused; steps run in order, wait with services.waitConverged(…)'
    static final String REFLECTION = 'reflection and dynamic code are refused; use the playbook DSL'

    def "a playbook that #does is refused at compile time, naming the alternative, and nothing of it runs"() {
        given:
        Path pb = playbook(snippet)
        Path x = dir.resolve('x')

        when: "it is run, even against no engine at all (where a dry-run would otherwise plan)"
        CliRun run = Cli.run('--host', PlaybookRig.NOWHERE, 'run', pb.toString())

        then: "bad input: one line naming the place and the gated alternative"
        run.code == 2
        run.errLine().startsWith("swarmops: ${pb}: line 5, column ")
        run.errLine().contains(": $says")

        and: "not even its harmless first step ran, and no file appeared"
        run.out == ''
        !Files.exists(x)

        where:
        does                                        | snippet                                                                       || says
        'writes a file with java.io.File'           | "new File('@DIR@/x').text = 'y'"                                              || FILES
        'writes a file with java.nio'               | "java.nio.file.Files.writeString(java.nio.file.Path.of('@DIR@/x'), 'y')"      || FILES
        'opens a FileWriter'                        | "new FileWriter('@DIR@/x').withWriter { it << 'y' }"                          || FILES
        "runs a process with String.execute()"      | "'touch @DIR@/x'.execute()"                                                   || PROCESS
        'runs a process with a ProcessBuilder'      | "new ProcessBuilder('touch', '@DIR@/x').start()"                              || PROCESS
        'runs a process with Runtime.exec'          | "Runtime.runtime.exec('touch @DIR@/x')"                                       || PROCESS
        'opens a socket'                            | "new Socket('127.0.0.1', 1)"                                                  || NETWORK
        'opens a URL'                               | "new URL('http://127.0.0.1:1/').text"                                         || NETWORK
        'opens a URL made from a string'            | "'http://127.0.0.1:1/'.toURL().text"                                          || NETWORK
        'calls System.exit'                         | 'System.exit(0)'                                                              || EXIT
        'starts a Thread'                           | 'new Thread({ }).start()'                                                     || THREADS
        'starts a thread the Groovy way'            | 'Thread.start { }'                                                            || THREADS
        'uses an executor'                          | 'java.util.concurrent.Executors.newSingleThreadExecutor()'                    || THREADS
        'loads a class by name'                     | "Class.forName('java.lang.Runtime')"                                          || REFLECTION
        'evaluates code from a string'              | "evaluate(\"new File('@DIR@/x').text = 'y'\")"                                || REFLECTION
        'calls a method whose name it computes'     | "'touch @DIR@/x'.\"\${'exe' + 'cute'}\"()"                                    || REFLECTION
        'keeps a pointer to execute for later'      | "def run = 'touch @DIR@/x'.&execute; run()"                                   || PROCESS
        'reaches the class loader by subscript'     | "playbook['class']['classLoader'].loadClass('java.lang.Runtime')"             || REFLECTION
        'changes a metaclass'                       | "String.metaClass.hello = { -> 'hi' }"                                        || REFLECTION
    }

    def "a playbook that imports a refused type is refused where it imports it"() {
        given:
        Path pb = dir.resolve('imports.groovy')
        pb.toFile().text = "import java.nio.file.Files\n@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook\nstep('s') { say 'ran' }\n"

        when:
        CliRun run = Cli.run('--host', PlaybookRig.NOWHERE, 'run', pb.toString())

        then:
        run.code == 2
        run.errLine() == "swarmops: $pb: line 1, column 1: $FILES (java.nio.file.Files)"
        run.out == ''
    }

    def "--allow-raw-access compiles the file-writing playbook, says so loudly first, and the file is written"() {
        given:
        Path pb = PlaybookRig.resource('writes-a-file.groovy')
        Path target = dir.resolve('written-raw')

        when: "without the opt-out"
        CliRun guarded = Cli.run('--host', PlaybookRig.NOWHERE, 'run', pb.toString(), '--target', target.toString())

        then: "refused, nothing written"
        guarded.code == 2
        guarded.errLine() == "swarmops: $pb: line 9, column 5: $FILES (java.io.File)"
        !Files.exists(target)

        when: "with it"
        CliRun raw = Cli.run('--host', PlaybookRig.NOWHERE, 'run', pb.toString(), '--allow-raw-access', '--target', target.toString())

        then: "the warning is the very first thing printed, then the playbook runs unguarded"
        raw.code == 0
        raw.out.readLines()[0] == "!!! --allow-raw-access: $pb is compiled WITHOUT the gate guard; it can change this machine" +
                ' and the swarm without any dry-run. !!!'
        raw.out.contains('STEP 1/1 write directly')
        target.toFile().text == 'y'
    }
}
