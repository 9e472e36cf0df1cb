'use strict';
// The GitHub Action's post step (action.yml `runs.post`, `post-if: always()`): end the maintenance
// windows that this step's `maintenance-start` opened, so a failed or cancelled job does not leave
// monitors in maintenance until the window's duration runs out.
//
// s247 records the ids it opened in $GITHUB_STATE as `s247_opened_windows`; the runner gives them
// back only to this same step's post, as STATE_s247_opened_windows. The post step gets the same
// inputs (credentials) as the main step, and s247's token cache under RUNNER_TEMP spares a second
// token mint. `maintenance end` is idempotent, so a window that a later step already ended is fine.
// A failure here only warns: the job's result is decided by the job's own steps.

const { cleanupEnv, demoteFailure, githubData, inertLine, input, isFalse, openedWindows, resolveBinary, run } = require('../wrapper/lib.js');

// Only digit ids are used or printed; anything else in the state is dropped (and counted).
const opened = openedWindows(process.env.STATE_s247_opened_windows);
const ids = opened.ids.join(',');

const warn = (why) =>
  console.log(
    `::warning::${githubData(`Could not end maintenance window(s) ${ids}: ${why}. They end by themselves when their duration runs out.`)}`,
  );

async function post() {
  if (opened.dropped) {
    console.log(`::warning::${githubData(`Ignored ${opened.dropped} clean-up entr${opened.dropped === 1 ? 'y' : 'ies'} that are not maintenance window ids`)}`);
  }
  if (!ids) return; // this step opened no window
  if (isFalse(input(process.env, 'auto-close') || 'true')) {
    console.log(`auto-close is false: leaving maintenance window(s) ${ids} to expire on their own`);
    return;
  }
  console.log(`Ending maintenance window(s) ${ids}, opened by this step`);
  const bin = await resolveBinary(process.env, (message) => console.log(inertLine(message)));
  const code = await run(bin, ['maintenance', 'end', `--id=${ids}`], cleanupEnv(process.env), demoteFailure);
  if (code !== 0) warn(`s247 exited with code ${code}`);
}

post()
  .catch((err) => warn(err.message))
  .finally(() => {
    process.exitCode = 0;
  });
