// ESLint rule `layers/imports`: what a layer's files may import, by the folder an import resolves to.
// ESLint's no-restricted-imports matches a specifier as written, so `../core/x` from src/shared and
// `../../core/x` from a subfolder would each need their own pattern; this rule resolves the path
// first, so one folder list holds at any depth and for every way of importing (static, dynamic,
// `import x = require()`, `require()`, `import('...')` types, re-exports).
import { builtinModules } from 'node:module';
import path from 'node:path';

/** A folder and everything below it (paths are compared with `/`, relative to the lint root). */
function within(file, folder) {
  return file === folder || file.startsWith(`${folder}/`);
}

function moduleName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const NODE_BUILTINS = new Set(builtinModules);

/**
 * The rule, with folders taken relative to `root` (the folder of eslint.config.mjs, so that linting
 * from a subfolder resolves the same way).
 * @param {string} root
 * @returns {import('eslint').Rule.RuleModule}
 */
export const layerImports = (root) => ({
  meta: {
    type: 'problem',
    docs: { description: 'Keep each layer to the folders and modules it may import' },
    schema: [
      {
        type: 'object',
        properties: {
          /** The layer's folder, relative to the root. */
          layer: { type: 'string' },
          /** Folders the layer may import from; absent: any folder not in `deny`. */
          allow: { type: 'array', items: { type: 'string' } },
          deny: { type: 'array', items: { type: 'string' } },
          /** Packages the layer never imports (a name covers its subpaths). */
          denyModules: { type: 'array', items: { type: 'string' } },
          /** Node's built-in modules (`fs`, `node:fs`) are refused too: for code that runs in a browser. */
          denyNodeBuiltins: { type: 'boolean' },
          /** Why, and the fix: ends every message. */
          reason: { type: 'string' },
        },
        required: ['layer', 'reason'],
        additionalProperties: false,
      },
    ],
    messages: {
      folder: "{{layer}} may not import '{{specifier}}' ({{target}}): {{reason}}",
      module: "{{layer}} may not import the module '{{specifier}}': {{reason}}",
    },
  },
  create(context) {
    const { layer, allow, deny = [], denyModules = [], denyNodeBuiltins = false, reason } = context.options[0];
    const dir = path.dirname(context.filename);

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
        const target = path.relative(root, path.resolve(dir, specifier)).split(path.sep).join('/');
        const refused = allow ? !allow.some((f) => within(target, f)) : deny.some((f) => within(target, f));
        if (refused) context.report({ node, messageId: 'folder', data: { layer, specifier, target, reason } });
        return;
      }
      const name = moduleName(specifier);
      const builtin = specifier.startsWith('node:') || NODE_BUILTINS.has(name);
      if (denyModules.includes(name) || (denyNodeBuiltins && builtin)) {
        context.report({ node, messageId: 'module', data: { layer, specifier, reason } });
      }
    }

    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportEqualsDeclaration(node) {
        const ref = node.moduleReference;
        if (ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal') check(ref.expression, ref.expression.value);
      },
      TSImportType(node) {
        const arg = node.argument;
        if (arg.type === 'TSLiteralType' && arg.literal.type === 'Literal') check(arg.literal, arg.literal.value);
      },
      CallExpression(node) {
        const [first] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && first?.type === 'Literal') check(first, first.value);
      },
    };
  },
});
