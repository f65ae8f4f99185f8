package dev.swarmops.platform

import dev.swarmops.ops.BadInputException
import dev.swarmops.playbook.PlaybookRig
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * install-manager's own input checks, planned against no engine: database URLs that do not fit
 * their PostgreSQL service, registry credentials given by halves, and --env-file. Each refusal is
 * one line naming the variable and what is wrong, never a value.
 */
class InstallManagerInputSpec extends Specification {

    @Shared
    Map<String, String> demo = [:]
    @TempDir
    Path dir

    def setupSpec() {
        PlaybookRig.PROJECT.resolve('playbooks/demo.env').eachLine { l ->
            if (l && !l.startsWith('#')) demo[l.substring(0, l.indexOf('='))] = l.substring(l.indexOf('=') + 1)
        }
    }

    PlaybookRig.Run plan(Map<String, String> env, List<String> extra = []) {
        PlaybookRig.run(PlaybookRig.NOWHERE, env, ['--advertise-addr', '127.0.0.1'] + extra)
    }

    def "a database URL that #what is refused before anything is planned"() {
        given:
        String secret = 'pw-' + UUID.randomUUID()
        Map<String, String> env = demo + [MASTER_PG_PASSWORD: secret, MASTER_DATABASE_URL: url.replace('SECRET', secret)]

        when:
        plan(env)

        then:
        BadInputException e = thrown()
        e.message == '$MASTER_DATABASE_URL does not fit platform-master-postgres: ' + why
        !e.message.contains(secret)

        where:
        what                        | url                                                                              || why
        'is not a URL'              | 'platform:SECRET'                                                                || 'it is not a postgresql://USER:PASSWORD@HOST:PORT/DB URL'
        'names another host'        | 'postgresql+asyncpg://platform:SECRET@postgres.platform.svc.cluster.local/platform' || 'its host is not platform-master-postgres'
        'names another user'        | 'postgresql+asyncpg://admin:SECRET@platform-master-postgres:5432/platform'      || 'its user is not platform'
        'names another database'    | 'postgresql://platform:SECRET@platform-master-postgres:5432/postgres'           || 'its db is not platform'
        'carries another password'  | 'postgresql+asyncpg://platform:SECRETx@platform-master-postgres:5432/platform'  || 'its password is not the value of $MASTER_PG_PASSWORD'
        'has no password'           | 'postgresql+asyncpg://platform@platform-master-postgres:5432/platform'          || 'it is not a postgresql://USER:PASSWORD@HOST:PORT/DB URL'
    }

    def "a percent-encoded password in the URL is the password"() {
        given:
        Map<String, String> env = demo + [MASTER_PG_PASSWORD: 'p@ss/w:rd',
                                          MASTER_DATABASE_URL: 'postgresql+asyncpg://platform:p%40ss%2Fw%3Ard@platform-master-postgres:5432/platform']

        expect:
        plan(env).result.exitCode() == 0
    }

    def "registry credentials by halves are refused: #set"() {
        when:
        plan(demo + [(set): 'x-' + UUID.randomUUID()])

        then:
        BadInputException e = thrown()
        e.message == 'registry credentials for ghcr.io: set both GHCR_USER and GHCR_TOKEN, or neither'

        where:
        set << ['GHCR_USER', 'GHCR_TOKEN']
    }

    def "a missing secret variable is named, with where else it can come from"() {
        when:
        plan(demo.findAll { k, v -> k != 'OPENROUTER_API_KEY' })

        then:
        BadInputException e = thrown()
        e.message == 'set these environment variables (they hold secret values; --env-file FILE reads them from a file): OPENROUTER_API_KEY'
    }

    def "--env-file supplies the secret values, and the process environment fills a bare name"() {
        given:
        Path f = dir.resolve('platform.env')
        f.text = "# root-only\n\n" + demo.findAll { k, v -> k != 'OPENROUTER_API_KEY' }.collect { k, v -> "$k=$v" }.join('\n') + '\nOPENROUTER_API_KEY\n'

        when:
        PlaybookRig.Run r = plan([OPENROUTER_API_KEY: 'from-the-process'], ['--env-file', f.toString()])

        then:
        r.result.exitCode() == 0
        r.out.contains('secret values present in: PLATFORM_ADMIN_TOKEN')
        !r.out.contains('from-the-process')
    }

    def "a bad --env-file line is named by its number, not its text"() {
        given:
        Path f = dir.resolve('bad.env')
        f.text = "PLATFORM_ADMIN_TOKEN=ok\nnot a line with s3cret-value\n"

        when:
        plan([:], ['--env-file', f.toString()])

        then:
        BadInputException e = thrown()
        e.message == "--env-file $f: line 2 is not KEY=VALUE".toString()
    }
}
