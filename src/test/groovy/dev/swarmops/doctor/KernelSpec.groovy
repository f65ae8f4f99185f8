package dev.swarmops.doctor

import dev.swarmops.host.KernelConfig;
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Kernel support for encrypted overlays, from the kernel's build configuration. */
class KernelSpec extends Specification {

    @TempDir
    Path tmp

    def "a config line '#line' reads as #value"() {
        expect:
        KernelConfig.parse('test', line).get(option) == value

        where:
        line                             | option             | value
        'CONFIG_INET_ESP=y'              | 'CONFIG_INET_ESP'  | 'y'
        'CONFIG_INET_ESP=m'              | 'CONFIG_INET_ESP'  | 'm'
        '# CONFIG_INET_ESP is not set'   | 'CONFIG_INET_ESP'  | 'n'
        'CONFIG_LOCALVERSION="-doctor"'  | 'CONFIG_LOCALVERSION' | '"-doctor"'
        ''                               | 'CONFIG_INET_ESP'  | 'n'
    }

    def "ESP built in or as a module, with xfrm_user and GCM: encrypted overlays supported"() {
        when:
        Finding f = HostChecks.esp(KernelConfig.parse('config-esp', Fixtures.text('kernel/config-esp')))

        then:
        f.status() == Status.OK
        f.saw() == 'encrypted overlays supported: CONFIG_INET_ESP=m, CONFIG_XFRM_USER=y, CONFIG_CRYPTO_GCM=y (config-esp)'
        f.fix() == ''
    }

    def "without ESP: FAIL, naming each missing option, with the fix"() {
        when:
        Finding f = HostChecks.esp(KernelConfig.parse('/proc/config.gz', Fixtures.text('kernel/config-no-esp')))

        then:
        f.status() == Status.FAIL
        f.saw() == 'encrypted overlays cannot carry traffic: CONFIG_INET_ESP is not set, CONFIG_CRYPTO_GCM is not set (/proc/config.gz)'
        f.fix().startsWith('load the esp4 / xfrm modules or use a kernel with CONFIG_INET_ESP')
    }

    def "the config is read from /proc/config.gz, else /boot/config-RELEASE; with neither, kallsyms or /sys/module decide, else a warning"() {
        given:
        Path proc = Fixtures.fakeProc(tmp.resolve('a'), kernelConfig: gz)
        Path boot = tmp.resolve('boot').toFile().with { mkdirs(); toPath() }
        Path sys = tmp.resolve('sys')
        if (bootFile) {
            proc.resolve('sys/kernel').toFile().mkdirs()
            Files.writeString(proc.resolve('sys/kernel/osrelease'), '6.1.0-doctor\n')
            Files.writeString(boot.resolve('config-6.1.0-doctor'), Fixtures.text("kernel/$bootFile"))
        }
        if (kallsyms) {
            Files.writeString(proc.resolve('kallsyms'), "ffffffff82105b20 T xfrm4_rcv\n${kallsyms}\nffffffff81e24e00 t vxlan_xmit\n".toString())
        }
        if (module) {
            sys.resolve('module/esp4').toFile().mkdirs()
        }
        Facts facts = new Facts(null, new DoctorSettings().procRoot(proc).bootRoot(boot).sysRoot(sys))

        when:
        Finding f = HostChecks.esp(facts)

        then:
        f.status() == status
        f.saw().contains(saw)

        where:
        gz              | bootFile        | kallsyms                           | module || status      | saw
        'config-esp'    | 'config-no-esp' | null                               | false  || Status.OK   | 'config.gz'
        'config-no-esp' | 'config-esp'    | null                               | false  || Status.FAIL | 'config.gz'
        null            | 'config-esp'    | null                               | false  || Status.OK   | 'boot/config-6.1.0-doctor'
        null            | 'config-no-esp' | null                               | false  || Status.FAIL | 'boot/config-6.1.0-doctor'
        null            | null            | 'ffffffffc0a01000 t esp_input\t[esp4]' | false || Status.OK | 'kallsyms has esp_input'
        null            | null            | 'ffffffff8200c620 t esp_mt'        | false  || Status.WARN | 'cannot tell'
        null            | null            | null                               | true   || Status.OK   | 'module esp4 is loaded'
        null            | null            | null                               | false  || Status.WARN | 'cannot tell'
    }
}
