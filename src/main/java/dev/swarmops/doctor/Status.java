package dev.swarmops.doctor;

/** A check's verdict: only FAIL makes doctor exit 1. */
public enum Status {
    OK("ok"), WARN("warn"), FAIL("FAIL");

    private final String word;

    Status(String word) {
        this.word = word;
    }

    /** As printed: {@code ok}, {@code warn}, {@code FAIL} (upper case so it stands out without colour). */
    public String word() {
        return word;
    }
}
