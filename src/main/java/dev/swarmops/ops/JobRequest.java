package dev.swarmops.ops;

import java.time.Duration;
import java.util.List;

/**
 * One broker job: what to run and what it may use. {@code gpus} 0 means a CPU job.
 * {@code rerunsOnNodeLoss}: how many times to run it again, as a new job, when its node goes down
 * under it (0: report it failed; a job may not be safe to run twice, so only when asked).
 *
 * <pre>{@code new JobRequest("trainer:1", List.of("python", "train.py"), 1, "4", "16g", 512L, Duration.ofHours(1), null)}</pre>
 */
public record JobRequest(String image, List<String> command, int gpus, String cpus, String memory, Long pids,
                         Duration timeout, String network, int rerunsOnNodeLoss) {

    public static final String DEFAULT_NETWORK = "platform_jobs_internal";
    public static final String GPU_KIND = "NVIDIA-GPU";

    public JobRequest {
        command = command == null ? List.of() : List.copyOf(command);
        if (gpus < 0) {
            throw new BadInputException("gpu: " + gpus + " is negative; give a count of GPUs of at least 1, or no --gpu for a CPU job");
        }
        if (pids != null && pids <= 0) {
            throw new BadInputException("pids: " + pids + " must be greater than zero");
        }
        network = network == null ? DEFAULT_NETWORK : network;
        timeout = timeout == null ? Duration.ofHours(1) : timeout;
        if (rerunsOnNodeLoss < 0) {
            throw new BadInputException("rerun-on-node-loss: " + rerunsOnNodeLoss + " is negative; give how many times to re-run (0: never)");
        }
    }

    public JobRequest(String image, List<String> command, int gpus, String cpus, String memory, Long pids, Duration timeout, String network) {
        this(image, command, gpus, cpus, memory, pids, timeout, network, 0);
    }

    public String workload() {
        return gpus > 0 ? "gpu" : "cpu";
    }

    /** The replicated-job spec: placed by workload label, GPUs as a generic resource, hardened. */
    ServiceSpec spec(String name) {
        ServiceSpec s = new ServiceSpec(name).image(image).mode(ServiceSpec.Mode.REPLICATED_JOB).replicas(1)
                .restartCondition("none").constraint("node.labels." + NodeInfo.WORKLOAD_LABEL + "==" + workload())
                .network(network).capDrop("ALL").readOnly(true).mount("tmpfs", null, "/tmp", false)
                .label(Jobs.LABEL, workload());
        if (!command.isEmpty()) {
            s.args(command);
        }
        if (gpus > 0) {
            s.genericResource(GPU_KIND, gpus);
        }
        if (cpus != null) {
            s.limitCpu(cpus);
        }
        if (memory != null) {
            s.limitMemory(memory);
        }
        if (pids != null) {
            s.limitPids(pids);
        }
        return s;
    }
}
