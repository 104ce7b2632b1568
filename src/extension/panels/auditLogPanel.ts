import * as vscode from 'vscode';
import { auditHead, listAudit } from '../../core/audit/auditQuery';
import type { AuditEntry, AuditVerification } from '../../core/audit/types';
import type { Store } from '../../core/store/store';
import { verifyAudit } from '../../core/audit/verifyAudit';
import { auditPage, pageOfEntry, type AuditFilter, type AuditPage, type AuditVerificationShape } from '../../shared/auditData';
import { parseAuditToHost, type AuditToHost, type AuditToWebview } from '../../shared/protocol';
import type { Log } from '../log';
import type { WorkbenchState } from '../workbenchState';
import { PanelHost } from './panelHost';
import { webviewOptions } from './webviewHtml';

/** verifyAudit's answer as the panel's data says it. */
export function verificationShape(v: AuditVerification): AuditVerificationShape {
  return v.ok ? { ok: true, entries: v.entries, head: v.head } : { ok: false, entries: v.entries, seq: v.firstBad.seq, problem: v.firstBad.problem, message: v.message };
}

/** What the panel shows now (tests read it). */
export interface AuditShown {
  filter: AuditFilter;
  matching: number;
  total: number;
  offset: number;
  seqs: number[];
  highlight: number | null;
  verification: AuditVerificationShape | null;
}

/** "Audit Log": the store's audit entries, filtered and paged by the host, with Verify. One panel. */
export class AuditLogPanel extends PanelHost<AuditToHost, AuditToWebview> {
  static readonly viewType = 'mlops.auditLog';
  private static current: AuditLogPanel | undefined;
  private filter: AuditFilter = {};
  private offset = 0;
  private highlight: number | null = null;
  private verification: AuditVerificationShape | null = null;
  /** The log as last read; dropped when its head moves. */
  private entries: AuditEntry[] | undefined;
  /** The head the entries were read at ("seq:hash"). */
  private readHead: string | undefined;
  private page: AuditPage | undefined;

  static show(extensionUri: vscode.Uri, state: WorkbenchState, log: Log): AuditLogPanel {
    let p = AuditLogPanel.current;
    if (p) p.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(AuditLogPanel.viewType, 'MLOps Audit Log', vscode.ViewColumn.Active, webviewOptions(extensionUri));
      p = AuditLogPanel.current = new AuditLogPanel(panel, extensionUri, state, log);
    }
    // Read now (the command reports the page); posted once the webview is ready.
    p.send();
    return p;
  }

  /** The open panel, if any. */
  static get open(): AuditLogPanel | undefined {
    return AuditLogPanel.current;
  }

  private constructor(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: WorkbenchState, log: Log) {
    super(panel, extensionUri, 'audit', state, log, parseAuditToHost, 'Audit Log');
  }

  protected async onMessage(msg: AuditToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        // Store changes before 'ready' were not heard (PanelHost): read again.
        this.entries = undefined;
        this.send();
        break;
      case 'query':
        this.filter = msg.filter;
        this.offset = msg.offset;
        this.send();
        break;
      case 'verify':
        this.verify();
        break;
      case 'copyHead':
        if (this.verification?.ok) {
          await vscode.env.clipboard.writeText(this.verification.head);
          void vscode.window.showInformationMessage(`MLOps: copied the audit log's head ${this.verification.head.slice(0, 12)}...`);
        }
        break;
    }
  }

  /**
   * Most store changes (a run's metrics) add nothing to the log: it is read again, and the page
   * sent, only when its head moved. Verify reads it whole again whatever the head says.
   */
  protected onStoreChanged(): void {
    const store = this.state.existingStore();
    if (this.entries && store && headKey(store) === this.readHead) return;
    this.entries = undefined;
    this.send();
  }

  /** Recomputes the chain; a broken one shows its first bad entry, highlighted, on its page. */
  verify(): AuditVerification | undefined {
    const store = this.state.existingStore();
    if (!store) return undefined;
    const result = verifyAudit(store);
    this.showVerification(result);
    return result;
  }

  showVerification(result: AuditVerification): void {
    // Verify read the log as it is now: so does the page (the store watcher may not have fired yet).
    this.entries = undefined;
    this.verification = verificationShape(result);
    this.highlight = result.ok ? null : result.firstBad.seq;
    if (!result.ok) {
      const entries = this.read();
      const at = pageOfEntry(entries, this.filter, result.firstBad.seq);
      // The bad entry is hidden by the filter: the filter goes, so the entry can be seen.
      if (at === undefined) this.filter = {};
      this.offset = at ?? pageOfEntry(entries, {}, result.firstBad.seq) ?? 0;
    }
    this.send();
  }

  shown(): AuditShown | undefined {
    const p = this.page;
    return p && { filter: p.filter, matching: p.matching, total: p.total, offset: p.offset, seqs: p.rows.map((r) => r.seq), highlight: this.highlight, verification: this.verification };
  }

  private read(): AuditEntry[] {
    const store = this.state.existingStore();
    if (!this.entries) {
      this.readHead = store ? headKey(store) : undefined;
      this.entries = store ? listAudit(store) : [];
    }
    return this.entries;
  }

  private send(): void {
    try {
      this.page = auditPage(this.read(), this.filter, this.offset, this.verification);
      this.offset = this.page.offset;
      if (this.ready) this.post({ type: 'audit', page: this.page, highlight: this.highlight });
    } catch (err) {
      if (this.ready) this.post({ type: 'error', message: this.storeError(err) });
    }
  }

  override dispose(): void {
    AuditLogPanel.current = undefined;
    super.dispose();
  }
}

const headKey = (store: Store): string => {
  const h = auditHead(store);
  return h ? `${h.seq}:${h.hash}` : '';
};
