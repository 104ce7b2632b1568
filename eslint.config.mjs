// Lint: the layer rules of DESIGN.md as errors, and type-aware rules that catch real bugs (lost
// promises, wrong awaits, thrown non-errors, unhandled union members). `npm run lint`.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layerImports } from './scripts/lint/layerImports.mjs';

const root = import.meta.dirname;

/** One layer's import rule, applied to every file in its folder. */
function layer(folder, options) {
  return { files: [`${folder}/**`], rules: { 'layers/imports': ['error', { layer: folder, ...options }] } };
}

export default defineConfig(
  globalIgnores(['dist/', 'out/', '**/node_modules/', 'test-results/', '.vscode-test/', 'examples/', 'src/core/config/generated/', '**/.mlops/']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Each file is checked with its nearest tsconfig: webview/tsconfig.json (DOM, no Node) under
      // webview/, tsconfig.json elsewhere.
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { layers: { rules: { imports: layerImports(root) } } },
    rules: {
      // `x == null` (null or undefined) is the one loose comparison kept.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // The regular expressions that hold control characters mean to: they find or strip them.
      'no-control-regex': 'off',
      // `import x = require()` loads the CommonJS validator that scripts/generateSchemaValidator.mjs writes.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // As only-throw-error: passing on a caught error or an abort reason (unknown, any) is fine; a literal is not.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/only-throw-error': 'error',
      // An async method that implements a Promise-returning interface (a reader's close()) needs no await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['test/**'],
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] }],
      // Tests read what the CLI prints as JSON and assert on it: typing each parsed shape adds casts, not safety.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests swap a method out (to count its calls) and put the very same function back.
      '@typescript-eslint/unbound-method': 'off',
      // Aligned CLI output is asserted space for space, as it prints.
      'no-regex-spaces': 'off',
      // The extension-host entry requires its suites after Mocha's globals exist, in order.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Node scripts and harnesses outside the TypeScript projects: plain JavaScript rules only.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Functions these pass to page.evaluate() run in the browser.
    files: ['test/e2e/**/*.mjs', 'test/harness/browser.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },

  layer('src/core', {
    deny: ['src/cli', 'src/extension', 'webview'],
    denyModules: ['vscode'],
    reason: 'core is pure TypeScript on Node; the CLI and the extension call it, never the reverse (move what core needs into core, or pass it in)',
  }),
  layer('src/cli', {
    deny: ['src/extension', 'webview'],
    denyModules: ['vscode'],
    reason: 'the CLI runs outside VS Code and is a face over core (move shared logic into src/core)',
  }),
  layer('src/extension', {
    deny: ['src/cli', 'webview'],
    reason: 'the extension is a face over core beside the CLI, and reaches webviews only through src/shared/protocol.ts (move shared logic into src/core or src/shared)',
  }),
  layer('src/shared', {
    allow: ['src/shared'],
    denyModules: ['vscode'],
    denyNodeBuiltins: true,
    reason: 'src/shared is the bottom layer, compiled for the host and for the browser; it imports nothing above it (move the type into src/shared)',
  }),
  layer('webview', {
    allow: ['webview', 'src/shared'],
    denyModules: ['vscode'],
    denyNodeBuiltins: true,
    reason: 'webviews run in a browser and talk to the host only through src/shared/protocol.ts (move what they need into src/shared)',
  }),
);
