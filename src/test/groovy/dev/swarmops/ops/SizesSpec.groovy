package dev.swarmops.ops

import spock.lang.Specification

class SizesSpec extends Specification {

    def "a size with an optional unit is read as bytes: #text"() {
        expect:
        Sizes.parseBytes('limit-memory', text) == bytes

        where:
        text      | bytes
        '4g'      | 4L * 1024 * 1024 * 1024
        '4G'      | 4L * 1024 * 1024 * 1024
        '512m'    | 512L * 1024 * 1024
        '1.5g'    | 1536L * 1024 * 1024
        '100k'    | 102400L
        '1t'      | 1024L * 1024 * 1024 * 1024
        '7b'      | 7L
        '1048576' | 1048576L
    }

    def "a malformed size is refused with a message naming the field: '#text'"() {
        when:
        Sizes.parseBytes('limit-memory', text)

        then:
        BadInputException e = thrown()
        e.message.startsWith("limit-memory: '${text}' ")
        e.message.endsWith(reason)

        where:
        text    | reason
        '4gb?'  | 'is not a size (use a number with an optional unit b, k, m, g or t, e.g. 512m or 4g)'
        '4gb'   | 'is not a size (use a number with an optional unit b, k, m, g or t, e.g. 512m or 4g)'
        '-1'    | 'is not a size (use a number with an optional unit b, k, m, g or t, e.g. 512m or 4g)'
        '0x10'  | 'is not a size (use a number with an optional unit b, k, m, g or t, e.g. 512m or 4g)'
        ''      | 'is not a size (use a number with an optional unit b, k, m, g or t, e.g. 512m or 4g)'
        '4 g'   | 'is not a size (use a number with an optional unit b, k, m, g or t, e.g. 512m or 4g)'
        '1e3'   | 'is not a size (use a number with an optional unit b, k, m, g or t, e.g. 512m or 4g)'
        '1.5.2' | 'is not a size (use a number with an optional unit b, k, m, g or t, e.g. 512m or 4g)'
        'g'     | 'is not a size (use a number with an optional unit b, k, m, g or t, e.g. 512m or 4g)'
        '0'     | 'must be greater than zero'
        '0m'    | 'must be greater than zero'
        '0.5b'  | 'must be greater than zero'
        '99999999999t' | 'is too large'
    }

    def "a missing size is refused too"() {
        when:
        Sizes.parseBytes('reserve-memory', null)

        then:
        BadInputException e = thrown()
        e.message.startsWith("reserve-memory: 'null' is not a size")
    }

    def "a CPU count is read as nano-CPUs: #text"() {
        expect:
        Sizes.parseCpus('limit-cpu', text) == nanos

        where:
        text          | nanos
        '1.5'         | 1_500_000_000L
        '2'           | 2_000_000_000L
        '0.25'        | 250_000_000L
        '0.000000001' | 1L
        '4096'        | 4096_000_000_000L
    }

    def "a malformed CPU count is refused with a message naming the field: '#text'"() {
        when:
        Sizes.parseCpus('limit-cpu', text)

        then:
        BadInputException e = thrown()
        e.message.startsWith("limit-cpu: '${text}' ")
        e.message.endsWith(reason)

        where:
        text           | reason
        '-1'           | 'is not a CPU count (use a decimal such as 2 or 1.5)'
        '0x10'         | 'is not a CPU count (use a decimal such as 2 or 1.5)'
        ''             | 'is not a CPU count (use a decimal such as 2 or 1.5)'
        '1,5'          | 'is not a CPU count (use a decimal such as 2 or 1.5)'
        '1.5g'         | 'is not a CPU count (use a decimal such as 2 or 1.5)'
        '1e2'          | 'is not a CPU count (use a decimal such as 2 or 1.5)'
        '0.0000000001' | 'is not a CPU count (use a decimal such as 2 or 1.5)'
        '0'            | 'must be greater than zero'
        '0.0'          | 'must be greater than zero'
        '4097'         | 'is more CPUs than any node has'
    }

    def "a count is a strictly positive whole number: '#text'"() {
        when:
        Sizes.parseCount('limit-pids', text)

        then:
        BadInputException e = thrown()
        e.message == "limit-pids: '${text}' is not a positive whole number"

        where:
        text << ['0', '-1', '0x10', '', '1.5', '1e3', '9999999999999999999']
    }

    def "a good count is read as is"() {
        expect:
        Sizes.parseCount('limit-pids', '64') == 64L
    }

    def "bytes and CPUs render in the shortest exact docker form"() {
        expect:
        Sizes.formatBytes(bytes) == text

        where:
        bytes                     | text
        4L * 1024 * 1024 * 1024   | '4g'
        1536L * 1024 * 1024       | '1536m'
        1024L                     | '1k'
        1000L                     | '1000b'
        1024L * 1024 * 1024 * 1024 | '1t'
    }

    def "nano-CPUs render as a plain decimal"() {
        expect:
        Sizes.formatCpus(nanos) == text

        where:
        nanos            | text
        1_500_000_000L   | '1.5'
        2_000_000_000L   | '2'
        1L               | '0.000000001'
    }

    def "a service spec refuses a malformed size or CPU count with the flag's name"() {
        when:
        setter(new ServiceSpec('spec-x'))

        then:
        BadInputException e = thrown()
        e.message.startsWith(field + ": ")

        where:
        field          | setter
        'limit-memory' | { ServiceSpec s -> s.limitMemory('4gb?') }
        'limit-memory' | { ServiceSpec s -> s.limitMemory('-1') }
        'limit-cpu'    | { ServiceSpec s -> s.limitCpu('0x10') }
        'limit-cpu'    | { ServiceSpec s -> s.limitCpu('0') }
        'limit-pids'   | { ServiceSpec s -> s.limitPids(0) }
    }
}
