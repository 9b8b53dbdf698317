// The manifest and the code agree: contributed commands are registered,
// the language is contributed with its configuration and grammar.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import manifest from '../package.json';

const root = path.resolve(__dirname, '..', '..');
const source = fs.readFileSync(path.join(root, 'src', 'extension.ts'), 'utf8');

test('every contributed command is registered, and only those', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(registered, contributed);
  assert.deepEqual(contributed, ['flakewise.restartServer', 'flakewise.showOptionTree', 'flakewise.showServerLog']);
});

test('the nix language: *.nix, comments and brackets, our grammar', () => {
  const [lang] = manifest.contributes.languages;
  assert.equal(lang.id, 'nix');
  assert.deepEqual(lang.extensions, ['.nix']);
  const config = JSON.parse(fs.readFileSync(path.join(root, lang.configuration), 'utf8'));
  assert.deepEqual(config.comments, { lineComment: '#', blockComment: ['/*', '*/'] });
  assert.deepEqual(config.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
  assert.ok(config.autoClosingPairs.some((p: { open: string }) => p.open === "''"));
  const [grammar] = manifest.contributes.grammars;
  assert.equal(grammar.language, 'nix');
  const tm = JSON.parse(fs.readFileSync(path.join(root, grammar.path), 'utf8'));
  assert.equal(tm.scopeName, grammar.scopeName);
  assert.ok(manifest.activationEvents.includes('onLanguage:nix'));
});

test('packaging needs a license and a repository', () => {
  assert.ok(fs.existsSync(path.join(root, 'LICENSE')));
  assert.ok(manifest.repository.url);
  assert.equal(manifest.main, './dist/extension.js');
});
