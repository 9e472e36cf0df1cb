#!/usr/bin/env bash
# Pack a built release binary the way the wrappers expect to download it.
#
#   scripts/archive-release.sh VERSION TARGET [OUT]
#
# Reads target/TARGET/release/s247[.exe] and writes, under OUT (default dist):
#   s247-vVERSION-TARGET.tar.gz  (.zip for Windows), holding s247-vVERSION-TARGET/s247[.exe]
#                                plus README and licence files, completions/ and man/
#                                (scripts/completions-and-man.sh; a cross-compiled binary that
#                                cannot run here takes them from S247_HOST_BIN or the host build);
#   bin/TARGET/s247[.exe]        the bare binary, for scripts/package-vsix.sh --binaries OUT/bin.
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
version=$1 target=$2 out=${3:-dist}
cd "$(dirname "$0")/.."

exe=s247
case $target in *windows*) exe=s247.exe ;; esac
bin="target/$target/release/$exe"
[ -f "$bin" ] || { echo "error: $bin is missing; build it first" >&2; exit 1; }

stem="s247-v$version-$target"
rm -rf "${out:?}/$stem"
mkdir -p "$out/$stem" "$out/bin/$target"
cp "$bin" "$out/$stem/"
cp "$bin" "$out/bin/$target/"
for extra in README.md LICENSE LICENSE-MIT LICENSE-APACHE; do
  if [ -f "$extra" ]; then cp "$extra" "$out/$stem/"; fi
done
host_bin=
if "$bin" --version >/dev/null 2>&1; then host_bin=$bin; else host_bin=${S247_HOST_BIN:-}; fi
scripts/completions-and-man.sh "$out/$stem" ${host_bin:+"$host_bin"} >/dev/null

case $target in
  *windows*)
    if command -v 7z >/dev/null; then
      (cd "$out" && 7z a -tzip "$stem.zip" "$stem" >/dev/null)
    else
      (cd "$out" && powershell -NoProfile -Command "Compress-Archive -Path '$stem' -DestinationPath '$stem.zip' -Force")
    fi
    archive="$stem.zip" ;;
  *)
    tar -C "$out" -czf "$out/$stem.tar.gz" "$stem"
    archive="$stem.tar.gz" ;;
esac
rm -rf "${out:?}/$stem"
echo "$out/$archive"
