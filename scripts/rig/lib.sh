# Shared helpers for the real-engine test rig; sourced by up.sh, worker.sh, down.sh, selfcheck.sh.
# Not executable on its own.
# shellcheck disable=SC2034  # the variables are used by the scripts sourcing this file

. "$(dirname "${BASH_SOURCE[0]}")/env.sh"   # RIG_DIR, RIG_MANAGER_SOCK/ADDR, RIG_IMAGE, RIG_WORKER
RIG_STATE=/var/lib/swarmops-rig      # persistent state: data-roots, logs, worker records
RIG_RUN=/run/swarmops-rig            # runtime state: exec-roots, pidfiles, sockets
RIG_BRIDGE=swrig0
RIG_NET_PREFIX=${RIG_MANAGER_ADDR%.*} # /24 on swrig0; .1 is the manager, workers get .2-.254
RIG_WORKERS=$RIG_STATE/workers       # one directory of metadata per worker
RIG_UTS=$RIG_RUN/uts                 # persistent UTS namespaces (own hostname per worker)
RIG_TLS=$RIG_STATE/tls               # throwaway CAs and client certificates for the TLS engines

# Every engine the rig starts gets these in its environment:
# the swarm executor otherwise tries a registry pull before each task start, even for local images.
RIG_DOCKERD_ENV=(DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1)

log() { echo "rig: $*" >&2; }
die() { echo "rig: error: $*" >&2; exit 1; }

need_root() { [ "$(id -u)" = 0 ] || die "must run as root"; }

# sock_path unix:///x/y -> /x/y
sock_path() { echo "${1#unix://}"; }

# True when the engine behind SOCK (unix:// URL) answers _ping.
sock_alive() {
  [ "$(curl -s -m 3 --unix-socket "$(sock_path "$1")" http://v/_ping 2>/dev/null)" = OK ]
}

# wait_sock SOCK TIMEOUT LOGFILE PID: wait for _ping; fail early if PID died, show the log on failure.
wait_sock() {
  local sock=$1 timeout=$2 logfile=$3 pid=$4 i
  for ((i = 0; i < timeout * 4; i++)); do
    sock_alive "$sock" && return 0
    if ! pid_running "$pid"; then
      tail -n 30 "$logfile" >&2 || true
      die "dockerd (pid $pid) exited before $sock answered; log: $logfile"
    fi
    sleep 0.25
  done
  tail -n 30 "$logfile" >&2 || true
  die "$sock did not answer within ${timeout}s; log: $logfile"
}

# docker CLI against the manager / a worker (the rig may use the CLI; the product may not).
mdocker() { docker -H "$RIG_MANAGER_SOCK" "$@"; }
wdocker() { local name=$1; shift; docker -H "$(worker_sock "$name")" "$@"; }

# Pid from a pidfile, only if that process is still a dockerd/containerd (guards against pid reuse).
live_pid() {
  local pidfile=$1 want=$2 pid exe
  [ -s "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  [ "$(basename "$exe")" = "$want" ] || return 1
  echo "$pid"
}

# Alive and not a zombie: pid 1 here reaps orphans only every few seconds, and kill -0 succeeds
# on zombies, so waiting on kill -0 alone would wait for the reaper.
pid_running() {
  local state
  state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# stop_pid PID TIMEOUT: SIGTERM, wait, SIGKILL if still there. dockerd needs time to stop containers.
stop_pid() {
  local pid=$1 timeout=$2 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < timeout * 4; i++)); do
    pid_running "$pid" || return 0
    sleep 0.25
  done
  log "pid $pid ignored SIGTERM for ${timeout}s; killing"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.5
}

