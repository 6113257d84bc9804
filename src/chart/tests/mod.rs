//! Tests of the chart module: blocks in, figures or errors out.

mod blocks;
mod drawing;
mod errors;
// maps (issue #14)
mod maps;

use std::path::{Path, PathBuf};

use super::{ChartContext, ChartError, DataStore, Words, render_block};
use crate::locale::{ArabicMonths, Dir, Locale, Numerals};

pub fn en() -> Locale {
    Locale::english()
}

pub fn ar() -> Locale {
    Locale::new("ar", Dir::Rtl, Numerals::Latin, ArabicMonths::Both)
}

pub fn ar_indic() -> Locale {
    Locale::new("ar", Dir::Rtl, Numerals::ArabicIndic, ArabicMonths::Both)
}

/// The chart words of the built-in theme in the locale's language.
pub fn words(locale: &Locale) -> Words {
    let name = format!("i18n/{}.yaml", locale.lang);
    let (_, bytes) = crate::theme::BUILTIN.iter().find(|(n, _)| *n == name).expect("a built-in language");
    let strings = crate::yaml::parse(std::str::from_utf8(bytes).expect("UTF-8")).expect("valid YAML");
    Words::from_strings(|key| strings.get(key).and_then(crate::yaml::scalar_text).unwrap_or_default())
}

pub fn site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/charts")
}

/// Region labels in English, as the site's taxonomy would give them.
pub fn regions(column: &str, key: &str) -> Option<String> {
    if !matches!(column, "region" | "regions") {
        return None;
    }
    let label = match key {
        "daraa" => "Daraa",
        "deir-ez-zor" => "Deir ez-Zor",
        "hasakah" => "Hasakah",
        "hama" => "Hama",
        "homs" => "Homs",
        _ => return None,
    };
    Some(label.to_string())
}

/// Renders a block as a page of `locale` would, with the fixture site.
pub fn render_in(yaml: &str, locale: &Locale, bundle: Option<&Path>) -> Result<String, Vec<ChartError>> {
    let root = site();
    let store = DataStore::new();
    let words = words(locale);
    let ctx = ChartContext {
        site_root: &root,
        bundle_dir: bundle,
        locale,
        words: &words,
        label: &regions,
        data: &store,
        id: "chart-1",
        map: None,
    };
    render_block(yaml, &ctx)
}

pub fn render(yaml: &str) -> Result<String, Vec<ChartError>> {
    render_in(yaml, &en(), None)
}

/// The errors of a block that must fail.
pub fn errors(yaml: &str) -> Vec<ChartError> {
    match render(yaml) {
        Ok(html) => panic!("expected errors, got a figure:\n{html}"),
        Err(e) => e,
    }
}

/// The one error whose message contains `needle`.
pub fn find<'a>(errors: &'a [ChartError], needle: &str) -> &'a ChartError {
    errors
        .iter()
        .find(|e| e.message.contains(needle))
        .unwrap_or_else(|| panic!("no error containing {needle:?} in {errors:#?}"))
}

/// Number of occurrences of `needle` in `hay`.
pub fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// The `<svg>…</svg>` of a figure.
pub fn svg_of(html: &str) -> &str {
    let start = html.find("<svg").expect("an svg");
    let end = html.find("</svg>").expect("the end of the svg") + "</svg>".len();
    &html[start..end]
}

/// Rectangles drawn in the plot (not those inside pattern definitions).
pub fn plot_rects(svg: &str) -> usize {
    let body = svg.split("</defs>").last().unwrap_or(svg);
    count(body, "<rect ")
}

/// The x of the `<text>` whose content contains `needle`.
pub fn text_x(svg: &str, needle: &str) -> f64 {
    let at = svg.find(needle).unwrap_or_else(|| panic!("{needle:?} not in svg"));
    let start = svg[..at].rfind("<text ").expect("a text element");
    let tag = &svg[start..at];
    let x = tag.split("x=\"").nth(1).and_then(|r| r.split('"').next()).expect("an x");
    x.parse().expect("a number")
}

/// Every sample figure, drawing and table, against its snapshot in
/// `src/chart/tests/snapshots/`, so a change to how charts are drawn shows
/// its diff in review. Each is also written as a page to
/// `target/chart-samples/`, to look at in a browser.
#[test]
fn chart_samples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/chart-samples");
    std::fs::create_dir_all(&dir).expect("target/chart-samples");
    for (name, locale, yaml) in drawing::samples() {
        let html = render_in(yaml, &locale, None).unwrap_or_else(|e| panic!("{name}: {e:#?}"));
        let dir_attr = if locale.is_rtl() { "rtl" } else { "ltr" };
        let page = format!(
            "<!doctype html><html lang=\"{}\" dir=\"{dir_attr}\"><meta charset=\"utf-8\"><style>body{{font-family:'Noto Sans Arabic','Noto Sans',sans-serif;max-width:680px;margin:10px;color:#1b1f24}} figure{{margin:0}} svg{{display:block}}</style>{html}</html>",
            locale.lang
        );
        std::fs::write(dir.join(format!("{name}.html")), page).expect("write a sample page");
        insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true, description => yaml }, {
            insta::assert_snapshot!(name, html);
        });
    }
}
