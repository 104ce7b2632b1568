// A password in mlops.json's team.database is a located config problem that never repeats it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { formatProblem, loadConfig, parseConfigText } from '../../../src/core/config/loadConfig';
import { tempWorkspace } from '../tempWorkspace';

const withDatabase = (url: string) => JSON.stringify({ team: { database: url } }, null, 2) + '\n';

it('a password in team.database is reported at its line with the fix, without the password', () => {
  const root = tempWorkspace();
  fs.writeFileSync(path.join(root, 'mlops.json'), withDatabase('postgresql://ada:correct-horse@db.example.com:5432/team'));
  const problems = loadConfig(root).problems.map((p) => formatProblem('mlops.json', p));
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0], /^mlops\.json:3:17 \/team\/database: /);
  assert.match(problems[0], /remove the password: use PGPASSWORD, ~\/\.pgpass or MLOPS_TEAM_DATABASE/);
  assert.match(problems[0], /postgresql:\/\/ada@db\.example\.com:5432\/team/);
  assert.ok(!problems[0].includes('correct-horse'), problems[0]);
});

it('a password given as a parameter is reported too', () => {
  const { problems } = parseConfigText(withDatabase('postgresql://ada@db/team?sslmode=require&password=p%40ss'));
  assert.equal(problems.length, 1);
  assert.ok(!problems[0].message.includes('p%40ss') && !problems[0].message.includes('p@ss'), problems[0].message);
});

it('a URL without a password is no problem', () => {
  assert.deepEqual(parseConfigText(withDatabase('postgresql://ada@db.example.com/team')).problems, []);
});
