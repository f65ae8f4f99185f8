package dev.swarmops.archfixture

import groovy.transform.CompileStatic

import java.nio.file.Files
import java.nio.file.Path
import java.util.function.Consumer

/** Test-only violator for GateArchitectureSpec: deletes files through a method reference. Never run. */
@CompileStatic
class DeletesByReference {
    static void deleteAll(List<Path> paths) {
        Consumer<Path> delete = Files::delete
        paths.forEach(delete)
    }
}
