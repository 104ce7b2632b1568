// Workspace contract: initialize, live config validation with located problems, overview panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, exists, waitFor, workspaceUri, type WorkbenchApi } from './support';

const CONFIG = 'mlops.json';

suite('workspace', () => {
  let api: WorkbenchApi;
  let root: vscode.Uri;
  let config: vscode.Uri;

  suiteSetup(async () => {
    api = await activateExtension();
    root = workspaceUri();
    config = vscode.Uri.joinPath(root, CONFIG);
    // The runner opens a throwaway copy of the workspace; start from an uninitialized one.
    await vscode.workspace.fs.delete(config).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, '.mlops'), { recursive: true }).then(undefined, () => undefined);
  });

  const write = (text: string) => vscode.workspace.fs.writeFile(config, Buffer.from(text, 'utf8'));

  test('Initialize Workspace writes mlops.json and .mlops/.gitignore', async () => {
    await vscode.commands.executeCommand('mlops.initWorkspace');
    await waitFor('mlops.json to be written', () => exists(config));
    const parsed = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(config)).toString('utf8'));
    for (const key of ['runs', 'datasets', 'expectations', 'monitors', 'models']) {
      assert.ok(key in parsed, `mlops.json has no "${key}" section: ${JSON.stringify(Object.keys(parsed))}`);
    }
    assert.ok(await exists(vscode.Uri.joinPath(root, '.mlops', '.gitignore')), '.mlops/.gitignore was not written');
    await waitFor('workspaceRoot() to be the opened folder', () => api.workspaceRoot() === root.fsPath);
  });

  test('a schema error in mlops.json is reported at its JSON path and line, and clears when fixed', async () => {
    // "command" sits on line 4 (1-based) of this text.
    await write('{\n  "runs": {\n    "train": {\n      "command": 5\n    }\n  }\n}\n');
    const problem = await waitFor('a problem at /runs/train/command', () =>
      api.configProblems().find((p) => p.path === '/runs/train/command'));
    assert.equal(problem.line, 4, `problem reported on line ${problem.line}: ${problem.message}`);
    assert.ok(problem.message.length > 0);

    await write('{\n  "runs": {\n    "train": {\n      "command": "python3 train.py"\n    }\n  }\n}\n');
    await waitFor('the problems to clear after the fix', () => api.configProblems().length === 0 || undefined);
  });

  test('a JSON syntax error is reported on its line, and clears when fixed', async () => {
    // The trailing comma on line 3 makes the parser fail at the closing brace on line 4.
    await write('{\n  "runs": {\n    "train": { "command": "python3 train.py" },\n  }\n}\n');
    const problem = await waitFor('a syntax problem', () => api.configProblems()[0]);
    assert.ok([3, 4].includes(problem.line), `syntax problem reported on line ${problem.line}: ${problem.message}`);

    await write('{\n  "runs": {\n    "train": { "command": "python3 train.py" }\n  }\n}\n');
    await waitFor('the problems to clear after the fix', () => api.configProblems().length === 0 || undefined);
  });

  test('what a command would refuse (a duplicate key, an invalid regex) is in the Problems panel at its line, as doctor lists it', async () => {
    await write(
      '{\n  "datasets": {"train": "train.csv"},\n  "runs": {"a": {"command": "x"}, "a": {"command": "y"}},\n' +
        '  "expectations": {"train": [\n    {"expect": "regex", "column": "id", "pattern": "[a-"}\n  ]}\n}\n',
    );
    const diagnostics = await waitFor('two diagnostics on mlops.json', () => {
      const d = vscode.languages.getDiagnostics(config);
      return d.length === 2 ? d : undefined;
    });
    const byLine = diagnostics.map((d) => [d.range.start.line + 1, d.message] as const).sort((x, y) => x[0] - y[0]);
    assert.equal(byLine[0][0], 3);
    assert.match(byLine[0][1], /^\/runs\/a: duplicate key "a" \(first at line 3\)/);
    assert.equal(byLine[1][0], 5);
    assert.match(byLine[1][1], /^\/expectations\/train\/0\/pattern: "pattern" is not a valid regular expression/);

    await write('{\n  "runs": {"a": {"command": "x"}}\n}\n');
    await waitFor('the problems to clear after the fix', () => vscode.languages.getDiagnostics(config).length === 0 || undefined);
  });

  test('Show Overview opens a tab labelled "MLOps Overview"', async () => {
    await vscode.commands.executeCommand('mlops.showOverview');
    const labels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    await waitFor(() => `a tab "MLOps Overview" (tabs: ${labels().join(', ')})`, () => labels().includes('MLOps Overview'));
  });
});
