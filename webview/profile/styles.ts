// The Profile panel's own styles, on top of media/webview.css (the CSP allows inline styles).
export const profileCss = `
.subjects { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0 0 8px; }
.subject { display: inline-flex; align-items: center; gap: 6px; }
.subject .swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; }
.toolbar label { display: inline-flex; align-items: center; gap: 6px; }
.progress { margin: 16px 0; max-width: 480px; }
.progress .track { height: 4px; background: var(--vscode-editorWidget-border, #8884); border-radius: 2px; overflow: hidden; margin-top: 6px; }
.progress .fill { height: 100%; background: var(--vscode-progressBar-background, var(--vscode-focusBorder)); transition: width 0.2s; }
.column-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 14px; margin-top: 12px; align-items: start; }
.column-card { border: 1px solid var(--vscode-widget-border, var(--vscode-editorWidget-border, #8884)); border-radius: 4px; padding: 10px 12px; min-width: 0; background: var(--vscode-editorWidget-background); }
.column-card header { display: flex; align-items: center; gap: 8px; margin: 0 0 8px; }
.column-card h2 { margin: 0; font-size: 1.05em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.badge { font-size: 0.8em; padding: 1px 6px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); white-space: nowrap; }
.badge.added { background: var(--vscode-gitDecoration-addedResourceForeground, #81b88b); color: var(--vscode-editor-background); }
.badge.removed { background: var(--vscode-gitDecoration-deletedResourceForeground, #c74e39); color: var(--vscode-editor-background); }
.badge.approx { background: transparent; border: 1px solid var(--vscode-descriptionForeground); color: var(--vscode-descriptionForeground); }
.nulls { display: grid; grid-template-columns: 4.5em 1fr 4.5em; align-items: center; gap: 2px 8px; font-size: 0.9em; margin-bottom: 8px; }
.nulls .bar { height: 6px; border-radius: 3px; background: var(--vscode-editorWidget-border, #8884); overflow: hidden; }
.nulls .bar span { display: block; height: 100%; }
.nulls .value { text-align: right; font-variant-numeric: tabular-nums; }
table.figures { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.92em; }
table.figures th, table.figures td { padding: 1px 6px; text-align: right; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 160px; }
table.figures th:first-child, table.figures td:first-child { text-align: left; color: var(--vscode-descriptionForeground); font-weight: normal; }
table.figures thead th { font-weight: 600; border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-editorWidget-border, #8884)); }
table.figures td.change { color: var(--vscode-descriptionForeground); }
.profile-chart { width: 100%; margin-top: 8px; min-height: 40px; }
.column-card .note { font-size: 0.85em; margin: 6px 0 0; }
`;
