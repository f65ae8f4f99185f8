#!/usr/bin/env bash
# Builds the rig's stand-ins for real images from Debian 13 (trixie) packages, without any pull:
#   swarmops/postgres:rig         the official postgres image's env contract (docker-entrypoint.sh)
#   swarmops/platform-master:rig  ghcr.io/platformnetwork/platform-master's contract (platform.py)
# One rootfs (debootstrap minbase + PKGS + our files) is imported once as swarmops/rig-trixie:KEY;
# each image is derived from it by `docker create` + `docker commit --change` (no second copy of
# the rootfs). KEY hashes PKGS and every file under scripts/rig/images/: an image carrying the
# current key is skipped; the rootfs tarball is cached as $RIG_STATE/cache/rootfs-KEY.tar.zst,
# which down.sh (even --purge) keeps, so a rebuild after a purge only re-imports.
# Called by up.sh; quiet except one line per image built. Log of the last debootstrap:
# $RIG_STATE/cache/debootstrap.log.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_root
t0=$SECONDS

SUITE=trixie
PKGS=(postgresql-17 python3 python3-yaml python3-asyncpg python3-fastapi python3-uvicorn)
PG_MAJOR=17
IMAGES_DIR=$RIG_DIR/images
CACHE=$RIG_STATE/cache
BASE_REPO=swarmops/rig-trixie
KEY_LABEL=org.swarmops.rig.key

