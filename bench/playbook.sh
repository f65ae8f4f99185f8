#!/usr/bin/env bash
# Benchmarks install-manager.groovy on the rig manager (run as root with the rig up: scripts/rig/up.sh):
#   1. cold dry-run on the live swarm (wall, peak RSS), median of N;
#   2. --apply on a swarm without the platform objects, until converged, median of N (each run
#      removes the objects first), beside the same mutations by the docker CLI in sequence;
#   3. the no-op re-apply, median of N.
# It creates and removes the platform objects (platform-master-*, platform_* networks, secrets,
# configs): do not run it against a swarm you care about.   Usage: bench/playbook.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
img=swarmops/busybox:rig
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export PLATFORM_ADMIN_TOKEN=bench-admin PLATFORM_BROKER_TOKEN=bench-broker
cat >"$tmp/cfg.yaml" <<YAML
paths: {daemon_json: $tmp/daemon.json, master_yaml: $tmp/master.yaml, supervisor_unit: $tmp/sup.service}
commands: {restart_engine: ["true"], systemd_reload: ["true"], enable_supervisor: ["true"]}
master:
  proxy: {image: $img, command: [sh, -c, "mkdir -p /tmp/w && echo ok >/tmp/w/health && exec httpd -f -p 8080 -h /tmp/w"]}
  broker: {image: $img, command: [sh, -c, "mkdir -p /tmp/w && echo ok >/tmp/w/health && exec httpd -f -p 8082 -h /tmp/w"]}
YAML
cmd=(scripts/swarmops run playbooks/install-manager.groovy --advertise-addr 10.231.0.1 --config "$tmp/cfg.yaml")
run() { "${cmd[@]}" "$@"; }
clean() {
  docker service rm platform-master-proxy platform-master-broker >/dev/null 2>&1 || true
  while docker ps -q --filter label=com.docker.swarm.service.name | grep -q .; do sleep 0.2; done
  docker secret rm platform_admin_token platform_broker_token >/dev/null 2>&1 || true
  docker config ls -q --filter name=platform_master | xargs -r docker config rm >/dev/null 2>&1 || true
  docker network rm platform_challenges platform_jobs_internal >/dev/null 2>&1 || true
  sleep 1
}
converged() { local svc; for svc in platform-master-proxy platform-master-broker; do
  until [ "$(docker service ls --filter name=$svc --format '{{.Replicas}}')" = "1/1" ]; do sleep 0.2; done; done
  until curl -fs http://127.0.0.1:18080/health >/dev/null && curl -fs http://127.0.0.1:18082/health >/dev/null; do sleep 0.2; done; }
cli_sequence() {
  docker network create --driver overlay --attachable --opt encrypted --opt com.docker.network.driver.mtu=1450 platform_challenges >/dev/null
  docker network create --driver overlay --attachable --internal --opt encrypted --opt com.docker.network.driver.mtu=1450 platform_jobs_internal >/dev/null
  printf %s "$PLATFORM_ADMIN_TOKEN" | docker secret create platform_admin_token - >/dev/null
  printf %s "$PLATFORM_BROKER_TOKEN" | docker secret create platform_broker_token - >/dev/null
  printf 'runtime:\n  backend: swarm\n' | docker config create platform_master-bench - >/dev/null
  for role in proxy:8080:18080 broker:8082:18082; do IFS=: read -r r t p <<<"$role"
    docker service create -d --name platform-master-$r --replicas 1 --restart-condition any --constraint node.role==manager \
      --limit-cpu 1 --limit-memory 512m --limit-pids 512 --network platform_challenges \
      --publish mode=host,target=$t,published=$p --secret platform_admin_token --secret platform_broker_token \
      --config source=platform_master-bench,target=/etc/platform/master.yaml --hostname platform-master-$r \
      --update-order stop-first --no-resolve-image $img sh -c "mkdir -p /tmp/w && echo ok >/tmp/w/health && exec httpd -f -p $t -h /tmp/w" >/dev/null
  done
  converged
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
timed() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "scale=2; ($t1 - $t0)/1" | bc; }
peak() { /usr/bin/time -f %M "${cmd[@]}" 2>&1 >/dev/null | tail -1; }

scripts/swarmops --version >/dev/null   # build and class-data archive outside the timings
clean; run --apply >/dev/null
dry=(); rss=(); for _ in $(seq "$n"); do dry+=("$(timed run)"); rss+=("$(peak)"); done
noop=(); for _ in $(seq "$n"); do noop+=("$(timed run --apply)"); done
apply=(); cli=(); for _ in $(seq "$n"); do
  clean; apply+=("$(timed run --apply)")
  clean; cli+=("$(timed cli_sequence)")
done
clean
echo "| what (median of $n) | wall s |"
echo "| --- | --- |"
echo "| swarmops dry-run of install-manager (cold JVM), peak RSS $(printf '%s\n' "${rss[@]}" | median) KiB | $(printf '%s\n' "${dry[@]}" | median) |"
echo "| swarmops --apply on a swarm without the platform objects, until converged and /health 200 | $(printf '%s\n' "${apply[@]}" | median) |"
echo "| the same by the docker CLI in sequence, until converged and /health 200 | $(printf '%s\n' "${cli[@]}" | median) |"
echo "| swarmops no-op re-apply (cold JVM, includes the healthcheck) | $(printf '%s\n' "${noop[@]}" | median) |"
