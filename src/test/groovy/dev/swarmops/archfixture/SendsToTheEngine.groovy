package dev.swarmops.archfixture

import dev.swarmops.engine.Engine
import groovy.transform.CompileStatic

/** Test-only violator for GateArchitectureSpec: sends a mutating request around the gate. Never run. */
@CompileStatic
class SendsToTheEngine {
    static void drain(Engine engine) {
        engine.send('POST', '/nodes/x/update?version=1', '{"Availability":"drain"}'.bytes, [:])
    }
}
