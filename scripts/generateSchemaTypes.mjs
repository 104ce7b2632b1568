// Writes the TypeScript types of mlops.json from schemas/mlops.schema.json, beside the validator
// compiled from the same file, so what core reads after validation is typed by the schema itself.
// It covers the subset of JSON Schema the file uses and stops on any other keyword, so the schema
// cannot grow a rule the types silently miss. Run by esbuild.js; a unit test checks the committed file.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGenerated } from './writeGenerated.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const schemaFile = path.join(root, 'schemas', 'mlops.schema.json');
export const typesFile = path.join(root, 'src', 'core', 'config', 'generated', 'mlopsConfigTypes.ts');

/** TypeScript names of the schema's definitions where PascalCase of the key would not say what they are. */
const typeNames = {
  name: 'ConfigName',
  run: 'RunConfig',
  sweep: 'SweepSpec',
  dataset: 'DatasetConfig',
  monitor: 'MonitorConfig',
  model: 'ModelConfig',
};
const ROOT_NAME = 'MlopsConfigFile';

// Keywords that only constrain values (or help editors) and change no type.
const VALIDATION_ONLY = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'markdownDescription',
  'markdownEnumDescriptions',
  'default',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'minProperties',
  'propertyNames',
]);
const TYPE_KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', '$ref', 'oneOf', 'allOf', 'definitions']);

const pascal = (s) => s.replace(/(^|[_-])([a-z0-9])/gi, (_m, _sep, c) => c.toUpperCase());

/** `expect_columnsExist` -> ColumnsExistExpectation; other keys as typeNames says, else PascalCase. */
export function typeName(definition) {
  const expectation = /^expect_(.+)$/.exec(definition);
  if (expectation) return `${pascal(expectation[1])}Expectation`;
  return typeNames[definition] ?? pascal(definition);
}

/** A JSON value as a TypeScript literal type, strings in single quotes as the project writes them. */
const literal = (v) => (typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(v));
const union = (types) => [...new Set(types)].join(' | ');
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const propertyKey = (k) => (IDENTIFIER.test(k) ? k : literal(k));
/** A type usable before `[]` without parentheses. */
const arrayOf = (t) => (/^[A-Za-z0-9_$.]+$/.test(t) ? `${t}[]` : `Array<${t}>`);

function doc(text, indent) {
  if (!text) return '';
  const lines = String(text).split('\n');
  if (lines.length === 1 && !text.includes('*/')) return `${indent}/** ${text} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l.replace(/\*\//g, '*\\/')}`).join('\n')}\n${indent} */\n`;
}

function check(schema, at) {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new Error(`${at}: a schema must be an object`);
  for (const k of Object.keys(schema)) {
    if (!VALIDATION_ONLY.has(k) && !TYPE_KEYWORDS.has(k)) throw new Error(`${at}: "${k}" is not in the subset scripts/generateSchemaTypes.mjs turns into types; teach it the keyword`);
  }
}

const PRIMITIVES = { string: 'string', number: 'number', integer: 'number', boolean: 'boolean', null: 'null' };

/**
 * An `allOf` of `{ if: { properties: { K: { const: V } }, required: [K] }, then: { $ref } }` entries
 * is a union tagged by K: one generated kind per value, which must cover every value K's enum allows.
 */
function taggedUnion(schema, at) {
  const tags = new Map();
  let key;
  schema.allOf.forEach((branch, i) => {
    const where = `${at}/allOf/${i}`;
    const props = branch.if?.properties ?? {};
    const keys = Object.keys(props);
    const ref = branch.then?.$ref;
    const onlyIfThen = Object.keys(branch).every((k) => k === 'if' || k === 'then');
    if (!onlyIfThen || keys.length !== 1 || !('const' in props[keys[0]]) || !branch.if.required?.includes(keys[0]) || !ref) {
      throw new Error(`${where}: only { if: { properties: { KEY: { const } }, required: [KEY] }, then: { $ref } } branches make a tagged union`);
    }
    if (key !== undefined && keys[0] !== key) throw new Error(`${where}: every branch must test the same key ("${key}")`);
    key = keys[0];
    tags.set(props[key].const, ref);
  });
  const allowed = schema.properties?.[key]?.enum;
  const missing = (allowed ?? []).filter((v) => !tags.has(v));
  if (!allowed || missing.length) throw new Error(`${at}: "${key}" must be an enum whose every value has a branch (none for ${missing.map(literal).join(', ') || 'an absent enum'})`);
  if (!schema.required?.includes(key)) throw new Error(`${at}: the tag "${key}" must be required`);
  return { key, refs: [...tags.values()] };
}

/** The type of `schema` as a TypeScript expression; `indent` is the current line's indentation. */
function typeOf(schema, at, defs, indent) {
  check(schema, at);
  if (schema.$ref) {
    const m = /^#\/definitions\/(.+)$/.exec(schema.$ref);
    if (!m || !defs[m[1]]) throw new Error(`${at}: $ref ${schema.$ref} names no definition`);
    return typeName(m[1]);
  }
  if ('const' in schema) return literal(schema.const);
  if (schema.enum) return union(schema.enum.map(literal));
  if (schema.allOf) {
    const { key, refs } = taggedUnion(schema, at);
    for (const ref of refs) {
      const name = ref.replace('#/definitions/', '');
      if (!defs[name]?.required?.includes(key)) throw new Error(`#/definitions/${name}: a kind of a tagged union must require "${key}"`);
    }
    // One kind per line: the union reads as the list of kinds it is.
    return refs.map((ref, i) => `\n${indent}  | ${typeOf({ $ref: ref }, `${at}/allOf/${i}/then`, defs, indent)}`).join('');
  }
  if (schema.oneOf) return union(schema.oneOf.map((s, i) => typeOf(s, `${at}/oneOf/${i}`, defs, indent)));
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 1) {
    return union(
      types.map((t) => {
        if (!PRIMITIVES[t]) throw new Error(`${at}: a list of types may hold only primitive types, not "${t}"`);
        return PRIMITIVES[t];
      }),
    );
  }
  const [type] = types;
  if (PRIMITIVES[type]) return PRIMITIVES[type];
  if (type === 'array') {
    if (!schema.items) throw new Error(`${at}: an array needs "items"`);
    return arrayOf(typeOf(schema.items, `${at}/items`, defs, indent));
  }
  if (type === 'object') return objectType(schema, at, defs, indent);
  throw new Error(`${at}: no "type", "$ref", "enum", "const", "oneOf" or "allOf" to make a type of`);
}

