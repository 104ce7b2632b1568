// The Audit Log panel's own styles, on top of media/webview.css (the CSP allows inline styles).
export const auditCss = `
.filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; margin: 8px 0 12px; }
.filters label { display: flex; flex-direction: column; gap: 2px; font-size: 0.9em; color: var(--vscode-descriptionForeground); }
.filters input, .filters select {
  color: var(--vscode-input-foreground); background: var(--vscode-input-background);
  border: 1px solid var(--vscode-input-border, var(--vscode-dropdown-border, transparent)); padding: 3px 5px; font: inherit; min-width: 120px;
}
.filters input:focus, .filters select:focus { outline: 1px solid var(--vscode-focusBorder); }
.pager { display: flex; align-items: center; gap: 10px; margin: 8px 0; }
.verification { margin: 8px 0; padding: 8px 12px; display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.verification.ok { border-left: 3px solid var(--vscode-charts-green, #89d185); background: var(--vscode-textBlockQuote-background); }
.verification.bad { border-left: 3px solid var(--vscode-errorForeground); background: var(--vscode-inputValidation-errorBackground, transparent); }
.verification code { word-break: break-all; }
table.audit { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.audit th, table.audit td { padding: 3px 8px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-editorWidget-border, #80808040)); }
table.audit thead th { position: sticky; top: 0; background: var(--vscode-editor-background); }
table.audit td.seq { text-align: right; color: var(--vscode-descriptionForeground); }
table.audit td.at, table.audit td.action { white-space: nowrap; }
/* Fixed columns: a long details text or email is cut (the full text is its tooltip) instead of widening the page. */
table.audit { table-layout: fixed; }
table.audit th.col-seq { width: 3em; } table.audit th.col-at { width: 11.5em; } table.audit th.col-action { width: 10em; }
table.audit th.col-object { width: 13%; } table.audit th.col-actor { width: 14%; } table.audit th.col-reason { width: 14%; }
table.audit td { overflow: hidden; text-overflow: ellipsis; }
table.audit td.actor, table.audit td.object { white-space: nowrap; }
table.audit td.details { font-family: var(--vscode-editor-font-family); font-size: 0.85em; white-space: nowrap; }
table.audit tbody tr:hover { background: var(--vscode-list-hoverBackground); }
table.audit tr.bad { background: var(--vscode-inputValidation-errorBackground, rgba(241, 76, 76, 0.2)); outline: 1px solid var(--vscode-errorForeground); outline-offset: -1px; }
`;
