'use strict';
// The GitHub Action's wrapper (action/main.js, action/post.js), run the way the runner runs it:
// inputs as INPUT_* variables, GITHUB_OUTPUT / GITHUB_STATE files, STATE_* for the post step.
// s247 itself is a fake (test/js/helpers.js) unless a test says otherwise.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const h = require('./helpers.js');

const MAIN = path.join(h.REPO, 'action', 'main.js');
const POST = path.join(h.REPO, 'action', 'post.js');
const ACTIONS = require('../../wrapper/actions.json');

/** A job with a fake s247 given through S247_BINARY. */
function setup(t) {
  const dir = h.tempDir(t);
  const job = h.githubJob(dir);
  const log = path.join(dir, 'calls.jsonl');
  const env = h.baseEnv({ ...job.env, S247_BINARY: h.fakeBinary(path.join(dir, 'bin')), FAKE_S247_LOG: log });
  return { dir, job, log, env };
}

test('main runs the command the action input names, with the inputs in its environment', async (t) => {
  const { job, log, env } = setup(t);
  const r = await h.runNode(MAIN, {
    ...env,
    INPUT_ACTION: 'maintenance-start',
    'INPUT_CLIENT-ID': '1000.FAKECLIENTID',
    'INPUT_REFRESH-TOKEN': 'fake-refresh-token',
    INPUT_DURATION: '30m',
  });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const [call] = h.calls(log);
  assert.deepEqual(call.args, ['maintenance', 'start']);
  assert.equal(call.env['INPUT_CLIENT-ID'], '1000.FAKECLIENTID');
  assert.equal(call.env.INPUT_DURATION, '30m');
  assert.equal(call.env.GITHUB_OUTPUT, job.env.GITHUB_OUTPUT);
  assert.equal(job.outputs()['maintenance-id'], '4242');
  assert.deepEqual(job.stateEnv(), { STATE_s247_opened_windows: '4242' });
});

test('every action maps to its s247 command', async (t) => {
  const { log, env } = setup(t);
  for (const [action, args] of Object.entries(ACTIONS)) {
    const r = await h.runNode(MAIN, { ...env, INPUT_ACTION: ` ${action.toUpperCase()} ` });
    assert.equal(r.code, 0, `${action}: ${r.stdout}${r.stderr}`);
    assert.deepEqual(h.calls(log).at(-1).args, args, action);
  }
  assert.deepEqual(ACTIONS['maintenance-extend'], ['maintenance', 'extend']);
  assert.deepEqual(ACTIONS['monitors-activate'], ['monitors', 'activate']);
});

test('main exits with the binary exit code', async (t) => {
  const { env } = setup(t);
  for (const code of [0, 1, 2, 3, 4]) {
    const r = await h.runNode(MAIN, { ...env, INPUT_ACTION: 'monitors-plan', FAKE_S247_EXIT: String(code) });
    assert.equal(r.code, code);
  }
});

test('an unknown or missing action fails clearly, without running s247', async (t) => {
  const { log, env } = setup(t);
  let r = await h.runNode(MAIN, { ...env, INPUT_ACTION: 'maintenance-stop' });
  assert.equal(r.code, 2);
  assert.match(r.stdout, /^::error::unknown action `maintenance-stop`; use one of: token, check, maintenance-start/m);
  r = await h.runNode(MAIN, { ...env });
  assert.equal(r.code, 2);
  assert.match(r.stdout, /::error::the `action` input is required/);
  assert.deepEqual(h.calls(log), []);
});

test('S247_BINARY that is not there fails the step', async (t) => {
  const { env } = setup(t);
  const r = await h.runNode(MAIN, { ...env, INPUT_ACTION: 'check', S247_BINARY: '/nonexistent/s247' });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /::error::S247_BINARY=\/nonexistent\/s247 is not an executable file/);
});

// Downloads: the release asset for this runner, checked against wrapper/checksums.json.
const download = { skip: !h.TARGET && `no release target for ${process.platform}/${process.arch}` };

test('download: fetches the release asset, verifies its SHA-256, caches it', download, async (t) => {
  const { dir, log, env } = setup(t);
  const asset = h.releaseArchive(dir, '9.8.7', h.TARGET, env.S247_BINARY);
  const server = await h.releaseServer(t, { [asset.name]: asset.bytes });
  const root = h.wrapperCopy(dir, '9.8.7', asset);
  const cache = path.join(dir, 'toolcache');
  const jobEnv = { ...env, S247_BINARY: '', S247_RELEASE_BASE_URL: server.base, RUNNER_TOOL_CACHE: cache, INPUT_ACTION: 'check' };

  let r = await h.runNode(path.join(root, 'action', 'main.js'), jobEnv);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Downloading s247 9\.8\.7 for .* from http:\/\/127\.0\.0\.1:\d+\/download\//);
  assert.match(r.stdout, new RegExp(`Verified SHA-256 ${asset.sha256}`));
  assert.deepEqual(server.requests, [`/download/${asset.name}`, `/cdn/${asset.name}`]); // followed the redirect
  const cached = path.join(cache, 's247', '9.8.7', h.TARGET, 's247');
  assert.ok(fs.statSync(cached).mode & 0o100, 'the cached binary is executable');
  assert.deepEqual(h.calls(log).map((c) => c.args), [['check']]);

  // A later step finds it in the cache: no request.
  r = await h.runNode(path.join(root, 'action', 'main.js'), { ...jobEnv, INPUT_ACTION: 'token' });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Using s247 9\.8\.7 from the tool cache/);
  assert.equal(server.requests.length, 2);
  assert.deepEqual(h.calls(log).map((c) => c.args), [['check'], ['token']]);
});

