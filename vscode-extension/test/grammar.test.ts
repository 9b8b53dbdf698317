// Tokenizes Nix with our TextMate grammar through vscode-textmate (the
// engine VS Code uses) and checks the scopes of the pieces that matter.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = path.resolve(__dirname, '..', '..');
let grammar: textmate.IGrammar;

before(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== 'source.nix') return null;
      const file = path.join(root, 'syntaxes', 'nix.tmLanguage.json');
      return textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  const g = await registry.loadGrammar('source.nix');
  assert.ok(g, 'grammar did not load');
  grammar = g;
});

/** Each token of TEXT as "text: innermost scope" (whitespace left out). */
function tokens(text: string): string[] {
  let state = textmate.INITIAL;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const piece = line.slice(t.startIndex, t.endIndex);
      if (piece.trim() === '') continue;
      out.push(`${piece}: ${t.scopes[t.scopes.length - 1]}`);
    }
    state = r.ruleStack;
  }
  return out;
}

function scopeOf(text: string, piece: string): string[] {
  let state = textmate.INITIAL;
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) if (line.slice(t.startIndex, t.endIndex) === piece) return t.scopes;
    state = r.ruleStack;
  }
  throw new Error(`no token ${JSON.stringify(piece)} in ${JSON.stringify(tokens(text))}`);
}

test('comments', () => {
  assert.deepEqual(tokens('# a comment'), ['#: punctuation.definition.comment.nix', ' a comment: comment.line.number-sign.nix']);
  assert.ok(scopeOf('/* multi\nline */ 1', 'line ').includes('comment.block.nix'));
  assert.equal(scopeOf('/* c */ 1', '1').at(-1), 'constant.numeric.integer.nix');
});

test('strings, escapes and interpolation (nested braces)', () => {
  const text = '"a\\n${ { x = 1; }.x } b"';
  assert.equal(scopeOf(text, '\\n').at(-1), 'constant.character.escape.nix');
  assert.equal(scopeOf(text, '${').at(-1), 'punctuation.section.embedded.begin.nix');
  assert.equal(scopeOf(text, 'x').at(-1), 'entity.other.attribute-name.nix');
  assert.equal(scopeOf(text, ' b').at(-1), 'string.quoted.double.nix');
});

test('indented strings end at \'\' but not at their escapes', () => {
  const text = "''\n  a '''quoted''' ''${not} ${x}\n'' + 1";
  assert.equal(scopeOf(text, "'''").at(-1), 'constant.character.escape.nix');
  assert.equal(scopeOf(text, "''$").at(-1), 'constant.character.escape.nix');
  assert.equal(scopeOf(text, 'x').at(-1), 'variable.other.nix');
  assert.ok(scopeOf(text, 'x').includes('meta.embedded.interpolation.nix'));
  assert.equal(scopeOf(text, '1').at(-1), 'constant.numeric.integer.nix');
});

test('keywords, constants, builtins, parameters, bindings', () => {
  const text = 'let f = x: if x then null else import ./a.nix; in rec { a.b."c" = true; inherit (f) g; }';
  assert.equal(scopeOf(text, 'let').at(-1), 'keyword.control.nix');
  assert.equal(scopeOf(text, 'f').at(-1), 'entity.other.attribute-name.nix');
  assert.equal(scopeOf(text, 'x').at(-1), 'variable.parameter.nix');
  assert.equal(scopeOf(text, 'null').at(-1), 'constant.language.nix');
  assert.equal(scopeOf(text, 'import').at(-1), 'support.function.builtin.nix');
  assert.equal(scopeOf(text, './a.nix').at(-1), 'string.unquoted.path.nix');
  assert.equal(scopeOf(text, 'rec').at(-1), 'keyword.other.nix');
  assert.equal(scopeOf(text, 'a').at(-1), 'entity.other.attribute-name.nix');
  assert.equal(scopeOf(text, 'inherit').at(-1), 'keyword.other.nix');
});

test('paths, URIs, numbers and operators', () => {
  assert.equal(scopeOf('<nixpkgs/lib>', '<nixpkgs/lib>').at(-1), 'string.unquoted.path.search.nix');
  assert.equal(scopeOf('~/src/x', '~/src/x').at(-1), 'string.unquoted.path.nix');
  assert.equal(scopeOf('https://example.org/a?b=c', 'https://example.org/a?b=c').at(-1), 'string.unquoted.uri.nix');
  assert.equal(scopeOf('1.5e3', '1.5e3').at(-1), 'constant.numeric.float.nix');
  assert.equal(scopeOf('a // b', '//').at(-1), 'keyword.operator.nix');
  assert.equal(scopeOf('a == b', '==').at(-1), 'keyword.operator.nix');
  assert.equal(scopeOf('{ a, ... }: a', '...').at(-1), 'keyword.operator.ellipsis.nix');
});

test('the bundled example highlights without leaving its last line inside a string or comment', () => {
  const file = path.join(root, '..', 'examples', 'nur-flake', 'modules', 'lanternd.nix');
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  let state = textmate.INITIAL;
  let last: string[] = [];
  for (const line of lines) {
    const r = grammar.tokenizeLine(line, state);
    last = r.tokens[r.tokens.length - 1].scopes;
    state = r.ruleStack;
  }
  assert.deepEqual(last, ['source.nix', 'punctuation.definition.attrset.end.nix']);
});
