#!/usr/bin/env bash
# Benchmarks install-manager.groovy on the rig manager (run as root with the rig up: scripts/rig/up.sh):
#   1. cold dry-run on the live swarm (wall, peak RSS), median of N;
#   2. --apply on a swarm without the platform objects, until converged, median of N (each run
#      removes the objects first), beside the same mutations by the docker CLI in sequence;
#   3. the no-op re-apply, median of N, in a fresh JVM each and served by the resident JVM
#      (SWARMOPS_RESIDENT, started by an untimed run first), alternating;
#   4. the dry-run on a fresh node: an engine in no swarm (a rig worker that never joined), median of N.
# It creates and removes the platform objects (services, networks, secrets, configs, volumes),
# with the rig's stand-in images and playbooks/demo.env: do not run it against a swarm you care
# about.   Usage: bench/playbook.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/rig/env.sh
n=${1:-5}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
set -a; . playbooks/demo.env; set +a
export SWARMOPS_RESIDENT=off # fresh JVMs unless a row says otherwise, whatever the caller's environment says
sed "s#@ROOT@#$tmp#g" src/test/resources/playbooks/rig-config.yaml >"$tmp/cfg.yaml"
cmd=(scripts/swarmops run playbooks/install-manager.groovy --advertise-addr 10.231.0.1 --config "$tmp/cfg.yaml")
run() { "${cmd[@]}" "$@"; }
services=(platform-master-postgres challenge-agent-challenge-postgres challenge-prism-postgres platform-master-broker platform-master-proxy)
secrets=$(awk -F: '/^secrets:/ {f=1; next} f && /^  [a-z_]+:/ {gsub(/ /, "", $1); print $1 ":" $2} f && /^[a-z]/ {f=0}' playbooks/install-manager.yaml | tr -d ' ')
clean() {
  docker service rm "${services[@]}" >/dev/null 2>&1 || true
  while docker ps -q --filter label=com.docker.swarm.service.name | grep -q .; do sleep 0.2; done
  for s in $secrets; do docker secret rm "${s%%:*}" >/dev/null 2>&1 || true; done
  docker config ls -q --filter name=platform_master | xargs -r docker config rm >/dev/null 2>&1 || true
  docker volume rm -f platform_master_pg agent_challenge_pg prism_pg vol_platform_secrets >/dev/null 2>&1 || true
  docker network rm platform_challenges platform_jobs_internal >/dev/null 2>&1 || true
  sleep 1
}
converged() { local svc; for svc in "${services[@]}"; do
  until [ "$(docker service ls --filter name=$svc --format '{{.Replicas}}')" = "1/1" ]; do sleep 0.2; done; done
  until curl -fs http://127.0.0.1:18080/health >/dev/null && curl -fs http://127.0.0.1:18082/health >/dev/null; do sleep 0.2; done; }
# the same objects by hand (the seeded token files aside), as an operator would type them
cli_sequence() {
  local s v pg role
  docker network create --driver overlay --attachable --opt encrypted --opt com.docker.network.driver.mtu=1450 platform_challenges >/dev/null
  docker network create --driver overlay --attachable --internal --opt encrypted --opt com.docker.network.driver.mtu=1450 platform_jobs_internal >/dev/null
  for s in $secrets; do v=${s#*:}; printf %s "${!v}" | docker secret create "${s%%:*}" - >/dev/null; done
  for pg in platform-master-postgres:platform:platform_master_pg:platform_master_pg_password \
            challenge-agent-challenge-postgres:challenge:agent_challenge_pg:platform_agent_challenge_pg_password \
            challenge-prism-postgres:challenge:prism_pg:platform_prism_pg_password; do IFS=: read -r name db vol pw <<<"$pg"
    docker service create -d --name "$name" --replicas 1 --restart-condition any --hostname "$name" --constraint node.role==manager \
      --network platform_challenges --endpoint-mode dnsrr --mount type=volume,source=$vol,target=/var/lib/postgresql/data \
      --secret source=$pw,target=postgres_password --env POSTGRES_DB=$db --env POSTGRES_USER=$db \
      --env POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password --env PGDATA=/var/lib/postgresql/data/pgdata \
      --no-resolve-image "$RIG_PG_IMAGE" >/dev/null
  done
  docker config create platform_master-bench "$tmp/etc/platform/master.yaml" >/dev/null
  for role in broker:18082 proxy:18080; do IFS=: read -r r p <<<"$role"
    docker service create -d --name platform-master-$r --replicas 1 --restart-condition any --constraint node.role==manager \
      --network platform_challenges --endpoint-mode dnsrr --publish mode=host,target=$p,published=$p --hostname platform-master-$r \
      --secret source=platform_admin_token,target=admin_token --secret source=platform_master_database_url,target=master_database_url \
      --config source=platform_master-bench,target=/etc/platform/master.yaml --env PLATFORM_CONFIG=/etc/platform/master.yaml \
      --mount type=volume,source=vol_platform_secrets,target=/var/lib/platform/secrets --update-order stop-first \
      $([ $r = broker ] && echo "--user root --mount type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock") \
      --no-resolve-image "$RIG_MASTER_IMAGE" /bin/sh -c \
      "PLATFORM_DATABASE__URL=\$(cat /run/secrets/master_database_url) || exit 1; export PLATFORM_DATABASE__URL; exec platform master $r --config /etc/platform/master.yaml" >/dev/null
  done
  converged
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
timed() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "scale=2; ($t1 - $t0)/1" | bc; }
peak() { /usr/bin/time -f %M "${cmd[@]}" 2>&1 >/dev/null | tail -1; }

scripts/swarmops --version >/dev/null   # build and class-data archive outside the timings
scripts/rig/worker.sh add bench-fresh --join none >/dev/null
trap 'scripts/rig/worker.sh rm bench-fresh >/dev/null 2>&1; rm -rf "$tmp"' EXIT
fresh_cmd=(scripts/swarmops --host "$(scripts/rig/worker.sh sock bench-fresh)" run playbooks/install-manager.groovy
           --advertise-addr 10.231.0.1 --config "$tmp/cfg.yaml")
fresh=(); for _ in $(seq "$n"); do fresh+=("$(timed "${fresh_cmd[@]}")"); done
clean; run --apply >/dev/null
dry=(); rss=(); for _ in $(seq "$n"); do dry+=("$(timed run)"); rss+=("$(peak)"); done
SWARMOPS_RESIDENT=1m run --apply >/dev/null 2>&1 # starts the resident JVM; it goes a minute after the last row using it
noop=(); kept=(); for _ in $(seq "$n"); do
  noop+=("$(timed run --apply)")
  kept+=("$(SWARMOPS_RESIDENT=1m timed run --apply)")
done
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
echo "| swarmops no-op re-apply served by the resident JVM (SWARMOPS_RESIDENT) | $(printf '%s\n' "${kept[@]}" | median) |"
echo "| swarmops dry-run of install-manager on a fresh node (engine in no swarm), cold JVM | $(printf '%s\n' "${fresh[@]}" | median) |"
