// The Lineage panel's own styles, on top of media/webview.css (the CSP allows inline styles).
export const lineageCss = `
.direction { display: inline-flex; gap: 0; }
.direction button { font: inherit; padding: 3px 10px; cursor: pointer; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent); }
.direction button[aria-pressed=true] { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
.direction button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.graph-scroll { overflow: auto; max-width: 100%; border: 1px solid var(--vscode-widget-border, var(--vscode-editorWidget-border, #8884)); border-radius: 4px; }
svg .edge path { fill: none; stroke: var(--vscode-descriptionForeground); stroke-width: 1.3; opacity: 0.8; }
svg .arrow { fill: var(--vscode-descriptionForeground); }
svg .node .box { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-widget-border, var(--vscode-editorWidget-border, #8886)); }
svg .node.root .box { stroke: var(--vscode-focusBorder); stroke-width: 2; }
svg .node.openable { cursor: pointer; }
svg .node.openable:hover .box { fill: var(--vscode-list-hoverBackground); }
svg .node:focus { outline: none; }
svg .node:focus-visible .box { stroke: var(--vscode-focusBorder); stroke-width: 2; }
svg text { font-family: var(--vscode-font-family); fill: var(--vscode-foreground); }
svg .kind { font-size: 10px; fill: var(--vscode-descriptionForeground); text-transform: uppercase; letter-spacing: 0.04em; }
svg .label { font-size: 12.5px; font-weight: 600; }
svg .status { font-size: 11px; }
svg .tone-ok { fill: var(--vscode-charts-green, #89d185); }
svg .tone-bad { fill: var(--vscode-charts-red, #f14c4c); }
svg .tone-warn { fill: var(--vscode-charts-yellow, #cca700); }
svg .tone-none { fill: var(--vscode-descriptionForeground); }
svg .badge rect { fill: var(--vscode-badge-background); }
svg .badge text { font-size: 10px; fill: var(--vscode-badge-foreground); }
svg .badge.champion rect { fill: var(--vscode-charts-purple, #b180d7); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 10px 0; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; }
`;
