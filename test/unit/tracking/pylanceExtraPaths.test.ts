import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parse } from 'jsonc-parser';
import { withExtraPath } from '../../../src/core/tracking/pylanceExtraPaths';

test('withExtraPath adds the folder once and keeps comments and other settings', () => {
  const first = withExtraPath('', '/ext/src/sdk/python');
  assert.ok(first.changed);
  assert.deepEqual(parse(first.text), { 'python.analysis.extraPaths': ['/ext/src/sdk/python'] });
  const again = withExtraPath(first.text, '/ext/src/sdk/python');
  assert.deepEqual(again, { text: first.text, changed: false }, 'a second run changes nothing');
  const mine = '{\n  // my font\n  "editor.fontSize": 14,\n  "python.analysis.extraPaths": ["lib"],\n}\n';
  const added = withExtraPath(mine, '/sdk');
  assert.match(added.text, /\/\/ my font/);
  assert.deepEqual(parse(added.text, [], { allowTrailingComma: true }), { 'editor.fontSize': 14, 'python.analysis.extraPaths': ['lib', '/sdk'] });
});

test('withExtraPath refuses a settings file it cannot edit safely, naming the file and the fix', () => {
  assert.throws(() => withExtraPath('{ "a": ', '/sdk'), /\.vscode\/settings\.json is not a JSON object \(\d+ syntax errors?\): fix it/);
  assert.throws(() => withExtraPath('[]', '/sdk'), /is not a JSON object/);
  assert.throws(() => withExtraPath('{ "python.analysis.extraPaths": "lib" }', '/sdk'), /"python\.analysis\.extraPaths" in \.vscode\/settings\.json is not a list of folders/);
});
