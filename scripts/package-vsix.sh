#!/usr/bin/env bash
# Build the Azure DevOps extension (VSIX) that ships the S247 pipeline task.
#
#   scripts/package-vsix.sh [--binaries DIR] [--version X.Y.Z] [--out DIR] [--stage-only]
#
#   --binaries DIR  built release binaries as DIR/<target>/s247[.exe] (what
#                   scripts/archive-release.sh leaves in dist/bin). Each one found is bundled in
#                   the task; for a target not found there the task downloads the release asset
#                   at run time and checks it against wrapper/checksums.json.
#   --version       extension and task version (default: Cargo.toml's)
#   --out DIR       where to stage and write the VSIX (default: dist/vsix)
#   --stage-only    stage OUT/stage and stop, without tfx
#
# The staged tree (OUT/stage) is:
#   vss-extension.json, overview.md (docs/ci.md, links made absolute)
#   S247/task.json                    (version stamped)
#   S247/task/{index,post}.js         the task's entry points, as in the repository
#   S247/wrapper/{lib.js,*.json}      the code the GitHub Action shares, copied in: a VSIX holds only
#                                     the task folder, and the task requires ../wrapper/lib.js
#   S247/bin/<target>/s247[.exe]      bundled binaries, if any
# tfx-cli builds the VSIX: $TFX if set, else `tfx` on PATH, else `npm exec` of a pinned tfx-cli.
set -euo pipefail

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }
die() {
  echo "error: $*" >&2
  exit 2
}

binaries="" version="" out="dist/vsix" stage_only=""
while [ $# -gt 0 ]; do
  case $1 in
    --binaries) binaries=${2:?}; shift 2 ;;
    --version) version=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --stage-only) stage_only=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "$version" ]; then
  version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n 1)
fi
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "the version must look like 1.2.3, got '$version'"
if [ -n "$binaries" ]; then
  [ -d "$binaries" ] || die "no such directory: $binaries"
  binaries=$(cd "$binaries" && pwd)
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

stage="$out/stage"
task="$stage/S247"
rm -rf "$stage"
mkdir -p "$task/task" "$task/wrapper"
cp "$repo/vss-extension.json" "$stage/"
# The Marketplace page has no repository around it: point relative links at GitHub.
sed 's#](\.\./#](https://github.com/s247-dev/s247/blob/main/#g' "$repo/docs/ci.md" >"$stage/overview.md"
cp "$repo/task.json" "$task/"
cp "$repo"/task/*.js "$task/task/"
cp "$repo"/wrapper/*.js "$repo"/wrapper/*.json "$task/wrapper/"

bundled=() missing=()
for target in x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-msvc; do
  exe=s247
  case $target in *windows*) exe=s247.exe ;; esac
  if [ -n "$binaries" ] && [ -f "$binaries/$target/$exe" ]; then
    mkdir -p "$task/bin/$target"
    cp "$binaries/$target/$exe" "$task/bin/$target/$exe"
    chmod 755 "$task/bin/$target/$exe" # artifact downloads lose the executable bit
    bundled+=("$target")
  else
    missing+=("$target")
  fi
done

# Stamp the version into the staged copies (the repository's files keep theirs).
node - "$stage" "$version" <<'JS'
const fs = require('node:fs');
const [stage, version] = process.argv.slice(2);
const [Major, Minor, Patch] = version.split('.').map(Number);
const edit = (file, change) => {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(json);
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
};
edit(`${stage}/S247/task.json`, (task) => { task.version = { Major, Minor, Patch }; });
edit(`${stage}/vss-extension.json`, (extension) => { extension.version = version; });
JS

echo "staged $stage (version $version)"
echo "  bundled binaries: ${bundled[*]:-none}"
echo "  downloaded at run time: ${missing[*]:-none}"
if [ -n "$stage_only" ]; then exit 0; fi

if [ -n "${TFX:-}" ]; then
  read -r -a tfx <<<"$TFX"
elif command -v tfx >/dev/null; then
  tfx=(tfx)
else
  tfx=(npm exec --yes --package=tfx-cli@0.23.1 -- tfx)
fi
vsix="$out/s247-$version.vsix"
rm -f "$vsix"
"${tfx[@]}" extension create --root "$stage" --manifest-globs vss-extension.json --output-path "$vsix" --no-prompt
[ -f "$vsix" ] || die "tfx did not write $vsix"
echo "$vsix"
