// Building the sites under test: the example site of the repository (or the
// folder MUJAZ_OUTPUT names), and a small fixture site with a brief written in
// English only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, 'target');

/** Where the screenshots go: target/screenshots of the repository. */
export const SCREENSHOTS = path.join(REPO, 'target', 'screenshots');

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return (r.stdout + r.stderr).trim();
}

/**
 * The output folder to test: MUJAZ_OUTPUT when given, else the example site
 * built with `cargo run --release -- build --output target/browser-site`.
 * Returns {dir, log}.
 */
export function exampleSite() {
  if (process.env.MUJAZ_OUTPUT) {
    const dir = path.resolve(process.env.MUJAZ_OUTPUT);
    if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`MUJAZ_OUTPUT=${dir} has no index.html`);
    return { dir, log: `testing ${dir} (MUJAZ_OUTPUT)` };
  }
  const log = run('cargo', ['run', '--release', '--quiet', '--', 'build', '--output', 'target/browser-site'], REPO);
  return { dir: path.join(REPO, 'target', 'browser-site'), log: log.split('\n').pop() };
}

/** The mujaz binary: MUJAZ_BIN, else the release build (built if missing). */
export function mujazBinary() {
  if (process.env.MUJAZ_BIN) return path.resolve(process.env.MUJAZ_BIN);
  const bin = path.join(TARGET, 'release', process.platform === 'win32' ? 'mujaz.exe' : 'mujaz');
  if (!fs.existsSync(bin)) run('cargo', ['build', '--release', '--quiet'], REPO);
  return bin;
}

/**
 * A site in a temporary folder with one brief in both languages and one in
 * English only (slug `english-only`), built with the built-in default theme.
 * Returns {root, dir, log}; remove `root` when done.
 */
export function untranslatedFixture() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mujaz-browser-fixture-'));
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write(
    'site.yaml',
    `title: {ar: "موجز", en: "Briefs"}
base_url: https://briefs.example.org
default_language: ar
languages:
  - {code: ar, name: "العربية", dir: rtl}
  - {code: en, name: English, dir: ltr}
taxonomies:
  topics:
    recruitment: {ar: "التجنيد", en: "Recruitment"}
`,
  );
  write(
    'content/briefs/both-languages.ar.md',
    `---
title: "موجز بلغتين"
date: 2025-09-01
summary: "موجز مكتوب بالعربية والإنجليزية."
topics: [recruitment]
---

نص الموجز.
`,
  );
  write(
    'content/briefs/both-languages.en.md',
    `---
title: "A brief in two languages"
date: 2025-09-01
summary: "A brief written in Arabic and in English."
topics: [recruitment]
---

The text of the brief.
`,
  );
  write(
    'content/briefs/english-only.en.md',
    `---
title: "A brief in English only"
date: 2025-09-02
summary: "Nobody has translated this brief into Arabic yet."
topics: [recruitment]
---

The text of the brief.
`,
  );
  const dir = path.join(root, 'output');
  const log = run(mujazBinary(), ['build', '--root', root, '--output', dir], REPO);
  return { root, dir, log: log.split('\n').pop() };
}

/** The pages the tests visit, found in the output folder `dir`. */
export function pagesOf(dir) {
  const has = (rel) => fs.existsSync(path.join(dir, rel, 'index.html'));
  const subdirs = (rel) =>
    fs.existsSync(path.join(dir, rel))
      ? fs
          .readdirSync(path.join(dir, rel), { withFileTypes: true })
          .filter((e) => e.isDirectory() && has(path.join(rel, e.name)))
          .map((e) => e.name)
          .sort()
      : [];
  const briefs = { ar: subdirs('ar/briefs'), en: subdirs('en/briefs') };
  const both = briefs.ar.filter((s) => briefs.en.includes(s));
  const slug = both.includes('recruitment-drive') ? 'recruitment-drive' : both[0];
  const topics = subdirs('ar/topics').filter((k) => subdirs('en/topics').includes(k));
  const topic = topics.includes('recruitment') ? 'recruitment' : topics[0];
  const plain = ['about', 'methodology'].find((p) => has(`ar/${p}`) && has(`en/${p}`));
  if (!slug) throw new Error(`${dir}: no brief in both ar/briefs and en/briefs`);
  if (!topic) throw new Error(`${dir}: no topic page in both ar/topics and en/topics`);

  const perLanguage = (lang) => {
    const p = {
      home: `/${lang}/`,
      brief: `/${lang}/briefs/${slug}/`,
      topics: `/${lang}/topics/`,
      topic: `/${lang}/topics/${topic}/`,
      regions: `/${lang}/regions/`,
      timeline: `/${lang}/timeline/`,
    };
    if (plain) p.page = `/${lang}/${plain}/`;
    // A site without regions (say) has no regions index: leave it out.
    for (const [k, v] of Object.entries(p)) if (k !== 'home' && !has(v)) delete p[k];
    return p;
  };
  return {
    slug,
    topic,
    briefs,
    root: '/',
    notFound: '/404.html',
    ar: perLanguage('ar'),
    en: perLanguage('en'),
  };
}
