// The Metrics panel's own styles, on top of media/webview.css (the CSP allows inline styles).
const css = `
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 20px; margin: 4px 0 12px; }
.toolbar label { display: inline-flex; align-items: center; gap: 8px; }
.toolbar vscode-single-select { width: 160px; }
.toolbar input[type=range] { width: 140px; accent-color: var(--vscode-focusBorder); }
.toolbar .smoothing-value { font-variant-numeric: tabular-nums; min-width: 2.5em; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0 0 12px; max-height: 140px; overflow: auto; }
.legend-item { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; user-select: none; padding: 1px 4px; border-radius: 3px; }
.legend-item:hover { background: var(--vscode-list-hoverBackground); }
.legend-item.hidden { opacity: 0.45; text-decoration: line-through; }
.legend-item input { margin: 0; }
.swatch { width: 14px; height: 3px; border-radius: 2px; display: inline-block; }
.legend-item .short-id, .legend-item .run-status { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 14px; }
.chart-card { border: 1px solid var(--vscode-widget-border, var(--vscode-editorWidget-border, #8884)); border-radius: 4px; padding: 8px 10px 4px; min-width: 0; }
.chart-card header { display: flex; align-items: center; gap: 4px; }
.chart-card h2 { margin: 0; font-size: 1em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.chart-card header .spacer { flex: 1; }
.chart-card .metric-chart { width: 100%; height: 260px; }
.chart-card .note { font-size: 0.85em; }
`;

export function injectStyles(): void {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
}
