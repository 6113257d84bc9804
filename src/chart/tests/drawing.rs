//! What the SVG and the table hold, for each kind, in both directions.

use super::*;
use crate::chart::{Chart, Kind, Series, TimelineEvent, draw, figure};
use chrono::NaiveDate;

const BAR: &str = "type: bar\ntitle: Attacks claimed by governorate\nlabels: [Daraa, Deir ez-Zor, Hasakah, Hama]\nseries:\n  - name: Attacks\n    values: [4, 6, 3, 2]\nsource: al-Naba weekly claims\n";
const BAR_AR: &str = "type: bar\ntitle: الهجمات المعلنة حسب المحافظة\nlabels: [درعا, دير الزور, الحسكة, حماة]\nseries:\n  - name: الهجمات\n    values: [4, 6, 3, 2]\n  - name: المعلنة\n    values: [3, 5, 1, 2]\nsource: النبأ\n";
const HBAR_AR: &str = "type: hbar\ntitle: المجنِّدون الموقوفون بحسب المنطقة (ثلاثة أسابيع حتى منتصف أيلول/سبتمبر 2025)\ncaption: \"أرقام تقديرية للتوضيح؛ يذكر المصدر وقوع توقيفات في المناطق الثلاث من دون تفصيل.\"\nsource: المجلة؛ وزارة الداخلية السورية\nlabels: [ريف حلب, دير الزور, درعا]\nseries:\n  - name: المجنِّدون الموقوفون\n    values: [2, 2, 1]\n";
const HBAR: &str = "type: hbar\ntitle: Recruiters detained, by area\nlabels: [Aleppo countryside, Deir ez-Zor, Daraa]\nseries:\n  - name: Recruiters detained\n    values: [2, 2, 1]\n";
const LINE: &str = "type: line\ntitle: Claims per month\nlabels: [Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec]\nseries:\n  - name: Attacks\n    values: [10, 12, 9, 14, 20, 18, 25, 22, 30, 28, 26, 31]\n  - name: Arrests\n    values: [3, 5, 4, 6, 8, 7, 9, 12, 10, 11, 14, 13]\n  - name: Seizures\n    values: [1, 0, 2, 1, 3, 2, 2, 4, 3, 5, 4, 6]\n";
const STACKED: &str = "type: stacked\ntitle: Operations by governorate\nlabels: [Deir ez-Zor, Homs, Aleppo, Raqqa, Daraa]\nseries:\n  - name: Raids\n    values: [3, 2, 2, 1, 2]\n  - name: Seizures\n    values: [0, 1, 0, 0, 0]\n  - name: Arrests\n    values: [4, 1, 2, 2, 1]\n";
const TIMELINE: &str = "type: timeline\ntitle: Key events\nevents:\n  - {date: 2025-09-01, label: Checkpoint attack in Daraa}\n  - {date: 2025-09-03, label: Raid in Deir ez-Zor}\n  - {date: 2025-09-04, label: Arrests in Aleppo countryside}\n  - {date: 2025-09-12, label: Coalition statement}\n  - {date: 2025-08-15, label: New salary offer reported}\n";
const TIMELINE_AR: &str = "type: timeline\ntitle: أبرز الأحداث\nevents:\n  - {date: 2025-09-01, label: هجوم على حاجز في درعا}\n  - {date: 2025-09-03, label: مداهمة في دير الزور}\n  - {date: 2025-09-04, label: توقيفات في ريف حلب}\n  - {date: 2025-09-12, label: بيان التحالف}\n  - {date: 2025-08-15, label: عرض رواتب جديد}\n";

const TIMELINE_10: &str = "type: timeline\ntitle: Ten events\nevents:\n  - {date: 2025-08-01, label: Checkpoint attack in Daraa}\n  - {date: 2025-08-06, label: Raid in Deir ez-Zor}\n  - {date: 2025-08-13, label: Arrests in the Aleppo countryside}\n  - {date: 2025-08-16, label: Coalition statement}\n  - {date: 2025-08-21, label: New salary offer reported}\n  - {date: 2025-08-27, label: Levy collected from merchants}\n  - {date: 2025-08-30, label: Cell dismantled in Homs}\n  - {date: 2025-09-05, label: Explosives seized near Palmyra}\n  - {date: 2025-09-11, label: Meeting of tribal leaders}\n  - {date: 2025-09-14, label: Second raid in Hasakah}\n";

