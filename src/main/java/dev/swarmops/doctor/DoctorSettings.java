package dev.swarmops.doctor;

import java.nio.file.Path;
import java.util.List;

/**
 * Where doctor reads from and what it expects; every default is the platform's own. Tests and
 * operators with unusual layouts point it elsewhere ({@code --daemon-json}, {@code --proc-root} …).
 *
 * <pre>{@code new DoctorSettings().daemonJson(Path.of("/tmp/daemon.json")).nvidiaSmi(List.of("cat", "/tmp/uuids"))}</pre>
 */
public final class DoctorSettings {

    public static final String CHALLENGES_NETWORK = "platform_challenges";
    public static final String JOBS_NETWORK = "platform_jobs_internal";
    public static final int OVERLAY_MTU = 1450;
    public static final List<String> NVIDIA_SMI = List.of("nvidia-smi", "--query-gpu=uuid", "--format=csv,noheader");
    public static final List<List<String>> TOOLKIT_VERSION = List.of(
            List.of("nvidia-container-toolkit", "--version"), List.of("nvidia-ctk", "--version"));
    public static final Path NVIDIA_CONFIG = Path.of("/etc/nvidia-container-runtime/config.toml");

    private Path daemonJson;
    private Path nvidiaConfig = NVIDIA_CONFIG;
    private List<String> nvidiaSmi = NVIDIA_SMI;
    private List<List<String>> toolkitVersion = TOOLKIT_VERSION;
    private Path procRoot = Path.of("/proc");
    private Path sysRoot = Path.of("/sys");
    private Path bootRoot = Path.of("/boot");
    private String challengesNetwork = CHALLENGES_NETWORK;
    private String jobsNetwork = JOBS_NETWORK;
    private int overlayMtu = OVERLAY_MTU;
    private String endpointSource = "";

    /** Why the engine's endpoint is the one it is ({@code from context "rig", --context}), for the report; empty: not said. */
    public String endpointSource() {
        return endpointSource;
    }

    public DoctorSettings endpointSource(String v) {
        endpointSource = v;
        return this;
    }

    /** The daemon.json to read; null: the running dockerd's {@code --config-file}, else /etc/docker/daemon.json. */
    public Path daemonJson() {
        return daemonJson;
    }

    public DoctorSettings daemonJson(Path v) {
        daemonJson = v;
        return this;
    }

    public Path nvidiaConfig() {
        return nvidiaConfig;
    }

    public DoctorSettings nvidiaConfig(Path v) {
        nvidiaConfig = v;
        return this;
    }

    /** A command printing one GPU UUID per line, as {@code nvidia-smi --query-gpu=uuid --format=csv,noheader} does. */
    public List<String> nvidiaSmi() {
        return nvidiaSmi;
    }

    public DoctorSettings nvidiaSmi(List<String> v) {
        nvidiaSmi = List.copyOf(v);
        return this;
    }

    /** Commands tried in order until one runs; the first dotted number in its output is the toolkit version. */
    public List<List<String>> toolkitVersion() {
        return toolkitVersion;
    }

    public DoctorSettings toolkitVersion(List<List<String>> v) {
        toolkitVersion = List.copyOf(v);
        return this;
    }

    public Path procRoot() {
        return procRoot;
    }

    public DoctorSettings procRoot(Path v) {
        procRoot = v;
        return this;
    }

    public Path sysRoot() {
        return sysRoot;
    }

    public DoctorSettings sysRoot(Path v) {
        sysRoot = v;
        return this;
    }

    public Path bootRoot() {
        return bootRoot;
    }

    public DoctorSettings bootRoot(Path v) {
        bootRoot = v;
        return this;
    }

    public String challengesNetwork() {
        return challengesNetwork;
    }

    public DoctorSettings challengesNetwork(String v) {
        challengesNetwork = v;
        return this;
    }

    public String jobsNetwork() {
        return jobsNetwork;
    }

    public DoctorSettings jobsNetwork(String v) {
        jobsNetwork = v;
        return this;
    }

    public int overlayMtu() {
        return overlayMtu;
    }

    public DoctorSettings overlayMtu(int v) {
        overlayMtu = v;
        return this;
    }
}
