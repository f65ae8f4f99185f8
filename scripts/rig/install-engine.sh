#!/usr/bin/env bash
# Installs Docker Engine 26.1.5 from Debian 13 where no dockerd exists.
# Debian 12's docker.io (20.10) has moby#44378 (generic resource + network jobs rejected on
# workers), so take docker.io and containerd from trixie and nothing else: each named as
# pkg/trixie (not -t trixie, which prefers trixie for every dependency and upgraded python3
# here), trixie pinned low, no recommends; runc/tini from bookworm (trixie's need a newer libc).
set -euo pipefail
if command -v dockerd >/dev/null 2>&1 && command -v curl >/dev/null 2>&1; then
  echo "rig: dockerd present: $(dockerd --version)"
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "rig: installing the engine needs root" >&2; exit 1; }
src=/etc/apt/sources.list.d/debian.sources
mirror=$(awk '/^URIs:/ && $2 ~ /debian\/?$/ {print $2; exit}' "$src" 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
cat > /etc/apt/sources.list.d/swarmops-trixie.sources <<SRC
Types: deb
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
cat > /etc/apt/preferences.d/swarmops-trixie <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
engine_pkgs=(docker.io/trixie containerd/trixie runc/bookworm tini/bookworm)
# the rig's own tools come from the machine's own release, and only those missing
tool_pkgs=()
for p in iproute2 busybox-static curl debootstrap; do
  dpkg -s "$p" >/dev/null 2>&1 || tool_pkgs+=("$p")
done
# say what will be installed before doing it; refuse if apt would upgrade anything already there
plan=$(apt-get install -s --no-install-recommends "${engine_pkgs[@]}" "${tool_pkgs[@]}")
if grep -q '^Inst [^ ]* \[' <<<"$plan"; then
  grep '^Inst [^ ]* \[' <<<"$plan" >&2
  echo "rig: refusing: installing the engine would upgrade the packages above" >&2
  exit 1
fi
apt-get install -y -qq --no-install-recommends "${engine_pkgs[@]}" "${tool_pkgs[@]}" >/dev/null
echo "rig: installed (new packages only):"
awk '/^Inst / {print "  " $2, substr($3, 2)}' <<<"$plan"
echo "rig: installed $(dockerd --version)"
