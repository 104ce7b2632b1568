// The Profile panel's messages: what core produces passes the guards; anything malformed is dropped.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { profileFile } from '../../../src/core/quality/profile';
import { profileColumns } from '../../../src/core/quality/profileCompare';
import type { ProfileData } from '../../../src/shared/profileData';
import { parseProfileToHost, parseProfileToWebview } from '../../../src/shared/protocol';
import { tempWorkspace } from '../tempWorkspace';

async function data(): Promise<ProfileData> {
  const dir = tempWorkspace();
  const a = path.join(dir, 'a.csv');
  const b = path.join(dir, 'b.csv');
  fs.writeFileSync(a, 'age,city,when,ok\n31,Paris,2024-01-02,true\n,Lyon,2024-02-03,false\n45,Paris,,true\n');
  fs.writeFileSync(b, 'age,city,score\n30,Nice,0.5\n52,Paris,1.5\n');
  const profiles = [await profileFile(a), await profileFile(b)];
  return {
    subjects: profiles.map((p, i) => ({ label: `people:data/p.csv@${i + 1}`, rows: p.rows, columns: p.columns.length, raggedRows: p.raggedRows, format: p.format })),
    columns: profileColumns(profiles),
    choices: [{ id: 'working', label: 'working file' }, { id: 'v7', label: 'v1' }],
    comparedWith: 'v7',
  };
}

test('a profile built by core passes the webview guard, one subject or two', async () => {
  const d = await data();
  assert.ok(parseProfileToWebview({ type: 'profile', data: d }));
  const one: ProfileData = { ...d, subjects: d.subjects.slice(0, 1), columns: d.columns.filter((c) => c.only !== 1).map((c) => ({ ...c, only: undefined, sides: c.sides.slice(0, 1), histogram: c.histogram && { ...c.histogram, counts: c.histogram.counts.slice(0, 1) }, top: c.top.map((t) => ({ ...t, counts: t.counts.slice(0, 1) })) })), comparedWith: null };
  // `only: undefined` is an absent field to the guard, as after postMessage.
  assert.ok(parseProfileToWebview({ type: 'profile', data: JSON.parse(JSON.stringify(one)) }));
});

test('statistics may be NaN or infinite (postMessage keeps them), counts may not', async () => {
  const d = await data();
  const age = d.columns.find((c) => c.name === 'age')!;
  age.sides[0]!.mean = Number.NaN;
  age.sides[0]!.max = Number.POSITIVE_INFINITY;
  assert.ok(parseProfileToWebview({ type: 'profile', data: d }));
  age.sides[0]!.count = -1;
  assert.equal(parseProfileToWebview({ type: 'profile', data: d }), undefined);
});

test('malformed profiles are dropped', async () => {
  const bad: [string, (d: ProfileData) => void][] = [
    ['three subjects', (d) => d.subjects.push(d.subjects[0], d.subjects[0])],
    ['a column with one side of two', (d) => d.columns[0].sides.pop()],
    ['histogram counts not matching the edges', (d) => d.columns.find((c) => c.histogram)!.histogram!.counts[0].push(1)],
    ['a top value with one count of two', (d) => d.columns.find((c) => c.top.length)!.top[0].counts.pop()],
    ['an unknown column type', (d) => ((d.columns[0].sides[0] as { type: string }).type = 'decimal')],
    ['a null share above 1', (d) => (d.columns[0].sides[0]!.nullShare = 1.5)],
    ['an extra field', (d) => ((d.columns[0] as unknown as Record<string, unknown>).html = '<b>')],
    ['no choices list', (d) => delete (d as Partial<ProfileData>).choices],
  ];
  for (const [what, spoil] of bad) {
    const d = await data();
    spoil(d);
    assert.equal(parseProfileToWebview({ type: 'profile', data: d }), undefined, what);
  }
});

test('progress and error messages', () => {
  assert.ok(parseProfileToWebview({ type: 'progress', label: 'train.csv', fraction: 0.5 }));
  assert.equal(parseProfileToWebview({ type: 'progress', label: 'train.csv', fraction: 1.5 }), undefined);
  assert.equal(parseProfileToWebview({ type: 'progress', fraction: 0.5 }), undefined);
  assert.ok(parseProfileToWebview({ type: 'error', message: 'train.csv:3: unclosed quote' }));
  assert.equal(parseProfileToWebview({ type: 'error' }), undefined);
  assert.equal(parseProfileToWebview({ type: 'series' }), undefined);
});

test('webview to host: ready, a compare target or none, export', () => {
  assert.deepEqual(parseProfileToHost({ type: 'ready' }), { type: 'ready' });
  assert.ok(parseProfileToHost({ type: 'compareWith', target: 'v12' }));
  assert.ok(parseProfileToHost({ type: 'compareWith', target: null }));
  assert.equal(parseProfileToHost({ type: 'compareWith', target: '' }), undefined);
  assert.equal(parseProfileToHost({ type: 'compareWith', target: 12 }), undefined);
  assert.equal(parseProfileToHost({ type: 'compareWith' }), undefined);
  assert.ok(parseProfileToHost({ type: 'export' }));
  assert.equal(parseProfileToHost({ type: 'export', content: 'x' }), undefined);
  assert.equal(parseProfileToHost({ type: 'runCommand', command: 'workbench.action.terminal.new' }), undefined);
  assert.equal(parseProfileToHost('ready'), undefined);
});
