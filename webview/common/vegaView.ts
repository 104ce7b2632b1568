// Vega views under the webview's strict CSP: the spec is parsed to an AST (`ast: true`) and evaluated
// by vega-interpreter, so no code is generated with eval/new Function. Themed from VS Code's colors.
import { parse, View, type Spec } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Theme colors as VS Code defines them, so charts follow light, dark and high-contrast themes. */
export function themeColors() {
  return {
    foreground: cssVar('--vscode-foreground', '#cccccc'),
    muted: cssVar('--vscode-descriptionForeground', '#999999'),
    grid: cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#80808040')),
    font: cssVar('--vscode-font-family', 'sans-serif'),
    blue: cssVar('--vscode-charts-blue', '#3794ff'),
    green: cssVar('--vscode-charts-green', '#89d185'),
    red: cssVar('--vscode-charts-red', '#f14c4c'),
    yellow: cssVar('--vscode-charts-yellow', '#cca700'),
    orange: cssVar('--vscode-charts-orange', '#d18616'),
    purple: cssVar('--vscode-charts-purple', '#b180d7'),
  };
}

/** The theme's axis, legend and title styles (Vega-Lite's config carries the same ones). */
export function themeStyles(c = themeColors()) {
  return {
    axis: { domainColor: c.grid, gridColor: c.grid, tickColor: c.grid, labelColor: c.muted, titleColor: c.foreground, labelFont: c.font, titleFont: c.font },
    legend: { labelColor: c.foreground, titleColor: c.foreground, labelFont: c.font, titleFont: c.font },
    title: { color: c.foreground, font: c.font },
  };
}

/** A Vega view of `spec` in `container`, not run yet, themed (a spec's own config overrides the theme). */
export function vegaView(container: HTMLElement, spec: Spec, renderer: 'svg' | 'canvas' = 'svg'): View {
  const runtime = parse(spec, { background: 'transparent', ...themeStyles() }, { ast: true });
  return new View(runtime, { expr: expressionInterpreter, renderer, container, hover: true });
}

/** Renders a Vega spec into `container`, run once. */
export async function renderVega(container: HTMLElement, spec: Spec, renderer: 'svg' | 'canvas' = 'svg'): Promise<View> {
  const view = vegaView(container, spec, renderer);
  await view.runAsync();
  return view;
}