key=$(
  cd "$IMAGES_DIR"
  { printf '%s\n' "$SUITE" "${PKGS[@]}"; find . -type f ! -path '*/__pycache__/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; } |
    sha256sum | cut -c1-16
)
base=$BASE_REPO:$key
tarball=$CACHE/rootfs-$key.tar.zst

image_key() { mdocker image inspect --format "{{index .Config.Labels \"$KEY_LABEL\"}}" "$1" 2>/dev/null || true; }
current() { [ "$(image_key "$1")" = "$key" ]; }

sock_alive "$RIG_MANAGER_SOCK" || die "no engine answers on $RIG_MANAGER_SOCK (scripts/rig/up.sh starts it)"
if current "$RIG_PG_IMAGE" && current "$RIG_MASTER_IMAGE"; then
  exit 0
fi

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9   # one build at a time; a second up.sh waits, then finds the images current

# --- rootfs ------------------------------------------------------------------------------------

# customize DIR: our files, users and directories on top of the debootstrapped system
customize() {
  local r=$1 old_uid old_gid
  # Debian's postinst made a default cluster 17/main; the image's cluster lives in $PGDATA
  rm -rf "$r/etc/postgresql/$PG_MAJOR" "$r/var/lib/postgresql/$PG_MAJOR"
  # postgres as 999:999 like the official image (files already on volumes are owned by 999)
  old_uid=$(awk -F: '$1 == "postgres" {print $3}' "$r/etc/passwd")
  old_gid=$(awk -F: '$1 == "postgres" {print $3}' "$r/etc/group")
  [ -n "$old_uid" ] && [ -n "$old_gid" ] || die "debootstrap made no postgres user"
  if awk -F: -v u="$old_uid" '$3 == 999 && $3 != u {f=1} END {exit !f}' "$r/etc/passwd" ||
     awk -F: -v g="$old_gid" '$3 == 999 && $3 != g {f=1} END {exit !f}' "$r/etc/group"; then
    die "uid or gid 999 is taken in the rootfs"
  fi
  sed -i "s/^postgres:x:$old_uid:$old_gid:/postgres:x:999:999:/" "$r/etc/passwd"
  sed -i "s/^postgres:x:$old_gid:/postgres:x:999:/" "$r/etc/group"
  find "$r" -xdev -uid "$old_uid" -exec chown -h 999 {} +
  find "$r" -xdev -gid "$old_gid" -exec chgrp -h 999 {} +
  # platform 1000:1000, home /var/lib/platform, as in upstream's docker/Dockerfile.master
  # (useradd warns that a system uid 1000 is above SYS_UID_MAX: upstream gets that warning too)
  chroot "$r" groupadd --system --gid 1000 platform
  chroot "$r" useradd --system --uid 1000 --gid platform --home-dir /var/lib/platform \
    --shell /usr/sbin/nologin platform 2> >(grep -v 'is greater than SYS_UID_MAX' >&2)
  install -d -o 1000 -g 1000 "$r/var/lib/platform" "$r/var/lib/platform/secrets"
  install -d "$r/app/config"
  install -m 0644 "$IMAGES_DIR/master/master.example.yaml" "$r/app/config/master.example.yaml"
  install -m 0755 "$IMAGES_DIR/master/platform.py" "$r/usr/local/bin/platform"
  # postgres: entrypoint (also at / like the official image), init dir, socket dir, PGDATA
  install -m 0755 "$IMAGES_DIR/postgres/docker-entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
  ln -sfn usr/local/bin/docker-entrypoint.sh "$r/docker-entrypoint.sh"
  install -d "$r/docker-entrypoint-initdb.d"
  install -d -o 999 -g 999 -m 3777 "$r/run/postgresql"
  install -d -o 999 -g 999 -m 0755 "$r/var/lib/postgresql"
  install -d -o 999 -g 999 -m 1777 "$r/var/lib/postgresql/data"
  sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" \
    "$r/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample"
  grep -q "^listen_addresses = '\*'" "$r/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample" ||
    die "could not set listen_addresses in postgresql.conf.sample"
  # size: no LLVM JIT for postgres (libLLVM + libz3 + bitcode, ~185 MB; without llvmjit.so
  # postgres silently runs without JIT), nothing apt, no docs or logs; the engine provides
  # hosts/hostname/resolv.conf
  rm -rf "$r/usr/lib/postgresql/$PG_MAJOR/lib/llvmjit.so" "$r/usr/lib/postgresql/$PG_MAJOR/lib/llvmjit_types.bc" \
    "$r/usr/lib/postgresql/$PG_MAJOR/lib/bitcode" "$r"/usr/lib/x86_64-linux-gnu/libLLVM* \
    "$r"/usr/lib/x86_64-linux-gnu/libz3.so*
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/* "$r"/var/cache/debconf/*-old \
    "$r"/usr/share/doc/* "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/lintian \
    "$r"/usr/share/locale/* "$r"/tmp/* "$r"/var/tmp/* \
    "$r"/etc/hostname "$r"/etc/resolv.conf "$r"/etc/hosts
  find "$r/var/log" -type f -delete
}

build_rootfs() {
  local src mirror dir log=$CACHE/debootstrap.log
  src=/etc/apt/sources.list.d/debian.sources
  mirror=$(awk '/^URIs:/ && $2 ~ /debian\/?$/ {print $2; exit}' "$src" 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  dir=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  if ! debootstrap --variant=minbase --include="$(IFS=,; echo "${PKGS[*]}")" \
      "$SUITE" "$dir" "$mirror" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    unmount_under "$dir"
    rm -rf --one-file-system "$dir"
    die "debootstrap of $SUITE failed; log: $log"
  fi
  customize "$dir"
  tar --numeric-owner --xattrs --xattrs-include='security.capability' -C "$dir" \
    --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -c . |
    zstd -q -T0 -6 -o "$tarball.part"
  mv "$tarball.part" "$tarball"
  unmount_under "$dir"
  rm -rf --one-file-system "$dir"
}

# leftovers of an interrupted build (we hold the lock), older rootfs tarballs
for d in "$CACHE"/rootfs.*; do
  [ -d "$d" ] || continue
  unmount_under "$d"
  rm -rf --one-file-system "$d"
done
find "$CACHE" -maxdepth 1 \( -name 'rootfs-*.tar.zst*' ! -name "rootfs-$key.tar.zst" \) -delete

if ! mdocker image inspect "$base" >/dev/null 2>&1; then
  [ -s "$tarball" ] || build_rootfs
  mdocker import --message "debootstrap $SUITE minbase: ${PKGS[*]}" "$tarball" "$base" >/dev/null
fi

# derive IMAGE CHANGE...: a container of the base, committed with the image's config; the image
# it replaces goes unless a container still uses it
derive() {
  local image=$1 ctr old; shift
  local changes=() c
  for c in "$@" "LABEL $KEY_LABEL=$key"; do changes+=(--change "$c"); done
  old=$(mdocker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  ctr=$(mdocker create "$base" /bin/true)
  mdocker commit "${changes[@]}" "$ctr" "$image" >/dev/null
  mdocker rm "$ctr" >/dev/null
  [ -z "$old" ] || mdocker image rm "$old" >/dev/null 2>&1 || true
  echo "rig: built $image ($(( $(mdocker image inspect --format '{{.Size}}' "$image") / 1048576 )) MiB) in $((SECONDS - t0))s"
}

STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
current "$RIG_PG_IMAGE" || derive "$RIG_PG_IMAGE" \
  "ENV PATH=/usr/lib/postgresql/$PG_MAJOR/bin:$STD_PATH" \
  "ENV PG_MAJOR=$PG_MAJOR" \
  "ENV LANG=C.UTF-8" \
  "ENV PGDATA=/var/lib/postgresql/data" \
  'VOLUME /var/lib/postgresql/data' \
  'ENTRYPOINT ["docker-entrypoint.sh"]' \
  'CMD ["postgres"]' \
  'STOPSIGNAL SIGINT' \
  'EXPOSE 5432'
current "$RIG_MASTER_IMAGE" || derive "$RIG_MASTER_IMAGE" \
  "ENV PATH=$STD_PATH" \
  'ENV LANG=C.UTF-8' \
  'ENV PYTHONDONTWRITEBYTECODE=1' \
  'ENV PYTHONUNBUFFERED=1' \
  'ENV HOME=/var/lib/platform' \
  'ENV PLATFORM_DOCKER__NETWORK_NAME=platform_challenges' \
  'ENV PLATFORM_DOCKER__SECRET_DIR=/var/lib/platform/secrets' \
  'WORKDIR /app' \
  'USER 1000:1000' \
  'CMD ["platform","master","proxy","--config","config/master.example.yaml"]'

# base images of earlier keys (their layers go once no image uses them)
mdocker image ls --format '{{.Repository}}:{{.Tag}}' "$BASE_REPO" | { grep -vxF "$base" || true; } |
  xargs -r docker -H "$RIG_MANAGER_SOCK" image rm >/dev/null 2>&1 || true
