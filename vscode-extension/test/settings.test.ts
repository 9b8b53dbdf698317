import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildServerSettings, reactionTo, serverSettingKeys } from '../src/settings';
import manifest from '../package.json';

const properties = manifest.contributes.configuration.properties;

test('every contributed setting except server.* and trace.* goes to the server', () => {
  assert.deepEqual(serverSettingKeys(properties), [
    'diagnostics.delayMs',
    'diagnostics.disabled',
    'diagnostics.exclude',
    'inlayHints.lockedRevisions',
    'options.json',
    'options.nixos',
    'options.nixosTimeoutSeconds',
    'options.nixpkgs',
    'packages.evalTimeoutMs',
    'packages.sources',
  ]);
});

test('the defaults become the settings object the server reads', () => {
  const defaults = (key: string) => (properties as Record<string, { default?: unknown }>)[`flakewise.${key}`].default;
  assert.deepEqual(buildServerSettings(serverSettingKeys(properties), defaults), {
    diagnostics: { delayMs: 150, disabled: [], exclude: [] },
    inlayHints: { lockedRevisions: false },
    options: { json: '', nixos: false, nixosTimeoutSeconds: 300, nixpkgs: '' },
    packages: { evalTimeoutMs: 20000, sources: [] },
  });
});

test('dotted keys nest, undefined values are left out', () => {
  const values: Record<string, unknown> = { 'diagnostics.disabled': ['syntax-error'], 'a.b.c': 1 };
  assert.deepEqual(buildServerSettings(['diagnostics.disabled', 'diagnostics.delayMs', 'a.b.c'], (k) => values[k]), {
    diagnostics: { disabled: ['syntax-error'] },
    a: { b: { c: 1 } },
  });
});

test('server path and arguments restart the server; other flakewise settings are sent', () => {
  const changed = (...sections: string[]) => (s: string) => sections.some((c) => c === s || c.startsWith(s + '.'));
  assert.equal(reactionTo(changed('flakewise.server.path', 'flakewise.server', 'flakewise')), 'restart');
  assert.equal(reactionTo(changed('flakewise.diagnostics.disabled')), 'notify');
  assert.equal(reactionTo(changed('flakewise.trace.server')), 'notify');
  assert.equal(reactionTo(changed('editor.fontSize')), 'none');
});

test('every setting has a description and a default', () => {
  for (const [key, value] of Object.entries(properties as Record<string, Record<string, unknown>>)) {
    assert.ok(value.markdownDescription || value.description, `${key} has no description`);
    assert.ok('default' in value, `${key} has no default`);
  }
});
