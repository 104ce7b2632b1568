// Expectations that validation would refuse to run (a pattern that is not a regular expression, a
// date format with an unknown directive), reported as mlops.json problems at the offending field.
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { jsonPointer, problemLocator } from '../config/problems';
import type { ConfigProblem, MlopsConfig } from '../config/types';
import { DateFormatError } from './dateFormat';
import { ExpectationArgumentError, rowCheckFor } from './rowChecks';

/** The field whose value makes an expectation unusable, to point the problem at. */
const FIELD_OF: Record<string, string> = { regex: 'pattern', dateFormat: 'format' };

export function expectationProblems(text: string, tree: Node, config: MlopsConfig): ConfigProblem[] {
  const at = problemLocator(text);
  const problems: ConfigProblem[] = [];
  for (const [dataset, list] of Object.entries(config.expectations)) {
    list.forEach((e, i) => {
      try {
        rowCheckFor(e);
      } catch (err) {
        if (!(err instanceof ExpectationArgumentError || err instanceof DateFormatError)) throw err;
        const field = FIELD_OF[e.expect];
        const segments = ['expectations', dataset, i, ...(field ? [field] : [])];
        const node = findNodeAtLocation(tree, segments);
        const pointer = jsonPointer(segments);
        problems.push(at(pointer, node?.offset ?? 0, node?.length ?? 1, err.message));
      }
    });
  }
  return problems;
}
