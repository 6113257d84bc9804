//! How long drawing one chart takes, through `mujaz::chart::figure`: a bar
//! chart of 4 labels, a line chart of 12 points in 3 series, and a timeline
//! of 10 events, each in English and in Arabic. Maps (issue #14): a map of
//! the example's 11 regions on its outline of Syria, drawn as a page draws it
//! (outlines already projected), and the once-per-build cost of reading and
//! projecting the outline.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use mujaz::chart::{Chart, Kind, Series, TimelineEvent, Words, figure};
use mujaz::locale::{ArabicMonths, Dir, Locale, Numerals};

fn chart(kind: Kind) -> Chart {
    Chart {
        kind,
        title: "Attacks claimed by governorate, Aug–Sep 2025".to_string(),
        caption: Some("Indicative figures.".to_string()),
        source: Some("al-Naba weekly claims".to_string()),
        labels: Vec::new(),
        series: Vec::new(),
        events: Vec::new(),
        keys: Vec::new(),
    }
}

fn bar() -> Chart {
    Chart {
        labels: ["Daraa", "Deir ez-Zor", "Hasakah", "Hama"].map(String::from).to_vec(),
        series: vec![Series { name: "Attacks".to_string(), values: vec![4.0, 6.0, 3.0, 2.0] }],
        ..chart(Kind::Bar)
    }
}

fn line() -> Chart {
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let series = ["Attacks", "Arrests", "Seizures"]
        .iter()
        .enumerate()
        .map(|(k, name)| Series {
            name: name.to_string(),
            values: (0..12).map(|i| ((i * 7 + k * 5) % 13) as f64 * (k + 1) as f64).collect(),
        })
        .collect();
    Chart { labels: months.map(String::from).to_vec(), series, ..chart(Kind::Line) }
}

fn timeline() -> Chart {
    let labels = [
        "Checkpoint attack in Daraa",
        "Raid in Deir ez-Zor",
        "Arrests in the Aleppo countryside",
        "Coalition statement",
        "New salary offer reported",
        "Levy collected from merchants",
        "Cell dismantled in Homs",
        "Explosives seized near Palmyra",
        "Meeting of tribal leaders",
        "Second raid in Hasakah",
    ];
    let start = NaiveDate::from_ymd_opt(2025, 8, 1).unwrap_or_default();
    let events = labels
        .iter()
        .enumerate()
        .map(|(i, label)| TimelineEvent {
            date: start + chrono::Days::new((i * 5 + i % 3) as u64),
            label: label.to_string(),
        })
        .collect();
    Chart { events, ..chart(Kind::Timeline) }
}

/// The built-in theme's chart words in `lang`, as pages have them.
fn words(lang: &str) -> Words {
    let name = format!("i18n/{lang}.yaml");
    let (_, bytes) = mujaz::theme::BUILTIN.iter().find(|(n, _)| *n == name).expect("a built-in language");
    let strings = mujaz::yaml::parse(std::str::from_utf8(bytes).expect("UTF-8")).expect("valid YAML");
    Words::from_strings(|key| strings.get(key).and_then(mujaz::yaml::scalar_text).unwrap_or_default())
}

fn benches(c: &mut Criterion) {
    let en = Locale::english();
    let ar = Locale::new("ar", Dir::Rtl, Numerals::ArabicIndic, ArabicMonths::Both);
    for (name, chart) in [("bar 4 labels", bar()), ("line 12x3", line()), ("timeline 10 events", timeline())] {
        for (lang, locale) in [("en", &en), ("ar", &ar)] {
            let words = words(lang);
            c.bench_function(&format!("chart {name} ({lang})"), |b| {
                b.iter(|| figure(black_box(&chart), black_box(locale), black_box(&words), black_box("chart-1")))
            });
        }
    }
}

// --- maps (issue #14) ---

/// The example site's geography: its outline of Syria and its places.
fn syria() -> mujaz::geo::Atlas {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = mujaz::config::Config::load(root, std::path::Path::new("")).expect("the example's site.yaml");
    config.map.expect("the example site has `map:`")
}

/// Events per region across the example's 11 regions.
fn map_chart(atlas: &mujaz::geo::Atlas) -> Chart {
    let keys: Vec<String> = atlas.places.keys().cloned().collect();
    let values = (0..keys.len()).map(|i| ((i * 7) % 11 + 1) as f64).collect();
    Chart {
        labels: keys.clone(),
        series: vec![Series { name: "Events".to_string(), values }],
        keys,
        ..chart(Kind::Map)
    }
}

fn map_benches(c: &mut Criterion) {
    let atlas = syria();
    let chart = map_chart(&atlas);
    let en = Locale::english();
    let ar = Locale::new("ar", Dir::Rtl, Numerals::ArabicIndic, ArabicMonths::Both);
    for (lang, locale) in [("en", &en), ("ar", &ar)] {
        let words = words(lang);
        c.bench_function(&format!("chart map 11 regions ({lang})"), |b| {
            b.iter(|| {
                mujaz::chart::map_figure(
                    black_box(&chart),
                    black_box(&atlas),
                    Some("daraa"),
                    black_box(locale),
                    &words,
                    "chart-1",
                )
            })
        });
    }
    c.bench_function("map outline read and projected (once per build)", |b| {
        b.iter(|| {
            let atlas = syria();
            black_box(atlas.projected(640.0));
        })
    });
}

criterion_group!(chart_benches, benches, map_benches);
criterion_main!(chart_benches);
