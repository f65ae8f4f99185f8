#!/usr/bin/env bash
# One trivial CPU job (sleep 1) end to end, N times each way, alternating (run as root with the
# rig up: scripts/rig/up.sh): `swarmops job run` in a fresh JVM, the same served by the resident
# JVM (SWARMOPS_RESIDENT, started by an untimed run first), and the docker CLI sequence
# (service create --detach=false; service logs --raw; service rm). Adds a CPU worker for the jobs
# and removes it after; creates the jobs' network when the swarm has none (left in place).
#   Usage: bench/job-one.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/rig/env.sh
n=${1:-10}
image=swarmops/busybox:rig
export SWARMOPS_RESIDENT=off
scripts/swarmops --version >/dev/null # build and class-data archive outside the timings
scripts/rig/worker.sh add bench-job --join cpu >/dev/null
trap 'scripts/rig/worker.sh rm bench-job >/dev/null 2>&1' EXIT
docker network inspect platform_jobs_internal >/dev/null 2>&1 ||
  docker network create --driver overlay --attachable --internal platform_jobs_internal >/dev/null
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; exit 1; }; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }
job() { scripts/swarmops job run --timeout 2m "$image" -- sleep 1; }
cli() {
  docker service create -q --detach=false --mode replicated-job --restart-condition none \
    --constraint node.labels.platform.workload==cpu --network platform_jobs_internal --name "bench-one-$1" "$image" sleep 1 &&
    docker service logs --raw "bench-one-$1" && docker service rm "bench-one-$1"
}
SWARMOPS_RESIDENT=1m job >/dev/null 2>&1 # starts the resident JVM; it goes a minute after the last run
cold=(); kept=(); theirs=()
for i in $(seq "$n"); do
  cold+=("$(ms job)")
  kept+=("$(SWARMOPS_RESIDENT=1m ms job)")
  theirs+=("$(ms cli "$i")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
c=$(median "${theirs[@]}")
echo "| one trivial job (sleep 1), median of $n | wall ms | × docker CLI |"
echo "| --- | ---: | ---: |"
for row in "swarmops job run, fresh JVM:cold" "swarmops job run, resident JVM:kept" "docker CLI create+logs+rm:theirs"; do
  name=${row%%:*}; arr="${row##*:}[@]"; m=$(median "${!arr}")
  echo "| $name | $m | $(echo "scale=2; $m / $c" | bc) |"
done
