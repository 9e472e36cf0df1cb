#!/usr/bin/env python3
"""How much test setup is repeated under tests/ (issue 13 item 8).

Counts the runs of repeated lines that `duplicates --repo tests --most 200` reports (6 or more
shared lines, identical or same shape; a row counts 1 plus its "+N more runs") in which either
side sets up a run: a command's environment (`.env(`, `.env_clear(`, `.envs(`, `.timeout(`),
a sandbox, mock server or job directory (`Sandbox::start(`, `SandboxConfig {`, `Job::new()`,
`tempfile::tempdir(`, `Server::new`), credentials (`with_credentials(`, `with_sandbox(`), the
binary (`cargo_bin`) or an HTTP client (`Agent::new`, `config_builder()`). Rows whose lines are
only assertions or scenario data are not setup and are not counted.

Usage: scripts/count-test-setup.py [TESTS_DIR]   (needs the `duplicates` tool on PATH)
"""
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "tests")
SETUP = re.compile(
    r"\.env\(|\.env_clear\(|\.envs\(|\.timeout\(|Sandbox::start\(|SandboxConfig\s*\{"
    r"|Job::new\(\)|tempfile::tempdir\(|Server::new|with_credentials\(|with_sandbox\("
    r"|cargo_bin|Agent::new|config_builder\(\)"
)
out = subprocess.run(
    ["duplicates", "--repo", str(root), "--most", "200", "--seconds", "120"],
    capture_output=True, text=True, check=True,
).stdout


def lines(spec):
    name, span = spec.rsplit(":", 1)
    first, last = map(int, span.split("-"))
    return (root / name).read_text().splitlines()[first - 1:last]


total = setup = 0
rows = []
for row in out.splitlines():
    m = re.match(r"D\d+ (\S+) ~ (\S+)(.*)", row)
    if not m:
        continue
    more = re.search(r"\+(\d+) more run", m.group(3))
    n = 1 + (int(more.group(1)) if more else 0)
    total += n
    if any(SETUP.search(l) for side in (m.group(1), m.group(2)) for l in lines(side)):
        setup += n
        rows.append(row)
print(out.splitlines()[0])
print(f"repeated runs in all: {total}; runs that repeat setup: {setup} ({len(rows)} pairs)")
for row in rows:
    print("  ", row)
