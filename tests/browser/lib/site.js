// Building the sites under test: the example site of the repository (or the
// folder MUJAZ_OUTPUT names), built once for all the test files of a run, and
// a small fixture site with a brief written in English only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
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

/** Where the example site is built for the browser tests. */
const EXAMPLE_OUTPUT = path.join(REPO, 'target', 'browser-site');

/**
 * The output folder to test: MUJAZ_OUTPUT when given, else the example site
 * built with `cargo run --release -- build --output target/browser-site`,
 * once per `node --test` run: the first test file of a run builds it, and
 * the files after it test that build (see `sameRun`). Returns {dir, log}.
 */
export function exampleSite() {
  if (process.env.MUJAZ_OUTPUT) {
    const dir = path.resolve(process.env.MUJAZ_OUTPUT);
    if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`MUJAZ_OUTPUT=${dir} has no index.html`);
    return { dir, log: `testing ${dir} (MUJAZ_OUTPUT)` };
  }
  const dir = EXAMPLE_OUTPUT;
  return onceThisRun(`${dir}.run`, () => {
    const started = performance.now();
    const out = run('cargo', ['run', '--release', '--quiet', '--', 'build', '--output', dir], REPO);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return { dir, log: `${out.split('\n').pop()} (${seconds} s with cargo)` };
  });
}

/**
 * Calls `suite(site)` with the example site; when it does not build, one
 * failing test says why instead.
 */
export function withExampleSite(suite) {
  let site;
  try {
    site = exampleSite();
  } catch (e) {
    test('build the example site', () => {
      throw e;
    });
    return;
  }
  suite(site);
}

/**
 * What identifies this `node --test` run: the runner's process id and start
 * time (every test file is a child of the runner), or null outside the
 * runner or where /proc does not tell.
 */
function sameRun() {
  if (!process.env.NODE_TEST_CONTEXT) return null;
  try {
    const stat = fs.readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
    // Field 22, counted after the command name's closing parenthesis.
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return start ? `${process.ppid} ${start}` : null;
  } catch {
    return null;
  }
}

/**
 * `make()` once per run: its result is kept as JSON in `stamp` with the run
 * it belongs to, and later calls of the same run read it back. A lock file
 * beside the stamp keeps test files running side by side from making it
 * twice at once.
 */
function onceThisRun(stamp, make) {
  const key = sameRun();
  if (!key) return make();
  const lock = `${stamp}.lock`;
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  for (;;) {
    const kept = readStamp(stamp);
    if (kept?.run === key) return { ...kept.value, log: `${kept.value.log}; built earlier in this run` };
    let fd;
    try {
      fd = fs.openSync(lock, 'wx');
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (!alive(lock)) fs.rmSync(lock, { force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      continue;
    }
    try {
      fs.writeSync(fd, String(process.pid));
      fs.rmSync(stamp, { force: true });
      const value = make();
      fs.writeFileSync(stamp, JSON.stringify({ run: key, value }));
      return value;
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
}

function readStamp(stamp) {
  try {
    return JSON.parse(fs.readFileSync(stamp, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Whether the process that wrote `lock` still runs. A lock without an id is
 * being made, unless it is older than a few seconds.
 */
function alive(lock) {
  let pid, age;
  try {
    pid = Number(fs.readFileSync(lock, 'utf8'));
    age = Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return false;
  }
  if (!pid) return age < 5000;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * The brief with the most charts in both languages (ties by slug), or
 * `fallback` when no brief has a chart in both.
 */
export function chartBrief(dir, fallback) {
  const count = (rel) => {
    const file = path.join(dir, rel, 'index.html');
    return fs.existsSync(file) ? (fs.readFileSync(file, 'utf8').match(/<figure class="chart/g) || []).length : 0;
  };
  const briefs = fs.existsSync(path.join(dir, 'en/briefs')) ? fs.readdirSync(path.join(dir, 'en/briefs')) : [];
  const best = briefs
    .map((slug) => [slug, Math.min(count(`en/briefs/${slug}`), count(`ar/briefs/${slug}`))])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return best && best[1] > 0 ? best[0] : fallback;
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
