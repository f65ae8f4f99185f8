#!/usr/bin/env bash
# Brings up the rig's manager: engine on /var/run/docker.sock (reused if one already answers),
# the local test image swarmops/busybox:rig and the stand-ins swarmops/postgres:rig and
# swarmops/platform-master:rig (images/build.sh; all built without any registry), bridge swrig0
# for workers, and a single-manager swarm advertised on 10.231.0.1. Idempotent.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
start=$SECONDS

ensure_engine_installed
mkdir -p "$RIG_STATE" "$RIG_RUN"
# The bridge first: swarm init advertises its address.
ensure_bridge

# --- manager engine: reuse or start; remember which so down.sh leaves a foreign engine alone ---
mode_file=$RIG_STATE/manager.mode
if live_pid "$RIG_RUN/manager.pid" dockerd >/dev/null; then
  # ours from an earlier up.sh (possibly still starting)
  wait_sock "$RIG_MANAGER_SOCK" 60 "$RIG_STATE/manager.log" "$(cat "$RIG_RUN/manager.pid")"
  echo started >"$mode_file"
elif sock_alive "$RIG_MANAGER_SOCK"; then
  log "reusing the engine already answering on $RIG_MANAGER_SOCK"
  echo reused >"$mode_file"
else
  # /run is not a tmpfs here, so a pidfile may survive a reboot and name an unrelated live pid,
  # which makes dockerd refuse to start; live_pid above already ruled out our own engine.
  rm -f "$RIG_RUN/manager.pid"
  log "starting manager dockerd"
  start_dockerd "$RIG_STATE/manager.log" "$RIG_RUN/manager.pid" "$RIG_MANAGER_SOCK" -- \
    --data-root "$RIG_STATE/manager" --exec-root "$RIG_RUN/manager"
  echo started >"$mode_file"
fi

# --- test image: busybox-static rootfs imported as an image; no registry involved ---
if ! mdocker image inspect "$RIG_IMAGE" >/dev/null 2>&1; then
  [ -x /bin/busybox ] || die "/bin/busybox missing (package busybox-static)"
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs"/{bin,etc,tmp,data,root}
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | mdocker import --change 'CMD ["sh"]' - "$RIG_IMAGE" >/dev/null
  log "built $RIG_IMAGE"
fi

# --- challenge stand-in for --static-challenges: the busybox image answering /health on the
# challenges' ports (8000, 8080), with an agent-challenge-worker command that stays up ---
if ! mdocker image inspect "$RIG_CHALLENGE_IMAGE" >/dev/null 2>&1; then
  work=$(mktemp -d)
  printf '#!/bin/sh\n# stand-in for the agent-challenge worker sidecar: stays up\nexec sleep 2147483647\n' >"$work/agent-challenge-worker"
  chmod 0755 "$work/agent-challenge-worker"
  cid=$(mdocker create "$RIG_IMAGE" true)
  mdocker cp "$work/agent-challenge-worker" "$cid:/bin/agent-challenge-worker"
  mdocker commit --change 'CMD ["sh", "-c", "mkdir -p /tmp/www && echo ok > /tmp/www/health && httpd -p 8000 -h /tmp/www && exec httpd -f -p 8080 -h /tmp/www"]' \
    "$cid" "$RIG_CHALLENGE_IMAGE" >/dev/null
  mdocker rm "$cid" >/dev/null
  rm -rf "$work"
  log "built $RIG_CHALLENGE_IMAGE"
fi

# --- stand-ins for real images (postgres, platform-master) from Debian 13 packages; cached ---
"$RIG_DIR/images/build.sh"

# --- swarm ---
case $(engine_swarm_state "$RIG_MANAGER_SOCK") in
  inactive)
    # listen on the bridge address only: nothing of the rig's swarm is reachable from outside
    mdocker swarm init --advertise-addr "$RIG_MANAGER_ADDR" --listen-addr "$RIG_MANAGER_ADDR:2377" >/dev/null
    ;;
  active) ;;
  *) die "manager engine's swarm state is $(engine_swarm_state "$RIG_MANAGER_SOCK"); expected inactive or active" ;;
esac
addr=$(mdocker info --format '{{.Swarm.NodeAddr}}')
[ "$addr" = "$RIG_MANAGER_ADDR" ] ||
  log "warning: the swarm advertises $addr, not $RIG_MANAGER_ADDR; workers join via $RIG_MANAGER_ADDR:2377"

echo "rig: up in $((SECONDS - start))s: manager $RIG_MANAGER_SOCK ($(cat "$mode_file"), engine $(mdocker version --format '{{.Server.Version}}')), swarm on $addr, images $RIG_IMAGE $RIG_CHALLENGE_IMAGE $RIG_PG_IMAGE $RIG_MASTER_IMAGE, bridge $RIG_BRIDGE"
