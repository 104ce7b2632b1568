// Data quality in the editor: "MLOps: Validate Data" puts each failed expectation in the Problems
// panel at the data file's lines and on the expectation in mlops.json.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, waitFor, workspaceUri } from './support';

suite('quality', () => {
  test('Validate Data marks unexpected rows at their lines and the failed expectation in mlops.json', async () => {
    const api = await activateExtension();
    const root = workspaceUri().fsPath;
    fs.writeFileSync(path.join(root, 'people.csv'), 'name,age\nada,36\nbob,-4\n"car\nol",41\ndan,250\n');
    const configFile = path.join(root, 'mlops.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    config.datasets = { ...config.datasets, people: 'people.csv' };
    config.expectations = { ...config.expectations, people: [{ expect: 'between', column: 'age', min: 0, max: 120 }, { expect: 'notNull', column: 'name' }] };
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
    await waitFor('the new mlops.json to be loaded', () => api.configProblems().length === 0 && fs.readFileSync(configFile, 'utf8').includes('people'));
    const data = vscode.Uri.file(path.join(root, 'people.csv'));
    const found = await waitFor('diagnostics on people.csv', async () => {
      await vscode.commands.executeCommand('mlops.validateData', 'people');
      const d = vscode.languages.getDiagnostics(data).filter((x) => x.source === 'MLOps data quality');
      return d.length ? d : undefined;
    });
    // bob (line 3) and dan (line 6: the quoted name spans lines 4-5) are out of range.
    assert.deepEqual(found.map((d) => d.range.start.line + 1).sort(), [3, 6]);
    assert.match(found[0].message, /between age: 2 of 4 rows unexpected/);
    assert.equal(found[0].severity, vscode.DiagnosticSeverity.Error);
    const onConfig = vscode.languages.getDiagnostics(vscode.Uri.file(configFile)).filter((x) => x.source === 'MLOps data quality');
    assert.equal(onConfig.length, 1);
    // The file as written (an open editor's copy may lag behind the disk).
    const lines = fs.readFileSync(configFile, 'utf8').split('\n');
    const { start, end } = onConfig[0].range;
    assert.match(lines.slice(start.line, end.line + 1).join('\n'), /"expect": "between"/);
  });
});
