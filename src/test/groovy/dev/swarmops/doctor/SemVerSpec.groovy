package dev.swarmops.doctor

import spock.lang.Specification

/** Release numbers as engines and the NVIDIA tools print them, and the version thresholds doctor applies. */
class SemVerSpec extends Specification {

    def "'#text' parses as #expected"() {
        expect:
        SemVer.parse(text).toString() == expected

        where:
        text                  | expected
        '26.1.5'              | '26.1.5'
        '26.1.5+dfsg1'        | '26.1.5'
        '20.10.24-0ubuntu1'   | '20.10.24'
        'v1.17.8'             | '1.17.8'
        '23.0'                | '23.0.0'
        '25'                  | '25.0.0'
        '1.19.0-rc.1'         | '1.19.0'
    }

    def "'#text' is no version"() {
        when:
        SemVer.parse(text)

        then:
        thrown(IllegalArgumentException)

        where:
        text << ['', 'dev', 'none', null]
    }

    def "#a #cmp #b"() {
        expect:
        Integer.signum(SemVer.parse(a) <=> SemVer.parse(b)) == sign

        where:
        a          | b          || sign
        '20.10.24' | '23.0'     || -1
        '23.0.0'   | '23.0'     || 0
        '24.0.9'   | '25.0'     || -1
        '25.0.0'   | '25.0'     || 0
        '26.1.5'   | '25.0'     || 1
        '1.18.99'  | '1.19.0'   || -1
        '1.19.0'   | '1.19.0'   || 0
        '1.100.0'  | '1.19.0'   || 1
        '2.0.0'    | '1.19.0'   || 1
        cmp = ['<', '=', '>'][sign + 1]
    }

    def "the toolkit version is found in what the tools print: #output"() {
        expect:
        SemVer.find(output).map { it.toString() } == Optional.ofNullable(expected)

        where:
        output                                                          | expected
        'NVIDIA Container Toolkit CLI version 1.14.3\ncommit: d167812' | '1.14.3'
        'NVIDIA Container Runtime Hook version 1.19.0\ncommit: abc123' | '1.19.0'
        'nvidia-ctk version v1.17.8'                                    | '1.17.8'
        'CLI 2, build 7'                                                | null
        ''                                                              | null
    }

    def "short text drops a zero patch, as release notes name engines"() {
        expect:
        new SemVer(23, 0, 0).shortText() == '23.0'
        new SemVer(1, 19, 0).shortText() == '1.19'
        new SemVer(26, 1, 5).shortText() == '26.1.5'
    }
}
