#!/usr/bin/env bash
# Build the static Linux binary (musl) and check that it really is static.
#
#   scripts/build-musl.sh [TARGET]     TARGET: x86_64-unknown-linux-musl (default) or
#                                      aarch64-unknown-linux-musl (build it on an arm64 host)
#
# Installs what is missing: the Rust target (rustup) and musl-tools (apt-get; ring compiles C
# and needs a musl C compiler). .cargo/config.toml adds +crt-static for musl targets.
set -euo pipefail

target=${1:-x86_64-unknown-linux-musl}
case $target in *-linux-musl) ;; *) echo "error: not a musl target: $target" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx "$target"; then
  rustup target add "$target"
fi
if ! command -v musl-gcc >/dev/null; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends musl-tools
fi

cargo build --release --locked --target "$target"

bin="target/$target/release/s247"
description=$(file -b "$bin")
echo "$bin: $description"
# `file` says "statically linked" (or "static-pie linked"); ldd has nothing to load.
case $description in
  *static*) ;;
  *) echo "error: $bin is not statically linked" >&2; exit 1 ;;
esac
if ldd "$bin" >/dev/null 2>&1 && ! ldd "$bin" 2>&1 | grep -qE 'not a dynamic executable|statically linked'; then
  echo "error: ldd lists shared libraries for $bin:" >&2
  ldd "$bin" >&2
  exit 1
fi
size=$(wc -c <"$bin")
echo "static: yes; size: $size bytes ($(( (size + 524288) / 1048576 )) MiB)"
