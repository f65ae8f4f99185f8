package dev.swarmops.playbook;

import dev.swarmops.host.Host;
import dev.swarmops.ops.SwarmOps;

import java.util.LinkedHashMap;
import java.util.Map;

/** The playbook DSL objects outside a playbook (the shell): the same primitives, the same gate. */
public final class DslBindings {

    private DslBindings() {
    }

    public static Map<String, Object> of(SwarmOps ops, Terminal out, Map<String, String> env) {
        RunContext ctx = new RunContext(ops, new Host(ops.gate()), out, new Tally(), Map.of(), Map.of(), env);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("swarm", new SwarmDsl(ctx));
        b.put("nodes", new NodesDsl(ctx));
        b.put("services", new ServicesDsl(ctx));
        b.put("networks", new NetworksDsl(ctx));
        b.put("secrets", new DataDsl(ctx, ops.secrets()));
        b.put("configs", new DataDsl(ctx, ops.configs()));
        b.put("jobs", new JobsDsl(ctx));
        b.put("host", new HostDsl(ctx, ctx.host()));
        b.put("databases", new DatabasesDsl(ctx));
        b.put("volumes", new VolumesDsl(ctx));
        b.put("managers", new ManagersDsl(ctx));
        return b;
    }
}
