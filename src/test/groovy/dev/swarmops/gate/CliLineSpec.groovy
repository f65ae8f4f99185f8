package dev.swarmops.gate

import spock.lang.Specification

class CliLineSpec extends Specification {

    def "a word the shell reads unchanged stays bare, anything else is single-quoted"() {
        expect: "the rendering of one argv word"
        CliLine.quote(word) == rendered

        where:
        word                            | rendered
        'docker'                        | 'docker'
        'platform.workload=gpu'         | 'platform.workload=gpu'
        'node.role==manager'            | 'node.role==manager'
        '10.231.0.1:2377'               | '10.231.0.1:2377'
        '/run/secrets/x'                | '/run/secrets/x'
        'user@host,a+b%c'               | 'user@host,a+b%c'
        ''                              | "''"
        'two words'                     | "'two words'"
        '$HOME'                         | "'\$HOME'"
        '*'                             | "'*'"
        'a;rm -rf /'                    | "'a;rm -rf /'"
        "it's"                          | "'it'\\''s'"
        '<token from $JOIN_TOKEN>'      | "'<token from \$JOIN_TOKEN>'"
        'naïve'                         | "'naïve'"
    }

    def "a quoted word reaches a real shell as exactly the original word"() {
        given: "a word that would be mangled if the quoting were wrong"
        String script = 'printf "%s" ' + CliLine.quote(word)

        when: "sh evaluates the rendered word"
        Process p = new ProcessBuilder('sh', '-c', script).start()
        String seen = new String(p.inputStream.readAllBytes(), 'UTF-8')
        p.waitFor()

        then: "printf received the word intact"
        seen == word

        where:
        word << ["it's", 'a b  c', '$(id)', '`id`', '"quoted"', 'back\\slash', 'semi;colon', 'glob*?[x]', "new\nline", '-n']
    }

    def "a command line renders argv in order and its comment after three spaces and a hash"() {
        when: "a builder collects words, flags and options"
        CliLine line = CliLine.docker('secret', 'create')
                .opt('--label', 'team=ops')
                .opt('--driver', null)
                .flag('--quiet', false)
                .flag('--force', true)
                .each('--label', ['a=1', 'b=2'])
                .add('platform_admin_token', '-')
                .comment('stdin: value from $PLATFORM_ADMIN_TOKEN (hidden)')
                .build()

        then: "absent options and false flags are left out, and the comment closes the line"
        line.argv() == ['docker', 'secret', 'create', '--label', 'team=ops', '--force', '--label', 'a=1', '--label', 'b=2',
                        'platform_admin_token', '-']
        line.render() == 'docker secret create --label team=ops --force --label a=1 --label b=2 platform_admin_token -' +
                '   # stdin: value from $PLATFORM_ADMIN_TOKEN (hidden)'
    }

    def "a line without a comment has no trailing hash"() {
        expect:
        new CliLine(['docker', 'node', 'rm', 'gpu 1'], comment).render() == "docker node rm 'gpu 1'"

        where:
        comment << [null, '']
    }

    def "the argv of a command line cannot be changed after it is built"() {
        given: "a mutable list the line was built from"
        List<String> words = ['docker', 'node', 'ls']
        CliLine line = new CliLine(words, null)

        when: "the caller changes its list afterwards"
        words << '--secret-value'

        then: "the line is unaffected, and its own list refuses changes"
        line.argv() == ['docker', 'node', 'ls']

        when:
        line.argv().add('x')

        then:
        thrown(UnsupportedOperationException)
    }
}
