// Data quality in the editor: "MLOps: Validate Data" puts each failed expectation in the Problems
// panel at the data file's lines and on the expectation in mlops.json; every new dataset version is
// validated on its own, its result stored, and shown as diagnostics and a badge in the Datasets tree.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { latestVersion } from '../../src/core/data/datasetVersions';
import { latestValidation } from '../../src/core/quality/validationStore';
import { Store } from '../../src/core/store/store';
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

  test('a new version is validated on its own: result stored, diagnostics at its lines, a badge in the Datasets tree', async () => {
    const api = await activateExtension();
    const root = workspaceUri().fsPath;
    const data = path.join(root, 'people.csv');
    const configFile = path.join(root, 'mlops.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    config.datasets = { ...config.datasets, people: 'people.csv' };
    config.expectations = { ...config.expectations, people: [{ expect: 'between', column: 'age', min: 0, max: 120 }] };
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
    await waitFor('the new mlops.json to be loaded', () => api.configProblems().length === 0);
    const store = Store.open(root);
    try {
      const versionNow = async (content: string) => {
        fs.writeFileSync(data, content);
        const hash = createHash('sha256').update(content).digest('hex');
        // The watcher may version it first; either way the latest version holds this content.
        return waitFor('a version of the new content', async () => {
          await vscode.commands.executeCommand('mlops.versionNow', 'people');
          const v = latestVersion(store, 'people', 'people.csv');
          return v?.hash === hash ? v : undefined;
        });
      };
      const quality = () => vscode.languages.getDiagnostics(vscode.Uri.file(data)).filter((x) => x.source === 'MLOps data quality');

      // The only bad age is on line 5.
      const bad = await versionNow('name,age\nada,36\nbob,41\ncy,30\ndan,-1\n');
      const stored = await waitFor('the validation of the new version to be stored', () => latestValidation(store, bad.id), 20_000);
      assert.equal(stored.result.success, false);
      assert.deepEqual(stored.result.results[0].unexpectedRows, [{ line: 5, value: '-1' }]);
      const lines = await waitFor('diagnostics at line 5 only', () => {
        const l = quality().map((d) => d.range.start.line + 1);
        return l.length === 1 && l[0] === 5 ? l : undefined;
      });
      assert.deepEqual(lines, [5]);
      assert.match(quality()[0].message, /between age: 1 of 4 rows unexpected/);
      const failRow = await waitFor('a fail badge on the new version', () => api.datasetRows().find((r) => r.id === `version:${bad.id}` && r.icon === 'error'), 15_000);
      assert.match(failRow.description, /fails 1/);
      assert.match(failRow.tooltip, /between age: 1 of 4 rows unexpected/);
      assert.match(api.datasetRows().find((r) => r.id === 'dataset:people')!.description, /fails 1/, 'the dataset shows its latest version failing');

      // Fixed: the next version passes, the diagnostics go, the badge turns to pass.
      const good = await versionNow('name,age\nada,36\nbob,41\ncy,30\ndan,1\n');
      await waitFor('the diagnostics to be cleared', () => quality().length === 0, 20_000);
      assert.equal(latestValidation(store, good.id)?.result.success, true);
      const passRow = await waitFor('a pass badge on the fixed version', () => api.datasetRows().find((r) => r.id === `version:${good.id}` && r.icon === 'pass'), 15_000);
      assert.match(passRow.description, /passes/);
      assert.equal(api.datasetRows().find((r) => r.id === `version:${bad.id}`)?.icon, 'error', 'the old version keeps its own badge');
      assert.match(api.datasetRows().find((r) => r.id === 'dataset:people')!.description, /passes/);

      // Tighter expectations in mlops.json: the latest version is checked again and now fails at lines 2 and 3.
      config.expectations.people = [{ expect: 'between', column: 'age', min: 0, max: 30 }];
      fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
      const again = await waitFor('diagnostics at lines 2 and 3 after the edit', () => {
        const l = quality().map((d) => d.range.start.line + 1).sort();
        return l.join() === '2,3' ? l : undefined;
      }, 20_000);
      assert.deepEqual(again, [2, 3]);
      assert.deepEqual(latestValidation(store, good.id)?.expectations, config.expectations.people);
      await waitFor('the fixed version to show a fail badge now', () => api.datasetRows().find((r) => r.id === `version:${good.id}` && r.icon === 'error'), 15_000);
      // Removing the expectations removes their diagnostics.
      delete config.expectations.people;
      fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
      await waitFor('the diagnostics to go with the expectations', () => quality().length === 0, 20_000);
      // Put back, they show again from the stored result of that same check (no new validation row).
      const rows = () => (store.db.prepare('SELECT COUNT(*) AS n FROM validations WHERE dataset_version_id = ?').get(good.id) as { n: number }).n;
      const before = rows();
      config.expectations.people = [{ expect: 'between', column: 'age', min: 0, max: 30 }];
      fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
      await waitFor('the diagnostics back at lines 2 and 3', () => quality().map((d) => d.range.start.line + 1).sort().join() === '2,3', 20_000);
      // Once every check the edit started has ended, none of them wrote a row.
      await api.settled();
      assert.equal(rows(), before);
    } finally {
      store.close();
    }
  });
});
