#!/usr/bin/env bash
# Cold start-up of swarmops' read-only commands beside the docker CLI on the same engine:
# median wall time and peak RSS over fresh processes, printed as a markdown table.
#
#   bench/cli-startup.sh            # 20 runs per command (RUNS=.. WARMUP=.. to change)
#   SWARMOPS=/other/checkout/scripts/swarmops bench/cli-startup.sh   # time another launcher
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/cli-startup.sh  # another JVM (or JAVA_HOME=..)
#
# Read-only against the engine: it runs `worker list`, `worker inspect` of the engine's own node,
# `job ls`, `doctor --role manager`, `worker token --gpu --quiet` (no --rotate) and their docker
# counterparts `docker node ls`, `docker node inspect`, `docker service ls`, `docker info` and
# `docker swarm join-token -q worker`, nothing else. The engine is the one scripts/swarmops and
# docker both resolve (--host / DOCKER_HOST, else /var/run/docker.sock); it must be a swarm
# manager. "Cold" means a new JVM per run with the start-up archive in place, as every run after
# the first one following a build; the one-off build and archive creation happen before timing
# and are reported separately.
#
# The JVM: JAVA (a java binary) or JAVA_HOME, else java on PATH. Its bin/ also goes first on PATH,
# so a launcher that only looks there (an older checkout's) runs the same one.
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
if [ -n "${JAVA:-}" ]; then
  [ -x "$JAVA" ] || die "JAVA=$JAVA is not an executable"
  JAVA_HOME=$(cd "$(dirname "$(readlink -f "$JAVA")")/.." && pwd)
fi
if [ -n "${JAVA_HOME:-}" ]; then
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
fi
command -v java >/dev/null || die "needs java"

state=$(docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}' 2>/dev/null) \
  || die "docker info failed: is the engine up?"
[ "$state" = "active true" ] || die "the engine is not a swarm manager (state: $state)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

case $root in *[[:space:]]*) die "run from a checkout whose path has no spaces";; esac

# One-off costs first (build if needed, then the start-up archive), so timing sees neither.
# The archive is target/swarmops.jsa (static CDS) or, on JDK 25+, target/swarmops.aot (AOT cache).
archives() { ls -l --time-style=+%s%N "$root"/target/swarmops.jsa "$root"/target/swarmops.aot 2>/dev/null || true; }
before=$(archives)
t0=$(date +%s%N)
"$swarmops" --version >/dev/null 2>"$work/prep.err" || { cat "$work/prep.err" >&2; die "scripts/swarmops --version failed"; }
prep_ms=$((($(date +%s%N) - t0) / 1000000))
if [ "$(archives)" = "$before" ]; then prep_what="archive already in place"; else prep_what="build if needed + archive"; fi
# the archive must actually be mapped, not silently ignored
JAVA_TOOL_OPTIONS="-Xlog:class+load:file=$work/classes.log" "$swarmops" --version >/dev/null 2>&1 || true
shared=$(grep -c 'shared objects file' "$work/classes.log" 2>/dev/null || true)
total=$(grep -c 'source:' "$work/classes.log" 2>/dev/null || true)
[ "${shared:-0}" -gt 0 ] || echo "cli-startup: warning: no class came from a start-up archive; timing runs without one" >&2

# worker inspect and docker node inspect look at the engine's own node, by hostname
node=$(docker node inspect self --format '{{.Description.Hostname}}') || die "docker node inspect self failed"
case $node in "" | *[[:space:]]*) die "unusable node hostname '$node'";; esac

# side by side: each swarmops command, then its docker counterpart
cmds=("$swarmops worker list" "docker node ls"
  "$swarmops worker inspect $node" "docker node inspect $node"
  "$swarmops job ls" "docker service ls"
  "$swarmops doctor --role manager" "docker info"
  "$swarmops worker token --gpu --quiet" "docker swarm join-token -q worker")
labels=("scripts/swarmops worker list" "docker node ls"
  "scripts/swarmops worker inspect $node" "docker node inspect $node"
  "scripts/swarmops job ls" "docker service ls"
  "scripts/swarmops doctor --role manager" "docker info"
  "scripts/swarmops worker token --gpu --quiet" "docker swarm join-token -q worker")
for c in "${cmds[@]}"; do
  # shellcheck disable=SC2086
  $c >/dev/null 2>"$work/err" && continue
  rc=$?
  # doctor exits 1 when a check fails (a missing network, a kernel without ESP): its run is complete
  case $c in *" doctor "*) [ "$rc" -eq 1 ] && continue;; esac
  cat "$work/err" >&2; die "'$c' failed; not timing a failure"
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
  # -i: doctor's exit 1 (a failed check) is a complete run
  hyperfine -N -i --style none --warmup "$warmup" --runs "$runs" --export-csv "$work/hf.csv" "${cmds[@]}" >/dev/null
  # columns: command,mean,stddev,median,user,system,min,max (seconds), one row per command in order
  mapfile -t wall_ms < <(awk -F, 'NR > 1 {printf "%.0f\n", $4 * 1000}' "$work/hf.csv")
else
  wall_by="date +%s%N around each run"
  for c in "${cmds[@]}"; do
    for _ in $(seq "$warmup"); do $c >/dev/null 2>&1 || true; done
    for _ in $(seq "$runs"); do
      s=$(date +%s%N); $c >/dev/null 2>&1 || true; e=$(date +%s%N)
      echo $(((e - s) / 1000000))
    done | median >"$work/wall"
    wall_ms+=("$(awk '{printf "%.0f", $1}' "$work/wall")")
  done
fi

rss_med=()
rss_max=()
for c in "${cmds[@]}"; do
  : >"$work/rss"
  for _ in $(seq "$runs"); do
    # shellcheck disable=SC2086
    "$gnutime" -a -o "$work/rss" -f '%M' $c >/dev/null 2>&1 || true
  done
  # GNU time adds a "Command exited with non-zero status" line for doctor's exit 1
  grep -E '^[0-9]+$' "$work/rss" >"$work/rss.kb"
  rss_med+=("$(median <"$work/rss.kb" | awk '{printf "%.0f", $1 / 1024}')")
  rss_max+=("$(sort -n "$work/rss.kb" | tail -1 | awk '{printf "%.0f", $1 / 1024}')")
done

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo "### CLI start-up: swarmops vs docker ($(date -u +%Y-%m-%d))"
echo
echo "Machine: $(nproc) CPUs ($cpu), ${idle}% idle just before timing."
echo "$(java -version 2>&1 | sed -n 2p); Docker engine $(docker version --format '{{.Server.Version}}'), $(docker node ls -q | wc -l) node(s)."
echo "$runs runs per command after $warmup warm-ups; wall time by $wall_by; peak RSS by GNU time."
echo "Start-up archive: $shared of $total classes of \`--version\` came from it. First invocation before timing (${prep_what}): ${prep_ms} ms."
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
