package dev.swarmops.release

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/** A spec over the release archive as built, unpacked read-only into a temporary directory others may pass. */
abstract class UnpackedRelease extends Specification {

    @Shared
    @TempDir
    Path tmp

    /** The unpacked swarmops-VERSION directory. */
    @Shared
    Path root

    def setupSpec() {
        Release.build()
        Release.passable(tmp)
        root = Release.unpack(tmp)
    }

    def cleanupSpec() {
        Release.writable(tmp)
    }
}
