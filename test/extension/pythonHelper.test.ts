// The Python helper wherever the editor runs Python: a terminal's PYTHONPATH, a Python debug launch's
// PYTHONPATH, and "MLOps: Make the Python Helper Importable" both ways (a .pth file into a real virtual environment; Pylance's
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

  // The Python Debugger extension (and debugpy) cannot be installed offline here, so no session
  // starts: the test starts one through VS Code's debug service, which runs every provider of the
  // type in turn (ours among them), and a provider for '*' (run after all the typed ones) records the
  // configuration the debug adapter would get and cancels the launch. debugpy starts the program with
  // the configuration's env over its own, which the check below does with python3.
  for (const type of ['debugpy', 'python']) {
    test(`a ${type} launch gets the helper's folder first on PYTHONPATH, keeping the configuration's; attach is left alone`, async () => {
      const resolved: vscode.DebugConfiguration[] = [];
      const recorder = vscode.debug.registerDebugConfigurationProvider('*', {
        resolveDebugConfigurationWithSubstitutedVariables(_folder, config) {
          resolved.push(config);
          return undefined; // cancels the launch: there is no adapter to start
        },
      });
      const own = path.join(scratch, 'own-modules');
      try {
        const folder = vscode.workspace.workspaceFolders?.[0];
        const program = path.join(scratch, 'debugged.py');
        fs.writeFileSync(program, 'import mlops_workbench\n');
        await vscode.debug.startDebugging(folder, { type, request: 'launch', name: 'helper on the debug path', program, env: { PYTHONPATH: own, KEPT: '1' } });
        const launch = await waitFor(`the ${type} launch configuration to be resolved`, () => resolved[0]);
        const env = launch.env as Record<string, string>;
        assert.equal(env.KEPT, '1');
        const entries = env.PYTHONPATH.split(path.delimiter);
        assert.equal(entries.length, 2, env.PYTHONPATH);
        assert.ok(fs.existsSync(path.join(entries[0], 'mlops_workbench.py')), `${entries[0]} holds the helper`);
        assert.equal(entries[1], own);
        const run = spawnSync('python3', [program], { env: { ...withoutPythonPath(), ...env }, encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        // Nothing set: PYTHONPATH is the helper's folder alone (no empty entry, which Python reads as the current directory).
        await vscode.debug.startDebugging(folder, { type, request: 'launch', name: 'no env', program });
        const bare = await waitFor('the launch without env to be resolved', () => resolved[1]);
        assert.equal((bare.env as Record<string, string>).PYTHONPATH, entries[0]);
        await vscode.debug.startDebugging(folder, { type, request: 'attach', name: 'attach', connect: { host: '127.0.0.1', port: 5678 } });
        const attach = await waitFor('the attach configuration to be resolved', () => resolved[2]);
        assert.equal(attach.env, undefined, 'an attach configuration starts no process: nothing to add');
      } finally {
        recorder.dispose();
      }
    });
  }

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
