package dev.swarmops.doctor;

import dev.swarmops.host.KernelConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * This machine as Swarm's network needs it: the swarm ports bound in the engine's network
 * namespace, kernel support for encrypted overlays, and an underlay MTU that carries the overlay's.
 *
 * <p>Ports are read from /proc/PID/net of the dockerd serving the endpoint, so an engine in its
 * own network namespace is judged by its own sockets; when that dockerd cannot be found, from this
 * process's namespace (the finding says which). Bound is not reachable: a firewall between the
 * nodes is outside what /proc shows.
 */
final class HostChecks {

    static final String PORT_MANAGEMENT = "port 2377/tcp";
    static final String PORT_GOSSIP = "port 7946/tcp+udp";
    static final String PORT_DATA = "port 4789/udp";
    static final String ESP = "kernel ESP";
    static final String MTU = "overlay MTU";

    /** Outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14. */
    static final int VXLAN_OVERHEAD = 50;
    /**
     * What Docker takes off an encrypted overlay's MTU for the tasks, so that ESP fits inside it: an
     * encrypted network at MTU 1450 shows MTU 1372 in its containers (seen on Engine 26.1.5). The ESP
     * overhead is therefore inside the overlay MTU, not on top of it.
     */
    static final int ESP_OVERHEAD = 78;

    /** Kernel options encrypted overlays need: ESP, the xfrm netlink interface Docker programs, the AES-GCM AEAD it uses. */
    static final List<String> ESP_OPTIONS = List.of("CONFIG_INET_ESP", "CONFIG_XFRM_USER", "CONFIG_CRYPTO_GCM");
    /** Symbols of net/ipv4/esp4.c, present in /proc/kallsyms when ESP is built in or loaded. */
    static final Set<String> ESP_SYMBOLS = Set.of("esp4_init", "esp_input", "esp_output", "esp4_rcv_cb");

    static final String ESP_FIX = "load the esp4 / xfrm modules or use a kernel with CONFIG_INET_ESP (modprobe esp4 xfrm_user; "
            + "Docker's cipher also needs CONFIG_CRYPTO_GCM); until then tasks on encrypted overlays cannot talk across nodes";

    private HostChecks() {
    }

    static List<Check> all() {
        return List.of(
                Rule.host(PORT_MANAGEMENT, Rule.MANAGER, Needs.SWARM, f -> port(f, "tcp", 2377,
                        "managers accept cluster management on 2377/tcp: check the swarm's listen address "
                                + "(docker info: Swarm; --listen-addr at init/join) and that this engine is a manager")),
                Rule.host(PORT_GOSSIP, Rule.ALL, Needs.SWARM, HostChecks::gossip),
                Rule.host(PORT_DATA, Rule.ALL, Needs.SWARM, HostChecks::dataPath),
                Rule.host(ESP, Rule.ALL, Needs.NOTHING, HostChecks::esp),
                Rule.host(MTU, Rule.ALL, Needs.SWARM, f -> {
                    Facts.Underlay u;
                    try {
                        u = f.underlay();
                    } catch (IllegalStateException e) {
                        return Finding.warn("cannot tell the underlay MTU: " + e.getMessage(),
                                "check by hand: the interface carrying the swarm address needs MTU ≥ "
                                        + required(f.settings().overlayMtu()));
                    }
                    return mtu(u, f.settings().overlayMtu());
                }));
    }

    static Finding port(Facts f, String proto, int port, String fix) {
        return port(f.sockets(), proto, port, f.netSource(), fix);
    }

    static Finding port(List<ProcNet.Socket> sockets, String proto, int port, String source, String fix) {
        List<ProcNet.Socket> bound = ProcNet.listening(sockets, proto, port);
        if (bound.isEmpty()) {
            return Finding.fail("nothing listens on " + port + "/" + proto + " in " + source, fix);
        }
        return Finding.ok("listening on " + describe(bound) + " in " + source);
    }

    static Finding gossip(Facts f) {
        String fix = "the engine binds 7946/tcp and 7946/udp (node gossip) when it joins a swarm: see that nothing else holds "
                + "the port, restart the engine, and allow 7946/tcp+udp between all nodes";
        Finding tcp = port(f.sockets(), "tcp", 7946, f.netSource(), fix);
        Finding udp = port(f.sockets(), "udp", 7946, f.netSource(), fix);
        if (tcp.failed() || udp.failed()) {
            return Finding.worse(tcp, udp);
        }
        List<ProcNet.Socket> both = new ArrayList<>(ProcNet.listening(f.sockets(), "tcp", 7946));
        both.addAll(ProcNet.listening(f.sockets(), "udp", 7946));
        return Finding.ok("listening on " + describe(both) + " in " + f.netSource());
    }

