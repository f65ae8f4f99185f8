package dev.swarmops.playbook;

/** Where a run prints, with optional styling; the CLI's console implements it. */
public interface Terminal {

    void println(String line);

    default String bold(String s) {
        return s;
    }

    default String dim(String s) {
        return s;
    }

    default String ok(String s) {
        return s;
    }

    default String warn(String s) {
        return s;
    }

    default String error(String s) {
        return s;
    }
}
