'use strict';
// The Azure DevOps task's post-job step (task.json `postjobexecution`): end the maintenance
// windows this job opened, so a failed or cancelled job does not leave monitors in maintenance
// until the window's duration runs out. Post-job steps get the same inputs as their task.
//
// In Azure mode `s247 maintenance start` sets the job variable S247_OPENED_WINDOWS (comma-separated
// ids), which later steps, this one included, see in their environment. Only the post-job steps of
// tasks that can open windows (`maintenance-start`, `run`) act, so the other s247 tasks in the job
// do not end the same windows again.
// A failure here only warns (and the node process exits 0, as the Node handler requires).

const lib = require('../wrapper/lib.js');

// Only digit ids are used or printed; anything else in the variable is dropped (and counted).
const opened = lib.openedWindows(process.env.S247_OPENED_WINDOWS);
const ids = opened.ids.join(',');
const OPENERS = ['maintenance-start', 'run'];

const warn = (why) =>
  console.log(
    `##vso[task.logissue type=warning;]${lib.azureData(`Could not end maintenance window(s) ${ids}: ${why}. They end by themselves when their duration runs out.`)}`,
  );

async function post() {
  if (!OPENERS.includes(lib.input(process.env, 'action').toLowerCase())) return;
  if (opened.dropped) {
    console.log(`##vso[task.logissue type=warning;]${lib.azureData(`Ignored ${opened.dropped} clean-up entr${opened.dropped === 1 ? 'y' : 'ies'} that are not maintenance window ids`)}`);
  }
  if (!ids) return;
  if (lib.isFalse(lib.input(process.env, 'autoClose') || 'true')) {
    console.log(`autoClose is false: leaving maintenance window(s) ${ids} to expire on their own`);
    return;
  }
  console.log(`Ending maintenance window(s) ${ids}, opened in this job`);
  const env = lib.withoutSecretVariables(lib.cleanupEnv({ ...process.env, ...lib.agentProxyEnv(process.env) }));
  const bin = await lib.resolveBinary(env, (message) => console.log(lib.inertLine(message)));
  const code = await lib.run(bin, ['maintenance', 'end', `--id=${ids}`], env, lib.demoteFailure);
  if (code !== 0) warn(`s247 exited with code ${code}`);
}

post()
  .catch((err) => warn(err.message))
  .finally(() => {
    process.exitCode = 0;
  });
