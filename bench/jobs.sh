#!/usr/bin/env bash
# Jobs on the rig, side by side with the docker CLI in one run (run as root with the rig up:
# scripts/rig/up.sh). It runs ConcurrentJobsSpec, which adds two CPU workers and a worker with two
# fake GPUs, then:
#   1. thirty jobs (six of them GPU jobs) at once through one JVM (jobs.runAll in a playbook),
#   2. the same thirty as thirty `swarmops job run` processes, and as thirty docker CLI sequences
#      (service create --detach=false; service logs; service rm),
#   3. one trivial job at a time, ten each way, and how soon swarmops sees a job's end after the
#      engine first reports it (the engine read every 5 ms beside it),
#   4. a job re-run elsewhere when its node goes down (--rerun-on-node-loss),
# checking every time that each job ran exactly once, that no two running GPU jobs shared a GPU
# and that nothing was left behind, and prints the figures (total wall, per-job p50/p95, medians).
#   Usage: bench/jobs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp); trap 'rm -f "$log"' EXIT
scripts/swarmops --version >/dev/null   # build and start-up archive outside the timings
# the swarmops processes are scripts/swarmops, as an operator runs it (the start-up archive in use)
mvn -q -B -o test -Dswarmops.rig=true -Dswarmops.e2e.launcher=scripts/swarmops -Dtest=ConcurrentJobsSpec -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1 \
  || { grep -E 'Tests run|FAIL|Condition' "$log" >&2; echo "bench/jobs.sh: the spec failed; figures not reported" >&2; exit 1; }
echo "### Jobs ($(date -u +%Y-%m-%d), $(nproc) CPUs, Docker Engine $(docker version --format '{{.Server.Version}}'))"
echo
sed -n '/^jobs measured (not asserted):/,/^[^ ]/p' "$log" | sed -n 's/^  /- /p'
