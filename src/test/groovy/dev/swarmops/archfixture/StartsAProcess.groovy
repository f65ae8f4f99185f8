package dev.swarmops.archfixture

import groovy.transform.CompileStatic

/** Test-only violator for GateArchitectureSpec: starts a process outside the gate. Never run. */
@CompileStatic
class StartsAProcess {
    static Process start() {
        new ProcessBuilder('true').start()
    }

    static Process exec() {
        Runtime.runtime.exec(['true'] as String[])
    }
}
