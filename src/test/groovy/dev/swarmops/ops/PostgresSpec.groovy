package dev.swarmops.ops

import spock.lang.Specification

/** The restore task's script and the row counts it reports, against the installer's baselines. */
class PostgresSpec extends Specification {

    def "the restore script reads the password from its secret file, refuses a database with tables, loads in one transaction"() {
        when:
        String s = Postgres.restoreScript(new Postgres.Target('platform-master-postgres', 'platform', 'platform'), 'platform.sql', 120)

        then:
        s.contains('PGPASSWORD=$(cat /run/secrets/pgpass)')
        s.contains('PGHOST=platform-master-postgres PGUSER=platform PGDATABASE=platform')
        s.contains('not restoring over data')
        s.contains('--single-transaction -f /backup/platform.sql')
        s.contains('\\\\gexec')
    }

    def "#what is refused as bad input"() {
        when:
        Postgres.restoreScript(new Postgres.Target(host, 'db', 'user'), dump, 10)

        then:
        BadInputException e = thrown()
        e.message.contains(fragment)

        where:
        what                     | host          | dump             || fragment
        'a host with a space'    | 'pg host'     | 'a.sql'          || "'pg host' is not a plain host"
        'a dump outside the dir' | 'pg'          | '../etc/shadow'  || "'../etc/shadow' is not a plain file name"
        'a shell word in a dump' | 'pg'          | 'a.sql;rm'       || 'is not a plain file name'
    }

    def "counts come from the ROWCOUNT lines only"() {
        expect:
        Postgres.countsFromOutput('psql noise\nROWCOUNT public.challenges 3\nROWCOUNT public.alembic_version 1\n') ==
                ['public.challenges': 3L, 'public.alembic_version': 1L]
    }

    def "a baseline line that is not 'schema.table count' is named by its number"() {
        when:
        Postgres.parseBaseline('rowcounts-platform.txt', 'public.a 1\n\npublic.b many\n')

        then:
        BadInputException e = thrown()
        e.message == 'rowcounts-platform.txt: line 3 is not \'schema.table count\''
    }

    def "mismatches: #what"() {
        expect:
        Postgres.mismatches(baseline, live) == expected

        where:
        what              | baseline                   | live                                || expected
        'all equal'       | ['public.a': 2L]           | ['public.a': 2L, 'public.b': 0L]    || []
        'a count differs' | ['public.a': 2L]           | ['public.a': 1L]                    || ['public.a: baseline 2, restored 1']
        'a table missing' | ['public.a': 2L]           | [:]                                 || ['public.a: baseline 2, restored no such table']
    }
}
