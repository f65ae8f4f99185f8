package dev.swarmops.cli;

import picocli.CommandLine.Option;

/** Exactly one of --cpu / --gpu (used as an exclusive, required argument group). */
final class WorkloadClass {

    @Option(names = "--cpu", required = true, description = "A CPU worker.")
    boolean cpu;

    @Option(names = "--gpu", required = true, description = "A GPU worker.")
    boolean gpu;

    String name() {
        return gpu ? "gpu" : "cpu";
    }
}
