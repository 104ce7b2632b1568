// Bundles: the extension (CJS for VS Code's Node), the `mlops` CLI, one browser bundle per webview
// panel, and the extension-host test suite. `--watch` rebuilds on change; `--production` minifies.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// better-sqlite3 is native: it loads from node_modules at run time (and may fail, see store/driver).
const nodeExternals = ['vscode', 'better-sqlite3', 'mocha'];

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  // Prefer ESM entry points: jsonc-parser's UMD build hides its requires from the bundler.
  mainFields: ['module', 'main'],
};

const webviews = fs
  .readdirSync(path.join(__dirname, 'webview'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(__dirname, 'webview', d.name, 'main.ts')))
  .map((d) => d.name);

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals },
  // The CLI: dist/cli.js is the small executable that runs dist/cli-main.js through V8's code cache (src/cli/launcher.ts).
  // No import() left in it (esbuild turns each into a require): V8 loses a script's dynamic-import
  // handler when the script comes from the code cache, and such a call would throw.
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals, supported: { 'dynamic-import': false } },
  {
    ...common,
    entryPoints: ['src/cli/launcher.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  // Hashing, profiling and validation of big files run here, off the extension host's thread (core/worker).
  { ...common, entryPoints: ['src/core/worker/workerEntry.ts'], outfile: 'dist/worker.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals },
  ...webviews.map((name) => ({
    ...common,
    entryPoints: [`webview/${name}/main.ts`],
    outfile: `dist/webview/${name}.js`,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  })),
];
if (!production && fs.existsSync('test/extension/index.ts')) {
  builds.push({ ...common, entryPoints: ['test/extension/index.ts'], outfile: 'out/test/extension/index.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals });
}

async function main() {
  const started = Date.now();
  const { writeValidator } = await import('./scripts/generateSchemaValidator.mjs');
  if (writeValidator()) console.log('[schema] regenerated src/core/config/generated/validateMlopsConfig.js');
  const { writeTypes } = await import('./scripts/generateSchemaTypes.mjs');
  if (writeTypes()) console.log('[schema] regenerated src/core/config/generated/mlopsConfigTypes.ts');
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    console.log(`[esbuild] watching ${builds.length} bundles`);
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
  fs.chmodSync('dist/cli.js', 0o755);
  console.log(`[esbuild] ${builds.length} bundles in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}

/** The bundles the extension and the CLI load at run time (the test bundle is not shipped). */
const shippedBundles = builds.map((b) => b.outfile).filter((f) => f.startsWith('dist/'));
module.exports = { shippedBundles };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
