package dev.swarmops.playbook;

import dev.swarmops.gate.Change;
import dev.swarmops.gate.Outcome;

import java.util.ArrayList;
import java.util.List;

/** The run's score: what the gate saw, plus what needed nothing and what was held back. */
public final class Tally {

    private int unchanged;
    private int skipped;
    private final List<String> drift = new ArrayList<>();

    void countUnchanged() {
        unchanged++;
    }

    void countSkipped() {
        skipped++;
    }

    void drift(String what) {
        drift.add(what);
    }

    public int unchanged() {
        return unchanged;
    }

    public int skippedCount() {
        return skipped;
    }

    public List<String> driftList() {
        return List.copyOf(drift);
    }

    static long count(List<Outcome> outcomes, Change c) {
        return outcomes.stream().filter(o -> o.mutation().change() == c).count();
    }

    /** {@code 5 to create, 1 to change, 0 to destroy, 3 unchanged, 2 skipped (flag not given)}. */
    String summary(List<Outcome> outcomes, boolean applied) {
        long create = count(outcomes, Change.CREATE);
        long change = count(outcomes, Change.UPDATE) + count(outcomes, Change.RUN);
        long destroy = count(outcomes, Change.DELETE);
        String verbs = applied ? create + " created, " + change + " changed, " + destroy + " destroyed"
                : create + " to create, " + change + " to change, " + destroy + " to destroy";
        return verbs + ", " + unchanged + " unchanged, " + skipped + " skipped (flag not given)"
                + (drift.isEmpty() ? "" : ", " + drift.size() + " drifted (not replaced)");
    }
}
