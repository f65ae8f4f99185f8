package dev.swarmops.playbook;

import dev.swarmops.gate.Change;
import dev.swarmops.gate.Outcome;
import dev.swarmops.ops.Jobs;

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

    static long count(List<Outcome> outcomes, String kind) {
        return outcomes.stream().filter(o -> o.mutation().kind().equals(kind)).count();
    }

    /**
     * {@code 5 to create, 1 to change, 0 to destroy, 3 unchanged, 2 skipped (flag not given)}; a
     * one-shot task (a restore, a seeded file) is counted as run, and its removal once it ended
     * is not a destruction.
     */
    String summary(List<Outcome> outcomes, boolean applied) {
        long tasks = count(outcomes, Jobs.TASK_RUN);
        long create = count(outcomes, Change.CREATE);
        long change = count(outcomes, Change.UPDATE) + count(outcomes, Change.RUN) - tasks;
        long destroy = count(outcomes, Change.DELETE) - count(outcomes, Jobs.TASK_REMOVE);
        String verbs = applied ? create + " created, " + change + " changed, " + destroy + " destroyed"
                : create + " to create, " + change + " to change, " + destroy + " to destroy";
        return verbs + (tasks == 0 ? "" : ", " + tasks + (applied ? " tasks run" : " tasks to run"))
                + ", " + unchanged + " unchanged, " + skipped + " skipped (flag not given)"
                + (drift.isEmpty() ? "" : ", " + drift.size() + " drifted (not replaced)");
    }
}
