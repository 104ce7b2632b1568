import * as vscode from 'vscode';
import { listModels, resolveModelRef } from '../../core/registry/modelVersions';
import type { ModelSummary } from '../../core/registry/types';
import { formatNumber } from '../../shared/format';
import { LastShown } from '../lastShown';
import type { WorkbenchState } from '../workbenchState';

/**
 * `$(package) churn: champion v3 (val/auc 0.91)`: the champion of the model in focus (the one selected
 * in the Models view, else the only model, else the first with a champion). Click: the model in the
 * Models view. Hidden while no model is registered.
 */
export class ChampionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlops.champion', vscode.StatusBarAlignment.Left, 7);
  private readonly subscription: vscode.Disposable;
  private focused: string | undefined;
  /** Each hide() or property set is a message to the workbench: none while the item stays as it is. */
  private readonly shown = new LastShown();
  /** The text shown, undefined while hidden (tests read it). */
  text: string | undefined;

  constructor(private readonly state: WorkbenchState) {
    this.item.name = 'MLOps model champion';
    this.subscription = state.onDidChange(() => this.update());
  }

  /** The model selected in the Models view (undefined: none selected). */
  focus(model: string | undefined): void {
    if (model === this.focused) return;
    this.focused = model;
    this.update();
  }

  update(): void {
    let models: ModelSummary[] = [];
    const store = this.state.existingStore();
    try {
      models = store ? listModels(store).filter((m) => m.versions > 0) : [];
    } catch {
      models = []; // a store from before the registry: nothing to show
    }
    const model = models.find((m) => m.name === this.focused) ?? (models.length === 1 ? models[0] : models.find((m) => m.aliases.champion !== undefined));
    if (!store || !model) {
      this.text = undefined;
      if (this.shown.differs('')) this.item.hide();
      return;
    }
    const champion = model.aliases.champion;
    const metric = this.state.config.config.models[model.name]?.metric;
    let figure = '';
    if (champion !== undefined && metric) {
      const value = resolveModelRef(store, { model: model.name, ref: champion }).metrics[metric];
      if (value !== undefined) figure = ` (${metric} ${value === null ? 'NaN' : formatNumber(value, 3)})`;
    }
    this.text = `$(package) ${model.name}: ${champion !== undefined ? `champion v${champion}${figure}` : `no champion (latest v${model.latestVersion ?? '?'})`}`;
    if (!this.shown.differs(JSON.stringify([this.text, champion]))) return;
    this.item.text = this.text;
    this.item.tooltip = `${model.name}: ${champion !== undefined ? `champion is version ${champion}` : 'no version is champion yet'}. Click to show the model in the Models view.`;
    this.item.command = { command: 'mlops.revealModel', title: 'Show Model', arguments: [model.name] };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
