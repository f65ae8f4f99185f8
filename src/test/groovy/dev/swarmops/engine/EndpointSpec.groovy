package dev.swarmops.engine

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

class EndpointSpec extends Specification {

    /** A client certificate directory as docker lays it out (the resolution only checks the files are there). */
    static final String CERTS = certDir(['ca.pem', 'cert.pem', 'key.pem'])

    static String certDir(List<String> files) {
        Path d = Files.createTempDirectory('swarmops-endpoint-certs')
        files.each { Files.writeString(d.resolve(it), 'placeholder') }
        d.toFile().deleteOnExit()
        d.toString()
    }

    def "the engine is found as the docker CLI finds it: #why"() {
        when:
        Endpoint e = Endpoint.resolve(explicit, env)

        then:
        e.uri().toString() == uri
        (e.tlsCertDir()?.toString()) == certs
        e.tls() == (certs != null)

        where:
        why                                        | explicit                 | env                                                                                     || uri                           | certs
        'the local socket by default'              | null                     | [:]                                                                                     || 'unix:///var/run/docker.sock' | null
        'a blank DOCKER_HOST counts as unset'      | null                     | [DOCKER_HOST: '']                                                                       || 'unix:///var/run/docker.sock' | null
        'DOCKER_HOST over the default'             | null                     | [DOCKER_HOST: 'unix:///run/other.sock']                                                 || 'unix:///run/other.sock'      | null
        'an explicit host over DOCKER_HOST'        | 'tcp://10.0.0.5:2375'    | [DOCKER_HOST: 'unix:///run/other.sock']                                                 || 'tcp://10.0.0.5:2375'         | null
        'a blank explicit host falls through'      | '  '                     | [DOCKER_HOST: 'tcp://10.0.0.6:2375']                                                    || 'tcp://10.0.0.6:2375'         | null
        'a bare path is a unix socket'             | '/run/rig/docker.sock'   | [:]                                                                                     || 'unix:///run/rig/docker.sock' | null
        'tcp with TLS verify uses DOCKER_CERT_PATH'| null                     | [DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: CERTS]  || 'tcp://10.0.0.5:2376'        | CERTS
        'tcp with TLS verify defaults to the config dir' | 'tcp://10.0.0.5:2376' | [DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: CERTS]                                       || 'tcp://10.0.0.5:2376'         | CERTS
        'tcp without TLS verify is plain'          | 'tcp://10.0.0.5:2375'    | [DOCKER_CERT_PATH: '/etc/certs']                                                        || 'tcp://10.0.0.5:2375'         | null
        'a unix socket ignores TLS settings'       | 'unix:///x.sock'         | [DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/etc/certs']                                || 'unix:///x.sock'              | null
    }

    def "an endpoint in an unsupported form is bad input saying what is accepted: #host"() {
        when:
        Endpoint.resolve(host, [:])

        then:
        Endpoint.BadEndpointException e = thrown()
        e.message.startsWith("engine host '$host' ")
        e.message.contains(hint)

        where:
        host                  | hint
        'ftp://10.0.0.5:21'   | "unsupported scheme 'ftp' (use unix:// or tcp://)"
        'ssh://user@host'     | "unsupported scheme 'ssh' (use unix:// or tcp://)"
        'npipe:////./pipe/d'  | "unsupported scheme 'npipe' (use unix:// or tcp://)"
        'tcp://exa mple:2375' | 'is not a valid address (use unix:///path or tcp://host:port)'
    }

    def "TLS with a certificate directory that lacks #missing is bad input naming it (the client would quietly talk plain HTTP)"() {
        when:
        Endpoint.resolve('tcp://10.0.0.5:2376', [DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir])

        then:
        Endpoint.BadEndpointException e = thrown()
        e.message == "DOCKER_TLS_VERIFY is set, and the certificate directory (DOCKER_CERT_PATH) $dir lacks $missing (TLS needs ca.pem, cert.pem and key.pem)"

        where:
        dir                               || missing
        certDir(['ca.pem', 'cert.pem'])   || 'key.pem'
        certDir([])                       || 'ca.pem, cert.pem, key.pem'
    }

    def "the rendering of a TLS endpoint says where its certificates are"() {
        expect:
        Endpoint.resolve('tcp://10.0.0.5:2376', [DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: CERTS]).toString() ==
                "tcp://10.0.0.5:2376 (TLS, certs in $CERTS)".toString()
        Endpoint.resolve(null, [:]).toString() == 'unix:///var/run/docker.sock'
    }

    def "API versions compare numerically, not as text"() {
        expect:
        ApiVersion.parse('1.41') < ApiVersion.parse('1.45')
        ApiVersion.parse('1.9') < ApiVersion.parse('1.10')
        ApiVersion.parse(' 1.45 ') == ApiVersion.NEWEST
        ApiVersion.OLDEST.toString() == '1.41'
    }
}
