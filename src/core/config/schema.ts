import type { ErrorObject } from 'ajv';
import schemaJson from '../../../schemas/mlops.schema.json';
import validate = require('./generated/validateMlopsConfig');

// The very file the extension contributes through jsonValidation, so the editor and the CLI judge
// mlops.json by the same rules; the validator is compiled from it at build time.
export const configSchema = schemaJson as Record<string, unknown>;

export function validateConfigValue(value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
