'use strict';
// Test helpers: a fake s247, a runner/agent simulation (inputs in the environment, GITHUB_OUTPUT
// and GITHUB_STATE files read back the way the runner reads them), a local release server and an
// HTTP CONNECT proxy. Not a test file itself.

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..', '..');
const TARGET = require(path.join(REPO, 'wrapper', 'lib.js')).TARGETS[`${process.platform}-${process.arch}`];

function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's247-js-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// The fake s247 records each call (argv and the environment it was given) as one JSON line in
// $FAKE_S247_LOG, plays `maintenance start`'s part of the contract (GITHUB_OUTPUT/GITHUB_STATE on
// GitHub, setvariable on Azure DevOps), and exits with $FAKE_S247_EXIT.
const FAKE = `
const fs = require('node:fs');
const args = process.argv.slice(2);
const env = process.env;
if (env.FAKE_S247_LOG) fs.appendFileSync(env.FAKE_S247_LOG, JSON.stringify({ args, env }) + '\\n');
if (args[0] === 'maintenance' && args[1] === 'start') {
  const id = env.FAKE_S247_WINDOW || '4242';
  if (env.GITHUB_ACTIONS === 'true') {
    fs.appendFileSync(env.GITHUB_OUTPUT, 'maintenance-id<<ghadelimiter_1\\n' + id + '\\nghadelimiter_1\\n');
    fs.appendFileSync(env.GITHUB_STATE, 's247_opened_windows<<ghadelimiter_2\\n' + id + '\\nghadelimiter_2\\n');
  } else if (env.TF_BUILD === 'True') {
    console.error('##vso[task.setvariable variable=maintenanceId;isOutput=true]' + id);
    console.error('##vso[task.setvariable variable=S247_OPENED_WINDOWS;]' + id);
  }
}
const code = Number(env.FAKE_S247_EXIT || 0);
if (code !== 0) {
  if (env.GITHUB_ACTIONS === 'true') console.error('::error::fake failure');
  if (env.TF_BUILD === 'True') {
    console.error('##vso[task.logissue type=error;]fake failure');
    console.error('##vso[task.complete result=Failed;]fake failure');
  }
}
process.exitCode = code;
`;

/** Write the fake s247 into `dir` (as `name`) and return its path. */
function fakeBinary(dir, name = 's247') {
  const file = path.join(dir, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `#!${process.execPath}\n${FAKE}`, { mode: 0o755 });
  return file;
}

/** The calls the fake recorded. */
function calls(log) {
  if (!fs.existsSync(log)) return [];
  return fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** A clean environment: no INPUT_*, S247_*, runner or proxy variables leak in from the caller. */
function baseEnv(extra = {}) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME || os.tmpdir() };
  if (process.env.SystemRoot) env.SystemRoot = process.env.SystemRoot;
  return { ...env, ...extra };
}

/** Run a node script; resolves to { code, stdout, stderr }. Async, so servers in this process keep serving. */
function runNode(script, env, { timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Parse a GITHUB_OUTPUT / GITHUB_STATE file the way the runner does (FileCommandManager:
 * `NAME=VALUE` lines and `NAME<<DELIMITER` heredocs).
 */
function parseEnvFile(file) {
  const out = {};
  if (!fs.existsSync(file)) return out;
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      out[line.slice(0, eq)] = line.slice(eq + 1);
      continue;
    }
    if (heredoc < 0) throw new Error(`Invalid format: ${line}`);
    const [name, delimiter] = [line.slice(0, heredoc), line.slice(heredoc + 2)];
    const value = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
    if (i >= lines.length) throw new Error(`Matching delimiter not found: ${delimiter}`);
    out[name] = value.join('\n');
  }
  return out;
}

/** A GitHub runner's view of one job: files and the variables pointing at them. */
function githubJob(dir) {
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'github_output'),
    GITHUB_STATE: path.join(dir, 'github_state'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'step_summary'),
  };
  for (const file of Object.values(files)) fs.writeFileSync(file, '');
  const runnerTemp = path.join(dir, 'runner_temp');
  fs.mkdirSync(runnerTemp, { recursive: true });
  return {
    env: { GITHUB_ACTIONS: 'true', RUNNER_TEMP: runnerTemp, ...files },
    outputs: () => parseEnvFile(files.GITHUB_OUTPUT),
    /** What the runner gives the post step: STATE_<name> for each name the main step saved. */
    stateEnv: () => Object.fromEntries(Object.entries(parseEnvFile(files.GITHUB_STATE)).map(([k, v]) => [`STATE_${k}`, v])),
  };
}

/** A release archive as the release workflow builds it, with `binary` as its s247. */
function releaseArchive(dir, version, target, binary) {
  const stem = `s247-v${version}-${target}`;
  const staging = path.join(dir, `staging-${crypto.randomUUID()}`);
  fs.mkdirSync(path.join(staging, stem), { recursive: true });
  fs.copyFileSync(binary, path.join(staging, stem, 's247'));
  fs.chmodSync(path.join(staging, stem, 's247'), 0o755);
  const file = path.join(dir, `${stem}.tar.gz`);
  const r = spawnSync('tar', ['-C', staging, '-czf', file, stem]);
  if (r.status !== 0) throw new Error(`tar: ${r.stderr}`);
  const bytes = fs.readFileSync(file);
  return { name: `${stem}.tar.gz`, bytes, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}

/**
 * A copy of the Action and the task (action/, task/, wrapper/) whose checksums.json names
 * `asset` for this machine's target, as the release workflow would write it.
 */
function wrapperCopy(dir, version, asset) {
  const root = path.join(dir, 'checkout');
  for (const sub of ['action', 'task', 'wrapper']) fs.cpSync(path.join(REPO, sub), path.join(root, sub), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'task.json'), path.join(root, 'task.json'));
  if (asset) {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'wrapper', 'checksums.json'), 'utf8'));
    manifest.version = version;
    manifest.url = 'https://release.invalid/should-not-be-used';
    manifest.assets[TARGET] = { file: asset.name, sha256: asset.sha256 };
    fs.writeFileSync(path.join(root, 'wrapper', 'checksums.json'), JSON.stringify(manifest, null, 2));
  }
  return root;
}

/**
 * A release server in the GitHub style: `/download/<file>` redirects to `/cdn/<file>`, which
 * serves `files[file]`. `requests` lists the paths asked for.
 */
async function releaseServer(t, files) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const [, kind, name] = req.url.split('/');
    if (kind === 'download' && files[name]) {
      res.writeHead(302, { location: `/cdn/${name}` });
      return res.end();
    }
    if (kind === 'cdn' && files[name]) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return res.end(files[name]);
    }
    res.writeHead(404);
    res.end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  return { base: `http://127.0.0.1:${server.address().port}/download`, requests };
}

/** An HTTP CONNECT proxy; `connects` lists `{ target, auth }` per tunnel. */
async function connectProxy(t) {
  const connects = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    connects.push({ target: req.url, auth: req.headers['proxy-authorization'] });
    const [host, port] = req.url.split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    sockets.add(client).add(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return { url: `http://127.0.0.1:${server.address().port}`, connects };
}

module.exports = {
  REPO,
  TARGET,
  baseEnv,
  calls,
  connectProxy,
  fakeBinary,
  githubJob,
  parseEnvFile,
  releaseArchive,
  releaseServer,
  runNode,
  tempDir,
  wrapperCopy,
};
