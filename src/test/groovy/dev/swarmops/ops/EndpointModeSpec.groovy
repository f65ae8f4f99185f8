package dev.swarmops.ops

import dev.swarmops.host.EndpointMode
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.GZIPOutputStream

/** Which endpoint mode services reached by name get: a virtual IP only where IPVS is known to be there. */
class EndpointModeSpec extends Specification {

    @TempDir
    Path proc
    @TempDir
    Path boot

    def "#setting with #kernel gives #mode"() {
        given:
        switch (kernel) {
            case 'ip_vs loaded': Files.createDirectories(proc.resolve('net')); proc.resolve('net/ip_vs').text = ''; break
            case 'IP_VS=m': gz('CONFIG_IP_VS=m\n'); break
            case 'IP_VS unset': gz('# CONFIG_IP_VS is not set\n'); break
            case 'boot config only':
                Files.createDirectories(proc.resolve('sys/kernel'))
                proc.resolve('sys/kernel/osrelease').text = '6.1.0-test\n'
                boot.resolve('config-6.1.0-test').text = 'CONFIG_IP_VS=y\n'
                break
        }

        when:
        EndpointMode m = EndpointMode.choose(setting, proc, boot)

        then:
        m.mode() == mode
        m.why().contains(why)

        where:
        setting | kernel             || mode    | why
        'auto'  | 'ip_vs loaded'     || 'vip'   | 'IPVS is loaded'
        'auto'  | 'IP_VS=m'          || 'vip'   | 'CONFIG_IP_VS=m'
        'auto'  | 'boot config only' || 'vip'   | 'CONFIG_IP_VS=y in ' 
        'auto'  | 'IP_VS unset'      || 'dnsrr' | 'CONFIG_IP_VS is not set'
        'auto'  | 'nothing to read'  || 'dnsrr' | 'cannot tell'
        'vip'   | 'IP_VS unset'      || 'vip'   | 'set to vip in the settings'
        'dnsrr' | 'ip_vs loaded'     || 'dnsrr' | 'set to dnsrr in the settings'
    }

    def "an unknown setting is refused, naming the choices"() {
        when:
        EndpointMode.choose('ipvs', proc, boot)

        then:
        IllegalArgumentException e = thrown()
        e.message == "endpoint mode 'ipvs' is not one of auto, vip, dnsrr"
    }

    private void gz(String text) {
        new GZIPOutputStream(Files.newOutputStream(proc.resolve('config.gz'))).withCloseable { it.write(text.bytes) }
    }
}
