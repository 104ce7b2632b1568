import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { formatProblem, loadConfig, parseConfigText } from '../../../src/core/config/loadConfig';
import { configSchema } from '../../../src/core/config/schema';
import { starterConfigText } from '../../../src/core/config/starter';
import { tempWorkspace } from '../tempWorkspace';

test('a missing mlops.json means defaults and no problems', () => {
  const loaded = loadConfig(tempWorkspace());
  assert.equal(loaded.exists, false);
  assert.deepEqual(loaded.problems, []);
  assert.deepEqual(loaded.config, { runs: {}, pipelines: {}, datasets: {}, expectations: {}, monitors: {}, models: {} });
});

test('the starter config is valid and shows every section', () => {
  const { config, problems } = parseConfigText(starterConfigText());
  assert.deepEqual(problems, []);
  for (const section of ['runs', 'datasets', 'expectations', 'monitors', 'models'] as const) assert.ok(Object.keys(config[section]).length > 0, section);
});

test('a bare dataset path is normalized to { path }', () => {
  const { config } = parseConfigText('{"datasets": {"train": "data/train.csv", "prod": {"path": "p.csv", "format": "csv"}}}');
  assert.deepEqual(config.datasets, { train: { path: 'data/train.csv' }, prod: { path: 'p.csv', format: 'csv' } });
});

test('a wrong type is reported at its JSON path and line', () => {
  const text = '{\n  "runs": {\n    "train": {\n      "command": 5\n    }\n  }\n}\n';
  const { problems } = parseConfigText(text);
  assert.equal(problems.length, 1);
  assert.deepEqual({ path: problems[0].path, line: problems[0].line, column: problems[0].column }, { path: '/runs/train/command', line: 4, column: 18 });
  assert.match(problems[0].message, /must be string/);
});

test('an unknown property is reported at its key with the allowed names', () => {
  const { problems } = parseConfigText('{\n  "runs": {"t": {"command": "x",\n "parms": {}}}\n}');
  assert.equal(problems[0].path, '/runs/t/parms');
  assert.equal(problems[0].line, 3);
  assert.match(problems[0].message, /unknown property "parms" \(allowed: command, .*params/);
});

test('a failed oneOf names the accepted shapes, or the deeper error when there is one', () => {
  const { problems } = parseConfigText('{"datasets": {"a": 3, "b": {"path": "x", "format": "xls"}}}');
  assert.deepEqual(
    problems.map((p) => [p.path, p.message]),
    [
      ['/datasets/a', 'must be a string, or an object with "path"'],
      ['/datasets/b/format', 'must be one of "csv", "tsv", "jsonl", "parquet"'],
    ],
  );
});

test('a syntax error gives one problem at the right line with a hint', () => {
  const { problems, config } = parseConfigText('{\n  "runs": {\n    "a": {"command": "x"},\n  }\n}');
  assert.equal(problems.length, 1);
  assert.equal(problems[0].line, 4);
  assert.match(problems[0].message, /syntax error.*trailing comma/);
  assert.deepEqual(config.runs, {});
});

test('comments and an empty file are problems too', () => {
  assert.match(parseConfigText('// hi\n{}').problems[0].message, /comments are not allowed/);
  assert.match(parseConfigText('').problems[0].message, /empty/);
});

test('a broken section is dropped while valid sections keep working', () => {
  const { config, problems } = parseConfigText('{"runs": {"t": {}}, "models": {"m": {"metric": "val/auc"}}}');
  assert.equal(problems[0].path, '/runs/t');
  assert.match(problems[0].message, /missing required property "command"/);
  assert.deepEqual(config.runs, {});
  assert.deepEqual(config.models, { m: { metric: 'val/auc' } });
});

test('loadConfig reads the file and formatProblem gives file:line:column path: message', () => {
  const root = tempWorkspace();
  fs.writeFileSync(path.join(root, 'mlops.json'), '{\n"models": {"m": {"metric": "x", "direction": "up"}}}');
  const loaded = loadConfig(root);
  assert.equal(loaded.exists, true);
  assert.equal(formatProblem(loaded.file, loaded.problems[0]), `${loaded.file}:2:46 /models/m/direction: must be one of "maximize", "minimize"`);
});

test('the schema the extension contributes is the file core validates with', () => {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
  const binding = manifest.contributes.jsonValidation.find((j: { fileMatch: string }) => j.fileMatch === 'mlops.json');
  assert.equal(path.normalize(binding.url), path.normalize('./schemas/mlops.schema.json'));
  assert.deepEqual(configSchema, JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../..', binding.url), 'utf8')));
});

test('the compiled validator and the types in src/core/config/generated match schemas/mlops.schema.json', async () => {
  const { validatorSource, validatorFile } = await import('../../../scripts/generateSchemaValidator.mjs');
  assert.equal(fs.readFileSync(validatorFile, 'utf8'), validatorSource(), 'run `npm run build` to regenerate the validator');
  const { typesSource, typesFile } = await import('../../../scripts/generateSchemaTypes.mjs');
  assert.equal(fs.readFileSync(typesFile, 'utf8'), typesSource(), 'run `npm run build` to regenerate the types');
});
