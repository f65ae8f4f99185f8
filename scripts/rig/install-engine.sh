#!/usr/bin/env bash
# Installs Docker Engine 26.1.5 from Debian 13 where no dockerd exists.
# Debian 12's docker.io (20.10) has moby#44378 (generic resource + network jobs rejected on
# workers), so take docker.io and containerd from trixie, pinned low so nothing else upgrades,
# and keep runc/tini from bookworm (trixie's need a newer libc).
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
apt-get install -y -qq -t trixie docker.io containerd runc/bookworm tini/bookworm >/dev/null
# the rig's own tools come from the machine's own release
apt-get install -y -qq iproute2 busybox-static curl >/dev/null
echo "rig: installed $(dockerd --version)"
