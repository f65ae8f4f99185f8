package dev.swarmops.archfixture

import groovy.transform.CompileStatic

/** Test-only violator for GateArchitectureSpec: opens a FileWriter outside the gate. Never run. */
@CompileStatic
class OpensAFileWriter {
    static Writer open() {
        new FileWriter('/tmp/never-written-by-specs')
    }
}
