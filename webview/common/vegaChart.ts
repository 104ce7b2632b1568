// Vega-Lite charts under the webview's strict CSP: the spec is compiled to Vega, parsed to an AST
// (`ast: true`) and evaluated by vega-interpreter, so no code is generated with eval/new Function.
import { parse, View } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Config } from 'vega-lite';

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

function themeConfig(): Config {
  const c = themeColors();
  const axis = { domainColor: c.grid, gridColor: c.grid, tickColor: c.grid, labelColor: c.muted, titleColor: c.foreground, labelFont: c.font, titleFont: c.font };
  return {
    background: 'transparent',
    font: c.font,
    view: { stroke: 'transparent' },
    axis,
    legend: { labelColor: c.foreground, titleColor: c.foreground, labelFont: c.font, titleFont: c.font },
    title: { color: c.foreground, font: c.font },
  };
}

/**
 * Renders a Vega-Lite spec into `container`, replacing what was there: SVG by default, canvas for
 * charts with many points (view.toSVG() still exports those as SVG).
 */
export async function renderVegaLite(container: HTMLElement, spec: TopLevelSpec, previous?: View, renderer: 'svg' | 'canvas' = 'svg'): Promise<View> {
  previous?.finalize();
  const view = vegaLiteView(container, spec, renderer);
  await view.runAsync();
  return view;
}

/**
 * The view of a Vega-Lite spec in `container`, not run yet: a chart whose data comes later fills its
 * named datasets (view.insert, view.change) and then runs it, and grows them the same way.
 */
export function vegaLiteView(container: HTMLElement, spec: TopLevelSpec, renderer: 'svg' | 'canvas' = 'svg'): View {
  const vega = compile(spec, { config: themeConfig() }).spec;
  const runtime = parse(vega, undefined, { ast: true });
  return new View(runtime, { expr: expressionInterpreter, renderer, container, hover: true });
}
