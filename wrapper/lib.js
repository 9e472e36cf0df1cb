'use strict';
// Shared by the GitHub Action (action/) and the Azure DevOps task (task/): which s247 command an
// `action` input names, where the s247 binary comes from, and how it is run.
//
// Node builtins only, so both wrappers run straight from their files with no `npm install`.
// The binary reads every other input from the environment itself (INPUT_*, see design.md §2), so
// the wrappers pass the environment through and never parse settings they do not need.

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const tls = require('node:tls');
const { spawn, spawnSync } = require('node:child_process');
const { pipeline } = require('node:stream/promises');

const ACTIONS = require('./actions.json');
const CHECKSUMS = path.join(__dirname, 'checksums.json');

/** `maintenance-start` → `['maintenance', 'start']`; undefined for an unknown action. */
function commandFor(action) {
  const key = String(action ?? '').trim().toLowerCase();
  return Object.hasOwn(ACTIONS, key) ? ACTIONS[key] : undefined;
}

/** `auto-close`, `AUTO-CLOSE`, `autoClose` → `AUTOCLOSE`: how the binary compares INPUT_ names. */
const normalise = (name) => name.replace(/[-_]/g, '').toUpperCase();

/**
 * A wrapper input, trimmed ('' when unset). Names are compared the way the binary compares them,
 * so GitHub's `INPUT_AUTO-CLOSE` and Azure DevOps' `INPUT_AUTOCLOSE` are the same input.
 */
function input(env, name) {
  const want = normalise(name);
  for (const [key, value] of Object.entries(env)) {
    if (/^INPUT_/i.test(key) && normalise(key.slice(6)) === want && value.trim()) return value.trim();
  }
  return '';
}

/** The binary's spelling of false. */
const isFalse = (value) => /^(false|no|off|0)$/i.test(value.trim());

// Settings that choose what a command acts on. The clean-up step must end exactly the windows
// recorded in state, so it drops these: a `label`, `delete` or `maintenance-id` given to the main
// step must not widen or change what the clean-up touches. Credentials and connection settings
// (client-id, data-center, api-url, timeout …) stay.
const COMMAND_SETTINGS = [
  'file', 'monitors', 'groups', 'tags', 'duration', 'start', 'timezone', 'label', 'name',
  'description', 'keep-monitoring', 'maintenance-id', 'by', 'delete', 'active', 'prune',
  'parallel', 'dry-run', 'detailed-exitcode', 'output',
].map(normalise);

/** The environment for `s247 maintenance end --id …` in a clean-up step. */
function cleanupEnv(env) {
  const out = {};
  for (const [key, value] of Object.entries(env)) {
    const m = /^(INPUT|S247)_(.*)$/i.exec(key);
    if (m && COMMAND_SETTINGS.includes(normalise(m[2]))) continue;
    out[key] = value;
  }
  return out;
}

/**
 * The maintenance window ids a clean-up step was handed (GitHub `STATE_…`, the Azure DevOps job
 * variable): comma-separated digit strings. Anything else in there was not written by s247 (or
 * was written from a hostile answer) and is dropped and counted, never printed: state and
 * environment values are not safe to echo into a log the runner parses for commands.
 */
