'use strict';
// scripts/package-vsix.sh: the staged VSIX tree, the staged task running its bundled binary,
// and (when tfx-cli is available) the VSIX itself.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const h = require('./helpers.js');

const SCRIPT = path.join(h.REPO, 'scripts', 'package-vsix.sh');

function bash(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** Every file under `dir`, relative, sorted. */
function tree(dir, prefix = '') {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tree(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

/** Release binaries for this machine's target (the fake s247) and for Windows. */
function binaries(dir) {
  const bins = path.join(dir, 'bins');
  if (h.TARGET) h.fakeBinary(path.join(bins, h.TARGET));
  h.fakeBinary(path.join(bins, 'x86_64-pc-windows-msvc'), 's247.exe');
  return bins;
}

test('package-vsix.sh stages the task folder, the shared wrapper and the binaries it is given', async (t) => {
  const dir = h.tempDir(t);
  const out = path.join(dir, 'out');
  const r = await bash(['--stage-only', '--binaries', binaries(dir), '--version', '1.2.3', '--out', out], h.baseEnv());
  assert.equal(r.code, 0, r.out);
  const stage = path.join(out, 'stage');

  const shipped = (sub) => fs.readdirSync(path.join(h.REPO, sub)).filter((f) => /\.(js|json)$/.test(f)).map((f) => `S247/${sub}/${f}`);
  const bundled = [h.TARGET && `S247/bin/${h.TARGET}/s247`, 'S247/bin/x86_64-pc-windows-msvc/s247.exe'].filter(Boolean);
  assert.deepEqual(
    tree(stage),
    [...bundled, 'S247/task.json', ...shipped('task'), ...shipped('wrapper'), 'overview.md', 'vss-extension.json'].sort(),
  );
  for (const needed of ['S247/task/index.js', 'S247/task/post.js', 'S247/wrapper/lib.js', 'S247/wrapper/actions.json', 'S247/wrapper/checksums.json']) {
    assert.ok(fs.existsSync(path.join(stage, needed)), needed);
  }
  if (h.TARGET) assert.ok(fs.statSync(path.join(stage, 'S247', 'bin', h.TARGET, 's247')).mode & 0o100);
  assert.match(r.out, /downloaded at run time: .*aarch64-apple-darwin/);

  // Versions are stamped in the staged copies only.
  const task = JSON.parse(fs.readFileSync(path.join(stage, 'S247', 'task.json'), 'utf8'));
  const extension = JSON.parse(fs.readFileSync(path.join(stage, 'vss-extension.json'), 'utf8'));
  assert.deepEqual(task.version, { Major: 1, Minor: 2, Patch: 3 });
  assert.equal(extension.version, '1.2.3');
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(h.REPO, 'task.json'), 'utf8')).version, { Major: 0, Minor: 1, Patch: 0 });
  // The contribution names the task folder; the handlers' targets are in it.
  assert.equal(extension.contributions[0].properties.name, 'S247');
  assert.equal(task.name, 'S247');
  for (const section of ['execution', 'postjobexecution']) {
    for (const handler of Object.values(task[section])) {
      assert.ok(fs.existsSync(path.join(stage, 'S247', handler.target.replace('$(currentDirectory)/', ''))), handler.target);
    }
  }
});

test('the staged task runs its bundled binary, even unpacked without the executable bit', { skip: !h.TARGET }, async (t) => {
  const dir = h.tempDir(t);
  const out = path.join(dir, 'out');
  const r = await bash(['--stage-only', '--binaries', binaries(dir), '--out', out], h.baseEnv());
  assert.equal(r.code, 0, r.out);
  const taskDir = path.join(out, 'stage', 'S247');
  const bundled = path.join(taskDir, 'bin', h.TARGET, 's247');
  fs.chmodSync(bundled, 0o644); // the agent unpacks the VSIX (a zip) without unix modes

  const log = path.join(dir, 'calls.jsonl');
  const env = h.baseEnv({
    TF_BUILD: 'True',
    FAKE_S247_LOG: log,
    AGENT_TEMPDIRECTORY: dir,
    S247_RELEASE_BASE_URL: 'http://127.0.0.1:9/unreachable', // any download would fail
  });
  let run = await h.runNode(path.join(taskDir, 'task', 'index.js'), { ...env, INPUT_ACTION: 'check' });
  assert.equal(run.code, 0);
  assert.doesNotMatch(run.stdout, /task\.complete|Downloading/, run.stdout);
  run = await h.runNode(path.join(taskDir, 'task', 'post.js'), { ...env, INPUT_ACTION: 'maintenance-start', S247_OPENED_WINDOWS: '5' });
  assert.equal(run.code, 0);
  assert.deepEqual(h.calls(log).map((c) => c.args), [['check'], ['maintenance', 'end', '--id=5']]);
});

function tfxAvailable() {
  if (process.env.TFX) return true;
  return spawnSync('tfx', ['version'], { stdio: 'ignore' }).status === 0;
}

test('package-vsix.sh builds the VSIX with tfx-cli', { skip: !tfxAvailable() && 'set TFX (or put tfx on PATH) to build the VSIX', timeout: 300_000 }, async (t) => {
  const dir = h.tempDir(t);
  const out = path.join(dir, 'out');
  const env = h.baseEnv(process.env.TFX ? { TFX: process.env.TFX } : {});
  const r = await bash(['--binaries', binaries(dir), '--version', '1.2.3', '--out', out], env);
  assert.equal(r.code, 0, r.out);
  const vsix = path.join(out, 's247-1.2.3.vsix');
  const bytes = fs.readFileSync(vsix);
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a VSIX is a zip');
  // The zip's central directory names every file; check the ones the task needs.
  const names = bytes.toString('latin1');
  for (const file of ['extension.vsixmanifest', 'S247/task.json', 'S247/task/index.js', 'S247/task/post.js', 'S247/wrapper/lib.js', 'S247/wrapper/checksums.json']) {
    assert.ok(names.includes(file), `${file} is not in the VSIX`);
  }
});