test('download: an archive whose SHA-256 differs is refused and not cached', download, async (t) => {
  const { dir, log, env } = setup(t);
  const good = h.releaseArchive(dir, '9.8.7', h.TARGET, env.S247_BINARY);
  const evil = path.join(dir, 'evil');
  fs.writeFileSync(evil, `#!/bin/sh\necho pwned > "${path.join(dir, 'pwned')}"\n`, { mode: 0o755 });
  const tampered = h.releaseArchive(dir, '9.8.7', h.TARGET, evil);
  const server = await h.releaseServer(t, { [good.name]: tampered.bytes });
  const root = h.wrapperCopy(dir, '9.8.7', good);
  const cache = path.join(dir, 'toolcache');

  const r = await h.runNode(path.join(root, 'action', 'main.js'), {
    ...env, S247_BINARY: '', S247_RELEASE_BASE_URL: server.base, RUNNER_TOOL_CACHE: cache, INPUT_ACTION: 'check',
  });
  assert.equal(r.code, 1);
  assert.match(r.stdout, new RegExp(`::error::checksum mismatch for ${good.name}: expected ${good.sha256}, got ${tampered.sha256}; refusing to run it`));
  assert.ok(!fs.existsSync(path.join(dir, 'pwned')), 'the tampered binary ran');
  assert.ok(!fs.existsSync(path.join(cache, 's247', '9.8.7', h.TARGET)), 'the tampered binary was cached');
  assert.deepEqual(fs.readdirSync(path.join(cache, 's247', '9.8.7')), [], 'work files were left behind');
  assert.deepEqual(h.calls(log), []);
});

test('download: a cache entry made from another archive is not trusted', download, async (t) => {
  const { dir, log, env } = setup(t);
  const asset = h.releaseArchive(dir, '9.8.7', h.TARGET, env.S247_BINARY);
  const server = await h.releaseServer(t, { [asset.name]: asset.bytes });
  const root = h.wrapperCopy(dir, '9.8.7', asset);
  const cache = path.join(dir, 'toolcache');
  const stale = path.join(cache, 's247', '9.8.7', h.TARGET);
  fs.mkdirSync(stale, { recursive: true });
  fs.writeFileSync(path.join(stale, 's247'), '#!/bin/sh\nexit 99\n', { mode: 0o755 });
  fs.writeFileSync(path.join(stale, '.sha256'), `${'0'.repeat(64)}\n`);

  const r = await h.runNode(path.join(root, 'action', 'main.js'), {
    ...env, S247_BINARY: '', S247_RELEASE_BASE_URL: server.base, RUNNER_TOOL_CACHE: cache, INPUT_ACTION: 'check',
  });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(server.requests.length, 2);
  assert.equal(h.calls(log).length, 1);
});

test('download: goes through HTTP(S)_PROXY with its credentials, unless NO_PROXY matches', download, async (t) => {
  const { dir, log, env } = setup(t);
  const asset = h.releaseArchive(dir, '9.8.7', h.TARGET, env.S247_BINARY);
  const server = await h.releaseServer(t, { [asset.name]: asset.bytes });
  const proxy = await h.connectProxy(t);
  const root = h.wrapperCopy(dir, '9.8.7', asset);
  const proxied = proxy.url.replace('http://', 'http://builder:fake%20pass@');
  const jobEnv = { ...env, S247_BINARY: '', S247_RELEASE_BASE_URL: server.base, INPUT_ACTION: 'check', HTTP_PROXY: proxied };

  let r = await h.runNode(path.join(root, 'action', 'main.js'), { ...jobEnv, RUNNER_TOOL_CACHE: path.join(dir, 'c1') });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const port = new URL(server.base).port;
  assert.deepEqual(proxy.connects.map((c) => c.target), [`127.0.0.1:${port}`, `127.0.0.1:${port}`]);
  assert.equal(proxy.connects[0].auth, `Basic ${Buffer.from('builder:fake pass').toString('base64')}`);

  r = await h.runNode(path.join(root, 'action', 'main.js'), { ...jobEnv, RUNNER_TOOL_CACHE: path.join(dir, 'c2'), NO_PROXY: 'localhost,127.0.0.1' });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(proxy.connects.length, 2, 'NO_PROXY was not honoured');
  assert.equal(h.calls(log).length, 2);
});

