#!/usr/bin/env bash
# Tears down what the rig started: every worker, then the manager engine, but only if up.sh
# started it (a reused engine keeps running and keeps its swarm), then bridge swrig0 and the
# rig's iptables rules. Idempotent; fine when nothing is up.
#   down.sh [--purge]   --purge also deletes /var/lib/swarmops-rig (manager data-root with the
#                       images, logs) except cache/ (rootfs tarballs: the next up.sh re-imports).
# Without --purge the next up.sh finds the images in place. rm -rf /var/lib/swarmops-rig/cache
# after a --purge forces the next up.sh to debootstrap again.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
purge=false
case ${1:-} in --purge) purge=true ;; '') ;; *) sed -n '5,6s/^#  //p' "$0" >&2; exit 2 ;; esac
start=$SECONDS

for name in $(worker_names); do
  "$RIG_DIR/worker.sh" rm "$name"
done

mode=$(cat "$RIG_STATE/manager.mode" 2>/dev/null || echo none)
if [ "$mode" = started ]; then
  if sock_alive "$RIG_MANAGER_SOCK" && [ "$(engine_swarm_state "$RIG_MANAGER_SOCK")" != inactive ]; then
    mdocker swarm leave --force >/dev/null || true
  fi
  stop_engine "$RIG_RUN/manager" "$RIG_RUN/manager.pid"
  unmount_under "$RIG_RUN/manager" "$RIG_STATE/manager"
  # bridges our engine created in the host netns; its next start recreates them
  for link in docker_gwbridge docker0; do ip link del "$link" 2>/dev/null || true; done
elif [ "$mode" = reused ]; then
  log "leaving the reused engine on $RIG_MANAGER_SOCK running (and in its swarm)"
fi
rm -f "$RIG_STATE/manager.mode"

remove_bridge
rm -rf "$RIG_RUN"
if $purge; then
  unmount_under "$RIG_STATE"
  # everything but cache/ (images/build.sh's rootfs tarballs)
  find "$RIG_STATE" -mindepth 1 -maxdepth 1 ! -name cache -exec rm -rf --one-file-system {} +
fi
echo "rig: down in $((SECONDS - start))s"
