import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schemaJson from '../../../schemas/mlops.schema.json';

// verbose: errors carry their schema, which problems.ts uses to list allowed values and branches.
// The very file the extension contributes through jsonValidation, so the editor and the CLI judge
// mlops.json by the same rules.
export const configSchema = schemaJson as Record<string, unknown>;

let compiled: ValidateFunction | undefined;

export function validateConfigValue(value: unknown): ErrorObject[] {
  compiled ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(configSchema);
  return compiled(value) ? [] : [...(compiled.errors ?? [])];
}
