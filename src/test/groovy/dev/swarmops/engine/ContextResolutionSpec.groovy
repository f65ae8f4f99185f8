package dev.swarmops.engine

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

/**
 * Which engine a command talks to, chosen as docker/cli's resolveContextName does, over a docker
 * configuration directory this spec writes in docker's own layout: config.json's currentContext,
 * contexts/meta/<sha256(name)>/meta.json and contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem.
 */
class ContextResolutionSpec extends Specification {

    @Shared
    @TempDir
    Path tmp

    @Shared
    Path cfg

    def setupSpec() {
        cfg = tmp.resolve('docker')
        context(cfg, 'rig', [Host: 'unix:///run/rig.sock', SkipTLSVerify: false])
        context(cfg, 'tls', [Host: 'tcp://10.0.0.9:2376', SkipTLSVerify: false], ['ca.pem', 'cert.pem', 'key.pem'])
        context(cfg, 'plain', [Host: 'tcp://10.0.0.8:2375', SkipTLSVerify: false])
        context(cfg, 'nohost', [SkipTLSVerify: false])
        Files.writeString(cfg.resolve('config.json'), '{"auths": {}, "currentContext": "rig"}')
        // DOCKER_TLS_VERIFY without DOCKER_CERT_PATH reads the client certificate from the config dir
        ['ca.pem', 'cert.pem', 'key.pem'].each { Files.writeString(cfg.resolve(it), "-----BEGIN PLACEHOLDER-----\n") }
    }

    /** A context as `docker context create` stores it (its TLS files hold placeholders: only their presence is read here). */
    static void context(Path dir, String name, Map docker, List<String> tlsFiles = []) {
        Path meta = dir.resolve("contexts/meta/${sha256(name)}")
        Files.createDirectories(meta)
        Files.writeString(meta.resolve('meta.json'), groovy.json.JsonOutput.toJson([Name: name, Metadata: [:], Endpoints: [docker: docker]]))
        tlsFiles.each { f ->
            Path tls = Files.createDirectories(dir.resolve("contexts/tls/${sha256(name)}/docker"))
            Files.writeString(tls.resolve(f), "-----BEGIN PLACEHOLDER-----\n")
        }
    }

    static String sha256(String s) {
        MessageDigest.getInstance('SHA-256').digest(s.getBytes('UTF-8')).encodeHex().toString()
    }

    /** A docker config dir of its own: only config.json (or none), no contexts. */
    Path configOnly(String configJson) {
        Path d = Files.createTempDirectory(tmp, 'cfg')
        if (configJson != null) {
            Files.writeString(d.resolve('config.json'), configJson)
        }
        d
    }

    def "precedence as the docker CLI's: #why"() {
        given:
        Map<String, String> env = [DOCKER_CONFIG: cfg.toString()] + extra

        when:
        Endpoint.Choice c = Endpoint.choose(host, context, env)

        then:
        c.endpoint().uri().toString() == uri
        c.endpoint().tlsCertDir()?.toString() == (certs == null ? null : cfg.resolve(certs).toString())
        c.source() == source.replace('CFG', cfg.toString())

        where:
        why                                              | host                  | context   | extra                                                             || uri                           | certs                                              | source
        'the current context of config.json'             | null                  | null      | [:]                                                               || 'unix:///run/rig.sock'        | null                                               | 'from context "rig", current in CFG/config.json'
        'DOCKER_CONTEXT over the current context'        | null                  | null      | [DOCKER_CONTEXT: 'tls']                                           || 'tcp://10.0.0.9:2376'         | "contexts/tls/${sha256('tls')}/docker"             | 'from context "tls", DOCKER_CONTEXT'
        'DOCKER_HOST over DOCKER_CONTEXT'                | null                  | null      | [DOCKER_CONTEXT: 'tls', DOCKER_HOST: 'tcp://10.0.0.7:2375']       || 'tcp://10.0.0.7:2375'         | null                                               | 'from DOCKER_HOST'
        '--context over DOCKER_HOST'                     | null                  | 'plain'   | [DOCKER_HOST: 'tcp://10.0.0.7:2375']                              || 'tcp://10.0.0.8:2375'         | null                                               | 'from context "plain", --context'
        '--host over the environment'                    | 'unix:///x.sock'      | null      | [DOCKER_HOST: 'tcp://10.0.0.7:2375', DOCKER_CONTEXT: 'tls']       || 'unix:///x.sock'              | null                                               | 'from --host'
        'a blank --host falls through'                   | '  '                  | null      | [:]                                                               || 'unix:///run/rig.sock'        | null                                               | 'from context "rig", current in CFG/config.json'
        'context default is DOCKER_HOST'                 | null                  | 'default' | [DOCKER_HOST: 'tcp://10.0.0.7:2375']                              || 'tcp://10.0.0.7:2375'         | null                                               | 'from context "default", --context: DOCKER_HOST'
        'context default without DOCKER_HOST'            | null                  | 'default' | [:]                                                               || 'unix:///var/run/docker.sock' | null                                               | 'from context "default", --context: the local socket'
        'DOCKER_CONTEXT default over the current one'    | null                  | null      | [DOCKER_CONTEXT: 'default']                                       || 'unix:///var/run/docker.sock' | null                                               | 'from context "default", DOCKER_CONTEXT: the local socket'
        'a context with TLS material uses it'            | null                  | 'tls'     | [:]                                                               || 'tcp://10.0.0.9:2376'         | "contexts/tls/${sha256('tls')}/docker"             | 'from context "tls", --context'
        'DOCKER_TLS_VERIFY is not for a context'         | null                  | 'plain'   | [DOCKER_TLS_VERIFY: '1']                                          || 'tcp://10.0.0.8:2375'         | null                                               | 'from context "plain", --context'
        'DOCKER_TLS_VERIFY certs default to the cfg dir' | null                  | null      | [DOCKER_HOST: 'tcp://10.0.0.7:2376', DOCKER_TLS_VERIFY: '1']      || 'tcp://10.0.0.7:2376'         | ''                                                 | 'from DOCKER_HOST'
        'a context without a host is the local socket'   | null                  | 'nohost'  | [:]                                                               || 'unix:///var/run/docker.sock' | null                                               | 'from context "nohost", --context'
    }