function openedWindows(raw) {
  const items = String(raw ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  const ids = items.filter((item) => /^[0-9]+$/.test(item));
  return { ids, dropped: items.length - ids.length };
}

/**
 * A log line safe from the runners' command parsers, for text that comes from the environment
 * (paths, URLs): control characters shown escaped, and `::` / `##` broken, as s247 does
 * (src/ci/escape.rs `neutralise`).
 */
function inertLine(text) {
  let out = String(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  while (out.includes('::') || out.includes('##')) out = out.replace(/::/g, ': :').replace(/##/g, '# #');
  return out;
}

/**
 * The environment handed to the binary on Azure DevOps. Secret pipeline variables reach a Node
 * task as SECRET_*; azure-pipelines-task-lib removes them from process.env as it loads
 * (internal.ts `_loadData`), and so does this wrapper: s247 never needs them, and they must not
 * be readable through `${env:…}` or a child process. (Read SECRET_AGENT_PROXYPASSWORD before.)
 */
function withoutSecretVariables(env) {
  const out = {};
  for (const [key, value] of Object.entries(env)) {
    if (/^SECRET_/i.test(key)) continue;
    out[key] = value;
  }
  return out;
}

// Release targets by Node's platform-arch. Linux builds are static (musl), so they also run in
// Alpine and other container jobs.
const TARGETS = {
  'linux-x64': 'x86_64-unknown-linux-musl',
  'linux-arm64': 'aarch64-unknown-linux-musl',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
  'win32-x64': 'x86_64-pc-windows-msvc',
};
const currentTarget = () => TARGETS[`${process.platform}-${process.arch}`];
const exeName = () => (process.platform === 'win32' ? 's247.exe' : 's247');

function isExecutable(file) {
  try {
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The s247 binary to run, the first of:
 *  1. `S247_BINARY`, a path (tests; self-hosted runners with s247 installed);
 *  2. `bin/<target>/s247` beside the wrapper (the Azure DevOps VSIX bundles these);
 *  3. the release archive for this OS/arch at the version in `checksums.json`, downloaded from
 *     `S247_RELEASE_BASE_URL` (default: the GitHub release) and cached under the runner's tool
 *     cache. An archive whose SHA-256 differs from the one in `checksums.json` is refused.
 */
async function resolveBinary(env, log) {
  if (env.S247_BINARY) {
    if (!isExecutable(env.S247_BINARY)) throw new Error(`S247_BINARY=${env.S247_BINARY} is not an executable file`);
    return env.S247_BINARY;
  }
  const target = currentTarget();
  if (!target) {
    throw new Error(`s247 has no build for ${process.platform}/${process.arch}; install it yourself and set S247_BINARY to its path`);
  }
  const bundled = path.join(__dirname, '..', 'bin', target, exeName());
  if (fs.existsSync(bundled)) {
    // A VSIX is a zip, and the agent may unpack it without the executable bit.
    if (!isExecutable(bundled)) fs.chmodSync(bundled, 0o755);
    return bundled;
  }

  const manifest = JSON.parse(fs.readFileSync(CHECKSUMS, 'utf8'));
  const asset = manifest.assets[target];
  if (!asset || !/^[0-9a-f]{64}$/.test(asset.sha256)) {
    throw new Error(
      `this copy of the wrapper carries no SHA-256 for s247 ${manifest.version} on ${target} (an unreleased commit?): ` +
        'use a released version of the action/task, or set S247_BINARY to an installed s247',
    );
  }
  const dir = path.join(cacheRoot(env), 's247', manifest.version, target);
  const bin = path.join(dir, exeName());
  if (isCached(dir, asset.sha256)) {
    log(`Using s247 ${manifest.version} from the tool cache (${bin})`);
    return bin;
  }

  const url = `${(env.S247_RELEASE_BASE_URL || manifest.url).replace(/\/+$/, '')}/${asset.file}`;
  log(`Downloading s247 ${manifest.version} for ${target} from ${url}`);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(dir), `.${target}-`));
  try {
    const archive = path.join(work, asset.file);
    const sha256 = await download(url, archive, env);
    if (sha256 !== asset.sha256) {
      throw new Error(`checksum mismatch for ${asset.file}: expected ${asset.sha256}, got ${sha256}; refusing to run it`);
    }
    const unpacked = path.join(work, 'unpacked');
    fs.mkdirSync(unpacked);
    extract(archive, unpacked);
    // Archives hold `s247-v<version>-<target>/s247`; accept a bare `s247` too.
    const stem = asset.file.replace(/\.(tar\.gz|tgz|zip)$/, '');
    const found = [path.join(unpacked, stem, exeName()), path.join(unpacked, exeName())].find((f) => fs.existsSync(f));
    if (!found) throw new Error(`${asset.file} holds no ${stem}/${exeName()}`);
    // Build the cache entry beside its final place, then rename it in, so a half-written entry
    // is never seen as a cache hit.
    const entry = path.join(work, 'entry');
    fs.mkdirSync(entry);
    fs.renameSync(found, path.join(entry, exeName()));
    fs.chmodSync(path.join(entry, exeName()), 0o755);
    fs.writeFileSync(path.join(entry, '.sha256'), `${asset.sha256}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.renameSync(entry, dir);
    } catch (err) {
      if (!isCached(dir, asset.sha256)) throw err; // else another job cached it meanwhile
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  log(`Verified SHA-256 ${asset.sha256} and cached s247 at ${bin}`);
  return bin;
}

/** The runner's tool cache (kept between jobs on self-hosted runners), else its temp dir. */
function cacheRoot(env) {
  return env.RUNNER_TOOL_CACHE || env.AGENT_TOOLSDIRECTORY || env.RUNNER_TEMP || env.AGENT_TEMPDIRECTORY || os.tmpdir();
}

/** A cache entry counts only if it was made from the archive `checksums.json` names now. */
function isCached(dir, sha256) {
  try {
    return fs.readFileSync(path.join(dir, '.sha256'), 'utf8').trim() === sha256 && isExecutable(path.join(dir, exeName()));
  } catch {
    return false;
  }
}

function extract(archive, dir) {
  // The system tar: GNU tar on Linux, bsdtar on macOS and Windows. Windows' own tar.exe also
  // reads .zip; Git for Windows puts a GNU tar earlier on PATH that does not, so name it in full.
  const tar = process.platform === 'win32' ? path.join(process.env.SystemRoot || 'C:\\Windows', 'System32', 'tar.exe') : 'tar';
  const r = spawnSync(tar, ['-xf', archive, '-C', dir], { encoding: 'utf8', windowsHide: true });
  if (r.error) throw new Error(`cannot run ${tar}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${tar} could not extract ${path.basename(archive)}: ${r.stderr.trim()}`);
}

/** Download `url` to `file`, following redirects; returns the SHA-256 (hex) of what was written. */
async function download(url, file, env) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchOnce(url, file, env);
    } catch (err) {
      // Connection errors, 5xx and 429 are worth another try; 404 and the like are not.
      if (attempt >= 3 || err.permanent) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

async function fetchOnce(url, file, env) {
  for (let hops = 0; hops < 5; hops++) {
    const res = await get(new URL(url), env);
    if ([301, 302, 303, 307, 308].includes(res.statusCode) && res.headers.location) {
      res.resume();
      url = new URL(res.headers.location, url).href; // GitHub sends release assets to a CDN
      continue;
    }
    if (res.statusCode !== 200) {
      res.resume();
      const err = new Error(`GET ${url}: HTTP ${res.statusCode}`);
      err.permanent = res.statusCode < 500 && res.statusCode !== 429;
      throw err;
    }
    const hash = crypto.createHash('sha256');
    await pipeline(
      res,
      async function* (chunks) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          yield chunk;
        }
      },
      fs.createWriteStream(file),
    );
    return hash.digest('hex');
  }
  throw Object.assign(new Error(`GET ${url}: too many redirects`), { permanent: true });
}

const TIMEOUT_MS = 60_000;

/** One GET, through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY says otherwise. */
async function get(target, env) {
  const options = { headers: { 'user-agent': 's247-wrapper' }, timeout: TIMEOUT_MS };
  const proxy = proxyFor(target, env);
  if (proxy) {
    // Node's http(s) module ignores proxy variables, so tunnel through the proxy by hand.
    const socket = await connectVia(proxy, target);
    options.createConnection = () =>
      target.protocol === 'https:' ? tls.connect({ socket, servername: target.hostname }) : socket;
  }
  return new Promise((resolve, reject) => {
    const req = (target.protocol === 'https:' ? https : http).request(target, options, resolve);
    req.on('timeout', () => req.destroy(new Error(`GET ${target.href}: no answer for ${TIMEOUT_MS / 1000}s`)));
    req.on('error', reject);
    req.end();
  });
}

function proxyFor(target, env) {
  const value =
    target.protocol === 'https:'
      ? env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy
      : env.HTTP_PROXY || env.http_proxy;
  if (!value || bypassed(target.hostname, env.NO_PROXY ?? env.no_proxy ?? '')) return undefined;
  return new URL(value.includes('://') ? value : `http://${value}`);
}

/** NO_PROXY: `*`, host names and domain suffixes (`example.com` and `.example.com` both match `a.example.com`). */
function bypassed(host, noProxy) {
  return noProxy
    .split(/[,\s]+/)
    .map((entry) => entry.replace(/:\d+$/, '').replace(/^\*?\./, '').toLowerCase())
    .some((entry) => entry === '*' || (entry && (host === entry || host.endsWith(`.${entry}`))));
}

/** An HTTP CONNECT tunnel to `target` through `proxy`. */
function connectVia(proxy, target) {
  const port = target.port || (target.protocol === 'https:' ? 443 : 80);
  const headers = { host: `${target.hostname}:${port}` };
  if (proxy.username) {
    const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers['proxy-authorization'] = `Basic ${Buffer.from(user).toString('base64')}`;
  }
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: proxy.hostname,
      port: proxy.port || 80,
      method: 'CONNECT',
      path: `${target.hostname}:${port}`,
      headers,
      timeout: TIMEOUT_MS,
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new Error(`proxy ${proxy.host} refused to connect to ${target.host}: HTTP ${res.statusCode}`));
    });
    req.on('timeout', () => req.destroy(new Error(`proxy ${proxy.host}: no answer for ${TIMEOUT_MS / 1000}s`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Run the binary and resolve to its exit code. stdio is inherited unless `transform` is given:
 * then each output line goes through it (a `null` result drops the line).
 */
function run(bin, args, env, transform) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: transform ? ['inherit', 'pipe', 'pipe'] : 'inherit', windowsHide: true });
    if (transform) {
      for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
        readline.createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
          const out = transform(line);
          if (out !== null) to.write(`${out}\n`);
        });
      }
    }
    // The runner cancels a step by signalling this process: pass the signal on, so s247 stops
    // cleanly and its exit code still comes back here.
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = () => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
    child.on('error', (err) => {
      done();
      reject(new Error(`cannot run ${bin}: ${err.message}`));
    });
    child.on('close', (code) => {
      done();
      resolve(code ?? 1); // killed by a signal
    });
  });
}

