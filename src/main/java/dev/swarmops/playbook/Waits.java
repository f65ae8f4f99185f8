package dev.swarmops.playbook;

import dev.swarmops.engine.Events;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one shape of a playbook's waits: look, say what changed, stop when done, else sleep until
 * the engine reports an event (at most half a second: the API has no task events), and fail
 * naming what was last seen once the time is up.
 */
final class Waits {

    /**
     * What one look saw: whether the wait is over, the line to show when it differs from the last,
     * and, optionally, what to say should time run out after this look (else the timeout prefix
     * and this line).
     */
    record Look(boolean done, String line, String late) {
        Look(boolean done, String line) {
            this(done, line, null);
        }
    }

    private Waits() {
    }

    static void until(RunContext ctx, int seconds, Supplier<Look> look, String timeoutPrefix) throws InterruptedException {
        until(ctx, seconds, Duration.ofMillis(500), look, timeoutPrefix);
    }

    /** {@code poll}: the longest sleep between looks when no event arrives. */
    static void until(RunContext ctx, int seconds, Duration poll, Supplier<Look> look, String timeoutPrefix) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Events events = ctx.ops().engine().events();
        String last = "";
        while (true) {
            long seen = events.seen();
            Look l = look.get();
            if (!l.line().equals(last)) {
                ctx.say(l.line());
                last = l.line();
            }
            if (l.done()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new PlaybookFailure(l.late() != null ? l.late() : timeoutPrefix + " in " + seconds + "s; last seen: " + l.line());
            }
            events.awaitAfter(seen, poll);
        }
    }
}
