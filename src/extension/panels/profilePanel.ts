import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { profileColumns } from '../../core/quality/profileCompare';
import { toJsonText } from '../../core/quality/profileJson';
import type { ProfileData } from '../../shared/profileData';
import { parseProfileToHost, type ProfileToHost, type ProfileToWebview } from '../../shared/protocol';
import { errorText, type Log } from '../log';
import { computeProfile, ProfileCancelled, type ComputedProfile } from '../quality/computeProfile';
import { chronological, compareChoices, targetLabel, type ProfileTarget } from '../quality/profileTargets';
import type { WorkbenchState } from '../workbenchState';
import { PanelHost } from './panelHost';
import { webviewOptions } from './webviewHtml';

/** What the command reports (and the extension-host tests read): what is shown, and where it came from. */
export interface ProfileShown {
  title: string;
  subjects: { label: string; source: ComputedProfile['source']; rows: number; columns: number }[];
  error?: string;
}

interface Shown extends ComputedProfile {
  target: ProfileTarget;
  label: string;
}

/** A working file is profiled again once it changed; a version never changes. */
function cacheKey(t: ProfileTarget): string {
  if (t.kind === 'version') return `v:${t.version.id}`;
  const s = fs.statSync(t.file, { throwIfNoEntry: false });
  return `f:${t.file}:${s?.mtimeMs}:${s?.size}`;
}

const CACHED_PROFILES = 6;

const shortName = (t: ProfileTarget) => (t.kind === 'version' ? `${path.basename(t.version.item)} v${t.version.version}` : path.basename(t.file));

/** "MLOps: Show Profile": a card per column of one table, or of two side by side. One panel, reused. */
export class ProfilePanel extends PanelHost<ProfileToHost, ProfileToWebview> {
  static readonly viewType = 'mlops.profile';
  private static current: ProfilePanel | undefined;
  private target: ProfileTarget | undefined;
  private compare: ProfileTarget | undefined;
  private shown: Shown[] = [];
  private last: ProfileToWebview | undefined;
  private loading: AbortController | undefined;
  private readonly cache = new Map<string, ComputedProfile>();

