# Sourced by tests (and by lib.sh): where the rig's manager engine, address and image are.
# Worker sockets: "$RIG_WORKER" sock NAME.
RIG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RIG_MANAGER_SOCK=unix:///var/run/docker.sock
RIG_MANAGER_ADDR=10.231.0.1
RIG_IMAGE=swarmops/busybox:rig
RIG_WORKER=$RIG_DIR/worker.sh
export RIG_DIR RIG_MANAGER_SOCK RIG_MANAGER_ADDR RIG_IMAGE RIG_WORKER
