#!/usr/bin/env bash
# Rig worker nodes: each is a separate dockerd (with its own managed containerd) living in its own
# network namespace NAME (10.231.0.N on bridge swrig0) and UTS namespace (hostname NAME).
#
#   worker.sh add NAME [--daemon-json FILE] [--join cpu|gpu|none] [--tls]   (default: --join none;
#                                   re-adding a running worker does not restart it: use restart;
#                                   --tls: also tcp://IP:2376 with --tlsverify, certs under RIG_TLS)
#   worker.sh restart NAME [--daemon-json FILE]   restart its dockerd, re-reading the daemon.json
#   worker.sh stop NAME / start NAME              stop its dockerd, state kept / start it again
#   worker.sh rm NAME                             leave swarm, stop engine, delete all its state
#   worker.sh sock NAME                           print unix:///run/swarmops-rig/NAME/docker.sock
#   worker.sh ls                                  one line per worker
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '5,12s/^#  //p' "$0" >&2; exit 2; }

# Per-worker paths (the layout the brief fixes; metadata lives apart from the data-root).
set_paths() {
  name=$1
  meta=$(worker_meta "$name")
  data_root=$RIG_STATE/$name
  run_dir=$RIG_RUN/$name
  exec_root=$run_dir/exec
  pidfile=$run_dir/dockerd.pid
  sock=$(worker_sock "$name")
  logfile=$meta/dockerd.log
  uts=$RIG_UTS/$name
  veth=vr-$name
}