# stop_engine EXEC_ROOT PIDFILE: stop a rig-started dockerd, then whatever outlived it when it did
# not shut down cleanly: its managed containerd, containers (runc state under
# <exec-root>/runtime-runc/<containerd-namespace>) and shims still pointing at its containerd.
stop_engine() {
  local execroot=$1 pidfile=$2 pid root id p ctrsock=$1/containerd/containerd.sock
  if pid=$(live_pid "$pidfile" dockerd); then
    stop_pid "$pid" 40
  fi
  if pid=$(live_pid "$execroot/containerd/containerd.pid" containerd); then
    stop_pid "$pid" 10
  fi
  for root in "$execroot"/runtime-runc/*/; do
    [ -d "$root" ] || continue
    for id in $(runc --root "$root" list -q 2>/dev/null); do
      log "killing leftover container $id"
      runc --root "$root" delete --force "$id" >/dev/null 2>&1 || true
    done
  done
  for p in /proc/[0-9]*; do
    { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | grep -qF -- "-address $ctrsock " || continue
    log "killing leftover shim ${p#/proc/}"
    kill -KILL "${p#/proc/}" 2>/dev/null || true
  done
  rm -f "$pidfile"
}

# unmount_under DIR...: lazily unmount everything mounted at or below the given dirs, deepest first
# (dockerd's self bind mount of its data-root, overlay layers, netns bind mounts, shm) after a
# dockerd died uncleanly.
unmount_under() {
  local d m
  for d in "$@"; do
    [ -e "$d" ] || continue
    awk -v d="$d" '{ m = $5; gsub(/\\040/, " ", m); if (m == d || index(m, d "/") == 1) print m }' /proc/self/mountinfo |
      sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  done
}

# start_dockerd LOGFILE PIDFILE SOCK [nsenter args...] -- [dockerd args...]
# Detached (setsid+nohup) so the engine outlives the calling script; the caller waits on the socket.
# No --containerd: with no /run/containerd/containerd.sock dockerd starts its own managed containerd
# under <exec-root>/containerd, so every engine gets a separate containerd.
start_dockerd() {
  local logfile=$1 pidfile=$2 sock=$3 pid; shift 3
  local pre=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do pre+=("$1"); shift; done
  shift
  if [ -S /run/containerd/containerd.sock ]; then
    log "warning: /run/containerd/containerd.sock exists, so dockerd will share that containerd"
  fi
  mkdir -p "$(dirname "$logfile")" "$(dirname "$pidfile")"
  echo "=== $(date -Is) start" >>"$logfile"
  setsid nohup env "${RIG_DOCKERD_ENV[@]}" "${pre[@]}" dockerd --pidfile "$pidfile" -H "$sock" "$@" \
    </dev/null >>"$logfile" 2>&1 &
  pid=$!
  wait_sock "$sock" 60 "$logfile" "$pid"
}

ensure_engine_installed() {
  command -v dockerd >/dev/null 2>&1 || "$RIG_DIR/install-engine.sh"
}

# The bridge workers attach to, plus the host settings overlay traffic needs.
ensure_bridge() {
  if ! ip link show "$RIG_BRIDGE" >/dev/null 2>&1; then
    ip link add "$RIG_BRIDGE" type bridge
  fi
  ip addr replace "$RIG_MANAGER_ADDR/24" dev "$RIG_BRIDGE"
  ip link set "$RIG_BRIDGE" up
  sysctl -qw net.ipv4.ip_forward=1
  # br_netfilter is built into this kernel and docker keeps bridge-nf-call-iptables=1, so frames
  # between two swrig0 ports (worker<->worker VXLAN, gossip) traverse FORWARD, whose policy docker
  # sets to DROP whenever it is the one enabling ip_forward: accept them explicitly. Anything from
  # swrig0 towards another interface is dropped, so test traffic never leaves the machine.
  ensure_rule FORWARD -i "$RIG_BRIDGE" -o "$RIG_BRIDGE" -j ACCEPT
  ensure_rule FORWARD -i "$RIG_BRIDGE" ! -o "$RIG_BRIDGE" -j DROP
}

# Rules are tagged so remove_bridge finds them; inserted at the top, where docker's own FORWARD
# jumps (DOCKER-USER, isolation) never touch swrig0 traffic anyway.
RIG_RULE_COMMENT=(-m comment --comment swarmops-rig)
ensure_rule() {
  local chain=$1; shift
  iptables -C "$chain" "$@" "${RIG_RULE_COMMENT[@]}" 2>/dev/null ||
    iptables -I "$chain" "$@" "${RIG_RULE_COMMENT[@]}"
}

remove_bridge() {
  local spec
  # delete every rule tagged with our comment, whatever its arguments were
  iptables -S FORWARD 2>/dev/null | { grep -- '--comment swarmops-rig' || true; } | while read -r spec; do
    eval "iptables ${spec/-A/-D}" || true
  done
  ip link del "$RIG_BRIDGE" 2>/dev/null || true
}

# --- workers -----------------------------------------------------------------------------------

valid_worker_name() {
  [[ $1 =~ ^[a-z][a-z0-9-]{0,11}$ ]] || die "worker name '$1' must match [a-z][a-z0-9-]{0,11} (it names a veth)"
  case $1 in manager | workers | uts) die "worker name '$1' is reserved" ;; esac
}

worker_sock() { echo "unix://$RIG_RUN/$1/docker.sock"; }
worker_meta() { echo "$RIG_WORKERS/$1"; }
worker_names() { ls -1 "$RIG_WORKERS" 2>/dev/null || true; }

# The docker node id a swarm-joined engine has, empty when not in a swarm.
engine_node_id() {
  docker -H "$1" info --format '{{.Swarm.NodeID}}' 2>/dev/null || true
}

# state of the engine's swarm membership: inactive|pending|active|error|locked
engine_swarm_state() {
  docker -H "$1" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown
}

# ensure_tls_cas: two throwaway CAs (ca: the one the rig's TLS engines trust; wrong-ca: one they
# do not) and a client certificate directory signed by each, laid out as DOCKER_CERT_PATH wants
# it (ca.pem, cert.pem, key.pem): $RIG_TLS/client and $RIG_TLS/client-wrong-ca.
ensure_tls_cas() {
  local ca dir
  mkdir -p "$RIG_TLS"
  chmod 0700 "$RIG_TLS"
  for ca in ca wrong-ca; do
    if [ ! -s "$RIG_TLS/$ca.pem" ]; then
      openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=swarmops rig $ca" \
        -keyout "$RIG_TLS/$ca-key.pem" -out "$RIG_TLS/$ca.pem" 2>/dev/null
    fi
    dir=$RIG_TLS/client$([ "$ca" = ca ] || echo "-$ca")
    if [ ! -s "$dir/cert.pem" ]; then
      mkdir -p "$dir"
      cp "$RIG_TLS/$ca.pem" "$dir/ca.pem"
      tls_cert "$ca" client "extendedKeyUsage=clientAuth" "$dir/cert.pem" "$dir/key.pem"
    fi
  done
}

# tls_cert CA CN EXTENSIONS CERT KEY: a key and a 30-day certificate signed by the rig's CA named CA.
tls_cert() {
  local ca=$1 cn=$2 ext=$3 cert=$4 key=$5 csr
  csr=$(mktemp)
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$cn" -keyout "$key" -out "$csr" 2>/dev/null
  openssl x509 -req -in "$csr" -CA "$RIG_TLS/$ca.pem" -CAkey "$RIG_TLS/$ca-key.pem" -CAcreateserial -days 30 \
    -extfile <(printf '%s\n' "$ext") -out "$cert" 2>/dev/null
  rm -f "$csr"
  chmod 0600 "$key"
}
