import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPTION_TREE_METHOD, requestFailureMessage, resultDocument } from '../src/requests';

test('a server without the method: the message says so in the server\'s words', () => {
  // What flakewise answers today (server/session.cpp), as vscode-jsonrpc's ResponseError carries it.
  const error = { code: -32601, message: 'method not supported: flakewise/optionTree' };
  assert.equal(
    requestFailureMessage('the option tree of the workspace', OPTION_TREE_METHOD, error),
    'flakewise: this version of the server cannot show the option tree of the workspace yet ' +
      '(flakewise/optionTree: method not supported: flakewise/optionTree).',
  );
});

test('other failures carry the server\'s message', () => {
  assert.equal(
    requestFailureMessage('the option tree', OPTION_TREE_METHOD, { code: -32603, message: 'evaluation failed' }),
    'flakewise: the option tree failed: evaluation failed',
  );
  assert.equal(requestFailureMessage('x', 'm', new Error('connection closed')), 'flakewise: x failed: connection closed');
  assert.equal(requestFailureMessage('x', 'm', 'odd'), 'flakewise: x failed: odd');
});

test('a result is shown as indented JSON', () => {
  assert.equal(resultDocument({ services: { beacon: { enable: {} } } }), '{\n  "services": {\n    "beacon": {\n      "enable": {}\n    }\n  }\n}\n');
  assert.equal(resultDocument(undefined), 'null\n');
});
