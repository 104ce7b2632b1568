// The Python helper wherever the editor runs Python: a terminal's PYTHONPATH, and "MLOps: Make the
// Python Helper Importable" both ways (a .pth file into a real virtual environment; Pylance's
// python.analysis.extraPaths in the workspace settings).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, waitFor, workspaceUri } from './support';

interface Outcome {
  way: string;
  file: string;
  message: string;
}

const withoutPythonPath = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.PYTHONPATH;
  return env;
};

suite('python helper', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-python-helper-'));
  suiteSetup(() => activateExtension());
  suiteTeardown(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test('a terminal imports mlops_workbench (its folder is on PYTHONPATH)', async () => {
    const out = path.join(scratch, 'terminal.txt');
    const terminal = vscode.window.createTerminal({
      name: 'helper import',
      shellPath: 'python3',
      shellArgs: ['-c', `import mlops_workbench; open(${JSON.stringify(out)}, "w").write(mlops_workbench.__file__)`],
    });
    try {
      const file = await waitFor('the terminal\'s python3 to write where it imported the helper from', () => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : undefined));
      assert.equal(path.basename(file), 'mlops_workbench.py');
    } finally {
      terminal.dispose();
    }
  });

  test('the .pth way makes a virtual environment import the helper without PYTHONPATH', async () => {
    const venv = path.join(scratch, 'venv');
    execFileSync('python3', ['-m', 'venv', '--without-pip', venv]);
    const python = path.join(venv, 'bin', 'python');
    const importHelper = () => spawnSync(python, ['-c', 'import mlops_workbench'], { env: withoutPythonPath(), encoding: 'utf8' });
    assert.notEqual(importHelper().status, 0, 'a fresh environment cannot import it');
    const outcome = await vscode.commands.executeCommand<Outcome | undefined>('mlops.makePythonHelperImportable', { way: 'pth', python });
    assert.equal(outcome?.way, 'pth');
    assert.ok(outcome.file.startsWith(venv) && outcome.file.endsWith('mlops_workbench.pth'), outcome.file);
    const after = importHelper();
    assert.equal(after.status, 0, after.stderr);
  });

  test('the extraPaths way adds the helper\'s folder to python.analysis.extraPaths once, keeping the settings', async () => {
    const settings = path.join(workspaceUri().fsPath, '.vscode', 'settings.json');
    const before = fs.existsSync(settings) ? fs.readFileSync(settings, 'utf8') : undefined;
    try {
      fs.mkdirSync(path.dirname(settings), { recursive: true });
      fs.writeFileSync(settings, '{\n  // kept\n  "files.trimTrailingWhitespace": true\n}\n');
      const first = await vscode.commands.executeCommand<Outcome | undefined>('mlops.makePythonHelperImportable', { way: 'extraPaths' });
      assert.equal(first?.file, settings);
      const text = fs.readFileSync(settings, 'utf8');
      assert.match(text, /\/\/ kept/);
      const extraPaths = (JSON.parse(text.replace(/^\s*\/\/.*$/m, '')) as Record<string, string[]>)['python.analysis.extraPaths'];
      assert.equal(extraPaths.length, 1);
      assert.ok(fs.existsSync(path.join(extraPaths[0], 'mlops_workbench.py')), `${extraPaths[0]} holds the helper`);
      await vscode.commands.executeCommand('mlops.makePythonHelperImportable', { way: 'extraPaths' });
      assert.equal(fs.readFileSync(settings, 'utf8'), text, 'a second run changes nothing');
    } finally {
      if (before === undefined) fs.rmSync(settings, { force: true });
      else fs.writeFileSync(settings, before);
    }
  });
});
