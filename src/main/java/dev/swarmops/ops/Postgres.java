package dev.swarmops.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * PostgreSQL work done by a one-shot task from the database's own image, connecting to the
 * database service by name over the overlay: restoring a plain SQL dump and counting rows. The
 * password is read from a mounted secret inside the task; no value ever enters a spec or argv.
 *
 * <p>Row counts are exact ({@code count(*)} per table), one {@code schema.table count} per line:
 * the format of the installer's {@code rowcounts-*.txt} baselines.
 */
public final class Postgres {

    /** Where the password secret is mounted in the task. */
    public static final String PASSWORD_FILE = "/run/secrets/pgpass";
    /** Where the backup directory is bind-mounted, read-only. */
    public static final String BACKUP_DIR = "/backup";
    static final String COUNT_MARK = "ROWCOUNT ";

    /** A database as its clients reach it. */
    public record Target(String host, String db, String user) {
        public Target {
            for (String v : List.of(host, db, user)) {
                if (!v.matches("[A-Za-z0-9_.-]+")) {
                    throw new BadInputException("postgres: '" + v + "' is not a plain host, database or user name");
                }
            }
        }
    }

    private Postgres() {
    }

    /**
     * Wait for the database, refuse one that already holds tables (a dump restored over data
     * duplicates or fails half-way), load the dump in one transaction, print the row counts.
     */
    public static String restoreScript(Target t, String dumpFile, int waitSeconds) {
        if (!dumpFile.matches("[A-Za-z0-9_.-]+")) {
            throw new BadInputException("restore: '" + dumpFile + "' is not a plain file name in the backup directory");
        }
        String dump = BACKUP_DIR + "/" + dumpFile;
        return connect(t, waitSeconds)
                + "n=$(psql -XAtc \"select count(*) from pg_tables where schemaname not in ('pg_catalog','information_schema')\")\n"
                + "[ \"$n\" = 0 ] || { echo \"database " + t.db() + " on " + t.host() + " already has $n tables; not restoring over data\" >&2; exit 4; }\n"
                + "[ -f " + dump + " ] || { echo \"" + dump + " is missing from the backup directory\" >&2; exit 5; }\n"
                + "if [ -s " + dump + " ]; then psql -Xq -v ON_ERROR_STOP=1 --single-transaction -f " + dump + " >/dev/null; "
                + "else echo \"" + dumpFile + " is empty: nothing to load\"; fi\n"
                + counts();
    }

    /**
     * Wait for the database, dump it as plain SQL (one snapshot), and write the row counts of
     * that very dump beside it, counted from its COPY blocks (one line per row), so the baseline
     * is exactly what a restore of this dump must give, however the database changed meanwhile.
     * Both files appear under their names only when complete.
     */
    public static String dumpScript(Target t, String dumpFile, String rowcountsFile, int waitSeconds) {
        for (String f : List.of(dumpFile, rowcountsFile)) {
            if (!f.matches("[A-Za-z0-9_.-]+")) {
                throw new BadInputException("dump: '" + f + "' is not a plain file name");
            }
        }
        String dump = BACKUP_DIR + "/" + dumpFile;
        String counts = BACKUP_DIR + "/" + rowcountsFile;
        return connect(t, waitSeconds)
                + "pg_dump --no-owner --no-privileges --file " + dump + ".partial\n"
                + "awk '/^COPY /{t=$2; gsub(/\"/,\"\",t); n=0; c=1; next} c && /^\\\\\\.$/ {print t, n; c=0; next} c {n++}' "
                + dump + ".partial | sort > " + counts + ".partial\n"
                + "mv " + dump + ".partial " + dump + " && mv " + counts + ".partial " + counts + "\n"
                + "sed 's/^/" + COUNT_MARK + "/' " + counts + "\n";
    }

    private static String connect(Target t, int waitSeconds) {
        return "set -eu\n"
                + "PGPASSWORD=$(cat " + PASSWORD_FILE + ")\n"
                + "export PGPASSWORD PGHOST=" + t.host() + " PGUSER=" + t.user() + " PGDATABASE=" + t.db() + " PGCONNECT_TIMEOUT=5\n"
                + "i=0; until pg_isready -q; do i=$((i+1)); [ $i -lt " + waitSeconds + " ] || "
                + "{ echo \"" + t.host() + " did not accept connections in " + waitSeconds + "s\" >&2; exit 3; }; sleep 1; done\n";
    }

    private static String counts() {
        return "echo \"select format('select %L || %L || count(*) from %I.%I', '" + COUNT_MARK + "', schemaname || '.' || tablename || ' ', "
                + "schemaname, tablename) from pg_tables where schemaname not in ('pg_catalog','information_schema') order by 1 \\\\gexec\""
                + " | psql -XAt -v ON_ERROR_STOP=1\n";
    }

    /** {@code schema.table → count} from a task's output (lines the count query printed). */
    public static Map<String, Long> countsFromOutput(String output) {
        Map<String, Long> out = new LinkedHashMap<>();
        output.lines().filter(l -> l.startsWith(COUNT_MARK)).forEach(l -> {
            String[] p = l.substring(COUNT_MARK.length()).trim().split("\\s+");
            out.put(p[0], Long.parseLong(p[1]));
        });
        return out;
    }

    /** A baseline file's {@code schema.table count} lines; blank lines are skipped, anything else is bad input. */
    public static Map<String, Long> parseBaseline(String name, String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] p = line.trim().split("\\s+");
            if (p.length != 2 || !p[1].matches("\\d+")) {
                throw new BadInputException(name + ": line " + n + " is not 'schema.table count'");
            }
            out.put(p[0], Long.parseLong(p[1]));
        }
        return out;
    }

    /** Every baseline table with a different live count, as {@code table: baseline N, restored M}. */
    public static List<String> mismatches(Map<String, Long> baseline, Map<String, Long> live) {
        List<String> out = new ArrayList<>();
        baseline.forEach((table, want) -> {
            Long got = live.get(table);
            if (!want.equals(got)) {
                out.add(table + ": baseline " + want + ", restored " + (got == null ? "no such table" : got));
            }
        });
        return out;
    }

    public static String describe(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
