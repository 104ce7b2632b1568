// What a user installs: the VSIX must carry every bundle the extension and the CLI load at run time
// (an installed extension without dist/worker.js could not profile, validate or version big files,
// while the development folder worked), and a manifest the Marketplace accepts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const require = createRequire(__filename);
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  bin: Record<string, string>;
  enabledApiProposals?: string[];
};

// `vsce ls` applies .vscodeignore and the dependency walk exactly as `vsce package` does.
const packed = new Set(
  execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'ls'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean),
);
const { shippedBundles } = require(path.join(root, 'esbuild.js')) as { shippedBundles: string[] };
const rel = (p: string) => path.posix.normalize(p.replace(/^\.\//, ''));

test('every bundle esbuild builds for run time is built and packed', () => {
  assert.ok(shippedBundles.includes('dist/worker.js'), 'the worker bundle is among the shipped bundles');
  for (const b of shippedBundles) {
    assert.ok(fs.existsSync(path.join(root, b)), `${b} is built (node esbuild.js)`);
    assert.ok(packed.has(b), `${b} is in the VSIX (vsce ls); let it in through .vscodeignore`);
  }
});

test('every JavaScript file in dist/ is packed, and no source map, TypeScript source or test is', () => {
  const inDist = fs.readdirSync(path.join(root, 'dist'), { recursive: true }).map(String).filter((f) => f.endsWith('.js')).map((f) => `dist/${f.split(path.sep).join('/')}`);
  for (const f of inDist) assert.ok(packed.has(f), `${f} is in dist/ but not in the VSIX`);
  for (const f of packed) assert.ok(!/\.(map|ts)$/.test(f) || f.endsWith('.d.ts'), `${f} should stay out of the VSIX`);
  assert.ok(![...packed].some((f) => f.startsWith('test/') || f.startsWith('out/')), 'tests stay out of the VSIX');
});

test('the manifest entry point, the CLI and the files bin/mlops runs are packed', () => {
  assert.ok(packed.has(rel(manifest.main)), `${manifest.main} (main) is packed`);
  for (const bin of Object.values(manifest.bin)) assert.ok(packed.has(rel(bin)), `${bin} (bin) is packed`);
  for (const shim of ['bin/mlops', 'bin/mlops.cmd']) {
    assert.ok(packed.has(shim), `${shim} is packed`);
    for (const m of fs.readFileSync(path.join(root, shim), 'utf8').matchAll(/dist[/\\][\w/\\.-]+\.js/g)) {
      assert.ok(packed.has(m[0].replace(/\\/g, '/')), `${shim} runs ${m[0]}, which is packed`);
    }
  }
  assert.ok(packed.has('node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 'the native SQLite binding is packed');
  assert.ok(packed.has('src/sdk/python/mlops_workbench.py'), 'the Python helper is packed');
});

test('the manifest declares no proposed API (the Marketplace refuses an extension that does)', () => {
  assert.equal(manifest.enabledApiProposals, undefined);
});
