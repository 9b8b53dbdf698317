import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressTracker, ProgressValue, StatusView, progressMiddleware } from '../src/progress';

test('the status bar shows a task from begin to end, with percentage and message', () => {
  const t = new ProgressTracker();
  assert.equal(t.view(), undefined);
  t.update('idx', { kind: 'begin', title: 'Indexing', percentage: 0 });
  assert.deepEqual(t.view(), { text: '$(sync~spin) flakewise: Indexing 0%', tooltip: 'Indexing 0%' });
  t.update('idx', { kind: 'report', message: 'modules/beacon.nix', percentage: 41.6 });
  assert.deepEqual(t.view(), {
    text: '$(sync~spin) flakewise: Indexing 42%',
    tooltip: 'Indexing 42%: modules/beacon.nix',
  });
  t.update('idx', { kind: 'end' });
  assert.equal(t.view(), undefined);
  assert.equal(t.active, 0);
});

test('several tasks: the oldest is shown, the others counted', () => {
  const t = new ProgressTracker();
  t.update(1, { kind: 'begin', title: 'Indexing' });
  t.update('opts', { kind: 'begin', title: 'Evaluating options', message: 'nixpkgs' });
  assert.equal(t.view()?.text, '$(sync~spin) flakewise: Indexing (+1)');
  assert.equal(t.view()?.tooltip, 'Indexing\nEvaluating options: nixpkgs');
  t.update('1', { kind: 'end' }); // numeric and string tokens are the same token
  assert.equal(t.view()?.text, '$(sync~spin) flakewise: Evaluating options');
});

test('reports without a begin, or after the end, are ignored; clear forgets all', () => {
  const t = new ProgressTracker();
  t.update('x', { kind: 'report', message: 'stray' });
  assert.equal(t.view(), undefined);
  t.update('x', { kind: 'begin', title: 'Indexing', percentage: 150 });
  assert.equal(t.view()?.text, '$(sync~spin) flakewise: Indexing 100%');
  t.clear();
  assert.equal(t.view(), undefined);
});

test('the middleware renders every value and passes only the end on to the client', () => {
  const t = new ProgressTracker();
  const rendered: (StatusView | undefined)[] = [];
  const passed: [string | number, ProgressValue][] = [];
  const handle = progressMiddleware(t, (v) => rendered.push(v));
  const next = (token: string | number, value: ProgressValue) => passed.push([token, value]);
  handle('w', { kind: 'begin', title: 'Indexing', percentage: 10 }, next);
  handle('w', { kind: 'report', percentage: 50 }, next);
  handle('w', { kind: 'end', message: 'done' }, next);
  assert.deepEqual(
    rendered.map((v) => v?.text),
    ['$(sync~spin) flakewise: Indexing 10%', '$(sync~spin) flakewise: Indexing 50%', undefined],
  );
  assert.deepEqual(passed, [['w', { kind: 'end', message: 'done' }]]);
});
