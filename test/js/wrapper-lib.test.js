'use strict';
// Unit tests of wrapper/lib.js pieces that are easier to check directly than through a runner.

const test = require('node:test');
const assert = require('node:assert/strict');

const lib = require('../../wrapper/lib.js');

test('inputs are found under GitHub and Azure DevOps spellings', () => {
  assert.equal(lib.input({ 'INPUT_AUTO-CLOSE': ' false ' }, 'auto-close'), 'false');
  assert.equal(lib.input({ INPUT_AUTOCLOSE: 'false' }, 'auto-close'), 'false');
  assert.equal(lib.input({ INPUT_AUTOCLOSE: 'false' }, 'autoClose'), 'false');
  assert.equal(lib.input({ 'INPUT_AUTO-CLOSE': '  ' }, 'auto-close'), '');
  assert.equal(lib.input({}, 'action'), '');
});

test('booleans read as the binary reads them', () => {
  for (const no of ['false', 'False', 'FALSE', 'no', 'off', '0']) assert.ok(lib.isFalse(no), no);
  for (const yes of ['true', 'yes', '1', 'whatever']) assert.ok(!lib.isFalse(yes), yes);
});

test('commandFor knows exactly the documented actions', () => {
  assert.deepEqual(lib.commandFor('Maintenance-Start'), ['maintenance', 'start']);
  assert.deepEqual(lib.commandFor('run'), ['run']);
  assert.equal(lib.commandFor('maintenance'), undefined);
  assert.equal(lib.commandFor('toString'), undefined);
  assert.equal(lib.commandFor(''), undefined);
});

test('the clean-up environment keeps credentials and drops command settings', () => {
  const env = lib.cleanupEnv({
    'INPUT_CLIENT-ID': 'a', INPUT_CLIENTSECRET: 'b', 'INPUT_REFRESH-TOKEN': 'c', INPUT_APIURL: 'd', INPUT_TIMEOUT: '9s',
    INPUT_LABEL: 'l', 'INPUT_MAINTENANCE-ID': '1', INPUT_DELETE: 'true', 'INPUT_KEEP-MONITORING': 'true',
    S247_LABEL: 'l', S247_CLIENT_SECRET_FILE: '/f', S247_BINARY: '/b', S247_OPENED_WINDOWS: '1', PATH: '/bin',
  });
  assert.deepEqual(Object.keys(env).sort(), [
    'INPUT_APIURL', 'INPUT_CLIENT-ID', 'INPUT_CLIENTSECRET', 'INPUT_REFRESH-TOKEN', 'INPUT_TIMEOUT',
    'PATH', 'S247_BINARY', 'S247_CLIENT_SECRET_FILE', 'S247_OPENED_WINDOWS',
  ]);
});

test('clean-up output: failures become warnings, task.complete is dropped', () => {
  assert.equal(lib.demoteFailure('::error::boom'), '::warning::boom');
  assert.equal(lib.demoteFailure('::error file=a.yml,line=1::boom'), '::warning file=a.yml,line=1::boom');
  assert.equal(lib.demoteFailure('##vso[task.logissue type=error;]boom'), '##vso[task.logissue type=warning;]boom');
  assert.equal(lib.demoteFailure('##vso[task.logissue sourcepath=a;type=error;]boom'), '##vso[task.logissue sourcepath=a;type=warning;]boom');
  assert.equal(lib.demoteFailure('##vso[task.complete result=Failed;]boom'), null);
  assert.equal(lib.demoteFailure('##[error]boom'), '##[warning]boom');
  assert.equal(lib.demoteFailure('ended 2 windows'), 'ended 2 windows');
  assert.equal(lib.demoteFailure('x ::error:: mid-line is not a command'), 'x ::error:: mid-line is not a command');
});

test('workflow command data is escaped, % first', () => {
  assert.equal(lib.githubData('50%\r\nnext'), '50%25%0D%0Anext');
  assert.equal(lib.azureData('50%\nnext'), '50%AZP25%0Anext');
});

test('agent proxy bypass regexes become NO_PROXY hosts where they plainly are hosts', () => {
  assert.deepEqual(
    lib.bypassHosts(JSON.stringify(['github\\.com', '^.*\\.corp\\.example$', 'https://dev\\.azure\\.com/.*', '10\\.0\\.[0-9]+\\.[0-9]+', '(a|b)\\.c'])),
    ['github.com', '.corp.example', 'dev.azure.com'],
  );
  assert.deepEqual(lib.bypassHosts('not json'), []);
  assert.deepEqual(lib.bypassHosts(''), []);
  assert.deepEqual(lib.agentProxyEnv({}), {});
  assert.deepEqual(lib.agentProxyEnv({ AGENT_PROXYURL: 'proxy.invalid:3128' }), {
    HTTPS_PROXY: 'http://proxy.invalid:3128',
    HTTP_PROXY: 'http://proxy.invalid:3128',
  });
});

test('inertLine: text from the environment cannot form a command on either runner', () => {
  for (const hostile of ['::warning::x', 'a ##vso[task.setvariable variable=A]b', '##[error]x', ':::', 'x\r::error::y', 'x\n##vso[task.complete]']) {
    const safe = lib.inertLine(hostile);
    assert.ok(!safe.includes('::') && !safe.includes('##') && !/[\r\n]/.test(safe), `${JSON.stringify(hostile)} -> ${safe}`);
  }
  assert.equal(lib.inertLine('/opt/tools/s247'), '/opt/tools/s247');
});
