# Sourced by tests (and by lib.sh): where the rig's manager engine, address and images are.
# RIG_PG_IMAGE / RIG_MASTER_IMAGE: stand-ins for the official postgres image and for
# ghcr.io/platformnetwork/platform-master, built from Debian 13 packages by images/build.sh.
# Worker sockets: "$RIG_WORKER" sock NAME.
RIG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RIG_MANAGER_SOCK=unix:///var/run/docker.sock
RIG_MANAGER_ADDR=10.231.0.1
RIG_IMAGE=swarmops/busybox:rig
RIG_PG_IMAGE=swarmops/postgres:rig
RIG_MASTER_IMAGE=swarmops/platform-master:rig
RIG_CHALLENGE_IMAGE=swarmops/challenge:rig   # the busybox image serving /health on 8000 and 8080
RIG_WORKER=$RIG_DIR/worker.sh
export RIG_DIR RIG_MANAGER_SOCK RIG_MANAGER_ADDR RIG_IMAGE RIG_PG_IMAGE RIG_MASTER_IMAGE RIG_CHALLENGE_IMAGE RIG_WORKER
