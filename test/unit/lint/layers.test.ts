// The layer rules of DESIGN.md are lint errors: each forbidden import below is reported by the
// project's own eslint.config.mjs, and each allowed one is not. Type information is switched off
// (the layer rule reads only the syntax), so the snippets need no file on disk.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const root = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });

/** The layer rule's messages for `code` linted as if it were the file at `file` (relative to the repo). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], `${file} did not parse`);
  return result.messages.filter((m) => m.ruleId === 'layers/imports').map((m) => m.message);
}

const refused: [layer: string, file: string, code: string, expected: RegExp][] = [
  ['core never imports vscode', 'src/core/store/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode.version;\n", /src\/core may not import the module 'vscode'/],
  ['cli never imports vscode', 'src/cli/commands/probe.ts', "import { window } from 'vscode';\nexport const w = window;\n", /src\/cli may not import the module 'vscode'/],
  ['shared never imports vscode', 'src/shared/probe.ts', "import type { Uri } from 'vscode';\nexport type U = Uri;\n", /src\/shared may not import the module 'vscode'/],
  ['shared never imports core', 'src/shared/probe.ts', "import type { TableProfile } from '../core/quality/profile';\nexport type P = TableProfile;\n", /src\/shared may not import '..\/core\/quality\/profile' \(src\/core\/quality\/profile\)/],
  ['shared never imports cli', 'src/shared/probe.ts', "export { main } from '../cli/main';\n", /src\/shared may not import '..\/cli\/main'/],
  ['shared never imports extension', 'src/shared/probe.ts', "export * from '../extension/log';\n", /src\/shared may not import '..\/extension\/log'/],
  ['shared never imports Node built-ins', 'src/shared/probe.ts', "import { Buffer } from 'node:buffer';\nexport const b = Buffer.alloc(1);\n", /src\/shared may not import the module 'node:buffer'/],
  ['webview never imports core', 'webview/profile/probe.ts', "import { profileFile } from '../../src/core/quality/profile';\nexport const p = profileFile;\n", /webview may not import '..\/..\/src\/core\/quality\/profile'/],
  ['webview never imports the extension', 'webview/probe.ts', "export const load = () => import('../src/extension/extension');\n", /webview may not import '..\/src\/extension\/extension'/],
  ['webview never imports vscode', 'webview/common/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n", /webview may not import the module 'vscode'/],
  ['webview never imports Node built-ins', 'webview/common/probe.ts', "import { readFileSync } from 'fs';\nexport const r = readFileSync;\n", /webview may not import the module 'fs'/],
  ['webview imports nothing else of the repo', 'webview/metrics/probe.ts', "import data from '../../package.json';\nexport const d = data;\n", /webview may not import '..\/..\/package.json' \(package.json\)/],
  ['core never imports cli', 'src/core/quality/deep/probe.ts', "import { main } from '../../../cli/main';\nexport const m = main;\n", /src\/core may not import '..\/..\/..\/cli\/main' \(src\/cli\/main\)/],
  ['core never imports extension', 'src/core/probe.ts', "export type Log = typeof import('./../extension/log');\n", /src\/core may not import '.\/..\/extension\/log'/],
  ['core never requires extension', 'src/core/probe.ts', "import log = require('../extension/log');\nexport const l = log;\n", /src\/core may not import '..\/extension\/log'/],
];

for (const [rule, file, code, expected] of refused) {
  test(`layer rule: ${rule}`, async () => {
    const errors = await layerErrors(file, code);
    assert.equal(errors.length, 1, `expected one layer error for ${file}, got: ${errors.join('; ') || 'none'}`);
    assert.match(errors[0], expected);
  });
}

const allowed: [what: string, file: string, code: string][] = [
  ['core imports shared and itself', 'src/core/quality/probe.ts', "import { formatNumber } from '../../shared/format';\nimport { openStore } from '../store/db';\nexport const f = [formatNumber, openStore];\n"],
  ['cli imports core and shared', 'src/cli/commands/probe.ts', "import { openStore } from '../../core/store/db';\nimport { formatNumber } from '../../shared/format';\nexport const f = [openStore, formatNumber];\n"],
  ['the extension imports vscode, core and shared', 'src/extension/views/probe.ts', "import * as vscode from 'vscode';\nimport { openStore } from '../../core/store/db';\nimport type { OverviewToHost } from '../../shared/protocol';\nexport const v: [typeof vscode, typeof openStore, OverviewToHost?] = [vscode, openStore];\n"],
  ['shared imports shared', 'src/shared/probe.ts', "import { formatNumber } from './format';\nexport const f = formatNumber;\n"],
  ['webview imports webview, shared and packages', 'webview/profile/probe.ts', "import { el } from '../common/dom';\nimport { parseProfileToWebview } from '../../src/shared/protocol';\nimport { compile } from 'vega-lite';\nexport const f = [el, parseProfileToWebview, compile];\n"],
];

for (const [what, file, code] of allowed) {
  test(`layer rule allows: ${what}`, async () => {
    assert.deepEqual(await layerErrors(file, code), []);
  });
}
