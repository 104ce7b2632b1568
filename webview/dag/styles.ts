// The DAG panel's own styles, on top of media/webview.css (the CSP allows inline styles).
export const dagCss = `
.graph-scroll { overflow: auto; max-width: 100%; border: 1px solid var(--vscode-widget-border, var(--vscode-editorWidget-border, #8884)); border-radius: 4px; }
svg .edge path { fill: none; stroke: var(--vscode-descriptionForeground); stroke-width: 1.3; opacity: 0.8; }
svg .arrow { fill: var(--vscode-descriptionForeground); }
svg .edge-label { font-size: 10.5px; fill: var(--vscode-descriptionForeground); paint-order: stroke; stroke: var(--vscode-editor-background); stroke-width: 3px; }
svg .node { cursor: pointer; }
svg .node .box { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-widget-border, var(--vscode-editorWidget-border, #8886)); }
svg .node:hover .box { fill: var(--vscode-list-hoverBackground); }
svg .node:focus { outline: none; }
svg .node:focus-visible .box { stroke: var(--vscode-focusBorder); stroke-width: 2; }
svg .node.state-failed .box { stroke: var(--vscode-testing-iconFailed, #f14c4c); }
svg .node.state-running .box { stroke: var(--vscode-progressBar-background, #0e70c0); stroke-width: 2; animation: pulse 1.2s ease-in-out infinite; }
@keyframes pulse { 0%, 100% { stroke-opacity: 1; } 50% { stroke-opacity: 0.25; } }
@media (prefers-reduced-motion: reduce) { svg .node.state-running .box { animation: none; } }
svg text { font-family: var(--vscode-font-family); fill: var(--vscode-foreground); }
svg .label { font-size: 12.5px; font-weight: 600; }
svg .state { font-size: 11px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 10px 0; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; }
`;
