package dev.swarmops.doctor;

/**
 * What one check concluded: its status, what it saw, and for anything but ok, the fix.
 *
 * <pre>{@code Finding.fail("daemon.json has live-restore: true", "remove \"live-restore\" and restart the engine")}</pre>
 */
public record Finding(Status status, String check, String saw, String fix) {

    public Finding {
        fix = fix == null ? "" : fix;
        if (status != Status.OK && fix.isBlank()) {
            throw new IllegalArgumentException("a " + status.word() + " finding needs a fix: " + check + ": " + saw);
        }
    }

    public static Finding ok(String saw) {
        return new Finding(Status.OK, "", saw, "");
    }

    public static Finding warn(String saw, String fix) {
        return new Finding(Status.WARN, "", saw, fix);
    }

    public static Finding fail(String saw, String fix) {
        return new Finding(Status.FAIL, "", saw, fix);
    }

    /** The worse of two findings (FAIL over WARN over OK); the first when equal. */
    public static Finding worse(Finding a, Finding b) {
        return b.status.compareTo(a.status) > 0 ? b : a;
    }

    public Finding named(String name) {
        return new Finding(status, name, saw, fix);
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
