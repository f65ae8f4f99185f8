package dev.swarmops.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmops.engine.EngineException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the checks that apply to a role, in order, and collects their findings. A check whose
 * needs are not met (no engine, not in a swarm, not a manager) is skipped with the reason, which
 * an earlier check has already reported as its failure. Doctor never mutates: its facts read
 * through a gate that refuses every mutation.
 *
 * <pre>{@code
 * Facts facts = new Facts(engine, new DoctorSettings());
 * Doctor.Report r = Doctor.standard(facts.settings()).run(facts, Doctor.defaultRole(facts).role());
 * }</pre>
 */
public final class Doctor {

    /** The role checked, why that one, the findings in check order, and skipped checks by reason. */
    public record Report(Role role, String roleReason, List<Finding> findings, Map<String, List<String>> skipped) {

        public boolean failed() {
            return findings.stream().anyMatch(Finding::failed);
        }

        public long count(Status s) {
            return findings.stream().filter(f -> f.status() == s).count();
        }

        /** The finding of the named check, if it ran. */
        public Optional<Finding> finding(String check) {
            return findings.stream().filter(f -> f.check().equals(check)).findFirst();
        }
    }

    /** A role and why doctor chose it. */
    public record RoleChoice(Role role, String reason) { }

    static final String HOST_CHECKS = "host checks";

    private final List<Check> checks;

    public Doctor(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Every check of docs/doctor.md, in the order they print. */
    public static Doctor standard(DoctorSettings settings) {
        List<Check> all = new ArrayList<>();
        all.addAll(EngineChecks.all());
        all.addAll(SwarmChecks.all());
        all.addAll(HostChecks.all());
        all.addAll(DaemonJsonChecks.all());
        all.addAll(GpuChecks.all());
        all.addAll(ClusterChecks.all(settings));
        return new Doctor(all);
    }

    public List<Check> checks() {
        return checks;
    }

    /** Manager if this engine is a swarm manager; else gpu-worker if it advertises NVIDIA-GPU; else cpu-worker. */
    public static RoleChoice defaultRole(Facts facts) {
        if (facts.unreachable().isPresent() || facts.unusable().isPresent()) {
            return new RoleChoice(Role.CPU_WORKER, "the engine cannot be asked; pass --role to choose");
        }
        try {
            if (facts.swarm().active() && facts.swarm().manager()) {
                return new RoleChoice(Role.MANAGER, "this engine is a swarm manager");
            }
            for (JsonNode r : facts.info().path("GenericResources")) {
                String kind = r.path("NamedResourceSpec").path("Kind").asText(r.path("DiscreteResourceSpec").path("Kind").asText());
                if (kind.equals(GpuChecks.GPU_KIND)) {
                    return new RoleChoice(Role.GPU_WORKER, "this engine advertises " + GpuChecks.GPU_KIND);
                }
            }
        } catch (EngineException e) {
            return new RoleChoice(Role.CPU_WORKER, "cannot read the engine's swarm state (" + e.getMessage() + "); pass --role to choose");
        }
        return new RoleChoice(Role.CPU_WORKER, "this engine is no swarm manager and advertises no " + GpuChecks.GPU_KIND);
    }

    public Report run(Facts facts, RoleChoice choice) {
        Role role = choice.role();
        facts.role(role);
        List<Finding> findings = new ArrayList<>();
        Map<String, List<String>> skipped = new LinkedHashMap<>();
        boolean remoteNoted = false;
        for (Check c : checks) {
            if (!c.roles().contains(role)) {
                continue;
            }
            String missing = missing(c.needs(), facts);
            if (missing != null) {
                skipped.computeIfAbsent(missing, k -> new ArrayList<>()).add(c.name());
                continue;
            }
            if (c.readsHost() && !engineLocal(facts)) {
                if (!remoteNoted) {
                    findings.add(Finding.warn("the engine at " + facts.endpoint().uri() + " runs on another machine; ports, kernel, MTU, "
                            + "daemon.json and GPU checks read this one, so they were not run",
                            "run swarmops doctor on that machine to check its host").named(HOST_CHECKS));
                    remoteNoted = true;
                }
                skipped.computeIfAbsent("the engine runs on another machine", k -> new ArrayList<>()).add(c.name());
                continue;
            }
            try {
                findings.add(c.run(facts));
            } catch (Skip s) {
                skipped.computeIfAbsent(s.getMessage(), k -> new ArrayList<>()).add(c.name());
            } catch (RuntimeException e) {
                String why = e instanceof EngineException ? "the engine refused: " + e.getMessage() : String.valueOf(e.getMessage());
                findings.add(Finding.fail("could not check: " + why, "fix what stops the read (see the failures above), then run doctor again")
                        .named(c.name()));
            }
        }
        return new Report(role, choice.reason(), List.copyOf(findings), skipped);
    }

    private static boolean engineLocal(Facts facts) {
        try {
            return facts.engineLocal();
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Why a check's needs are not met, or null when they are. */
    private static String missing(Needs needs, Facts facts) {
        if (needs == Needs.NOTHING) {
            return null;
        }
        if (facts.unreachable().isPresent()) {
            return "the engine is unreachable";
        }
        if (needs == Needs.REACHABLE) {
            return null;
        }
        if (facts.unusable().isPresent()) {
            return "the engine cannot be used";
        }
        if (needs == Needs.ENGINE) {
            return null;
        }
        try {
            if (!facts.swarm().active()) {
                return "this engine is not an active swarm member";
            }
            if (needs == Needs.MANAGER && !facts.swarm().manager()) {
                return "this engine is not a swarm manager";
            }
        } catch (RuntimeException e) {
            return "the swarm state cannot be read (" + e.getMessage() + ")";
        }
        return null;
    }
}
