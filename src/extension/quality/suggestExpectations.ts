// "MLOps: Suggest Expectations": TFDV-style expectations inferred from a dataset's profile, proposed
// as a diff of mlops.json for the user to review, then applied or discarded.
import * as vscode from 'vscode';
import { suggestExpectations } from '../../core/quality/suggestExpectations';
import { executeCommand, type CommandRegistry } from '../commands/registry';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { computeProfile, ProfileCancelled } from './computeProfile';
import { targetLabel } from './profileTargets';
import { suggestionSource } from './suggestExpectationsSource';
import { SUGGEST_SCHEME, SuggestionReview } from './suggestExpectationsReview';

/** The dataset (and item) a command was given: a Datasets tree node, a name, or none (then picked). */
function target(arg: unknown): { dataset?: string; item?: string } {
  if (typeof arg === 'string') return { dataset: arg };
  const a = arg as { kind?: string; name?: string; dataset?: string; item?: string } | undefined;
  if (a?.kind === 'dataset') return { dataset: a.name };
  if (a?.kind === 'item') return { dataset: a.dataset, item: a.item };
  return {};
}

async function pickDataset(state: WorkbenchState): Promise<string | undefined> {
  const datasets = Object.entries(state.config.config.datasets);
  if (!datasets.length) {
    void vscode.window.showInformationMessage('MLOps: no datasets in mlops.json. Declare one under "datasets" (or `mlops data add PATH`) to suggest expectations for it.');
    return undefined;
  }
  if (datasets.length === 1) return datasets[0][0];
  const expectations = state.config.config.expectations;
  const picked = await vscode.window.showQuickPick(
    datasets.map(([name, d]) => ({ label: name, description: d.path, detail: expectations[name]?.length ? `${expectations[name].length} expectations so far` : 'no expectations yet' })),
    { title: 'MLOps: Suggest Expectations', placeHolder: 'The dataset whose data the expectations are inferred from' },
  );
  return picked?.label;
}

export function registerSuggestExpectations(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log): SuggestionReview {
  const review = new SuggestionReview(state, log);
  context.subscriptions.push(review, vscode.workspace.registerTextDocumentContentProvider(SUGGEST_SCHEME, review));
  commands.register('mlops.suggestExpectations', async ({ target: arg }) => {
    const given = target(arg);
    const dataset = given.dataset ?? (await pickDataset(state));
    if (!dataset) return;
    const source = await suggestionSource(state, dataset, given.item);
    if (!source) return;
    const label = targetLabel(state, source);
    let profile;
    try {
      ({ profile } = await computeProfile(state, source, label));
    } catch (err) {
      if (err instanceof ProfileCancelled) return void vscode.window.showInformationMessage('MLOps: Suggest Expectations cancelled.');
      throw err;
    }
    const shown = await review.show(dataset, label, suggestExpectations(profile));
    if (!shown) return void vscode.window.showInformationMessage(`MLOps: mlops.json already covers every expectation suggested for ${dataset} by ${label}.`);
    log.info(`Suggest Expectations: ${shown.added} for ${dataset} from ${label} (${profile.rows} rows), awaiting review.`);
    // Not awaited: the diff is open, and its title bar's buttons do the same as these.
    void vscode.window
      .showInformationMessage(`MLOps: ${shown.added} expectations suggested for ${dataset} from ${label}. Review the diff, then apply or discard them.`, 'Apply', 'Discard')
      // Already applied or discarded from the diff's title bar: a late click on the toast does nothing.
      .then((a) =>
        !review.pending(shown.uri) ? undefined : a === 'Apply' ? executeCommand('mlops.applySuggestedExpectations', shown.uri) : a === 'Discard' ? executeCommand('mlops.discardSuggestedExpectations', shown.uri) : undefined,
      );
  });
  // From the diff's title bar VS Code passes the proposal's Uri; from the palette, nothing.
  commands.register('mlops.applySuggestedExpectations', ({ target: uri }) => review.apply(uri));
  commands.register('mlops.discardSuggestedExpectations', ({ target: uri }) => review.discard(uri));
  return review;
}
