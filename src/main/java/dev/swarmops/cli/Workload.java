package dev.swarmops.cli;

/** The values node.labels.platform.workload may take; anything else is refused at parse time. */
enum Workload { cpu, gpu }
