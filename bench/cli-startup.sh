#!/usr/bin/env bash
# Cold start-up of swarmops' read-only commands beside the docker CLI on the same engine:
# median wall time and peak RSS over fresh processes, printed as a markdown table.
#
#   bench/cli-startup.sh            # 20 runs per command (RUNS=.. WARMUP=.. to change)
#   SWARMOPS=/other/checkout/scripts/swarmops bench/cli-startup.sh   # time another launcher
#
# Read-only against the engine: it runs `worker list`, `worker token --gpu --quiet` (no
# --rotate), `docker node ls` and `docker swarm join-token -q worker`, nothing else. The engine
# is the one scripts/swarmops and docker both resolve (--host / DOCKER_HOST, else
# /var/run/docker.sock); it must be a swarm manager. "Cold" means a new JVM per run with the
# start-up archive in place, as every run after the first one following a build; the one-off
# build and archive creation happen before timing and are reported separately.
#
# Wall time: hyperfine (--shell=none, warm-ups, median) when installed, else a timed loop.
# Peak RSS: GNU time's maximum resident set size per run (median and max over the runs).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
runs=${RUNS:-20}
warmup=${WARMUP:-3}
swarmops=${SWARMOPS:-$root/scripts/swarmops}
root=$(cd "$(dirname "$(readlink -f "$swarmops")")/.." && pwd)
gnutime=/usr/bin/time

die() { echo "cli-startup: $*" >&2; exit 1; }
[ "$runs" -ge 10 ] || die "RUNS must be at least 10"
[ -x "$gnutime" ] || die "needs GNU time at $gnutime for peak RSS (apt-get install -y time)"
command -v docker >/dev/null || die "needs the docker CLI for the comparison"
command -v java >/dev/null || die "needs java"

state=$(docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}' 2>/dev/null) \
  || die "docker info failed: is the engine up?"
[ "$state" = "active true" ] || die "the engine is not a swarm manager (state: $state)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

case $root in *[[:space:]]*) die "run from a checkout whose path has no spaces";; esac

# One-off costs first (build if needed, then the start-up archive), so timing sees neither.
if [ -f "$root/target/swarmops.jsa" ]; then prep_what="archive already in place"; else prep_what="build if needed + archive"; fi
t0=$(date +%s%N)
"$swarmops" --version >/dev/null 2>"$work/prep.err" || { cat "$work/prep.err" >&2; die "scripts/swarmops --version failed"; }
prep_ms=$((($(date +%s%N) - t0) / 1000000))
[ -f "$root/target/swarmops.jsa" ] || echo "cli-startup: warning: no start-up archive (target/swarmops.jsa); timing runs without it" >&2
# the archive must actually be mapped, not silently ignored
JAVA_TOOL_OPTIONS="-Xlog:class+load:file=$work/classes.log" "$swarmops" --version >/dev/null 2>&1 || true
shared=$(grep -c 'shared objects file' "$work/classes.log" 2>/dev/null || true)
total=$(grep -c 'source:' "$work/classes.log" 2>/dev/null || true)

cmds=("$swarmops worker list" "docker node ls" "$swarmops worker token --gpu --quiet" "docker swarm join-token -q worker")
labels=("scripts/swarmops worker list" "docker node ls" "scripts/swarmops worker token --gpu --quiet" "docker swarm join-token -q worker")
for c in "${cmds[@]}"; do
  # shellcheck disable=SC2086
  $c >/dev/null 2>"$work/err" || { cat "$work/err" >&2; die "'$c' failed; not timing a failure"; }
done

# How idle the CPUs are just before timing (other work on the machine inflates every number).
idle_pct() {
  local a b
  read -r _ u1 n1 s1 i1 w1 q1 sq1 st1 _ </proc/stat
  sleep 2
  read -r _ u2 n2 s2 i2 w2 q2 sq2 st2 _ </proc/stat
  a=$(((u2 + n2 + s2 + i2 + w2 + q2 + sq2 + st2) - (u1 + n1 + s1 + i1 + w1 + q1 + sq1 + st1)))
  b=$((i2 - i1))
  echo $((100 * b / (a > 0 ? a : 1)))
}
idle=$(idle_pct)

median() { sort -n | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

wall_ms=()
if command -v hyperfine >/dev/null; then
  wall_by=hyperfine
  hyperfine -N --style none --warmup "$warmup" --runs "$runs" --export-csv "$work/hf.csv" "${cmds[@]}" >/dev/null
  # columns: command,mean,stddev,median,user,system,min,max (seconds), one row per command in order
  mapfile -t wall_ms < <(awk -F, 'NR > 1 {printf "%.0f\n", $4 * 1000}' "$work/hf.csv")
else
  wall_by="date +%s%N around each run"
  for c in "${cmds[@]}"; do
    for _ in $(seq "$warmup"); do $c >/dev/null 2>&1; done
    for _ in $(seq "$runs"); do
      s=$(date +%s%N); $c >/dev/null 2>&1; e=$(date +%s%N)
      echo $(((e - s) / 1000000))
    done | median >"$work/wall"
    wall_ms+=("$(cat "$work/wall")")
  done
fi

rss_med=()
rss_max=()
for c in "${cmds[@]}"; do
  : >"$work/rss"
  for _ in $(seq "$runs"); do
    # shellcheck disable=SC2086
    "$gnutime" -a -o "$work/rss" -f '%M' $c >/dev/null 2>&1
  done
  rss_med+=("$(median <"$work/rss" | awk '{printf "%.0f", $1 / 1024}')")
  rss_max+=("$(sort -n "$work/rss" | tail -1 | awk '{printf "%.0f", $1 / 1024}')")
done

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo "### CLI start-up: swarmops vs docker ($(date -u +%Y-%m-%d))"
echo
echo "Machine: $(nproc) CPUs ($cpu), ${idle}% idle just before timing."
echo "$(java -version 2>&1 | sed -n 2p); Docker engine $(docker version --format '{{.Server.Version}}'), $(docker node ls -q | wc -l) node(s)."
echo "$runs runs per command after $warmup warm-ups; wall time by $wall_by; peak RSS by GNU time."
echo "Start-up archive: $shared of $total classes of a run came from it. First invocation before timing (${prep_what}): ${prep_ms} ms."
echo
echo "| command | median wall | peak RSS (median / max) |"
echo "|---|---:|---:|"
for i in "${!cmds[@]}"; do
  printf '| `%s` | %s ms | %s / %s MiB |\n' "${labels[$i]}" "${wall_ms[$i]}" "${rss_med[$i]}" "${rss_max[$i]}"
done
if [ "$idle" -lt 90 ]; then
  echo
  echo "_Note: the CPUs were only ${idle}% idle before timing; other work on the machine inflates these numbers._"
fi
