import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { emptyConfig } from '../../../src/core/config/types';
import { Store } from '../../../src/core/store/store';
import { launchRun } from '../../../src/core/tracking/launcher';
import { ParamError, substituteParams } from '../../../src/core/tracking/params';
import { mlops } from '../cli/runCli';
import { tempWorkspace } from '../tempWorkspace';

const sdkDir = path.resolve(__dirname, '../../../src/sdk/python');

/** Values an attacker (or an unlucky user) could pass with --param, a sweep or Run with Params. */
export const payloads = [
  '$(touch PWNED)',
  '`touch PWNED`',
  '; touch PWNED',
  '&& touch PWNED',
  '| touch PWNED',
  '\ntouch PWNED\n',
  "'",
  '"',
  '\\',
  'a\\',
  '\\"',
  "'; touch PWNED; echo '",
  '"; touch PWNED; echo "',
  "' $(touch PWNED) '",
  '" `touch PWNED` "',
  '$HOME',
  '${HOME}',
  '$((1+1))',
  '*',
  '~',
  'a b  c\td',
  '',
  '-n',
  'x=1',
  '#not a comment',
  '{a,b}',
  '[ab]',
  '!',
  'héllo ✓ 🚀 中文',
  '\r\n',
];

/**
 * One argument per position a placeholder can stand in: bare, in double quotes, in single quotes,
 * after --opt= (bare and quoted), next to other text, inside $(...); and one in a comment.
 */
const template =
  `python3 argv.py ` +
  `\${params.x} "\${params.x}" '\${params.x}' --opt=\${params.x} "--opt=\${params.x}" ` +
  `pre\${params.x}post "a \${params.x} b" 'a \${params.x} b' "$(printf '%s.' \${params.x})" ` +
  `"'\${params.x}'" '"\${params.x}"' # \${params.x}`;

const expected = (v: string) => [v, v, v, `--opt=${v}`, `--opt=${v}`, `pre${v}post`, `a ${v} b`, `a ${v} b`, `${v}.`, `'${v}'`, `"${v}"`];

test('no payload runs, in any position, and the program receives exactly the value', async () => {
  const root = tempWorkspace();
  const store = Store.open(root);
  // Prints its argv as JSON, one file per run, so runs can go five at a time.
  fs.writeFileSync(path.join(root, 'argv.py'), 'import json, os, sys\njson.dump(sys.argv[1:], open(os.environ["MLOPS_RUN_ID"] + ".json", "w"))\n');
  const probe = async (value: string) => {
    const command = substituteParams(template, { x: value });
    const run = launchRun({ workspaceRoot: root, store, config: emptyConfig(), command, experiment: 'probe', params: { x: value }, sdkDir });
    const outcome = await run.done;
    const log = fs.readFileSync(path.join(run.folder, 'output.log'), 'utf8');
    assert.equal(outcome.exitCode, 0, `${JSON.stringify(value)}: ${command}\n${log}`);
    const argv = JSON.parse(fs.readFileSync(path.join(root, `${run.runId}.json`), 'utf8'));
    assert.deepEqual(argv, expected(value), `${JSON.stringify(value)} through ${command}`);
  };
  for (let i = 0; i < payloads.length; i += 5) await Promise.all(payloads.slice(i, i + 5).map(probe));
  assert.ok(!fs.existsSync(path.join(root, 'PWNED')), 'a payload ran code');
  store.close();
});

test('harmless values are written without quote marks', () => {
  const cmd = 'python3 t.py --lr ${params.lr} --opt=${params.opt} "${params.name}" \'${params.tag}\' ${params.on}';
  assert.equal(
    substituteParams(cmd, { lr: 0.01, opt: 'adam', name: 'big model', tag: 'it', on: true }),
    `python3 t.py --lr 0.01 --opt=adam "big model" 'it' true`,
  );
  // A value the shell would read (a space, an `=` that could make a word an assignment) is quoted outside quotes.
  assert.equal(substituteParams('${params.a} ${params.b}', { a: 'x=1', b: '' }), `'x=1' ''`);
});

test('a placeholder where no value can be quoted safely is refused, naming what to write', () => {
  assert.throws(() => substituteParams('echo `echo ${params.x}`', { x: 1 }), (e) => e instanceof ParamError && /inside `...`.*\$\(\.\.\.\)/.test(e.message));
  assert.throws(() => substituteParams('echo ${X:-${params.x}}', { x: 1 }), /inside a \$\{\.\.\.\} expansion/);
  assert.throws(() => substituteParams("echo $'${params.x}'", { x: 1 }), /inside \$'\.\.\.'/);
  assert.throws(() => substituteParams('cat <<EOF\n${params.x}\nEOF', { x: 1 }), /here-document/);
  assert.throws(() => substituteParams('echo $((1 + ${params.x}))', { x: '1; touch PWNED' }), /whole number/);
  assert.equal(substituteParams('echo $((1 - ${params.x}))', { x: -2 }), 'echo $((1 - (-2)))');
  // An escaped `$` is the shell's literal text, not a placeholder.
  assert.equal(substituteParams('echo \\${params.x}', { x: 1 }), 'echo \\${params.x}');
});

test('mlops run --param and mlops sweep pass hostile values as data, through the real CLI', () => {
  const root = tempWorkspace();
  const hostile = ['$(touch PWNED)', '`touch PWNED`', "'; touch PWNED; '", '"; touch PWNED; "', '\ntouch PWNED'];
  fs.writeFileSync(path.join(root, 'argv.py'), 'import json, os, sys\njson.dump(sys.argv[1:], open(os.environ["MLOPS_RUN_ID"] + ".json", "w"))\n');
  fs.writeFileSync(
    path.join(root, 'mlops.json'),
    JSON.stringify({ runs: { probe: { command: `python3 argv.py "\${params.x}" '\${params.x}' \${params.x}`, params: { x: 'plain' }, sweep: { x: hostile } } } }),
  );
  const run = mlops(['run', 'probe', '--param', `x=${hostile[0]}`, '--json'], root);
  assert.equal(run.code, 0, run.stderr);
  const id = JSON.parse(run.stdout).id;
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(root, `${id}.json`), 'utf8')), [hostile[0], hostile[0], hostile[0]]);
  const sweep = mlops(['sweep', 'probe', '--json'], root);
  assert.equal(sweep.code, 0, sweep.stderr);
  const runs = JSON.parse(sweep.stdout).runs as { id: string; params: { x: string } }[];
  assert.deepEqual(runs.map((r) => r.params.x), hostile);
  for (const r of runs) assert.deepEqual(JSON.parse(fs.readFileSync(path.join(root, `${r.id}.json`), 'utf8')), [r.params.x, r.params.x, r.params.x]);
  assert.ok(!fs.existsSync(path.join(root, 'PWNED')));
});
