package dev.swarmops.doctor;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotted release number as engines and tools print it, compared numerically:
 * {@code 26.1.5+dfsg1}, {@code v1.17.8}, {@code 20.10.24-0ubuntu1}, {@code 1.19.0-rc.1}. Missing parts are 0;
 * anything after the numbers is ignored, so a pre-release compares equal to its release.
 */
public record SemVer(int major, int minor, int patch) implements Comparable<SemVer> {

    private static final Pattern NUMBERS = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    /** The first dotted number in the text, e.g. in {@code NVIDIA Container Toolkit CLI version 1.14.3}. */
    public static Optional<SemVer> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = NUMBERS.matcher(text);
        while (m.find()) {
            // a bare number ("CLI 2") is no version; a dotted one is
            if (m.group(2) != null) {
                return Optional.of(of(m));
            }
        }
        return Optional.empty();
    }

    /** A version at the start of the text (after an optional {@code v}); IllegalArgumentException otherwise. */
    public static SemVer parse(String text) {
        Matcher m = NUMBERS.matcher(text == null ? "" : text.trim().replaceFirst("^[vV]", ""));
        if (!m.lookingAt()) {
            throw new IllegalArgumentException("not a version: '" + text + "'");
        }
        return of(m);
    }

    private static SemVer of(Matcher m) {
        return new SemVer(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    public boolean before(SemVer other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(SemVer o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        return minor != o.minor ? Integer.compare(minor, o.minor) : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }

    /** {@code 23.0} rather than {@code 23.0.0} when the patch is 0: how release notes name engine versions. */
    public String shortText() {
        return patch == 0 ? major + "." + minor : toString();
    }
}
