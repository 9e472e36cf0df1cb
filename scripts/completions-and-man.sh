#!/usr/bin/env bash
# Write the shell completions and man pages that ship in a release archive.
#
#   scripts/completions-and-man.sh OUT [BIN]
#
# BIN is an s247 binary that runs on this machine (default: target/release/s247, built first if
# missing). The text does not depend on the target, so a cross-compiled archive takes it from the
# host's build. Writes:
#   OUT/completions/s247.bash  _s247 (zsh)  s247.fish  _s247.ps1 (PowerShell)  s247.elv (elvish)
#   OUT/man/man1/s247.1, s247-maintenance-start.1, … (one page per command)
set -euo pipefail

if [ $# -lt 1 ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
out=$1 bin=${2:-}
root="$(cd "$(dirname "$0")/.." && pwd)"

if [ -z "$bin" ]; then
  bin="$root/target/release/s247"
  [ -x "$bin" ] || (cd "$root" && cargo build --quiet --release --locked)
fi
"$bin" --version >/dev/null || { echo "error: $bin does not run on this machine" >&2; exit 1; }

mkdir -p "$out/completions" "$out/man/man1"
"$bin" completions bash >"$out/completions/s247.bash"
"$bin" completions zsh >"$out/completions/_s247"
"$bin" completions fish >"$out/completions/s247.fish"
"$bin" completions powershell >"$out/completions/_s247.ps1"
"$bin" completions elvish >"$out/completions/s247.elv"
"$bin" man --out-dir "$out/man/man1" >/dev/null
echo "$out/completions"
echo "$out/man"