/**
 * For clean-up steps, where failing to end a window must warn rather than fail the job: the
 * binary's error annotations become warnings and its Azure DevOps `task.complete` is dropped
 * (task results merge pessimistically, so a Failed could not be taken back).
 */
function demoteFailure(line) {
  if (/##vso\[task\.complete\b/i.test(line)) return null;
  return line
    .replace(/^(\s*)::error(?=[\s:])/, '$1::warning')
    .replace(/(##vso\[task\.(?:logissue|issue)\b[^\]]*?\btype=)error\b/i, '$1warning')
    .replace(/##\[error\]/g, '##[warning]');
}

/** Message text for a GitHub workflow command (`%` first, then line breaks). */
const githubData = (text) => String(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** Message text for an Azure DevOps logging command. */
const azureData = (text) => String(text).replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/**
 * The agent's proxy (set when the agent is configured behind one) as the HTTPS_PROXY, HTTP_PROXY
 * and NO_PROXY variables s247 and this wrapper's download read. A proxy the pipeline sets itself
 * wins.
 */
function agentProxyEnv(env) {
  const url = (env.AGENT_PROXYURL || '').trim();
  if (!url || env.HTTPS_PROXY || env.https_proxy) return {};
  const proxy = new URL(url.includes('://') ? url : `http://${url}`);
  const user = env.AGENT_PROXYUSERNAME || '';
  // The agent keeps the password as a secret variable, which Node handlers get as SECRET_….
  const password = env.AGENT_PROXYPASSWORD || env.SECRET_AGENT_PROXYPASSWORD || '';
  const auth = user ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}@` : '';
  const value = `${proxy.protocol}//${auth}${proxy.host}`;
  const out = { HTTPS_PROXY: value, HTTP_PROXY: value };
  const noProxy = [env.NO_PROXY || env.no_proxy, ...bypassHosts(env.AGENT_PROXYBYPASSLIST)].filter(Boolean);
  if (noProxy.length) out.NO_PROXY = noProxy.join(',');
  return out;
}

/**
 * The agent's bypass list is a JSON array of regular expressions (one per `.proxybypass` line),
 * not host names. Keep the entries that plainly name a host or a domain (`github\.com`,
 * `.*\.corp\.example`); NO_PROXY cannot express the rest.
 */
function bypassHosts(json) {
  let list;
  try {
    list = JSON.parse(json || '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  return list
    .map((re) =>
      String(re)
        .trim()
        .replace(/^\^/, '')
        .replace(/\$$/, '')
        .replace(/^https?:\/\//, '')
        .replace(/^\.\*\\?\.?/, '.')
        .replace(/\\\./g, '.')
        .replace(/[/:].*$/, ''),
    )
    .filter((host) => /^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(host));
}

module.exports = {
  ACTIONS,
  TARGETS,
  agentProxyEnv,
  azureData,
  bypassHosts,
  cleanupEnv,
  commandFor,
  demoteFailure,
  githubData,
  inertLine,
  input,
  isFalse,
  openedWindows,
  resolveBinary,
  run,
  withoutSecretVariables,
};
