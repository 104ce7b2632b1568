// The Drift Report panel's own styles, on top of media/webview.css (the CSP allows inline styles).
export const driftCss = `
.summary .cards { grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); }
.verdict.drift .card-value { color: var(--vscode-charts-red, var(--vscode-errorForeground)); }
.verdict.ok .card-value { color: var(--vscode-charts-green, var(--vscode-foreground)); }
.sides { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 12px 0 0; }
.side { display: inline-flex; align-items: center; gap: 6px; }
.swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; }
.problems { margin: 12px 0 0; padding: 8px 12px; border-left: 3px solid var(--vscode-errorForeground); background: var(--vscode-inputValidation-errorBackground, transparent); }
.problems ul { margin: 4px 0 0; padding-left: 18px; }
table.drift-table { border-collapse: collapse; font-variant-numeric: tabular-nums; width: 100%; }
table.drift-table th, table.drift-table td { padding: 4px 10px; text-align: left; white-space: nowrap; border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-editorWidget-border, #80808040)); vertical-align: top; }
table.drift-table .num { text-align: right; }
table.drift-table thead th { position: sticky; top: 0; background: var(--vscode-editor-background); }
table.drift-table button.sort { all: unset; cursor: pointer; font-weight: 600; }
table.drift-table button.sort:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
table.drift-table tbody tr { cursor: pointer; }
table.drift-table tbody tr:hover { background: var(--vscode-list-hoverBackground); }
table.drift-table tbody tr.selected { background: var(--vscode-list-inactiveSelectionBackground); }
table.drift-table tbody tr:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
table.drift-table th.name { font-weight: 600; }
table.drift-table .problem { font-weight: normal; white-space: normal; max-width: 420px; }
table.drift-table .small { font-size: 0.85em; }
.badge { font-size: 0.85em; padding: 1px 7px; border-radius: 8px; white-space: nowrap; }
.badge.drift { background: var(--vscode-charts-red, #f14c4c); color: var(--vscode-editor-background); }
.badge.ok { border: 1px solid var(--vscode-descriptionForeground); color: var(--vscode-descriptionForeground); }
.badge.failed { background: var(--vscode-charts-yellow, #cca700); color: var(--vscode-editor-background); }
.chart-toolbar { display: flex; align-items: center; gap: 8px; margin: 8px 0; }
.chart-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 14px; }
.chart-card { border: 1px solid var(--vscode-widget-border, var(--vscode-editorWidget-border, #8884)); border-radius: 4px; padding: 10px 12px; min-width: 0; background: var(--vscode-editorWidget-background); }
.chart-card h3 { margin: 0 0 6px; font-size: 1em; display: flex; gap: 8px; align-items: center; }
.chart-card .drift-chart { width: 100%; min-height: 60px; }
header .exports { margin-left: auto; display: inline-flex; gap: 8px; }
header .exports vscode-button { margin-left: 0; }
section.history { margin-top: 28px; padding-top: 4px; border-top: 1px solid var(--vscode-widget-border, var(--vscode-editorWidget-border, #8884)); }
`;
