// Vega-Lite charts: the spec is compiled to Vega and drawn by vegaView (strict CSP, themed).
import type { View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Config } from 'vega-lite';
import { themeColors, themeStyles, vegaView } from './vegaView';

export { themeColors };

function themeConfig(): Config {
  const c = themeColors();
  return { background: 'transparent', font: c.font, view: { stroke: 'transparent' }, ...themeStyles(c) };
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
  return vegaView(container, compile(spec, { config: themeConfig() }).spec, renderer);
}
