// mlops.json is committed and shared: a password in team.database would be published with it. The
// problem says so at the value's line and never repeats the password.
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { passwordInConfigMessage, urlHasPassword } from '../team/teamDatabase';
import { jsonPointer, problemLocator } from './problems';
import type { ConfigProblem, MlopsConfig } from './types';

export function teamProblems(text: string, tree: Node, config: MlopsConfig): ConfigProblem[] {
  const database = config.team?.database;
  if (typeof database !== 'string' || !urlHasPassword(database)) return [];
  const node = findNodeAtLocation(tree, ['team', 'database']);
  return [problemLocator(text)(jsonPointer(['team', 'database']), node?.offset ?? 0, node?.length ?? 1, passwordInConfigMessage(database))];
}