const STACKED_MIXED: &str = "type: stacked\ntitle: Net change\nlabels: [a, b, c]\nseries:\n  - name: In\n    values: [3, -2, 5]\n  - name: Out\n    values: [-1, 4, 2]\n";
const HBAR_MIXED: &str = "type: hbar\ntitle: Change in claims\nlabels: [Daraa, Deir ez-Zor, Hasakah, Hama]\nseries:\n  - name: August\n    values: [4, -6, 3, 1250]\n  - name: September\n    values: [-2, 5, 0, 900]\n";

/// Charts to look at as pictures (see `chart_samples`).
pub fn samples() -> Vec<(&'static str, Locale, &'static str)> {
    vec![
        ("bar-en", en(), BAR),
        ("bar-ar", ar(), BAR_AR),
        ("bar-ar-indic", ar_indic(), BAR_AR),
        ("hbar-en", en(), HBAR),
        ("hbar-ar", ar(), HBAR_AR),
        ("line-en", en(), LINE),
        ("line-ar", ar(), LINE),
        ("stacked-en", en(), STACKED),
        ("stacked-ar", ar(), STACKED),
        ("timeline-en", en(), TIMELINE),
        ("timeline-ar", ar(), TIMELINE_AR),
        ("timeline-10", en(), TIMELINE_10),
        ("hbar-mixed-en", en(), HBAR_MIXED),
        ("hbar-mixed-ar", ar_indic(), HBAR_MIXED),
        ("bar-mixed-ar", ar(), STACKED_MIXED),
    ]
}

fn assert_frame(html: &str, kind: &str) {
    assert!(html.starts_with(&format!("<figure class=\"chart chart-{kind}\" id=\"chart-1\">")), "{html}");
    let svg = svg_of(html);
    assert!(svg.contains("viewBox=\"0 0 640 "), "{svg}");
    assert!(svg.contains("width=\"100%\""));
    assert!(!svg.contains("height=\"") || !svg[..svg.find('>').unwrap()].contains(" height="));
    assert!(svg.contains("role=\"img\" aria-labelledby=\"chart-1-title\""));
    assert!(svg.contains("<title id=\"chart-1-title\">"));
    assert!(!svg.contains("font-family"), "no font is baked in");
    for id in html.split(" id=\"").skip(1) {
        assert!(id.starts_with("chart-1"), "id not prefixed: {}", &id[..20.min(id.len())]);
    }
    assert!(html.contains("<figcaption><span class=\"chart-title\">"));
    assert!(html.contains("<details class=\"chart-data\"><summary>"));
    assert!(html.ends_with("</figure>"));
}

#[test]
fn bar_chart() {
    let html = render(BAR).unwrap();
    assert_frame(&html, "bar");
    let svg = svg_of(&html);
    assert_eq!(plot_rects(svg), 4);
    for label in ["Daraa", "Deir ez-Zor", "Hasakah", "Hama"] {
        assert!(svg.contains(&format!(">{label}</text>")), "{label}");
    }
    // Four value labels, as there are no more than 12 bars.
    assert!(svg.contains(">6</text>") && svg.contains(">3</text>"));
    assert!(html.contains("<span class=\"chart-source\">Source: <bdi>al-Naba weekly claims</bdi></span>"));
    assert!(html.contains("<caption><bdi>Attacks claimed by governorate</bdi></caption>"));
    assert!(html.contains("<th scope=\"col\">Category</th><th scope=\"col\"><bdi>Attacks</bdi></th>"));
    assert!(html.contains("<tr><th scope=\"row\"><bdi>Deir ez-Zor</bdi></th><td>6</td></tr>"));
    // One series: no legend and no patterns.
    assert!(!svg.contains("<pattern"));
}

#[test]
fn grouped_bars_have_a_legend_and_patterns() {
    let html = render_in(BAR_AR, &ar(), None).unwrap();
    let svg = svg_of(&html);
    assert_eq!(plot_rects(svg), 8 + 2, "eight bars and two legend swatches");
    assert!(svg.contains("<pattern id=\"chart-1-fill-1\""));
    assert!(svg.contains("fill=\"url(#chart-1-fill-1)\""));
    assert!(svg.contains("\u{2067}المعلنة\u{2069}"), "legend names are isolated");
}

