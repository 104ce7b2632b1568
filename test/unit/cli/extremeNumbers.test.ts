// The built CLI on numbers at the edge of a double: profile and expectations suggest finish (exit 0)
// with the histogram left out and said why; --json writes infinite figures as "Infinity".
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempWorkspace } from '../tempWorkspace';
import { mlops } from './runCli';

function workspace(file: string, text: string): string {
  const root = fs.realpathSync(tempWorkspace());
  fs.mkdirSync(path.join(root, 'data'));
  fs.writeFileSync(path.join(root, 'data', file), text);
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify({ datasets: { wide: `data/${file}` } }));
  return root;
}

const tables: [string, string][] = [
  ['wide.csv', 'x,y\n1e308,1\n-1e308,2\n1.7e308,3\n-1.7e308,4\n'],
  ['wide.jsonl', '{"x": 1e308, "y": 1}\n{"x": -1e308, "y": 2}\n{"x": 1.7e308, "y": 3}\n{"x": -1.7e308, "y": 4}\n'],
];

for (const [file, text] of tables) {
  test(`mlops profile ${file}: exit 0, a note instead of the histogram, every other figure, "Infinity" in --json`, () => {
    const root = workspace(file, text);
    const shown = mlops(['profile', `data/${file}`], root);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^x: No histogram: the range from -1\.7e\+308 to 1\.7e\+308 is wider than the largest number/m);
    assert.doesNotMatch(shown.stderr, /RangeError|at /);
    const json = mlops(['profile', 'wide', '--json'], root);
    assert.equal(json.code, 0, json.stderr);
    assert.match(json.stdout, /"std": "Infinity"/);
    const [x, y] = JSON.parse(json.stdout).columns;
    assert.deepEqual([x.histogram, x.min, x.max, x.mean, x.std, x.count], [null, -1.7e308, 1.7e308, 0, 'Infinity', 4]);
    assert.match(x.histogramNote, /^No histogram: /);
    assert.deepEqual(y.histogram.counts.reduce((a: number, b: number) => a + b, 0), 4);
  });

  test(`mlops expectations suggest on ${file}: the suggestions, exit 0`, () => {
    const root = workspace(file, text);
    const r = mlops(['expectations', 'suggest', 'wide', '--json'], root);
    assert.equal(r.code, 0, r.stderr);
    const added = JSON.parse(r.stdout).added as { expect: string; column?: string }[];
    assert.ok(added.some((e) => e.expect === 'notNull' && e.column === 'x'));
  });
}

test('mlops profile: a repeated 1.5e308 has a histogram whose counts sum to the count', () => {
  const root = workspace('same.csv', 'x\n' + '1.5e308\n'.repeat(5));
  const r = mlops(['profile', 'data/same.csv', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const [x] = JSON.parse(r.stdout).columns;
  assert.deepEqual(x.histogram.counts, [5]);
  assert.ok(x.histogram.edges[0] < 1.5e308 && x.histogram.edges[1] > 1.5e308);
});
