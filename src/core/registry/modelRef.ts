import { RegistryError, type ModelRef } from './types';

/** A model's name, as mlops.json's "name" definition allows. */
export const modelNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** An alias: mlops.json's "alias" definition. */
export const aliasPattern = /^[A-Za-z0-9_-]+$/;

/**
 * Parses what users type for a model version: `churn@3`, `churn@champion`, `churn@latest`, or a
 * bare `churn` (the latest version). A version is a positive integer; anything else after the @ is
 * an alias.
 */
export function parseModelRef(text: string): ModelRef {
  const trimmed = text.trim();
  const at = trimmed.indexOf('@');
  const model = at < 0 ? trimmed : trimmed.slice(0, at);
  const ref = at < 0 ? 'latest' : trimmed.slice(at + 1);
  if (!modelNamePattern.test(model)) {
    throw new RegistryError(
      `"${text}" is not a model reference: the model name must be letters, digits, '_', '.' or '-', starting with a letter or digit (write NAME, NAME@3, NAME@ALIAS or NAME@latest).`,
    );
  }
  if (/^\d+$/.test(ref)) {
    const version = Number(ref);
    if (!Number.isSafeInteger(version) || version < 1) throw new RegistryError(`"${text}": versions are numbered from 1 (write ${model}@1 or higher).`);
    return { model, ref: version };
  }
  if (!aliasPattern.test(ref)) {
    throw new RegistryError(
      `"${text}" is not a model reference: after the @ write a version number or an alias of letters, digits, '_' and '-' (e.g. ${model}@3, ${model}@champion, ${model}@latest).`,
    );
  }
  return { model, ref };
}

/** `churn@3`, `churn@champion`: the reference's canonical text. */
export function formatModelRef(model: string, version: number | string): string {
  return `${model}@${version}`;
}
