// "MLOps: Suggest Expectations": TFDV-style expectations inferred from a dataset's profile, proposed
// as a diff of mlops.json for the user to review, then applied or discarded.
import * as vscode from 'vscode';
import { suggestExpectations } from '../../core/quality/suggestExpectations';
import { guarded } from '../commands/guarded';
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

export function registerSuggestExpectations(context: vscode.ExtensionContext, state: WorkbenchState, log: Log): SuggestionReview {
  const review = new SuggestionReview(state, log);
  const run = guarded(log, 'Suggest Expectations');
  const apply = run((uri?: unknown) => review.apply(uri));
  const discard = run((uri?: unknown) => review.discard(uri));
  context.subscriptions.push(
    review,
    vscode.workspace.registerTextDocumentContentProvider(SUGGEST_SCHEME, review),
    vscode.commands.registerCommand(
      'mlops.suggestExpectations',
      run(async (arg?: unknown) => {
        if (!state.root) return void vscode.window.showErrorMessage('MLOps: open a folder first.');
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
          .then((a) => (!review.pending(shown.uri) ? undefined : a === 'Apply' ? apply(shown.uri) : a === 'Discard' ? discard(shown.uri) : undefined));
      }),
    ),
    vscode.commands.registerCommand('mlops.suggestExpectations.apply', apply),
    vscode.commands.registerCommand('mlops.suggestExpectations.discard', discard),
  );
  return review;
}