function objectType(schema, at, defs, indent) {
  const props = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  for (const r of required) if (!schema.properties?.[r]) throw new Error(`${at}: "${r}" is required but not among the properties`);
  const extra = schema.additionalProperties;
  const inner = indent + '  ';
  // Continuation lines of the value type are indented as the line it starts on.
  const extraType = (lineIndent) =>
    extra === false ? undefined : extra === undefined || extra === true ? 'unknown' : typeOf(extra, `${at}/additionalProperties`, defs, lineIndent);
  if (!props.length) return extra === false ? 'Record<string, never>' : `Record<string, ${extraType(indent)}>`;
  const lines = props.map(([k, s]) => {
    const t = typeOf(s, `${at}/properties/${k}`, defs, inner);
    return `${doc(s.description, inner)}${inner}${propertyKey(k)}${required.has(k) ? '' : '?'}: ${t};\n`;
  });
  const indexType = extraType(inner);
  if (indexType !== undefined) {
    // An index signature must admit every named property's type too.
    const named = props.map(([k, s]) => typeOf(s, `${at}/properties/${k}`, defs, inner));
    const optional = props.some(([k]) => !required.has(k));
    lines.push(`${inner}[key: string]: ${indexType === 'unknown' ? 'unknown' : union([indexType, ...named, ...(optional ? ['undefined'] : [])])};\n`);
  }
  return `{\n${lines.join('')}${indent}}`;
}

function declaration(name, schema, at, defs) {
  const t = typeOf(schema, at, defs, '');
  const head = doc(schema.description, '');
  if (t.startsWith('{\n')) return `${head}export interface ${name} ${t}\n`;
  return `${head}export type ${name} =${t.startsWith('\n') ? '' : ' '}${t};\n`;
}

/** The generated module's text for `schema` (the parsed mlops.schema.json). */
export function typesSourceOf(schema) {
  const defs = schema.definitions ?? {};
  const parts = [
    '// Generated by scripts/generateSchemaTypes.mjs from schemas/mlops.schema.json: do not edit.',
    '// mlops.json as written, once the validator beside this file has accepted it.',
    '/* eslint-disable */',
    '',
    declaration(ROOT_NAME, { ...schema, definitions: undefined }, '#', defs),
    ...Object.entries(defs).map(([k, s]) => declaration(typeName(k), s, `#/definitions/${k}`, defs)),
  ];
  return parts.join('\n');
}

export function typesSource() {
  return typesSourceOf(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
}

export function writeTypes() {
  return writeGenerated(typesFile, typesSource());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(writeTypes() ? `wrote ${typesFile}` : `${typesFile} is up to date`);
}
