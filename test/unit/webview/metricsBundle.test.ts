// The Metrics panel opens as a run starts, and its bundle's size is most of its start that is ours
// (fetched through the webview's service worker, then parsed): its charts are written in Vega so that
// Vega-Lite's compiler stays out of it. Built here as esbuild.js builds it, and read from the metafile.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '..', '..', '..');

test('the metrics webview bundle leaves Vega-Lite out, and still has Vega', async () => {
  const result = await build({
    entryPoints: [path.join(root, 'webview', 'metrics', 'main.ts')],
    bundle: true,
    write: false,
    metafile: true,
    outdir: path.join(root, 'out', 'bundle-check'),
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const from = (pkg: string) => inputs.filter((f) => f.includes(`node_modules/${pkg}/`));
  assert.deepEqual(from('vega-lite'), []);
  assert.ok(from('vega-parser').length > 0 && from('vega-interpreter').length > 0, 'Vega and its interpreter draw the charts');
});
