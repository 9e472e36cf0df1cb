'use strict';
// The Azure DevOps task (task.json `execution`, Node20_1 and Node24 handlers): run the s247
// command named by the `action` input.
//
// Two Azure DevOps rules shape this file (see the agent's NodeHandler.cs and task-lib's
// internal.ts):
// - The node process must exit 0: the agent reads a non-zero exit as an infrastructure failure.
//   A failed task is reported with `##vso[task.complete result=Failed;]` instead.
// - It does not use azure-pipelines-task-lib: importing that library moves every INPUT_*,
//   SECRET_* and ENDPOINT_AUTH_* variable out of process.env into an in-memory vault, so a child
//   process would no longer inherit them. Without it the agent's INPUT_CLIENTID, INPUT_DURATION …
//   stay in the environment, and s247 reads them there itself. SECRET_* variables are removed
//   here as the library would: s247 never reads them.

const lib = require('../wrapper/lib.js');

const EXIT_CODES = { 1: 'runtime or API failure', 2: 'invalid input', 3: 'authentication failure', 4: 'the plan has changes' };

const fail = (message) => console.log(`##vso[task.complete result=Failed;]${lib.azureData(message)}`);

async function main() {
  // The agent's proxy settings reach s247 (and the binary download) as HTTPS_PROXY & co.
  // SECRET_* variables are removed, as azure-pipelines-task-lib would (see lib.js).
  const env = lib.withoutSecretVariables({ ...process.env, ...lib.agentProxyEnv(process.env) });
  const action = lib.input(env, 'action');
  const args = lib.commandFor(action);
  if (!args) {
    const problem = action ? `unknown action '${action}'` : 'the action input is required';
    const message = `${problem}; use one of: ${Object.keys(lib.ACTIONS).join(', ')}`;
    console.log(`##vso[task.logissue type=error;]${lib.azureData(message)}`);
    return fail(message);
  }
  const bin = await lib.resolveBinary(env, (message) => console.log(message));
  const code = await lib.run(bin, args, env);
  if (code !== 0) fail(`s247 ${args.join(' ')} exited with code ${code} (${EXIT_CODES[code] ?? 'failure'})`);
}

main()
  .catch((err) => {
    console.log(`##vso[task.logissue type=error;]${lib.azureData(err.message)}`);
    fail(err.message);
  })
  .finally(() => {
    process.exitCode = 0;
  });
