import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingMessage, resolveServer } from '../src/serverCommand';

const files = new Set(['/usr/local/bin/flakewise', '/home/me/src/fw/build/bin/flakewise', '/opt/fw']);
const env = (workspaceFolder?: string) => ({
  pathEnv: '/usr/bin::/usr/local/bin',
  workspaceFolder,
  isExecutable: (f: string) => files.has(f),
});

test('the default command is looked up on PATH', () => {
  assert.deepEqual(resolveServer(undefined, [], env()), { ok: true, command: '/usr/local/bin/flakewise', args: [] });
  assert.deepEqual(resolveServer('  ', ['--log-level', 'debug'], env()), {
    ok: true,
    command: '/usr/local/bin/flakewise',
    args: ['--log-level', 'debug'],
  });
});

test('an absolute path is used as it is', () => {
  assert.deepEqual(resolveServer('/opt/fw', [], env()), { ok: true, command: '/opt/fw', args: [] });
});

test('relative paths and ${workspaceFolder} are taken from the first workspace folder', () => {
  const expected = { ok: true, command: '/home/me/src/fw/build/bin/flakewise', args: [] };
  assert.deepEqual(resolveServer('build/bin/flakewise', [], env('/home/me/src/fw')), expected);
  assert.deepEqual(resolveServer('${workspaceFolder}/build/bin/flakewise', [], env('/home/me/src/fw')), expected);
});

test('a missing server gives a message that says what, why, and what to do', () => {
  const r = resolveServer(undefined, [], { ...env(), pathEnv: '/usr/bin' });
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.message.includes('"flakewise" was not found (it is not on PATH)'), JSON.stringify(r));
  assert.ok(!r.ok && r.message.includes('flakewise.server.path') && r.message.includes('README'));
  const abs = resolveServer('/nowhere/flakewise', [], env());
  assert.ok(!abs.ok && abs.message.includes('/nowhere/flakewise is not an executable file'), JSON.stringify(abs));
  const rel = resolveServer('build/bin/flakewise', [], env());
  assert.ok(!rel.ok && rel.message.includes('relative path, but no folder is open'), JSON.stringify(rel));
  const wf = resolveServer('${workspaceFolder}/x', [], env());
  assert.ok(!wf.ok && wf.message.includes('${workspaceFolder}, but no folder is open'), JSON.stringify(wf));
  assert.equal(missingMessage('x', 'why').startsWith('flakewise: the language server "x" was not found (why).'), true);
});
