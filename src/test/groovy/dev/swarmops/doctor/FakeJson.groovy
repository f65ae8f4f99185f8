package dev.swarmops.doctor


/** Groovy maps as JSON text (GStrings written as strings). */
final class FakeJson {
    private FakeJson() {
    }

    static String write(Object o) {
        dev.swarmops.testkit.FakeEngine.JSON.writeValueAsString(o)
    }
}