    static Finding dataPath(Facts f) {
        int port = dataPathPort(f);
        // containers are only asked about when the socket is missing
        List<String> containers = ProcNet.listening(f.sockets(), "udp", port).isEmpty() ? f.overlayContainers() : List.of();
        return dataPath(f.sockets(), port, containers, f.netSource());
    }

    /**
     * The VXLAN socket: the kernel opens it with the first overlay sandbox on the node, so an idle
     * worker has none yet. Missing while containers on overlay networks run here is a failure.
     */
    static Finding dataPath(List<ProcNet.Socket> sockets, int port, List<String> overlayContainers, String source) {
        List<ProcNet.Socket> bound = ProcNet.listening(sockets, "udp", port);
        if (!bound.isEmpty()) {
            return Finding.ok("listening on " + describe(bound) + " in " + source);
        }
        if (overlayContainers.isEmpty()) {
            return Finding.ok("not open yet, as expected: no container on an overlay network runs on this node "
                    + "(the kernel opens " + port + "/udp with the first) — " + source);
        }
        return Finding.fail("nothing listens on " + port + "/udp in " + source + ", though containers on overlay networks run here: "
                        + String.join(", ", overlayContainers.subList(0, Math.min(5, overlayContainers.size())))
                        + (overlayContainers.size() > 5 ? " …" : ""),
                "overlay traffic (VXLAN, the swarm's data path port) cannot reach this node: see that nothing else holds " + port
                        + "/udp, restart the engine, and allow " + port + "/udp between all nodes");
    }

    /** The swarm's data path port: 4789 unless the swarm was initialised with --data-path-port (managers report it). */
    static int dataPathPort(Facts f) {
        int p = f.info().path("Swarm").path("Cluster").path("DataPathPort").asInt(0);
        return p == 0 ? 4789 : p;
    }

    private static String describe(List<ProcNet.Socket> sockets) {
        return sockets.stream().map(ProcNet.Socket::toString).distinct().collect(Collectors.joining(", "));
    }

    static Finding esp(Facts f) {
        Optional<KernelConfig> cfg = f.kernelConfig();
        if (cfg.isPresent()) {
            return esp(cfg.get());
        }
        Optional<String> sym = f.kernelSymbol(ESP_SYMBOLS);
        if (sym.isPresent()) {
            return Finding.ok("ESP is in the running kernel (/proc/kallsyms has " + sym.get() + "); no kernel config to read");
        }
        if (f.moduleLoaded("esp4")) {
            return Finding.ok("module esp4 is loaded (" + f.settings().sysRoot().resolve("module/esp4") + ")");
        }
        return Finding.warn("cannot tell whether the kernel supports ESP: no " + f.settings().procRoot().resolve("config.gz")
                        + " or " + f.settings().bootRoot().resolve("config-" + f.osRelease()) + ", and esp4 is not loaded",
                "check with: grep CONFIG_INET_ESP /boot/config-$(uname -r); if it is a module, modprobe esp4");
    }

    static Finding esp(KernelConfig cfg) {
        List<String> missing = ESP_OPTIONS.stream().filter(o -> !cfg.has(o)).toList();
        String values = ESP_OPTIONS.stream().map(o -> o + "=" + cfg.get(o)).collect(Collectors.joining(", "));
        if (!missing.isEmpty()) {
            return Finding.fail("encrypted overlays cannot carry traffic: " + missing.stream().map(o -> o + " is not set")
                    .collect(Collectors.joining(", ")) + " (" + cfg.source() + ")", ESP_FIX);
        }
        return Finding.ok("encrypted overlays supported: " + values + " (" + cfg.source() + ")");
    }

    /** The underlay MTU an overlay needs: its own plus VXLAN (ESP, when encrypted, comes out of the overlay's own). */
    static int required(int overlayMtu) {
        return overlayMtu + VXLAN_OVERHEAD;
    }

    /** The largest overlay MTU an underlay carries whole. */
    static int largestOverlay(int underlayMtu) {
        return underlayMtu - VXLAN_OVERHEAD;
    }

    static Finding mtu(Facts.Underlay u, int overlay) {
        String where = u.iface() + " (carries " + u.address() + ") has MTU " + u.mtu();
        int needed = required(overlay);
        if (u.mtu() < needed) {
            return Finding.fail(where + ": overlay MTU " + overlay + " + " + VXLAN_OVERHEAD + " VXLAN = " + needed
                            + " does not fit; packets are fragmented or dropped",
                    "create the overlay networks with --opt com.docker.network.driver.mtu=" + largestOverlay(u.mtu())
                            + ", or raise the underlay MTU to " + needed);
        }
        return Finding.ok(where + ": fits " + overlay + " + " + VXLAN_OVERHEAD + " VXLAN = " + needed
                + "; tasks on encrypted overlays see MTU " + (overlay - ESP_OVERHEAD) + " (Docker leaves room for ESP)");
    }
}