    def "with no configuration anywhere it is the local socket; DOCKER_CONFIG unset means HOME/.docker"() {
        given:
        Path home = Files.createTempDirectory(tmp, 'home')
        Files.createDirectories(home.resolve('.docker'))
        context(home.resolve('.docker'), 'athome', [Host: 'unix:///run/home.sock'])

        expect:
        Endpoint.choose(null, null, [DOCKER_CONFIG: configOnly(null).toString()]).source() ==
                'the default: no --host, --context, DOCKER_HOST, DOCKER_CONTEXT or current context'
        Endpoint.choose(null, null, [DOCKER_CONFIG: configOnly('{"currentContext": ""}').toString()]).endpoint().uri().toString() ==
                Endpoint.DEFAULT_SOCKET

        when:
        Files.writeString(home.resolve('.docker/config.json'), '{"currentContext": "athome"}')
        Endpoint.Choice c = Endpoint.choose(null, null, [HOME: home.toString()])

        then:
        c.endpoint().uri().toString() == 'unix:///run/home.sock'
        c.source() == "from context \"athome\", current in ${home}/.docker/config.json"
    }

    def "bad input is one line naming what is wrong: #why"() {
        given:
        Map<String, String> env = [DOCKER_CONFIG: (dir == null ? cfg : configOnly(dir)).toString()] + extra

        when:
        Endpoint.choose(host, context, env)

        then:
        Endpoint.BadEndpointException e = thrown()
        !e.message.contains('\n')
        e.message.replace(env.DOCKER_CONFIG, 'CFG') ==~ message

        where:
        why                                   | host             | context   | extra                     | dir                             || message
        'both --host and --context'           | 'unix:///x.sock' | 'rig'     | [:]                       | null                            || /conflicting options: cannot specify both --host and --context/
        'an unknown --context'                | null             | 'nope'    | [:]                       | null                            || /context "nope" does not exist \(contexts: default, nohost, plain, rig, tls; in CFG\/contexts\)/
        'an unknown DOCKER_CONTEXT'           | null             | null      | [DOCKER_CONTEXT: 'gone']  | null                            || /context "gone" does not exist \(contexts: default, nohost, plain, rig, tls; in CFG\/contexts\)/
        'an unknown current context'          | null             | null      | [:]                       | '{"currentContext": "old"}'     || /context "old" does not exist \(contexts: default; in CFG\/contexts\)/
        'a malformed config.json'             | null             | null      | [:]                       | '{"currentContext": "rig",'     || /CFG\/config.json: not valid JSON \(.+ at line 1\); fix it, or choose the engine with --host or --context/
        'a currentContext that is no string'  | null             | null      | [:]                       | '{"currentContext": 3}'         || /CFG\/config.json: currentContext is not a string/
    }

    def "a malformed config.json is not read when something before it chooses the engine"() {
        given:
        String dir = configOnly('{not json').toString()

        expect:
        Endpoint.choose(null, null, [DOCKER_CONFIG: dir, DOCKER_HOST: 'unix:///y.sock']).endpoint().uri().toString() == 'unix:///y.sock'
        Endpoint.choose('unix:///z.sock', null, [DOCKER_CONFIG: dir]).endpoint().uri().toString() == 'unix:///z.sock'
    }

    def "a context swarmops cannot honour as docker would is refused, not half used: #why"() {
        given:
        Path dir = configOnly(null)
        context(dir, 'x', docker, tls)

        when:
        Endpoint.choose(null, 'x', [DOCKER_CONFIG: dir.toString()])

        then:
        Endpoint.BadEndpointException e = thrown()
        e.message.replace(dir.toString(), 'CFG') == message.replace('ID', sha256('x'))

        where:
        why                     | docker                                             | tls         || message
        'SkipTLSVerify'         | [Host: 'tcp://10.0.0.9:2376', SkipTLSVerify: true] | []          || 'context "x" sets SkipTLSVerify: swarmops always verifies the engine\'s certificate; give the context the engine\'s CA (docker context update x --docker ca=…,cert=…,key=…)'
        'TLS without key.pem'   | [Host: 'tcp://10.0.0.9:2376']                      | ['ca.pem', 'cert.pem'] || 'context "x": its TLS material in CFG/contexts/tls/ID/docker lacks key.pem (TLS needs ca.pem, cert.pem and key.pem)'
        'no docker endpoint'    | null                                               | []          || 'context "x" has no docker endpoint (CFG/contexts/meta/ID/meta.json)'
        'an ssh endpoint'       | [Host: 'ssh://me@box']                             | []          || "engine host 'ssh://me@box' has unsupported scheme 'ssh' (use unix:// or tcp://)"
    }

    def "a context over a unix socket ignores SkipTLSVerify and TLS files, as docker does"() {
        given:
        Path dir = configOnly(null)
        context(dir, 'sock', [Host: 'unix:///run/s.sock', SkipTLSVerify: true], ['ca.pem'])

        expect:
        Endpoint.choose(null, 'sock', [DOCKER_CONFIG: dir.toString()]).endpoint() == new Endpoint(URI.create('unix:///run/s.sock'), null)
    }
}