#[test]
fn hbar_chart() {
    let html = render(HBAR).unwrap();
    assert_frame(&html, "hbar");
    let svg = svg_of(&html);
    assert_eq!(plot_rects(svg), 3);
    assert!(svg.contains(">Aleppo countryside</text>"));
    // Labels stand left of the bars, right-aligned to the axis (which
    // leaves room for the labels at their phone size).
    assert!(text_x(svg, ">Daraa<") < 260.0);
}

#[test]
fn line_chart() {
    let html = render(LINE).unwrap();
    assert_frame(&html, "line");
    let svg = svg_of(&html);
    assert_eq!(count(svg, "<polyline fill=\"none\" stroke=\"#"), 3 + 3, "three lines and three legend lines");
    assert!(count(svg, "<circle") >= 12, "markers on the first series");
    // Every other month: twelve would not fit at the phone size.
    assert!(svg.contains(">Nov</text>") && !svg.contains(">Dec</text>"));
    assert!(svg.contains("stroke=\"#d55e00\""));
}

#[test]
fn stacked_chart() {
    let html = render(STACKED).unwrap();
    assert_frame(&html, "stacked");
    let svg = svg_of(&html);
    // Fifteen segments, of which four are zero-height, and three swatches.
    assert_eq!(plot_rects(svg), 15 + 3);
    // Totals on top of the stacks.
    assert!(svg.contains(">7</text>") && svg.contains(">4</text>"));
}

#[test]
fn timeline_chart() {
    let html = render(TIMELINE).unwrap();
    assert_frame(&html, "timeline");
    let svg = svg_of(&html);
    assert_eq!(count(svg, "<circle"), 5);
    // Labels may be wrapped or shortened to fit; the table holds them whole.
    for label in ["Checkpoint", "Raid in Deir ez-Zor", "Coalition"] {
        assert!(svg.contains(label), "{label}");
        assert!(html.contains(label), "{label}");
    }
    assert!(html.contains("<td><bdi>Checkpoint attack in Daraa</bdi></td>"));
    assert!(svg.contains(" Sep</text>") && svg.contains(" Aug</text>"), "day ticks for a span of four weeks");
    assert!(html.contains("<th scope=\"col\">Date</th><th scope=\"col\">Event</th>"));
    // The table lists events by date.
    let first = html.find("15 August 2025").unwrap();
    assert!(first < html.find("1 September 2025").unwrap());
}

#[test]
fn timeline_labels_do_not_overlap() {
    let html = render(TIMELINE).unwrap();
    let svg = svg_of(&html);
    // Three events within four days cannot share a level.
    let ys: Vec<&str> = svg
        .lines()
        .filter(|l| l.contains("font-weight=\"600\""))
        .map(|l| l.split("y=\"").nth(1).unwrap().split('"').next().unwrap())
        .collect();
    assert_eq!(ys.len(), 5);
    let mut distinct = ys.clone();
    distinct.sort();
    distinct.dedup();
    assert!(distinct.len() >= 3, "{ys:?}");
}

#[test]
fn rtl_mirrors_the_category_axis() {
    let ltr = render(BAR).unwrap();
    let (first, last) = (text_x(svg_of(&ltr), ">Daraa<"), text_x(svg_of(&ltr), ">Hama<"));
    assert!(first < last);
    let rtl = render_in(BAR_AR, &ar(), None).unwrap();
    let svg = svg_of(&rtl);
    assert!(svg.contains("direction=\"rtl\""));
    let (first, last) = (text_x(svg, "\u{2067}درعا\u{2069}"), text_x(svg, "\u{2067}حماة\u{2069}"));
    assert!(first > last, "first category at the right: {first} vs {last}");
}

#[test]
fn rtl_puts_the_value_axis_on_the_right() {
    let ltr = render(BAR).unwrap();
    assert!(text_x(svg_of(&ltr), ">0</text>") < 100.0);
    let rtl = render_in(BAR, &ar(), None).unwrap();
    let svg = svg_of(&rtl);
    assert!(text_x(svg, ">0</text>") > 540.0);
    // Tick labels start at the axis, on its right: the end of right-to-left text.
    assert!(svg.contains("text-anchor=\"end\" font-size=\"0.93em\" dy=\".35em\">0</text>"));
}

