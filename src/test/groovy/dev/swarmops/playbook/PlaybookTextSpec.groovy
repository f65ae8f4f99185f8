package dev.swarmops.playbook

import dev.swarmops.ops.BadInputException
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * A playbook file that is not a playbook: bytes that are not UTF-8, a byte-order mark, a size no
 * one writes by hand, a syntax error. Each is one line naming the file and where (exit 2 through
 * the CLI), before anything runs; --help works before required options are given.
 */
class PlaybookTextSpec extends Specification {

    @TempDir
    Path dir

    static List<Byte> bytes(String text, int... raw) {
        text.bytes.toList() + raw.collect { (byte) it }
    }

    PlaybookRig.Run run(Object bytes, List<String> args = []) {
        Path f = dir.resolve('book.groovy')
        Files.write(f, bytes as byte[])
        PlaybookRig.run(PlaybookRig.NOWHERE, [:], args, f)
    }

    def "#what is refused: #message"() {
        when:
        run(bytes)

        then:
        BadInputException e = thrown()
        e.message == dir.resolve('book.groovy').toString() + ': ' + message

        where:
        what                    | bytes                                                                    || message
        'a byte that is no UTF-8' | bytes('description "x"\n', 0xff, 0x41)                                || 'byte 16: not UTF-8 (0xff); a playbook is UTF-8 text'
        'a cut-off sequence'    | bytes('say "caf', 0xc3)                                                   || 'byte 8: not UTF-8 (0xc3); a playbook is UTF-8 text'
        'a byte-order mark'     | bytes('', 0xef, 0xbb, 0xbf) + 'description "x"\n'.bytes.toList()        || 'byte 0: a UTF-8 byte-order mark; save the file without one'
        'an oversized file'     | ('// ' + 'x' * PlaybookRunner.MAX_BYTES).bytes                            || "${PlaybookRunner.MAX_BYTES + 3} bytes; a playbook is at most ${PlaybookRunner.MAX_BYTES} bytes"
        'a syntax error'        | 'description "x"\nstep("a") { say 1 +\n'.bytes                            || "line 3, column 1: Unexpected input: '(\"a\") { say 1 +\\n'"
    }

    def "--help lists the options of a playbook with a required one, without demanding it"() {
        when:
        PlaybookRig.Run r = run('option "node", type: String, required: true, help: "the node"\nstep("s") { say opts.node }\n'.bytes, ['--help'])

        then:
        r.result.exitCode() == 0
        r.out.contains('--node=VALUE')
        r.result.outcomes() == []
    }

    def "without --help the missing required option is one line"() {
        when:
        run('option "node", type: String, required: true, help: "the node"\nstep("s") { say opts.node }\n'.bytes)

        then:
        BadInputException e = thrown()
        e.message == 'option --node is required (the node)'
    }
}
