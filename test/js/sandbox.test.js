'use strict';
// The GitHub Action end to end with the real binary against `s247 sandbox`: the main step opens a
// window, the post step ends exactly the windows recorded in state and leaves every other window
// alone. Runs only when S247_TEST_BINARY names a built s247 whose sandbox starts.

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawn } = require('node:child_process');

const h = require('./helpers.js');

const BINARY = process.env.S247_TEST_BINARY && path.resolve(process.env.S247_TEST_BINARY);

/** Start `s247 sandbox --port 0`; resolves to its base URL, or to an Error saying why not. */
function startSandbox(t, env) {
  return new Promise((resolve) => {
    const child = spawn(BINARY, ['sandbox', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill());
    let seen = '';
    const timer = setTimeout(() => resolve(new Error(`no URL after 20s; it printed:\n${seen}`)), 20_000);
    const look = (chunk) => {
      seen += chunk;
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stderr.on('data', look);
    child.stdout.on('data', look);
    child.on('error', (err) => resolve(err));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(new Error(`it exited with code ${code}:\n${seen}`));
    });
  });
}

/** Run the real s247; resolves to { code, stdout, stderr }. */
function s247(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(BINARY, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** GET an API path; the envelope's `data`. */
async function api(base, token, route) {
  const res = await fetch(`${base}/api${route}`, {
    headers: { authorization: `Zoho-oauthtoken ${token}`, accept: 'application/json; version=2.0' },
  });
  const body = await res.json();
  assert.equal(res.status, 200, `GET /api${route}: ${JSON.stringify(body)}`);
  return body.data;
}

/** Every maintenance window, by id. */
async function windows(base, token) {
  const list = await api(base, token, '/maintenance');
  return new Map((list ?? []).map((w) => [String(w.maintenance_id), w]));
}

const ends = (w) => `${w.end_date ?? ''} ${w.end_time ?? ''}`;

test(
  'the post step ends exactly the windows recorded in state (against the sandbox)',
  { skip: !BINARY && 'set S247_TEST_BINARY to a built s247 to run it', timeout: 180_000 },
  async (t) => {
    const dir = h.tempDir(t);
    // HOME / XDG_CACHE_HOME: the plain CLI's token cache stays in this test's directory.
    const plain = h.baseEnv({ HOME: dir, XDG_CACHE_HOME: path.join(dir, 'cache') });
    const base = await startSandbox(t, plain);
    if (base instanceof Error) return t.skip(`s247 sandbox did not start: ${base.message}`);

    const credentials = {
      S247_CLIENT_ID: '1000.SANDBOXCLIENTID',
      S247_CLIENT_SECRET: 'sandbox-client-secret',
      S247_REFRESH_TOKEN: '1000.sandbox-refresh-token',
      S247_ACCOUNTS_URL: base,
      S247_API_URL: `${base}/api`,
    };
    const cli = { ...plain, ...credentials };

    // A token for looking at the sandbox from here; plain mode prints it alone on stdout.
    const minted = await s247(['token', '--ci', 'plain'], cli);
    assert.equal(minted.code, 0, minted.stderr);
    const token = minted.stdout.trim();
    assert.ok(token, 'no token on stdout');

    // A monitor to put in maintenance.
    const monitors = await api(base, token, '/monitors');
    assert.ok(monitors?.length, 'the sandbox has no monitors');
    const monitor = String(monitors[0].monitor_id);

    // A window this job did not open (another pipeline's): the post step must leave it alone.
    const before = await windows(base, token);
    const other = await s247(['maintenance', 'start', '--ci', 'plain', '--duration', '45m', '--monitors', monitor, '--label', 'another-pipeline'], cli);
    assert.equal(other.code, 0, other.stderr);
    const withOther = await windows(base, token);
    const otherIds = [...withOther.keys()].filter((id) => !before.has(id));
    assert.equal(otherIds.length, 1, `expected one new window, got ${otherIds}`);

    // The Action's main step: maintenance-start, on a GitHub runner.
    const job = h.githubJob(dir);
    const step = {
      ...h.baseEnv({ HOME: dir }),
      ...job.env,
      ...credentials,
      S247_BINARY: BINARY,
      GITHUB_REPOSITORY: 'octo-org/shop',
      GITHUB_RUN_ID: '987654321',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'deploy',
      GITHUB_WORKFLOW: 'deploy',
      INPUT_ACTION: 'maintenance-start',
      INPUT_DURATION: '30m',
      INPUT_MONITORS: monitor,
      'INPUT_AUTO-CLOSE': 'true',
    };
    const main = await h.runNode(path.join(h.REPO, 'action', 'main.js'), step);
    assert.equal(main.code, 0, main.stdout + main.stderr);
    const opened = job.outputs()['maintenance-id'];
    assert.ok(opened, `no maintenance-id output; GITHUB_OUTPUT holds ${JSON.stringify(job.outputs())}`);
    const state = job.stateEnv();
    assert.equal(state.STATE_s247_opened_windows, opened, 'the state records the window the step opened');
    const during = await windows(base, token);
    assert.deepEqual([...during.keys()].filter((id) => !withOther.has(id)), [opened]);

    // The post step: same inputs, plus the state.
    const post = await h.runNode(path.join(h.REPO, 'action', 'post.js'), { ...step, ...state });
    assert.equal(post.code, 0, post.stdout + post.stderr);
    assert.doesNotMatch(post.stdout + post.stderr, /::warning::Could not end/, post.stdout + post.stderr);

    const after = await windows(base, token);
    // Ours ended: gone, or its end moved earlier.
    if (after.has(opened)) {
      assert.ok(ends(after.get(opened)) < ends(during.get(opened)), `window ${opened} did not end: ${ends(during.get(opened))} → ${ends(after.get(opened))}`);
    }
    // Every other window is exactly as it was.
    for (const [id, w] of during) {
      if (id !== opened) assert.deepEqual(after.get(id), w, `window ${id} was touched`);
    }

    // Running the post step again is harmless: ending an ended window succeeds.
    const again = await h.runNode(path.join(h.REPO, 'action', 'post.js'), { ...step, ...state });
    assert.equal(again.code, 0);
    assert.doesNotMatch(again.stdout + again.stderr, /::warning::Could not end/, again.stdout + again.stderr);
  },
);