  static show(extensionUri: vscode.Uri, state: WorkbenchState, log: Log, target: ProfileTarget, compare?: ProfileTarget): Promise<ProfileShown> {
    let p = ProfilePanel.current;
    if (p) p.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(ProfilePanel.viewType, 'MLOps Profile', vscode.ViewColumn.Active, { ...webviewOptions(extensionUri), retainContextWhenHidden: false });
      p = ProfilePanel.current = new ProfilePanel(panel, extensionUri, state, log);
    }
    return p.load(target, compare);
  }

  private constructor(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: WorkbenchState, log: Log) {
    super(panel, extensionUri, 'profile', state, log, parseProfileToHost, 'Profile');
  }

  protected async onMessage(msg: ProfileToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        if (this.last) this.post(this.last);
        break;
      case 'compareWith': {
        if (!this.target) return;
        if (msg.target === null) return void (await this.load(this.target));
        const choice = compareChoices(this.state, this.target).find((c) => c.id === msg.target);
        // Only what the panel offered: anything else is a stale or forged choice.
        if (!choice) return this.log.warn(`Profile: ignored compareWith ${msg.target}, not one of the offered choices`);
        await this.load(this.target, choice.target);
        break;
      }
      case 'export':
        await this.export();
        break;
    }
  }

  /** New versions change what "Compare with..." offers; any other store change (a profile stored,
   * a run logged) leaves the panel as it is, rather than redrawing every chart under the user. */
  protected onStoreChanged(): void {
    if (!this.shown.length || this.last?.type !== 'profile') return;
    const data = this.data();
    if (JSON.stringify(data.choices) !== JSON.stringify(this.last.data.choices)) this.post({ type: 'profile', data });
  }

  /** Kept until the webview is ready (it may load after profiling started), then sent. */
  protected override post(message: ProfileToWebview): void {
    this.last = message;
    if (this.ready) super.post(message);
  }

  private data(): ProfileData {
    const choices = this.target ? compareChoices(this.state, this.target) : [];
    const compared = this.compare && choices.find((c) => this.compare && cacheKey(c.target) === cacheKey(this.compare));
    return {
      subjects: this.shown.map((s) => ({ label: s.label, rows: s.profile.rows, columns: s.profile.columns.length, raggedRows: s.profile.raggedRows, format: s.profile.format, ...(s.profile.notes ? { notes: s.profile.notes } : {}) })),
      // Webview messages are JSON: an infinite std would arrive as null ("no value"), so non-finite
      // figures go as "Infinity" / "-Infinity" / "NaN", as `mlops profile --json` writes them.
      columns: JSON.parse(toJsonText(profileColumns(this.shown.map((s) => s.profile)))) as ProfileData['columns'],
      choices: choices.map(({ id, label }) => ({ id, label })),
      comparedWith: compared?.id ?? null,
    };
  }

  private async load(target: ProfileTarget, compare?: ProfileTarget): Promise<ProfileShown> {
    this.loading?.abort();
    const loading = (this.loading = new AbortController());
    this.target = target;
    this.compare = compare;
    const targets = compare ? [target, compare].sort(chronological) : [target];
    const title = `Profile: ${targets.map(shortName).join(' ↔ ')}`;
    this.panel.title = title;
    const shown: Shown[] = [];
    try {
      for (const t of targets) {
        const label = targetLabel(this.state, t);
        const key = cacheKey(t);
        let computed = this.cache.get(key);
        if (!computed) {
          this.post({ type: 'progress', label, fraction: 0 });
          computed = await computeProfile(this.state, t, label, (fraction) => loading === this.loading && this.post({ type: 'progress', label, fraction }), loading.signal);
          this.cache.set(key, { ...computed, source: 'store' });
          // A few recent profiles make switching back and forth instant; older ones are dropped.
          for (const old of [...this.cache.keys()].slice(0, -CACHED_PROFILES)) this.cache.delete(old);
        }
        shown.push({ ...computed, target: t, label });
      }
    } catch (err) {
      const message = errorText(err);
      if (loading === this.loading) {
        this.post({ type: 'error', message });
        if (err instanceof ProfileCancelled) this.log.info(`Profile: ${message}`);
        else {
          this.log.error('Profile: profiling failed', err);
          void vscode.window.showErrorMessage(`MLOps: ${message}`);
        }
      }
      return { title, subjects: [], error: message };
    }
    const summary: ProfileShown = { title, subjects: shown.map((s) => ({ label: s.label, source: s.source, rows: s.profile.rows, columns: s.profile.columns.length })) };
    // A newer choice took over meanwhile: it draws, this one only reports.
    if (loading !== this.loading) return summary;
    this.shown = shown;
    this.post({ type: 'profile', data: this.data() });
    return summary;
  }

  /** The shown profiles as JSON: one as `mlops profile --json` prints it, two as a list with their labels. */
  private async export(): Promise<void> {
    if (!this.shown.length) return;
    const json = this.shown.length === 1 ? this.shown[0].profile : this.shown.map((s) => ({ label: s.label, ...s.profile }));
    const name = `${this.shown.map((s) => shortName(s.target).replace(/[^\w.-]+/g, '-')).join('-vs-')}.profile.json`;
    const folder = this.state.root ? vscode.Uri.file(this.state.root) : undefined;
    const target = await vscode.window.showSaveDialog({ title: 'Save Profile as JSON', defaultUri: folder && vscode.Uri.joinPath(folder, name), filters: { JSON: ['json'] } });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, Buffer.from(toJsonText(json, 2) + '\n', 'utf8'));
      void vscode.window.showInformationMessage(`MLOps: saved ${vscode.workspace.asRelativePath(target)}`);
    } catch (err) {
      this.log.error(`Profile: could not save ${target.fsPath}`, err);
      void vscode.window.showErrorMessage(`MLOps: could not save ${target.fsPath}: ${errorText(err)}`);
    }
  }

  override dispose(): void {
    // The profiling under way stops, and its end posts nothing to the closed webview.
    const loading = this.loading;
    this.loading = undefined;
    loading?.abort();
    ProfilePanel.current = undefined;
    super.dispose();
  }
}
