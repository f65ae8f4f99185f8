package dev.swarmops.testkit

import groovy.transform.TupleConstructor

/** One in-process CLI run: its arguments, exit code and captured output. */
@TupleConstructor
final class CliRun {
    final List<String> args
    final int code
    final String out
    final String err

    /** The non-empty lines written to stderr. */
    List<String> errLines() {
        err.readLines().findAll { !it.isBlank() }
    }

    /** The single line of stderr, or an assertion failure that shows all of it. */
    String errLine() {
        List<String> lines = errLines()
        assert lines.size() == 1: "expected exactly one line on stderr, got ${lines.size()}:\n$err"
        lines[0]
    }

    /** Whether this run was refused as bad input: exit 2, this one line on stderr, nothing on stdout. */
    boolean refused(String line) {
        assert code == 2: this
        assert errLine() == line
        assert out == '': this
        true
    }

    @Override
    String toString() {
        "swarmops ${args.join(' ')} → exit $code\n--- stdout\n$out--- stderr\n$err---"
    }
}