#[test]
fn rtl_hbar_grows_leftwards() {
    let html = render_in(HBAR_AR, &ar(), None).unwrap();
    let svg = svg_of(&html);
    assert!(text_x(svg, "\u{2067}درعا\u{2069}") > 500.0, "labels on the right");
    let rects: Vec<(i32, i32)> = svg
        .lines()
        .filter(|l| l.starts_with("<rect "))
        .map(|l| {
            let attr =
                |a: &str| l.split(&format!(" {a}=\"")).nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
            (attr("x"), attr("width"))
        })
        .collect();
    assert_eq!(rects.len(), 3);
    let ends: Vec<i32> = rects.iter().map(|(x, w)| x + w).collect();
    assert!(ends.iter().all(|e| *e == ends[0]), "bars share their right end: {rects:?}");
    assert!(rects[2].1 < rects[0].1, "1 is shorter than 2");
}

#[test]
fn rtl_timeline_runs_right_to_left() {
    let html = render_in(TIMELINE_AR, &ar(), None).unwrap();
    let svg = svg_of(&html);
    let cx: Vec<i32> = svg
        .lines()
        .filter(|l| l.starts_with("<circle"))
        .map(|l| l.split("cx=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap())
        .collect();
    // Markers are drawn in date order: the earliest (15 August) at the right.
    assert!(cx.windows(2).all(|w| w[0] >= w[1]), "{cx:?}");
    assert!(svg.contains("\u{2067}بيان التحالف\u{2069}"));
    assert!(html.contains("<th scope=\"col\">التاريخ</th><th scope=\"col\">الحدث</th>"));
}

#[test]
fn arabic_labels_on_english_pages_are_first_strong_isolated() {
    let html = render("type: bar\ntitle: T\nlabels: [درعا, Hama]\nseries: [{name: A, values: [1, 2]}]").unwrap();
    assert!(svg_of(&html).contains(">\u{2068}درعا\u{2069}</text>"));
    assert!(svg_of(&html).contains(">Hama</text>"));
}

#[test]
fn arabic_pages_use_arabic_words_and_digits() {
    let yaml = "type: bar\ntitle: T\nsource: S\nlabels: [a, b]\nseries: [{name: A, values: [1250, 3]}]";
    let html = render_in(yaml, &ar_indic(), None).unwrap();
    assert!(html.contains("<td>١٬٢٥٠</td>"), "{html}");
    assert!(html.contains("<summary>جدول البيانات</summary>"));
    assert!(html.contains("المصدر: <bdi>S</bdi>"));
    assert!(svg_of(&html).contains(">١٬٢٥٠</text>"), "value labels");
    assert!(!svg_of(&html).contains(">1,250<"));
}

#[test]
fn author_strings_are_escaped_everywhere() {
    let yaml = "type: bar\ntitle: \"<script>alert('x')</script>\"\ncaption: \"a & b\"\nlabels: [\"<b>\"]\nseries: [{name: \"\\\"q\\\"\", values: [1]}]";
    let html = render(yaml).unwrap();
    assert!(!html.contains("<script>") && !html.contains("<b>"));
    assert!(
        svg_of(&html).contains("<title id=\"chart-1-title\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</title>")
    );
    assert!(html.contains("<caption><bdi>&lt;script&gt;"));
    assert!(html.contains("a &amp; b"));
    assert!(html.contains("&quot;q&quot;"));
}

#[test]
fn rendering_is_deterministic() {
    for (_, locale, yaml) in samples() {
        assert_eq!(render_in(yaml, &locale, None).unwrap(), render_in(yaml, &locale, None).unwrap());
    }
}

#[test]
fn the_core_builds_charts_directly() {
    let chart = Chart {
        kind: Kind::Bar,
        title: "Events per month".into(),
        caption: None,
        source: None,
        labels: vec!["Aug 2025".into(), "Sep 2025".into()],
        series: vec![Series { name: "Events".into(), values: vec![3.0, f64::NAN] }],
        events: vec![],
        keys: vec![],
    };
    let html = figure(&chart, &en(), &words(&en()), "timeline-chart");
    assert!(html.contains("id=\"timeline-chart\"") && html.contains("timeline-chart-title"));
    assert_eq!(plot_rects(svg_of(&html)), 1, "a value that is not a number is left out");
    let svg = draw(&chart, &en(), &words(&en()), "x");
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
}

#[test]
fn empty_charts_say_so() {
    let chart = Chart {
        kind: Kind::Timeline,
        title: "Nothing".into(),
        caption: None,
        source: None,
        labels: vec![],
        series: vec![],
        events: vec![],
        keys: vec![],
    };
    let html = figure(&chart, &en(), &words(&en()), "c");
    assert!(html.contains(">No data</text>") && !html.contains("<table"));
    let html = figure(&Chart { kind: Kind::Bar, ..chart }, &ar(), &words(&ar()), "c");
    assert!(html.contains("لا توجد بيانات"));
}

#[test]
fn odd_shapes_never_panic() {
    let day = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
    let long = "word ".repeat(80);
    let kinds = [Kind::Bar, Kind::Hbar, Kind::Line, Kind::Stacked, Kind::Timeline];
    let shapes: Vec<(Vec<String>, Vec<Series>, Vec<TimelineEvent>)> = vec![
        (vec![], vec![], vec![]),
        (vec!["a".into()], vec![Series { name: "s".into(), values: vec![] }], vec![]),
        (vec!["a".into(), "b".into()], vec![Series { name: "s".into(), values: vec![1e15, -1e15] }], vec![]),
        (vec![long.clone()], vec![Series { name: long.clone(), values: vec![0.0] }], vec![]),
        (vec!["a".into()], vec![Series { name: "s".into(), values: vec![f64::INFINITY] }], vec![]),
        (vec![], vec![], vec![TimelineEvent { date: day, label: long.clone() }; 30]),
        (
            vec![],
            vec![],
            vec![
                TimelineEvent { date: NaiveDate::MIN, label: "a".into() },
                TimelineEvent { date: NaiveDate::MAX, label: "b".into() },
            ],
        ),
    ];
    for kind in kinds {
        for (labels, series, events) in &shapes {
            let chart = Chart {
                kind,
                title: "t".into(),
                caption: None,
                source: None,
                labels: labels.clone(),
                series: series.clone(),
                events: events.clone(),
                keys: vec![],
            };
            for locale in [en(), ar()] {
                let html = figure(&chart, &locale, &words(&locale), "c");
                assert!(html.contains("</svg>"));
            }
        }
    }
}

#[test]
fn many_labels_are_thinned_not_overlapped() {
    let labels: Vec<String> = (0..200).map(|i| format!("Label {i}")).collect();
    let values: Vec<String> = (0..200).map(|i| (i % 7).to_string()).collect();
    let yaml = format!(
        "type: bar\ntitle: Many\nlabels: [{}]\nseries: [{{name: s, values: [{}]}}]",
        labels.join(", "),
        values.join(", ")
    );
    let html = render(&yaml).unwrap();
    let svg = svg_of(&html);
    assert_eq!(plot_rects(svg), 200);
    let shown = count(svg, ">Label ");
    assert!(shown > 0 && shown < 20, "{shown} labels shown");
    assert_eq!(count(&html, "<tr><th scope=\"row\">"), 200, "the table keeps every label");
    for kind in ["hbar", "line", "stacked"] {
        let html = render(&yaml.replace("type: bar", &format!("type: {kind}"))).unwrap();
        assert!(html.contains("</svg>"));
    }
}

#[test]
fn a_month_under_both_names_takes_a_third_line_rather_than_losing_its_year() {
    // The timeline's monthly chart on an Arabic page: "أيلول/سبتمبر 2025"
    // in a band where "سبتمبر 2025" does not fit on one line.
    let labels: Vec<String> = ["حزيران/يونيو 2025", "أيلول/سبتمبر 2025"].map(String::from).to_vec();
    let band = crate::chart::svg::measure("سبتمبر 2025", crate::chart::svg::FONT) + 5.0;
    let cats = crate::chart::svg::categories(&labels, band);
    assert_eq!(cats.lines[1], ["أيلول/", "سبتمبر", "2025"], "{:?}", cats.lines);
    assert_eq!(cats.rows, 3);
    assert!(cats.lines.iter().flatten().all(|l| !l.ends_with('…')), "{:?}", cats.lines);
}
