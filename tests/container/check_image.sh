#!/usr/bin/env bash
# Builds the generated Dockerfile of the bookstore example for real, with buildah instead of a
# Docker engine, on a debian:bookworm-slim base made with debootstrap; then runs the image
# against a throwaway PostgreSQL and checks /health, a CRUD round trip, the non-root user and
# how much the runtime stage adds to its base.
#   check_image.sh PROJECT_ROOT
# Exits 77 (skipped) with the reason where buildah cannot run: it needs root for chroot
# isolation and the vfs storage driver.
set -euo pipefail
root=$(realpath "$1")
context=$root/examples/bookstore/generated
cache=$root/.cache/container
max_added_mb=30

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: building images with buildah --isolation=chroot needs root"
  exit 77
fi
for tool in buildah debootstrap curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed (scripts/bootstrap installs it)"
    exit 77
  fi
done

mkdir -p "$cache"
buildah_() { buildah --root "$cache/storage" --runroot "$cache/run" --storage-driver vfs "$@"; }
work=$(mktemp -d)
chmod 755 "$work"
containers=()
cleanup() {
  for container in "${containers[@]}"; do
    buildah_ rm "$container" >/dev/null 2>&1 || true
  done
  "$root/scripts/pg-server" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The base image: Debian's minimal bootstrap, trimmed the way the official slim image is.
base=docker.io/library/debian:bookworm-slim
if ! buildah_ inspect --type image "$base" >/dev/null 2>&1; then
  rootfs=$cache/bookworm-rootfs
  if [ ! -f "$rootfs.complete" ]; then
    rm -rf "$rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 ||
      { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
    cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
    echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
    cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
DPKG
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
      "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
      "$rootfs"/usr/share/locale/*
    find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    touch "$rootfs.complete"
  fi
  container=$(buildah_ from scratch)
  containers+=("$container")
  cp -a "$rootfs/." "$(buildah_ mount "$container")/"
  buildah_ umount "$container" >/dev/null
  buildah_ commit -q "$container" "$base" >/dev/null
fi

echo "building $context"
image=localhost/svcgen-bookstore:test
buildah_ bud --isolation=chroot --pull=never --network=host --layers -q -t "$image" "$context" \
  >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; exit 1; }

# buildah run does not apply ENTRYPOINT and CMD: read them, and the USER, from the image.
buildah_ inspect --type image "$image" >"$work/image.json"
read_config() { python3 -c "import json; c=json.load(open('$work/image.json'))['OCIv1']['config']; $1"; }
user=$(read_config 'print(c["User"])')
mapfile -t command < <(read_config 'print("\n".join(c["Entrypoint"] + c["Cmd"]))')
echo "image user $user, command ${command[*]}"
uid=${user%%:*}
[[ "$uid" =~ ^[0-9]+$ && "$uid" -ne 0 ]] || { echo "the image runs as '$user', not a numeric non-root user" >&2; exit 1; }

database=$("$root/scripts/pg-server" start "$work/pg")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
container=$(buildah_ from --pull=never "$image")
containers+=("$container")
buildah_ run --isolation=chroot --network=host --user "$user" \
  --env DB_WRITE_URL="$database" --env AUTO_MIGRATE=true --env HOST=127.0.0.1 --env PORT="$port" \
  "$container" -- "${command[@]}" >"$work/service.log" 2>&1 &
runner=$!

url=http://127.0.0.1:$port
for _ in $(seq 1 200); do
  curl -fs "$url/health" >/dev/null 2>&1 && break
  kill -0 "$runner" 2>/dev/null || { cat "$work/service.log" >&2; echo "the container exited" >&2; exit 1; }
  sleep 0.1
done
curl -fsS "$url/health"
echo

pid=$(pgrep -f -n "^${command[0]} ${command[1]}") || { echo "service process not found" >&2; exit 1; }
process_uid=$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")
echo "service process $pid runs as uid $process_uid"
[ "$process_uid" = "$uid" ] || { echo "expected uid $uid" >&2; exit 1; }

expect_status() {
  local expected=$1 method=$2 path=$3 body=${4:-}
  local status
  status=$(curl -s -o "$work/body" -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' \
    ${body:+--data "$body"} "$url$path")
  echo "$method $path -> $status $(head -c 200 "$work/body")"
  [ "$status" = "$expected" ] || { echo "expected $expected" >&2; exit 1; }
}
expect_status 201 POST /api/authors '{"name": "Ursula K. Le Guin"}'
author=$(python3 -c "import json; print(json.load(open('$work/body'))['id'])")
expect_status 201 POST /api/books "{\"title\": \"The Dispossessed\", \"price\": \"9.99\", \"author_id\": $author}"
book=$(python3 -c "import json; print(json.load(open('$work/body'))['id'])")
expect_status 200 GET "/api/books/$book"
expect_status 200 PATCH "/api/books/$book" '{"status": "published"}'
expect_status 200 GET "/api/books?status=published"
expect_status 204 DELETE "/api/books/$book"
expect_status 404 GET "/api/books/$book"

kill -TERM "$pid"
wait "$runner" || { cat "$work/service.log" >&2; echo "the service did not stop cleanly" >&2; exit 1; }

# What the runtime stage adds on top of its base: the binary, libpq5, libre2-9 and CA certificates.
base_container=$(buildah_ from --pull=never "$base")
containers+=("$base_container")
base_bytes=$(du -sb "$(buildah_ mount "$base_container")" | cut -f1)
image_bytes=$(du -sb "$(buildah_ mount "$container")" | cut -f1)
added_mb=$(((image_bytes - base_bytes) / 1000000))
echo "the runtime stage adds $added_mb MB to debian:bookworm-slim (limit $max_added_mb MB)"
[ "$added_mb" -lt "$max_added_mb" ]
