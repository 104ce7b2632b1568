import type { ErrorObject } from 'ajv';

/** The ajv validator of schemas/mlops.schema.json, compiled ahead of time (see the .js beside this). */
declare const validate: { (data: unknown): boolean; errors?: ErrorObject[] | null };
export = validate;
