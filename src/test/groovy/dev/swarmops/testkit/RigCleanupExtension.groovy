package dev.swarmops.testkit

import org.spockframework.runtime.extension.IGlobalExtension

/** Runs what specs registered to be undone once every spec of the run has finished: the shared worker, the engine client. */
final class RigCleanupExtension implements IGlobalExtension {

    private static final List<Map.Entry<String, Closure>> ACTIONS = [].asSynchronized()

    static void atEnd(String what, Closure action) {
        ACTIONS << new AbstractMap.SimpleEntry(what, action)
    }

    @Override
    void stop() {
        ACTIONS.reverse().each { Map.Entry<String, Closure> a ->
            try {
                a.value.call()
            } catch (Exception e) {
                System.err.println("rig specs: could not ${a.key}: ${e.message}")
            }
        }
        ACTIONS.clear()
    }
}
