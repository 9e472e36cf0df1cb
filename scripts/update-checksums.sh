#!/usr/bin/env bash
# Record a release's SHA-256 sums in wrapper/checksums.json, the file the GitHub Action and the
# Azure DevOps task check downloaded binaries against (they refuse anything else).
#
#   scripts/update-checksums.sh VERSION SHA256SUMS [OWNER/REPO]
#
# SHA256SUMS is `sha256sum` output over the release archives
# (s247-v<VERSION>-<target>.tar.gz, .zip on Windows). Every target the wrappers know must be in
# it. OWNER/REPO (default: $GITHUB_REPOSITORY, else the repository already in the file) names the
# GitHub release the wrappers download from. The release workflow runs this; run it by hand only
# to check a release.
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
version=$1 sums=$2 repo=${3:-${GITHUB_REPOSITORY:-}}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || { echo "error: bad version '$version'" >&2; exit 2; }
[ -f "$sums" ] || { echo "error: no such file: $sums" >&2; exit 2; }
cd "$(dirname "$0")/.."

node - "$version" "$sums" "$repo" <<'JS'
const fs = require('node:fs');
const [version, sumsFile, repoArg] = process.argv.slice(2);
const file = 'wrapper/checksums.json';
const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
const repo = repoArg || manifest.url.match(/^https:\/\/github\.com\/([^/]+\/[^/]+)\//)[1];
const sums = new Map();
for (const line of fs.readFileSync(sumsFile, 'utf8').split('\n')) {
  const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
  if (m) sums.set(m[2].replace(/^.*\//, ''), m[1]);
}
const assets = {};
const missing = [];
for (const target of Object.keys(manifest.assets)) {
  const ext = target.includes('windows') ? 'zip' : 'tar.gz';
  const name = `s247-v${version}-${target}.${ext}`;
  if (!sums.has(name)) missing.push(name);
  assets[target] = { file: name, sha256: sums.get(name) };
}
if (missing.length) {
  console.error(`error: ${sumsFile} has no sum for: ${missing.join(', ')}`);
  process.exit(1);
}
const out = { version, url: `https://github.com/${repo}/releases/download/v${version}`, assets };
// One asset per line, as the file is written by hand before the first release.
const body = Object.entries(assets)
  .map(([target, a]) => `    ${JSON.stringify(target)}: { "file": ${JSON.stringify(a.file)}, "sha256": ${JSON.stringify(a.sha256)} }`)
  .join(',\n');
fs.writeFileSync(file, `{\n  "version": ${JSON.stringify(out.version)},\n  "url": ${JSON.stringify(out.url)},\n  "assets": {\n${body}\n  }\n}\n`);
console.log(`${file}: s247 ${version} from ${out.url}`);
for (const [target, a] of Object.entries(assets)) console.log(`  ${target}  ${a.sha256}`);
JS
