package dev.swarmops.archfixture

import groovy.transform.CompileStatic

import java.nio.file.Files
import java.nio.file.Path

/** Test-only violator for GateArchitectureSpec: writes a file outside the gate. Never run. */
@CompileStatic
class WritesAFile {
    static void write() {
        Files.writeString(Path.of('/tmp/never-written-by-specs'), 'x')
    }
}
