#!/usr/bin/env bash
# End-to-end check of the rig on two throwaway workers (ck-cpu, ck-gpu), removed afterwards;
# the manager stays up. Fails unless: the fake GPUs are advertised, a plain overlay carries
# traffic manager<->worker and worker<->worker, and a GPU job on an encrypted overlay sees
# DOCKER_RESOURCE_NVIDIA-GPU. The encrypted overlay's data plane is reported, not required:
# it needs ESP + gcm(aes) in the kernel.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root

CPU=ck-cpu GPU=ck-gpu PLAIN=rigck-plain ENC=rigck-enc
SERVICES=(rigck-mgr rigck-cpu rigck-gpu rigck-enc-mgr rigck-enc-cpu rigck-gpujob)
tmp=$(mktemp -d)
cleanup() {
  mdocker service rm "${SERVICES[@]}" >/dev/null 2>&1 || true
  "$RIG_WORKER" rm "$CPU" >/dev/null 2>&1 || true
  "$RIG_WORKER" rm "$GPU" >/dev/null 2>&1 || true
  # networks go once the tasks using them are gone
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    mdocker network rm "$PLAIN" "$ENC" >/dev/null 2>&1 && break
    mdocker network inspect "$PLAIN" >/dev/null 2>&1 || mdocker network inspect "$ENC" >/dev/null 2>&1 || break
    sleep 1
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "selfcheck: FAIL: $*" >&2; exit 1; }
ok() { echo "selfcheck: ok: $*"; }

# run SERVICE NETWORK NODE: a long-running task pinned to NODE (by hostname); short grace period since
# `sleep` as pid 1 ignores SIGTERM and cleanup would wait 10s per task. dnsrr: without IPVS
# in the kernel a service VIP does not answer, so name resolution goes straight to the tasks.
run() {
  mdocker service create -d --no-resolve-image --name "$1" --network "$2" --endpoint-mode dnsrr --stop-grace-period 1s \
    --constraint "node.hostname==$3" "$RIG_IMAGE" sleep 3600 >/dev/null
}

wait_running() {
  local svc i
  for svc in "$@"; do
    for ((i = 0; i < 60; i++)); do
      mdocker service ps "$svc" --filter desired-state=running --format '{{.CurrentState}}' | grep -q '^Running' && continue 2
      sleep 1
    done
    mdocker service ps --no-trunc "$svc" >&2
    fail "$svc did not reach Running"
  done
}

# task_ct SOCK SERVICE: id of SERVICE's running container on the engine at SOCK
task_ct() {
  docker -H "$1" ps -q --filter "label=com.docker.swarm.service.name=$2" --filter status=running | head -n1
}

# can_ping FROM_SOCK FROM_SERVICE TO_SERVICE
can_ping() {
  docker -H "$1" exec "$(task_ct "$1" "$2")" ping -c 2 -W 2 "$3" >/dev/null 2>&1
}

t0=$SECONDS
"$RIG_DIR/up.sh"
cat >"$tmp/gpu.json" <<'JSON'
{"node-generic-resources":["NVIDIA-GPU=GPU-11111111-1111-1111-1111-111111111111","NVIDIA-GPU=GPU-22222222-2222-2222-2222-222222222222"]}
JSON
"$RIG_WORKER" add "$CPU" --join cpu
"$RIG_WORKER" add "$GPU" --daemon-json "$tmp/gpu.json" --join gpu
CPU_SOCK=$("$RIG_WORKER" sock "$CPU")

gpus=$(mdocker node inspect "$GPU" --format '{{range .Description.Resources.GenericResources}}{{.NamedResourceSpec.Kind}} {{end}}')
[ "$gpus" = "NVIDIA-GPU NVIDIA-GPU " ] || fail "$GPU advertises '$gpus', expected NVIDIA-GPU x2"
ok "$GPU advertises NVIDIA-GPU x2"

mdocker network create -d overlay --attachable "$PLAIN" >/dev/null
mdocker network create -d overlay --opt encrypted --attachable "$ENC" >/dev/null
run rigck-mgr "$PLAIN" "$(mdocker info --format '{{.Name}}')"
run rigck-cpu "$PLAIN" "$CPU"
run rigck-gpu "$PLAIN" "$GPU"
run rigck-enc-mgr "$ENC" "$(mdocker info --format '{{.Name}}')"
run rigck-enc-cpu "$ENC" "$CPU"
wait_running "${SERVICES[@]:0:5}"
ok "tasks running on manager, $CPU and $GPU"

can_ping "$RIG_MANAGER_SOCK" rigck-mgr rigck-cpu || fail "plain overlay: manager task cannot ping $CPU task"
can_ping "$RIG_MANAGER_SOCK" rigck-mgr rigck-gpu || fail "plain overlay: manager task cannot ping $GPU task"
can_ping "$CPU_SOCK" rigck-cpu rigck-gpu || fail "plain overlay: $CPU task cannot ping $GPU task"
ok "plain overlay: manager<->$CPU, manager<->$GPU, $CPU<->$GPU"

if can_ping "$RIG_MANAGER_SOCK" rigck-enc-mgr rigck-enc-cpu; then
  ok "encrypted overlay: manager<->$CPU"
else
  echo "selfcheck: note: encrypted overlay carries no traffic between nodes (kernel: $(zcat /proc/config.gz 2>/dev/null | grep -E '^(# )?CONFIG_INET_ESP[ =]' || echo 'config unknown'))"
fi

mdocker service create -d --no-resolve-image --name rigck-gpujob --mode replicated-job --restart-condition none \
  --generic-resource NVIDIA-GPU=1 --network "$ENC" --constraint node.labels.platform.workload==gpu \
  --constraint "node.hostname==$GPU" "$RIG_IMAGE" env >/dev/null
for ((i = 0; i < 60; i++)); do
  state=$(mdocker service ps rigck-gpujob --format '{{.CurrentState}}' | head -n1)
  case $state in Complete*) break ;; Failed* | Rejected*) break ;; esac
  sleep 1
done
case $state in Complete*) ;; *) mdocker service ps --no-trunc rigck-gpujob >&2; fail "GPU job: $state" ;; esac
gpu_env=$(mdocker service logs --raw rigck-gpujob 2>/dev/null | grep '^DOCKER_RESOURCE_NVIDIA-GPU=' || true)
[ -n "$gpu_env" ] || fail "GPU job output lacks DOCKER_RESOURCE_NVIDIA-GPU"
ok "GPU job on $GPU over $ENC: $gpu_env"
echo "selfcheck: passed in $((SECONDS - t0))s"
