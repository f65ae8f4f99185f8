package dev.swarmops.playbook;

import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import dev.swarmops.ops.NetworkSpec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code networks} in a playbook. Networks are immutable: a live one that differs is reported
 * as drift and left alone unless {@code recreate: true}.
 *
 * <pre>{@code
 * networks.ensure('platform_jobs_internal', encrypted: true, attachable: true, internal: true, mtu: 1450)
 * }</pre>
 */
public final class NetworksDsl {

    private final RunContext ctx;

    NetworksDsl(RunContext ctx) {
        this.ctx = ctx;
    }

    @SuppressWarnings("unchecked")
    public void ensure(@NamedParams({@NamedParam(value = "encrypted", type = Boolean.class), @NamedParam(value = "attachable", type = Boolean.class), @NamedParam(value = "internal", type = Boolean.class), @NamedParam(value = "mtu", type = Integer.class), @NamedParam(value = "labels", type = Map.class), @NamedParam(value = "recreate", type = Boolean.class)}) Map<String, Object> attrs, String name) {
        Named.check("networks.ensure", attrs, NetworksDsl.class, "ensure");
        NetworkSpec want = new NetworkSpec(name, flag(attrs, "encrypted"), flag(attrs, "attachable"), flag(attrs, "internal"),
                attrs.get("mtu") == null ? null : ((Number) attrs.get("mtu")).intValue(),
                (Map<String, String>) attrs.getOrDefault("labels", Map.of()));
        Optional<NetworkSpec> live = ctx.ops().networks().spec(name);
        if (live.isEmpty()) {
            ctx.ops().networks().create(want);
            return;
        }
        List<String> diff = want.diff(live.get());
        if (diff.isEmpty()) {
            ctx.unchanged("network " + name + " exists, matches");
        } else if (flag(attrs, "recreate")) {
            ctx.ops().networks().remove(name);
            ctx.ops().networks().create(want);
        } else {
            ctx.tally().drift("network " + name);
            ctx.warn("network " + name + " differs (" + String.join("; ", diff) + "); networks cannot be changed in place:"
                    + " not replaced (remove it, or use the playbook's recreate flag)");
        }
    }

    private static boolean flag(Map<String, Object> attrs, String key) {
        return Boolean.TRUE.equals(attrs.get(key));
    }
}
