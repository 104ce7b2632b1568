// Driving the Datasets view of the MLOps container: its pane, rows by label, and context-menu entries.
import { openMlopsContainer } from './session.mjs';

export const datasetsView = (page) => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header .title', { hasText: /^Datasets$/ }) });

/** The first row whose label matches `text` (a string or a RegExp such as /^v2$/). */
export const datasetRow = (page, text) => datasetsView(page).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: text }) }).first();

/** Expands the Datasets pane if it is collapsed. */
export async function expandDatasetsView(page) {
  const header = datasetsView(page).locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
}

/**
 * Waits until the side bar's DOM has not changed for `quietMs`: a tree redraw (a store change the
 * extension reacts to) between the right-click and the entry can hand the command no row.
 */
export async function sideBarQuiet(page, quietMs = 1000) {
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    if (w.__sideBarObserver) return;
    w.__sideBarChangedAt = Date.now();
    w.__sideBarObserver = new MutationObserver(() => (w.__sideBarChangedAt = Date.now()));
    w.__sideBarObserver.observe(document.querySelector('.part.sidebar'), { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-label', 'class'] });
  });
  await page.waitForFunction((ms) => Date.now() - /** @type {any} */ (window).__sideBarChangedAt >= ms, quietMs, { timeout: 20_000, polling: 100 }).catch(() => {
    console.log('  note: the side bar kept changing for 20 s; going on');
  });
}

/**
 * Hides a row's tooltip: the mouse left resting on a row shows its hover, which covers the rows
 * below it and takes their clicks. The mouse moves off the side bar and Escape closes the hover.
 */
export async function dismissHover(page) {
  const hover = page.locator('.context-view .monaco-hover, .workbench-hover');
  // The editor's right edge (its scrollbar) has no tooltip of its own, unlike the title bar.
  const { width, height } = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.mouse.move(width - 4, Math.round(height / 2));
  if (await hover.count()) await page.keyboard.press('Escape');
  await hover.first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(async () => console.log('  note: a hover stayed open', (await hover.first().evaluate((e) => e.outerHTML)).slice(0, 600)));
}

/**
 * Right-clicks `row` and runs its context-menu entry `title`. The workbench menu acts on mouse up
 * after its own hover tracking: hover the entry, then confirm it with Enter (a plain click on the
 * label can land before the menu takes pointer input).
 */
export async function contextMenu(page, row, title) {
  await sideBarQuiet(page);
  await dismissHover(page);
  const entry = page.locator('.context-view .monaco-menu .action-item', { hasText: title }).first();
  // A tree redraw (a store change landing) can close a menu that just opened; opening it has no
  // effect of its own, so it is opened again, a few times, until the entry shows.
  for (let attempt = 1; ; attempt++) {
    await row.click({ button: 'right' });
    const shown = await entry.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
    if (shown) break;
    if (attempt === 3) throw new Error(`the context menu never showed "${title}" in 3 tries`);
    console.log(`  note: the context menu closed before "${title}" showed; opening it again`);
    await page.keyboard.press('Escape');
    await dismissHover(page);
  }
  await entry.hover();
  await page.locator('.context-view .monaco-menu .action-item.focused', { hasText: title }).waitFor({ state: 'visible', timeout: 5_000 });
  await page.keyboard.press('Enter');
  // The menu closes once it has run the entry; a menu still open means the Enter went elsewhere.
  await page.locator('.context-view .monaco-menu').waitFor({ state: 'detached', timeout: 5_000 });
}

/** Opens the MLOps container and the Datasets pane, expands `dataset` and waits for its version rows. */
export async function showDatasetVersions(page, dataset, versions) {
  await openMlopsContainer(page);
  await expandDatasetsView(page);
  await datasetRow(page, new RegExp(`^${dataset}$`)).waitFor({ state: 'visible', timeout: 15_000 });
  await datasetRow(page, new RegExp(`^${dataset}$`)).click();
  await dismissHover(page);
  for (const v of versions) await datasetRow(page, new RegExp(`^${v}$`)).waitFor({ state: 'visible', timeout: 15_000 });
}
