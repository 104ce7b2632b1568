// The Profile panel on a messy table in the real workbench: a file whose first line is a title, with
// a column spanning -1e308 to 1e308. The panel says the title line was skipped, and the wide column's
// card shows why it has no histogram where the chart would be, with its other figures.
// Screenshot: test-results/e2e-profile-notes.png. Exit code 0 = all passed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '../harness/browser.mjs';
import { demoWorkspace, e2eSession, mlops } from './session.mjs';

const workspace = await demoWorkspace('profile-notes');
const rows = Array.from({ length: 12 }, (_, i) => `${i},${i % 2 ? 1e308 : -1e308},${(i * 1.5).toFixed(1)}`);
await fs.writeFile(path.join(workspace, 'data', 'wide.csv'), ['Exported by hand', 'id,wide,plain', ...rows].join('\n') + '\n');
mlops(workspace, 'data', 'add', 'data/wide.csv', '--name', 'wide');

await e2eSession('profile-notes', workspace, async ({ page, step, screenshot }) => {
  await step('Show Profile of data/wide.csv from the palette notes the skipped title line and the missing histogram', async () => {
    await runCommand(page, 'MLOps: Show Profile', { timeout: 60_000 });
    const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'data/wide.csv' }).first();
    await pick.waitFor({ state: 'visible', timeout: 15_000 });
    await pick.click();
    let frame;
    const deadline = Date.now() + 60_000;
    while (!frame && Date.now() < deadline) {
      const n = await page.locator('iframe.webview').count();
      for (let i = 0; i < n && !frame; i++) {
        const f = page.frameLocator('iframe.webview').nth(i).frameLocator('iframe#active-frame');
        if (await f.locator('[data-testid=column-card][data-column=wide]').count().catch(() => 0)) frame = f;
      }
      if (!frame) await page.waitForTimeout(200); // polling: the webview loads after the command
    }
    if (!frame) throw new Error('no profile of data/wide.csv appeared within 60 s');
    const tableNote = await frame.locator('[data-testid=table-note]').first().textContent();
    if (!/^line 1 skipped before the data \("Exported by hand"\)/.test(tableNote)) throw new Error(`the table note reads "${tableNote}"`);
    const wide = frame.locator('[data-testid=column-card][data-column=wide]');
    const note = await wide.locator('[data-testid=histogram-note]').textContent();
    if (!/^No histogram: the range from -1e\+308 to 1e\+308 is wider than the largest number/.test(note)) throw new Error(`the wide column's note reads "${note}"`);
    if (await wide.locator('[data-testid=histogram-chart], [data-testid=top-chart]').count()) throw new Error('the wide column shows a chart beside its note');
    await wide.locator('[data-figure=p50]').waitFor({ state: 'visible' });
    // numpy's std overflows to inf here: shown as Infinity, not left blank as "no value".
    const std = (await wide.locator('[data-figure=std] td').nth(1).textContent()).trim();
    if (std !== 'Infinity') throw new Error(`the wide column's std reads "${std}", not Infinity`);
    // The plain column still gets its histogram.
    const plain = frame.locator('[data-testid=column-card][data-column=plain]');
    await plain.scrollIntoViewIfNeeded();
    await plain.locator('[data-testid=histogram-chart] svg .mark-rect path').first().waitFor({ state: 'attached', timeout: 30_000 });
    await wide.scrollIntoViewIfNeeded();
    await screenshot('e2e-profile-notes.png');
  });
});
