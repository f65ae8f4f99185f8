package dev.swarmops.arch

import com.tngtech.archunit.base.DescribedPredicate
import com.tngtech.archunit.core.domain.AccessTarget
import com.tngtech.archunit.core.domain.JavaAccess
import com.tngtech.archunit.lang.ArchRule

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses

/**
 * The gate's guarantee as ArchUnit rules: outside package dev.swarmops.gate nothing sends a
 * mutating Engine API request, writes files or starts processes. Read-only probes (by class
 * name, so the rule holds whether such a class exists yet or not) may start processes only.
 */
final class GateRules {

    static final String GATE = 'dev.swarmops.gate..'
    static final List<String> PROBES = ['dev.swarmops.host.Probe']

    static final Map<String, List<String>> FILE_EFFECTS = [
            'java.nio.file.Files'    : ['write', 'writeString', 'move', 'copy', 'delete', 'deleteIfExists', 'createDirectories',
                                        'createDirectory', 'createFile', 'createTempFile', 'createTempDirectory', 'createLink',
                                        'createSymbolicLink', 'setPosixFilePermissions', 'setAttribute', 'setOwner',
                                        'setLastModifiedTime', 'newOutputStream', 'newBufferedWriter'],
            'java.io.File'           : ['delete', 'deleteOnExit', 'mkdir', 'mkdirs', 'renameTo', 'createNewFile', 'createTempFile',
                                        'setWritable', 'setReadable', 'setExecutable', 'setLastModified', 'setReadOnly'],
            'java.io.FileOutputStream': ['<init>'],
            'java.io.FileWriter'     : ['<init>'],
            'java.io.RandomAccessFile': ['<init>'],
    ]

    /** Constructors that open a file when their first parameter names one. */
    static final List<String> FILE_OPENING_WRITERS = ['java.io.PrintWriter', 'java.io.PrintStream', 'java.util.Formatter']

    static final Map<String, List<String>> PROCESS_EFFECTS = [
            'java.lang.ProcessBuilder': ['start', 'startPipeline'],
            'java.lang.Runtime'       : ['exec'],
    ]

    private GateRules() {
    }

    static ArchRule onlyTheGateSendsToTheEngine() {
        noClasses().that().resideOutsideOfPackage(GATE)
                .should().accessTargetWhere(targets('Engine.send', ['dev.swarmops.engine.Engine': ['send']]))
                .because('every mutating Engine API request must pass the gate, or --dry-run would not be a dry run')
    }

    static ArchRule onlyTheGateWritesFiles() {
        noClasses().that().resideOutsideOfPackage(GATE)
                .should().accessTargetWhere(fileEffects())
                .because('host effects are Mutations (FileWrite) carried out by the gate')
    }

    static ArchRule onlyTheGateStartsProcesses(List<String> probes = PROBES) {
        String exempt = probes.collect { java.util.regex.Pattern.quote(it) + '(\\$.*)?' }.join('|') ?: '(?!)'
        noClasses().that().resideOutsideOfPackage(GATE).and().haveNameNotMatching(exempt)
                .should().accessTargetWhere(targets('a process start', PROCESS_EFFECTS))
                .because('host commands are Mutations (CommandRun) carried out by the gate; only read-only probes ' + probes + ' may run programs')
    }

    private static DescribedPredicate<JavaAccess<?>> targets(String what, Map<String, List<String>> members) {
        DescribedPredicate.describe(what) { JavaAccess<?> a ->
            members[a.target.owner.name]?.contains(a.target.name) ?: false
        }
    }

    /** Files, File and the file streams, plus PrintWriter/PrintStream/Formatter opened on a file name or File. */
    private static DescribedPredicate<JavaAccess<?>> fileEffects() {
        DescribedPredicate.describe('a file write, move, copy, delete or permission change') { JavaAccess<?> a ->
            AccessTarget t = a.target
            if (FILE_EFFECTS[t.owner.name]?.contains(t.name)) {
                return true
            }
            t.owner.name in FILE_OPENING_WRITERS && t.name == '<init>' && t instanceof AccessTarget.CodeUnitAccessTarget &&
                    ((AccessTarget.CodeUnitAccessTarget) t).rawParameterTypes.take(1).any { it.name in ['java.lang.String', 'java.io.File'] }
        }
    }
}