# Lowest free host number, fixed for the worker's lifetime by meta/ip. Under a lock: tests may
# add workers in parallel.
alloc_ip() {
  local n used
  if [ -s "$meta/ip" ]; then cat "$meta/ip"; return; fi
  exec 9>"$RIG_WORKERS/.alloc.lock"
  flock 9
  used=$(cat "$RIG_WORKERS"/*/ip 2>/dev/null || true)
  for ((n = 2; n < 255; n++)); do
    if ! grep -qx "$RIG_NET_PREFIX.$n" <<<"$used"; then
      echo "$RIG_NET_PREFIX.$n" >"$meta/ip"
      exec 9>&-
      cat "$meta/ip"
      return
    fi
  done
  die "no free address left in $RIG_NET_PREFIX.0/24"
}

ensure_netns() {
  local ip=$1
  [ -e "/var/run/netns/$name" ] || ip netns add "$name"
  if ! ip link show "$veth" >/dev/null 2>&1; then
    ip link add "$veth" type veth peer name eth0 netns "$name"
  fi
  ip link set "$veth" master "$RIG_BRIDGE" up
  ip -n "$name" link set lo up
  ip -n "$name" addr replace "$ip/24" dev eth0
  ip -n "$name" link set eth0 up
  ip -n "$name" route replace default via "$RIG_MANAGER_ADDR"
}

# A persistent UTS namespace (bind-mounted nsfs file) so the engine, and hence the swarm node,
# is called NAME; persistent so a restart keeps it.
ensure_uts() {
  mkdir -p "$RIG_UTS"
  if ! mountpoint -q "$uts" 2>/dev/null; then
    touch "$uts"
    unshare --uts="$uts" hostname "$name"
  fi
}

start_engine() {
  local config pid
  config=$(cat "$meta/daemon-json")
  [ -r "$config" ] || die "daemon.json $config is not readable"
  if pid=$(live_pid "$pidfile" dockerd); then
    wait_sock "$sock" 60 "$logfile" "$pid"
    return
  fi
  rm -f "$pidfile"
  mkdir -p "$run_dir" "$data_root"
  # nsenter, not `ip netns exec`: the latter remounts /sys for the command, and dockerd then
  # fails with "Devices cgroup isn't mounted". Docker's iptables management stays off: it would
  # only act inside the worker's netns, and the host's rules belong to the manager engine.
  local tls=()
  if [ -s "$meta/tls/server-cert.pem" ]; then
    # the unix socket stays plain; only the tcp listener needs a client certificate of the rig's CA
    tls=(-H "tcp://$(cat "$meta/ip"):2376" --tlsverify --tlscacert "$RIG_TLS/ca.pem"
      --tlscert "$meta/tls/server-cert.pem" --tlskey "$meta/tls/server-key.pem")
  fi
  start_dockerd "$logfile" "$pidfile" "$sock" nsenter --net="/var/run/netns/$name" --uts="$uts" -- \
    "${tls[@]}" --data-root "$data_root" --exec-root "$exec_root" \
    --containerd-namespace "rig-$name" --containerd-plugins-namespace "rig-$name-plugins" \
    --bridge none --iptables=false --ip6tables=false --config-file "$config"
}

# Record which daemon.json the engine uses: the caller's file (by absolute path, so a test can
# edit it and `restart`), or a default {} kept with the worker's metadata.
set_daemon_json() {
  local file=$1
  if [ -n "$file" ]; then
    [ -r "$file" ] || die "--daemon-json $file is not readable"
    realpath "$file" >"$meta/daemon-json"
  elif [ ! -s "$meta/daemon-json" ]; then
    echo '{}' >"$meta/default-daemon.json"
    echo "$meta/default-daemon.json" >"$meta/daemon-json"
  fi
}

cmd_add() {
  local daemon_json='' join=none ip tls='' t0=$SECONDS
  set_paths "$1"; shift
  while [ $# -gt 0 ]; do
    case $1 in
      --daemon-json) daemon_json=${2:?--daemon-json needs a file}; shift 2 ;;
      --join) join=${2:?--join needs cpu|gpu|none}; shift 2 ;;
      --tls) tls=1; shift ;;
      *) usage ;;
    esac
  done
  case $join in cpu | gpu | none) ;; *) die "--join must be cpu, gpu or none" ;; esac
  ip link show "$RIG_BRIDGE" >/dev/null 2>&1 || die "bridge $RIG_BRIDGE missing: run up.sh first"

  mkdir -p "$meta"
  set_daemon_json "$daemon_json"
  ip=$(alloc_ip)
  ensure_netns "$ip"
  ensure_uts
  if [ -n "$tls" ] && [ ! -s "$meta/tls/server-cert.pem" ]; then
    ensure_tls_cas
    mkdir -p "$meta/tls"
    tls_cert ca "$name" "subjectAltName=IP:$ip,DNS:$name
extendedKeyUsage=serverAuth" "$meta/tls/server-cert.pem" "$meta/tls/server-key.pem"
  fi
  start_engine

  if ! wdocker "$name" image inspect "$RIG_IMAGE" >/dev/null 2>&1; then
    mdocker save "$RIG_IMAGE" | wdocker "$name" load >/dev/null
  fi

  if [ "$join" != none ]; then
    [ "$(engine_swarm_state "$RIG_MANAGER_SOCK")" = active ] || die "manager is not in a swarm: run up.sh first"
    if [ "$(engine_swarm_state "$sock")" = inactive ]; then
      wdocker "$name" swarm join --advertise-addr "$ip" --listen-addr "$ip:2377" \
        --token "$(mdocker swarm join-token -q worker)" "$RIG_MANAGER_ADDR:2377" >/dev/null
    fi
    engine_node_id "$sock" >"$meta/node-id"
    mdocker node update --label-add "platform.workload=$join" "$(cat "$meta/node-id")" >/dev/null
  fi
  echo "rig: worker $name up in $((SECONDS - t0))s: $ip, $sock$([ -z "$tls" ] || echo ", tcp://$ip:2376 (TLS)"), join=$join, node=$(cat "$meta/node-id" 2>/dev/null || echo -)"
}

cmd_restart() {
  local daemon_json='' t0=$SECONDS
  set_paths "$1"; shift
  [ -d "$meta" ] || die "no worker $name"
  case ${1:-} in
    --daemon-json) daemon_json=${2:?--daemon-json needs a file} ;;
    '') ;;
    *) usage ;;
  esac
  set_daemon_json "$daemon_json"
  stop_engine "$exec_root" "$pidfile"
  start_engine
  echo "rig: worker $name restarted in $((SECONDS - t0))s with $(cat "$meta/daemon-json")"
}

# The engine's own stop and start, as systemctl's would be for a real node (backup/restore specs).
cmd_stop() {
  set_paths "$1"
  [ -d "$meta" ] || die "no worker $name"
  stop_engine "$exec_root" "$pidfile"
  echo "rig: worker $name stopped"
}

cmd_start() {
  set_paths "$1"
  [ -d "$meta" ] || die "no worker $name"
  start_engine
  echo "rig: worker $name started"
}

# Best effort throughout: also cleans up after a half-built or crashed worker.
cmd_rm() {
  local node_id=''
  set_paths "$1"
  if sock_alive "$sock"; then
    node_id=$(engine_node_id "$sock")
    [ "$(engine_swarm_state "$sock")" = inactive ] || wdocker "$name" swarm leave --force >/dev/null || true
  fi
  [ -n "$node_id" ] || node_id=$(cat "$meta/node-id" 2>/dev/null || true)
  stop_engine "$exec_root" "$pidfile"
  if [ -n "$node_id" ] && sock_alive "$RIG_MANAGER_SOCK"; then
    mdocker node rm --force "$node_id" >/dev/null 2>&1 || true
  fi
  unmount_under "$exec_root" "$data_root"
  rm -rf --one-file-system "$data_root" "$run_dir"
  ip link del "$veth" 2>/dev/null || true
  if [ -e "/var/run/netns/$name" ]; then ip netns del "$name"; fi
  if mountpoint -q "$uts" 2>/dev/null; then umount "$uts"; fi
  rm -f "$uts"
  rm -rf "$meta"
  echo "rig: worker $name removed"
}

cmd_ls() {
  local n state
  for n in $(worker_names); do
    set_paths "$n"
    if sock_alive "$sock"; then state=$(engine_swarm_state "$sock"); else state=down; fi
    printf '%-12s %-13s %-8s %-26s %s\n' "$n" "$(cat "$meta/ip" 2>/dev/null)" "$state" \
      "$(cat "$meta/node-id" 2>/dev/null || echo -)" "$sock"
  done
}

[ $# -ge 1 ] || usage
cmd=$1; shift
case $cmd in
  ls) cmd_ls ;;
  add | restart | stop | start | rm | sock)
    [ $# -ge 1 ] || usage
    valid_worker_name "$1"
    case $cmd in
      sock) worker_sock "$1" ;;
      *) need_root; "cmd_$cmd" "$@" ;;
    esac
    ;;
  *) usage ;;
esac
