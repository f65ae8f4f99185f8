package dev.swarmops.arch

import com.tngtech.archunit.core.domain.JavaClass
import com.tngtech.archunit.core.domain.JavaClasses
import com.tngtech.archunit.core.importer.ClassFileImporter
import com.tngtech.archunit.core.importer.ImportOption
import com.tngtech.archunit.lang.ArchRule
import com.tngtech.archunit.lang.EvaluationResult
import dev.swarmops.archfixture.DeletesByReference
import dev.swarmops.archfixture.OpensAFileWriter
import dev.swarmops.archfixture.SendsToTheEngine
import dev.swarmops.archfixture.StartsAProcess
import dev.swarmops.archfixture.WritesAFile
import spock.lang.Shared
import spock.lang.Specification

class GateArchitectureSpec extends Specification {

    /** The compiled main classes only (target/classes), as shipped. */
    @Shared
    JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages('dev.swarmops')

    static JavaClasses fixture(Class<?> c) {
        new ClassFileImporter().importClasses(c)
    }

    static String report(EvaluationResult r) {
        r.failureReport.details.join('\n')
    }

    def "the rules judge the shipped classes, and see the calls inside their bodies"() {
        expect: "the gate, the primitives and the CLI are imported, and no test class is"
        ['dev.swarmops.gate.ApplyGate', 'dev.swarmops.gate.HostExecutor', 'dev.swarmops.ops.Nodes', 'dev.swarmops.cli.Main']
                .every { main.contain(it) }
        main.every { JavaClass c -> c.source.get().uri.toString().contains('/target/classes/') }
        !main.contain(WritesAFile)

        and: "the importer sees that the gate's executor does move files and start processes, so a rule could see it elsewhere"
        JavaClass executor = main.get('dev.swarmops.gate.HostExecutor')
        executor.accessesFromSelf.any { it.targetOwner.name == 'java.nio.file.Files' && it.name == 'move' }
        executor.accessesFromSelf.any { it.targetOwner.name == 'java.lang.ProcessBuilder' && it.name == 'start' }
        main.get('dev.swarmops.gate.ApplyGate').accessesFromSelf.any { it.targetOwner.name == 'dev.swarmops.engine.Engine' && it.name == 'send' }
    }

    def "no class outside the gate package #what"() {
        when:
        EvaluationResult result = rule.evaluate(main)

        then:
        assert !result.hasViolation(), report(result)

        where:
        what                                                 | rule
        'sends a mutating Engine API request'                | GateRules.onlyTheGateSendsToTheEngine()
        'writes, moves, copies or deletes a file'            | GateRules.onlyTheGateWritesFiles()
        'starts a process, except the read-only host Probe'  | GateRules.onlyTheGateStartsProcesses()
    }

    def "each rule fails on a class that breaks it: #violator.simpleName"() {
        when: "the rule judges a test-only class that does what it forbids"
        EvaluationResult result = rule.evaluate(fixture(violator))

        then: "it reports a violation naming the forbidden call"
        result.hasViolation()
        report(result).contains(calls)

        where:
        violator           | rule                                     || calls
        SendsToTheEngine   | GateRules.onlyTheGateSendsToTheEngine()  || 'Engine.send('
        WritesAFile        | GateRules.onlyTheGateWritesFiles()       || 'Files.writeString('
        OpensAFileWriter   | GateRules.onlyTheGateWritesFiles()       || 'FileWriter.<init>('
        DeletesByReference | GateRules.onlyTheGateWritesFiles()       || 'Files.delete('
        StartsAProcess     | GateRules.onlyTheGateStartsProcesses()   || 'ProcessBuilder.start('
        StartsAProcess     | GateRules.onlyTheGateStartsProcesses()   || 'Runtime.exec('
    }

    def "the probe exemption is by class name and covers starting processes only"() {
        given: "a rule that treats one fixture class as if it were a read-only probe"
        ArchRule processes = GateRules.onlyTheGateStartsProcesses([StartsAProcess.name])

        expect: "a probe may start a process"
        !processes.evaluate(new ClassFileImporter().importClasses(StartsAProcess, WritesAFile)).hasViolation()

        and: "the exemption names the probe exactly: another class that starts processes is still caught"
        GateRules.onlyTheGateStartsProcesses(['dev.swarmops.archfixture.StartsAProces']).evaluate(fixture(StartsAProcess)).hasViolation()
        GateRules.onlyTheGateStartsProcesses([]).evaluate(fixture(StartsAProcess)).hasViolation()

        and: "no exemption lets a class write files"
        GateRules.onlyTheGateWritesFiles().evaluate(fixture(WritesAFile)).hasViolation()
    }
}