test('download: without a released checksum for this target, nothing is downloaded', download, async (t) => {
  const { dir, env } = setup(t);
  const server = await h.releaseServer(t, {});
  const root = h.wrapperCopy(dir); // the repository's checksums.json: placeholders until a release
  const r = await h.runNode(path.join(root, 'action', 'main.js'), {
    ...env, S247_BINARY: '', S247_RELEASE_BASE_URL: server.base, RUNNER_TOOL_CACHE: path.join(dir, 'c'), INPUT_ACTION: 'check',
  });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /::error::this copy of the wrapper carries no SHA-256 for s247 .* set S247_BINARY/);
  assert.deepEqual(server.requests, []);
});

// The post step.

test('post ends exactly the windows the main step recorded in state, with credentials only', async (t) => {
  const { job, log, env } = setup(t);
  const inputs = {
    INPUT_ACTION: 'maintenance-start',
    'INPUT_CLIENT-ID': '1000.FAKECLIENTID',
    'INPUT_CLIENT-SECRET': 'fake-client-secret',
    'INPUT_REFRESH-TOKEN': 'fake-refresh-token',
    'INPUT_DATA-CENTER': 'eu',
    INPUT_DURATION: '30m',
    INPUT_LABEL: 'my-label',
    INPUT_MONITORS: 'Homepage, API',
    INPUT_DELETE: 'true',
    'INPUT_AUTO-CLOSE': 'true',
  };
  let r = await h.runNode(MAIN, { ...env, ...inputs, FAKE_S247_WINDOW: '101' });
  assert.equal(r.code, 0, r.stdout + r.stderr);

  // The runner gives the post step the same inputs, plus STATE_* from the main step.
  r = await h.runNode(POST, { ...env, ...inputs, ...job.stateEnv(), S247_LABEL: 'job-wide-label' });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Ending maintenance window\(s\) 101, opened by this step/);
  const end = h.calls(log)[1];
  assert.deepEqual(end.args, ['maintenance', 'end', '--id=101']);
  for (const kept of ['INPUT_CLIENT-ID', 'INPUT_CLIENT-SECRET', 'INPUT_REFRESH-TOKEN', 'INPUT_DATA-CENTER', 'GITHUB_ACTIONS', 'RUNNER_TEMP']) {
    assert.ok(end.env[kept], `${kept} should reach the clean-up`);
  }
  for (const dropped of ['INPUT_DURATION', 'INPUT_LABEL', 'INPUT_MONITORS', 'INPUT_DELETE', 'S247_LABEL']) {
    assert.equal(end.env[dropped], undefined, `${dropped} must not reach the clean-up`);
  }
});

test('post does nothing when no window was recorded, or when auto-close is false', async (t) => {
  const { log, env } = setup(t);
  let r = await h.runNode(POST, { ...env, INPUT_ACTION: 'monitors-apply' });
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  r = await h.runNode(POST, { ...env, INPUT_ACTION: 'maintenance-start', STATE_s247_opened_windows: '7,8', 'INPUT_AUTO-CLOSE': 'False' });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /auto-close is false: leaving maintenance window\(s\) 7,8 to expire/);
  assert.deepEqual(h.calls(log), []);
});

test('post warns but does not fail the job when the windows cannot be ended', async (t) => {
  const { log, env } = setup(t);
  const r = await h.runNode(POST, { ...env, INPUT_ACTION: 'maintenance-start', STATE_s247_opened_windows: '7,8', FAKE_S247_EXIT: '3' });
  assert.equal(r.code, 0);
  assert.deepEqual(h.calls(log)[0].args, ['maintenance', 'end', '--id=7,8']);
  assert.match(r.stdout, /^::warning::Could not end maintenance window\(s\) 7,8: s247 exited with code 3\. They end by themselves/m);
  assert.doesNotMatch(r.stdout + r.stderr, /::error/);
  assert.match(r.stderr, /^::warning::fake failure$/m, "s247's error annotation is demoted to a warning");

  const missing = await h.runNode(POST, { ...env, STATE_s247_opened_windows: '9', S247_BINARY: '/nonexistent/s247' });
  assert.equal(missing.code, 0);
  assert.match(missing.stdout, /::warning::Could not end maintenance window\(s\) 9: S247_BINARY=/);
});

test('post: hostile state is never printed, and only digit ids are ended', async (t) => {
  const { log, env } = setup(t);
  const hostile = '7\n::warning::EVIL,8,::set-env name=X::EVIL';
  const r = await h.runNode(POST, { ...env, INPUT_ACTION: 'maintenance-start', STATE_s247_opened_windows: hostile });
  assert.equal(r.code, 0);
  assert.deepEqual(h.calls(log).map((c) => c.args), [['maintenance', 'end', '--id=8']]);
  assert.doesNotMatch(r.stdout + r.stderr, /EVIL|set-env/);
  assert.match(r.stdout, /::warning::Ignored 2 clean-up entries that are not maintenance window ids/);
});
