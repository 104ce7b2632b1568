import * as vscode from 'vscode';
import type { Scalar } from '../../core/config/types';
import { formatParamText, parseParamText, type ParamTextProblem } from '../../core/tracking/paramText';

// Per run config, in the workspace state: what the user last typed, accepted or not.
const typedKey = (config: string) => `mlops.runWithParams.typed.${config}`;

function validation(problems: ParamTextProblem[]): vscode.InputBoxValidationMessage | undefined {
  const p = problems.find((x) => x.severity === 'error') ?? problems[0];
  if (!p) return undefined;
  return { message: p.message, severity: p.severity === 'error' ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Warning };
}

/**
 * Asks for the params of run config `name`, checking the text as it is typed (core's parseParamText:
 * an error blocks Enter and names the bad part). What was typed is kept whatever happens next (a
 * cancel, a launch that fails) and offered again the next time; the config's params and defaults are
 * listed in the prompt. Undefined when the user cancels.
 */
export async function askParams(memento: vscode.Memento, name: string, defaults: Record<string, Scalar>): Promise<Record<string, Scalar> | undefined> {
  let typed = memento.get<string>(typedKey(name)) ?? formatParamText(defaults);
  const known = Object.entries(defaults).map(([k, v]) => `${k} (${String(v)})`);
  const text = await vscode.window.showInputBox({
    title: `Run ${name} with params`,
    prompt: known.length
      ? `NAME=VALUE pairs separated by spaces; params of ${name}: ${known.join(', ')}. A param left out keeps its default.`
      : `NAME=VALUE pairs separated by spaces (${name} declares no params in mlops.json).`,
    value: typed,
    ignoreFocusOut: true,
    validateInput: (value) => {
      typed = value;
      return validation(parseParamText(value, defaults, name).problems);
    },
  });
  await memento.update(typedKey(name), text ?? typed);
  if (text === undefined) return undefined;
  const { params, problems } = parseParamText(text, defaults, name);
  const error = problems.find((p) => p.severity === 'error');
  if (error) throw new Error(error.message);
  return params;
}
