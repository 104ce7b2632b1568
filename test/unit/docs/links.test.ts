// Every relative link in the docs a newcomer reads resolves: the file (or folder) exists, and an
// anchor names a heading of the target Markdown file, slugged as GitHub slugs it. Links inside code
// (fenced blocks, inline spans) are text, not links; absolute URLs are left to the reader.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

interface Link {
  file: string;
  line: number;
  target: string;
}

/** The Markdown files under test: README.md, CONTRIBUTING.md, CHANGELOG.md and docs/*.md. */
function docFiles(root: string): string[] {
  const top = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md'].map((f) => path.join(root, f)).filter((f) => fs.existsSync(f));
  const docsDir = path.join(root, 'docs');
  const docs = fs.existsSync(docsDir) ? fs.readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => path.join(docsDir, f)) : [];
  return [...top, ...docs];
}

/** Lines outside fenced code blocks, with inline code spans blanked, keyed by 1-based line number. */
function proseLines(text: string): [number, string][] {
  const out: [number, string][] = [];
  let fence: string | undefined;
  text.split('\n').forEach((raw, i) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(raw)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) {
      fence = fence ? undefined : marker;
      return;
    }
    if (!fence) out.push([i + 1, raw.replace(/(`+)[^`]*?\1/g, (m) => ' '.repeat(m.length))]);
  });
  return out;
}

function links(file: string): Link[] {
  const found: Link[] = [];
  for (const [line, text] of proseLines(fs.readFileSync(file, 'utf8'))) {
    // [text](target) and ![alt](target); an optional "title" after the target is dropped.
    for (const m of text.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) found.push({ file, line, target: m[1] });
    for (const m of text.matchAll(/<img\s[^>]*src="([^"]+)"/g)) found.push({ file, line, target: m[1] });
  }
  return found;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fence: string | undefined;
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(raw)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) {
      fence = fence ? undefined : marker;
      continue;
    }
    const heading = fence ? undefined : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw)?.[1];
    if (heading === undefined) continue;
    const textOnly = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[`*]/g, '')
      .toLowerCase();
    const base = textOnly.replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** One message per link that does not resolve, naming the file, the line and what is wrong. */
function brokenLinks(root: string): { checked: number; broken: string[] } {
  const broken: string[] = [];
  let checked = 0;
  for (const file of docFiles(root)) {
    for (const link of links(file)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) continue; // https:, mailto:, command: ...
      checked++;
      const where = `${path.relative(root, link.file)}:${link.line}: ${link.target}`;
      const hash = link.target.indexOf('#');
      const rel = decodeURIComponent(hash < 0 ? link.target : link.target.slice(0, hash));
      const anchor = hash < 0 ? undefined : link.target.slice(hash + 1);
      const target = rel ? path.resolve(path.dirname(link.file), rel) : link.file;
      if (!fs.existsSync(target)) {
        broken.push(`${where}: ${path.relative(root, target)} does not exist`);
        continue;
      }
      if (anchor === undefined || anchor === '') continue;
      if (!target.endsWith('.md')) {
        broken.push(`${where}: an anchor into ${path.relative(root, target)}, which is not Markdown`);
        continue;
      }
      if (!anchors(target).has(anchor.toLowerCase())) broken.push(`${where}: ${path.relative(root, target)} has no heading with anchor #${anchor}`);
    }
  }
  return { checked, broken };
}

test('every relative link and anchor in README, CONTRIBUTING, CHANGELOG and docs/ resolves', () => {
  const { checked, broken } = brokenLinks(repoRoot);
  assert.ok(checked >= 20, `only ${checked} relative links found: is the link parser still reading the docs?`);
  assert.deepEqual(broken, [], `broken links (fix the target or the heading):\n${broken.join('\n')}`);
});

test('the checker reports a missing file, a missing anchor and skips links in code', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-links-'));
  try {
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs', 'guide.md'), '# The `mlops` guide\n\n## Data: versions & diffs\n\n## Data: versions & diffs\n');
    fs.writeFileSync(
      path.join(root, 'README.md'),
      [
        '# Title',
        '[ok](docs/guide.md#the-mlops-guide) [ok](docs/guide.md#data-versions--diffs-1) [ok](#title) [web](https://example.com/x)',
        '![missing picture](media/nope.png)',
        '[bad anchor](docs/guide.md#nowhere)',
        '`[in code](nowhere.md)`',
        '```',
        '[in a fence](nowhere.md)',
        '```',
      ].join('\n'),
    );
    const { checked, broken } = brokenLinks(root);
    assert.equal(checked, 5);
    assert.deepEqual(broken, [
      'README.md:3: media/nope.png: media/nope.png does not exist',
      'README.md:4: docs/guide.md#nowhere: docs/guide.md has no heading with anchor #nowhere',
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
