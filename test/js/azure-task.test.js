'use strict';
// The Azure DevOps task's wrapper (task/index.js, task/post.js), run the way the agent's Node
// handler runs it: TF_BUILD=True, camelCase inputs as INPUT_<UPPERCASE>, the agent's proxy
// variables, and the exit contract (node exits 0; failure is `##vso[task.complete result=Failed;]`).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const h = require('./helpers.js');

const INDEX = path.join(h.REPO, 'task', 'index.js');
const POST = path.join(h.REPO, 'task', 'post.js');

function setup(t) {
  const dir = h.tempDir(t);
  const log = path.join(dir, 'calls.jsonl');
  const env = h.baseEnv({
    TF_BUILD: 'True',
    AGENT_TEMPDIRECTORY: path.join(dir, 'agent_temp'),
    S247_BINARY: h.fakeBinary(path.join(dir, 'bin')),
    FAKE_S247_LOG: log,
  });
  return { dir, log, env };
}

test('the task passes its inputs through and succeeds quietly', async (t) => {
  const { log, env } = setup(t);
  const r = await h.runNode(INDEX, {
    ...env,
    INPUT_ACTION: 'maintenance-start',
    INPUT_CLIENTID: '1000.FAKECLIENTID',
    INPUT_REFRESHTOKEN: 'fake-refresh-token',
    INPUT_DATACENTER: 'eu',
    INPUT_DURATION: '30m',
    INPUT_KEEPMONITORING: 'true',
  });
  assert.equal(r.code, 0);
  assert.doesNotMatch(r.stdout, /task\.complete/);
  const [call] = h.calls(log);
  assert.deepEqual(call.args, ['maintenance', 'start']);
  assert.equal(call.env.INPUT_CLIENTID, '1000.FAKECLIENTID');
  assert.equal(call.env.INPUT_REFRESHTOKEN, 'fake-refresh-token');
  assert.equal(call.env.INPUT_DATACENTER, 'eu');
  assert.match(r.stderr, /##vso\[task\.setvariable variable=S247_OPENED_WINDOWS;\]4242/);
});

test('a failing s247 fails the task with task.complete, and node still exits 0', async (t) => {
  const { env } = setup(t);
  for (const [code, meaning] of [[1, 'runtime or API failure'], [2, 'invalid input'], [3, 'authentication failure'], [4, 'the plan has changes']]) {
    const r = await h.runNode(INDEX, { ...env, INPUT_ACTION: 'monitors-plan', FAKE_S247_EXIT: String(code) });
    assert.equal(r.code, 0, 'the Node handler reads a non-zero exit as an infrastructure failure');
    assert.ok(
      r.stdout.includes(`##vso[task.complete result=Failed;]s247 monitors plan exited with code ${code} (${meaning})`),
      r.stdout,
    );
  }
});

test('an unknown action fails the task without running s247', async (t) => {
  const { log, env } = setup(t);
  const r = await h.runNode(INDEX, { ...env, INPUT_ACTION: 'deploy' });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /##vso\[task\.logissue type=error;\]unknown action 'deploy'; use one of: token, check/);
  assert.match(r.stdout, /##vso\[task\.complete result=Failed;\]unknown action 'deploy'/);
  assert.deepEqual(h.calls(log), []);
});

test('a wrapper error (no binary) fails the task, exit 0', async (t) => {
  const { env } = setup(t);
  const r = await h.runNode(INDEX, { ...env, INPUT_ACTION: 'check', S247_BINARY: '/nonexistent/s247' });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /##vso\[task\.complete result=Failed;\]S247_BINARY=\/nonexistent\/s247 is not an executable file/);
});

test("the agent's proxy settings reach s247 as HTTPS_PROXY, HTTP_PROXY and NO_PROXY", async (t) => {
  const { log, env } = setup(t);
  const agent = {
    AGENT_PROXYURL: 'http://proxy.example.invalid:8080',
    AGENT_PROXYUSERNAME: 'build agent',
    // A secret agent variable reaches Node handlers as SECRET_<NAME>.
    SECRET_AGENT_PROXYPASSWORD: 'fake;p@ss',
    AGENT_PROXYBYPASSLIST: JSON.stringify(['github\\.com', '^.*\\.corp\\.example$', '10\\.0\\.[0-9]+\\.[0-9]+']),
    NO_PROXY: 'localhost',
  };
  let r = await h.runNode(INDEX, { ...env, ...agent, INPUT_ACTION: 'check' });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  let call = h.calls(log).at(-1);
  const expected = 'http://build%20agent:fake%3Bp%40ss@proxy.example.invalid:8080';
  assert.equal(call.env.HTTPS_PROXY, expected);
  assert.equal(call.env.HTTP_PROXY, expected);
  assert.equal(call.env.NO_PROXY, 'localhost,github.com,.corp.example');

  // A proxy the pipeline sets itself wins over the agent's.
  r = await h.runNode(INDEX, { ...env, ...agent, INPUT_ACTION: 'check', HTTPS_PROXY: 'http://mine.invalid:3128' });
  call = h.calls(log).at(-1);
  assert.equal(call.env.HTTPS_PROXY, 'http://mine.invalid:3128');
  assert.equal(call.env.HTTP_PROXY, undefined);
});

test("the task downloads through the agent's proxy and caches in the agent's tool directory", { skip: !h.TARGET }, async (t) => {
  const { dir, log, env } = setup(t);
  const asset = h.releaseArchive(dir, '9.8.7', h.TARGET, env.S247_BINARY);
  const server = await h.releaseServer(t, { [asset.name]: asset.bytes });
  const proxy = await h.connectProxy(t);
  const root = h.wrapperCopy(dir, '9.8.7', asset);
  const r = await h.runNode(path.join(root, 'task', 'index.js'), {
    ...env,
    S247_BINARY: '',
    S247_RELEASE_BASE_URL: server.base,
    AGENT_TOOLSDIRECTORY: path.join(dir, 'tools'),
    AGENT_PROXYURL: proxy.url,
    INPUT_ACTION: 'token',
  });
  assert.equal(r.code, 0);
  assert.doesNotMatch(r.stdout, /task\.complete/, r.stdout);
  assert.equal(proxy.connects.length, 2); // the release URL, then the CDN it redirects to
  assert.deepEqual(h.calls(log).map((c) => c.args), [['token']]);
  assert.ok(fs.existsSync(path.join(dir, 'tools', 's247', '9.8.7', h.TARGET, 's247')));
});

test('post-job: ends the windows in S247_OPENED_WINDOWS, with credentials only', async (t) => {
  const { log, env } = setup(t);
  const inputs = { INPUT_ACTION: 'maintenance-start', INPUT_CLIENTID: '1000.FAKECLIENTID', INPUT_LABEL: 'x', INPUT_DURATION: '30m', INPUT_AUTOCLOSE: 'true' };
  const r = await h.runNode(POST, { ...env, ...inputs, S247_OPENED_WINDOWS: '11,12' });
  assert.equal(r.code, 0);
  const [call] = h.calls(log);
  assert.deepEqual(call.args, ['maintenance', 'end', '--id=11,12']);
  assert.equal(call.env.INPUT_CLIENTID, '1000.FAKECLIENTID');
  assert.equal(call.env.INPUT_LABEL, undefined);
  assert.equal(call.env.INPUT_DURATION, undefined);
  assert.equal(call.env.TF_BUILD, 'True');
});

test('post-job: only maintenance-start and run tasks clean up, and not with autoClose false', async (t) => {
  const { log, env } = setup(t);
  for (const action of ['monitors-apply', 'maintenance-end', 'token']) {
    const r = await h.runNode(POST, { ...env, INPUT_ACTION: action, S247_OPENED_WINDOWS: '11' });
    assert.equal(r.code, 0);
  }
  const off = await h.runNode(POST, { ...env, INPUT_ACTION: 'maintenance-start', INPUT_AUTOCLOSE: 'false', S247_OPENED_WINDOWS: '11' });
  assert.match(off.stdout, /autoClose is false/);
  const none = await h.runNode(POST, { ...env, INPUT_ACTION: 'maintenance-start' });
  assert.equal(none.stdout, '');
  assert.deepEqual(h.calls(log), []);
  const run = await h.runNode(POST, { ...env, INPUT_ACTION: 'run', S247_OPENED_WINDOWS: '13' });
  assert.equal(run.code, 0);
  assert.deepEqual(h.calls(log).map((c) => c.args), [['maintenance', 'end', '--id=13']]);
});

test('post-job: a failed clean-up warns and does not fail the job', async (t) => {
  const { env } = setup(t);
  const r = await h.runNode(POST, { ...env, INPUT_ACTION: 'maintenance-start', S247_OPENED_WINDOWS: '11', FAKE_S247_EXIT: '1' });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /##vso\[task\.logissue type=warning;\]Could not end maintenance window\(s\) 11: s247 exited with code 1/);
  // s247's own failure report is demoted: results merge pessimistically, a Failed could not be undone.
  assert.doesNotMatch(r.stdout + r.stderr, /task\.complete|type=error/);
  assert.match(r.stderr, /##vso\[task\.logissue type=warning;\]fake failure/);
});

test('hostile clean-up variable: only digit ids are used, nothing raw is printed', async (t) => {
  const { log, env } = setup(t);
  const hostile = '11,12\n##vso[task.setvariable variable=S247_ACCOUNTS_URL]https://evil,##vso[task.complete result=Failed]x';
  const r = await h.runNode(POST, { ...env, INPUT_ACTION: 'maintenance-start', S247_OPENED_WINDOWS: hostile });
  assert.equal(r.code, 0);
  assert.deepEqual(h.calls(log).map((c) => c.args), [['maintenance', 'end', '--id=11']]);
  assert.doesNotMatch(r.stdout + r.stderr, /evil|setvariable|task\.complete/);
  assert.match(r.stdout, /Ignored 2 clean-up entries that are not maintenance window ids/);
});

test('the task hands s247 no SECRET_* variable, as azure-pipelines-task-lib would', async (t) => {
  const { log, env } = setup(t);
  for (const script of [INDEX, POST]) {
    const r = await h.runNode(script, {
      ...env,
      INPUT_ACTION: 'maintenance-start',
      S247_OPENED_WINDOWS: '11',
      SECRET_DEPLOY_KEY: 'a-pipeline-secret',
      secret_lower: 'another-secret',
      AGENT_PROXYURL: 'http://proxy.example.invalid:8080',
      AGENT_PROXYUSERNAME: 'agent',
      SECRET_AGENT_PROXYPASSWORD: 'proxy-pass',
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
  }
  const calls = h.calls(log);
  assert.equal(calls.length, 2);
  for (const call of calls) {
    for (const key of Object.keys(call.env)) assert.doesNotMatch(key, /^SECRET_/i, `${key} reached s247`);
    // The proxy password the agent keeps as a secret variable still reaches s247, inside the proxy URL.
    assert.equal(call.env.HTTPS_PROXY, 'http://agent:proxy-pass@proxy.example.invalid:8080');
  }
});
