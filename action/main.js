'use strict';
// The GitHub Action's main step (action.yml `runs.main`): run the s247 command named by the
// `action` input. The runner puts every `with:` input in the environment as INPUT_<NAME>, and
// s247 reads them there itself, so this file only picks the command, finds the binary, runs it
// with the inherited environment and stdio, and exits with its exit code.

const { ACTIONS, commandFor, githubData, input, resolveBinary, run } = require('../wrapper/lib.js');

async function main() {
  const action = input(process.env, 'action');
  const args = commandFor(action);
  if (!args) {
    const problem = action ? `unknown action \`${action}\`` : 'the `action` input is required';
    console.log(`::error::${githubData(`${problem}; use one of: ${Object.keys(ACTIONS).join(', ')}`)}`);
    return 2; // s247's exit code for invalid input
  }
  const bin = await resolveBinary(process.env, (message) => console.log(message));
  return run(bin, args, process.env);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.log(`::error::${githubData(err.message)}`);
    process.exitCode = 1;
  },
);
