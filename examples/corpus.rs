//! Writes a generated site of N briefs in Arabic and English, for benchmarks.
//!
//! `cargo run --release --example corpus -- N OUT_DIR`
//!
//! Each brief has front matter with topics, regions and events, headings,
//! a list, a pull quote, a footnote, a link to the next brief and one chart.
//! The output is the same for the same N.

use std::fmt::Write as _;
use std::path::Path;

const TOPICS: &[(&str, &str, &str)] = &[
    ("recruitment", "Recruitment", "التجنيد"),
    ("infiltration", "Infiltration", "الاختراق"),
    ("extortion", "Extortion", "الابتزاز"),
    ("attacks", "Attacks", "الهجمات"),
    ("coalition", "Coalition", "التحالف الدولي"),
];
const REGIONS: &[(&str, &str, &str)] = &[
    ("deir-ez-zor", "Deir ez-Zor", "دير الزور"),
    ("daraa", "Daraa", "درعا"),
    ("homs", "Homs", "حمص"),
    ("hama", "Hama", "حماة"),
    ("hasakah", "Hasakah", "الحسكة"),
    ("aleppo", "Aleppo", "حلب"),
];
const EN: &[&str] = &[
    "the",
    "organisation",
    "cells",
    "security",
    "forces",
    "government",
    "coalition",
    "operation",
    "recruitment",
    "extortion",
    "merchants",
    "province",
    "desert",
    "network",
    "commander",
    "salary",
    "informants",
    "checkpoint",
];
const AR: &[&str] = &[
    "التنظيم",
    "الخلايا",
    "قوات",
    "الأمن",
    "الحكومة",
    "التحالف",
    "عملية",
    "التجنيد",
    "الابتزاز",
    "التجار",
    "المحافظة",
    "البادية",
    "شبكة",
    "قيادي",
    "رواتب",
    "مخبرين",
    "حاجز",
    "حملة",
];

/// A small deterministic generator (xorshift), so the corpus needs no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn sentence(rng: &mut Rng, words: &[&str]) -> String {
    let n = 8 + rng.below(10);
    let s: Vec<&str> = (0..n).map(|_| words[rng.below(words.len())]).collect();
    format!("{}.", s.join(" "))
}

fn paragraph(rng: &mut Rng, words: &[&str]) -> String {
    (0..3 + rng.below(3)).map(|_| sentence(rng, words)).collect::<Vec<_>>().join(" ")
}

fn brief(i: usize, n: usize, lang: &str) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1));
    let (words, ar) = if lang == "ar" { (AR, true) } else { (EN, false) };
    let topics = [TOPICS[i % TOPICS.len()].0, TOPICS[(i + 2) % TOPICS.len()].0];
    let regions = [REGIONS[i % REGIONS.len()].0, REGIONS[(i + 3) % REGIONS.len()].0];
    let date = format!("2025-{:02}-{:02}", 1 + (i / 28) % 12, 1 + i % 28);
    let mut rng_text = Rng(rng.next() ^ if ar { 7 } else { 11 });
    let r = &mut rng_text;
    let mut out = String::new();
    let title = sentence(r, words);
    let _ = write!(
        out,
        "---\ntitle: \"{}\"\ndate: {date}\nsummary: \"{}\"\ntopics: [{}]\nregions: [{}]\nevents:\n  - {{date: {date}, region: {}, kind: attack, title: \"{}\"}}\n---\n\n",
        title.trim_end_matches('.'),
        sentence(r, words),
        topics.join(", "),
        regions.join(", "),
        regions[0],
        sentence(r, words).trim_end_matches('.'),
    );
    let heads: [&str; 3] =
        if ar { ["خلفية", "التجنيد", "آفاق"] } else { ["Background", "Recruitment", "Outlook"] };
    let next = format!("brief-{:05}.{lang}.md", (i + 1) % n);
    let _ = write!(out, "{}\n\n## {}\n\n{}[^1] [→]({next})\n\n", paragraph(r, words), heads[0], paragraph(r, words));
    for _ in 0..4 {
        let _ = writeln!(out, "- {}", sentence(r, words));
    }
    let _ = write!(out, "\n> {}\n\n## {}\n\n{}\n\n", sentence(r, words), heads[1], paragraph(r, words));
    let labels: Vec<&str> = REGIONS[..4].iter().map(|t| if ar { t.2 } else { t.1 }).collect();
    let values: Vec<String> = (0..4).map(|_| (1 + r.below(20)).to_string()).collect();
    let (chart_title, series) =
        if ar { ("الهجمات حسب المنطقة", "الهجمات") } else { ("Attacks by region", "Attacks") };
    let _ = write!(
        out,
        "```chart\ntype: bar\ntitle: {chart_title}\nlabels: [{}]\nseries:\n  - name: {series}\n    values: [{}]\n```\n\n",
        labels.join(", "),
        values.join(", ")
    );
    let _ = write!(
        out,
        "## {}\n\n{}\n\n{}\n\n[^1]: {}\n",
        heads[2],
        paragraph(r, words),
        paragraph(r, words),
        sentence(r, words)
    );
    out
}

fn site_yaml() -> String {
    let tax = |items: &[(&str, &str, &str)]| {
        items.iter().map(|(k, en, ar)| format!("    {k}: {{en: \"{en}\", ar: \"{ar}\"}}\n")).collect::<String>()
    };
    format!(
        "title: {{ar: \"موجز\", en: \"Briefs\"}}\nbase_url: https://briefs.example.org\ndefault_language: ar\nlanguages:\n  - {{code: ar, name: \"العربية\", dir: rtl}}\n  - {{code: en, name: English, dir: ltr}}\ntaxonomies:\n  topics:\n{}  regions:\n{}",
        tax(TOPICS),
        tax(REGIONS)
    )
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(out)) = (args.get(1).and_then(|n| n.parse::<usize>().ok()), args.get(2)) else {
        eprintln!("usage: corpus N OUT_DIR");
        std::process::exit(2);
    };
    let out = Path::new(out);
    let briefs = out.join("content/briefs");
    std::fs::create_dir_all(&briefs)?;
    std::fs::write(out.join("site.yaml"), site_yaml())?;
    for i in 0..n {
        for lang in ["ar", "en"] {
            std::fs::write(briefs.join(format!("brief-{i:05}.{lang}.md")), brief(i, n, lang))?;
        }
    }
    println!("wrote {} briefs in 2 languages to {}", n, out.display());
    Ok(())
}
