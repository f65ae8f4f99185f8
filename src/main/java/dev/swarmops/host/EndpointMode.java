package dev.swarmops.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The endpoint mode for services other services reach by name, and why. A virtual IP is
 * load-balanced by IPVS; on a kernel without it the VIP never answers ("Connect call failed
 * (10.0.1.2, 5432)"), while {@code dnsrr} resolves the name to the tasks' own addresses and works
 * on any kernel. {@code auto} takes vip only where IPVS is known to be there.
 *
 * <pre>{@code EndpointMode.choose("auto", Path.of("/proc"), Path.of("/boot"))  // dnsrr: CONFIG_IP_VS is not set in /proc/config.gz}</pre>
 */
public record EndpointMode(String mode, String why) {

    public static final List<String> SETTINGS = List.of("auto", "vip", "dnsrr");

    public static EndpointMode choose(String setting, Path procRoot, Path bootRoot) {
        if (!SETTINGS.contains(setting)) {
            throw new IllegalArgumentException("endpoint mode '" + setting + "' is not one of " + String.join(", ", SETTINGS));
        }
        if (!setting.equals("auto")) {
            return new EndpointMode(setting, "set to " + setting + " in the settings");
        }
        if (Files.exists(procRoot.resolve("net/ip_vs"))) {
            return new EndpointMode("vip", "auto: IPVS is loaded (" + procRoot.resolve("net/ip_vs") + " exists)");
        }
        Optional<KernelConfig> cfg = KernelConfig.read(procRoot, bootRoot);
        if (cfg.isEmpty()) {
            return new EndpointMode("dnsrr", "auto: cannot tell whether the kernel has IPVS (no " + procRoot.resolve("net/ip_vs")
                    + ", no kernel config); dnsrr works either way");
        }
        String v = cfg.get().get("CONFIG_IP_VS");
        if (cfg.get().has("CONFIG_IP_VS")) {
            return new EndpointMode("vip", "auto: the kernel has IPVS (CONFIG_IP_VS=" + v + " in " + cfg.get().source() + ")");
        }
        return new EndpointMode("dnsrr", "auto: the kernel has no IPVS (CONFIG_IP_VS is not set in " + cfg.get().source()
                + "), so a virtual IP would never answer");
    }
}
