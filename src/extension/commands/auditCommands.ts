import * as vscode from 'vscode';
import type { AuditVerification } from '../../core/audit/types';
import { verifyAudit } from '../../core/audit/verifyAudit';
import type { Log } from '../log';
import { AuditLogPanel, type AuditShown } from '../panels/auditLogPanel';
import type { WorkbenchState } from '../workbenchState';
import type { CommandRegistry } from './registry';

/**
 * Tells the user what verification found: the entry count and head hash (with Copy Head, to keep it
 * somewhere the store cannot rewrite), or the first entry that does not match (Show in Audit Log).
 */
async function report(result: AuditVerification, showBad: () => void): Promise<void> {
  if (result.ok) {
    const action = await vscode.window.showInformationMessage(`MLOps: the audit log verifies: ${result.entries} entr${result.entries === 1 ? 'y' : 'ies'}, head ${result.head}.`, 'Copy Head');
    if (action) await vscode.env.clipboard.writeText(result.head);
    return;
  }
  const action = await vscode.window.showErrorMessage(`MLOps: the audit log does not verify: entry ${result.firstBad.seq} (${result.firstBad.problem}): ${result.message}`, 'Show in Audit Log');
  if (action) showBad();
}

/** Show Audit Log (the panel) and Verify Audit Log (the chain, from the palette or the Models view). */
export function registerAudit(commands: CommandRegistry, context: vscode.ExtensionContext, state: WorkbenchState, log: Log): void {
  commands.register('mlops.showAuditLog', (): AuditShown | undefined => AuditLogPanel.show(context.extensionUri, state, log).shown());
  commands.register('mlops.verifyAuditLog', (): AuditVerification => {
    const store = state.existingStore();
    if (!store) throw new Error('This workspace has no store yet (.mlops/store.db), so no audit log to verify.');
    const result = verifyAudit(store);
    // An open panel shows the outcome too (a broken chain highlights its first bad entry).
    AuditLogPanel.open?.showVerification(result);
    void report(result, () => AuditLogPanel.show(context.extensionUri, state, log).showVerification(result));
    return result;
  });
}

/** The open Audit Log panel's state, for the API tests read. */
export const auditShown = (): AuditShown | undefined => AuditLogPanel.open?.shown();
