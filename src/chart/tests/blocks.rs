//! Blocks that draw: data files, taxonomy labels, and odd but valid input.

use super::*;

#[test]
fn data_from_csv_with_taxonomy_labels() {
    let html =
        render("type: bar\ntitle: T\ndata: attacks\nx: region\ny: [attacks, claimed]\nnames: [Attacks, Claimed]\n")
            .unwrap();
    assert!(html.contains("<tr><th scope=\"row\"><bdi>Deir ez-Zor</bdi></th><td>6</td><td>5</td></tr>"));
    assert!(html.contains("<th scope=\"col\"><bdi>Claimed</bdi></th>"));
    assert!(svg_of(&html).contains(">Deir ez-Zor</text>"));
}

#[test]
fn series_names_default_to_the_headers() {
    let html = render("type: line\ntitle: T\ndata: attacks.csv\nx: region\ny: attacks\n").unwrap();
    assert!(html.contains("<th scope=\"col\"><bdi>attacks</bdi></th>"));
}

#[test]
fn data_from_yaml_rows() {
    let html = render("type: hbar\ntitle: T\ndata: rows\nx: region\ny: attacks\n").unwrap();
    assert!(html.contains("<td>2.5</td>"));
}

#[test]
fn the_bundle_is_searched_first() {
    let bundle = site().join("content/briefs/bundle");
    let html = render_in("type: bar\ntitle: T\ndata: attacks\nx: region\ny: attacks\n", &en(), Some(&bundle)).unwrap();
    assert!(html.contains("<td>40</td>"));
    let e = render_in("type: bar\ntitle: T\ndata: nowhere\nx: a\ny: b\n", &en(), Some(&bundle)).unwrap_err();
    assert!(e[0].message.contains("tried content/briefs/bundle/nowhere.csv"), "{e:?}");
}

#[test]
fn timeline_from_data() {
    let html = render("type: timeline\ntitle: T\ndata: events\nx: date\nlabel: title\n").unwrap();
    assert!(html.contains("Raid near Deir ez-Zor, two arrested"));
    // Sorted by date in the table.
    assert!(html.find("20 August 2025").unwrap() < html.find("1 September 2025").unwrap());
}

#[test]
fn kind_columns_need_a_kinds_taxonomy_to_be_checked() {
    // The fixture site has no kinds: the keys are shown as written.
    let html = render("type: timeline\ntitle: T\ndata: events\nx: date\nlabel: kind\n").unwrap();
    assert!(html.contains("<bdi>raid</bdi>"));
}

#[test]
fn odd_blocks_never_panic() {
    let blocks = [
        "",
        "\n\n",
        "type: bar",
        "type: bar\ntitle: T",
        "- a\n- b",
        "type: [bar]\ntitle: {a: b}",
        "type: bar\ntitle: T\nlabels: []\nseries: [{name: s, values: []}]",
        "type: bar\ntitle: T\nlabels: [a, b]\nseries: [{name: s, values: [-5, -10]}]",
        "type: bar\ntitle: T\nlabels: [a]\nseries: [{name: s, values: [999999999999999]}]",
        "type: stacked\ntitle: T\nlabels: [a, b]\nseries: [{name: s, values: [3, -2]}, {name: t, values: [-1, 4]}]",
        "type: line\ntitle: T\nlabels: [a]\nseries: [{name: s, values: [NaN]}]",
        "type: timeline\ntitle: T\nevents: []",
        "type: timeline\ntitle: T\nevents: [{date: 2025-02-30, label: x}]",
        "type: bar\ntitle: T\nseries: 3\nlabels: x",
        "type: bar\ntitle: T\ndata: \"\"\nx: \"\"\ny: []",
        "type: bar\ntitle: T\nlabels: [a]\nseries: [[1, 2]]",
        "type: hbar\ntitle: T\nlabels: [a]\nseries: [{values: [1]}]",
        "type: bar\ntitle: T\nlabels: [a]\nseries: [{name: s, values: [1]}]\ntitle: again",
        "\u{feff}type: bar",
        "type: timeline\ntitle: T\nevents: [3, {date: 2025-01-01}]",
    ];
    for block in blocks {
        for locale in [en(), ar(), ar_indic()] {
            let _ = render_in(block, &locale, None);
        }
    }
}

#[test]
fn empty_and_zero_label_blocks() {
    let e = errors("");
    assert_eq!(e.len(), 2, "missing type and title: {e:?}");
    let e = errors("type: bar");
    assert!(find(&e, "missing `title`").line == 0);
    assert!(find(&e, "missing `labels`").line == 0);
    let html = render("type: bar\ntitle: T\nlabels: []\nseries: [{name: s, values: []}]").unwrap();
    assert!(html.contains(">No data</text>"));
}

#[test]
fn negative_values_stand_below_zero() {
    let html = render("type: bar\ntitle: T\nlabels: [a, b]\nseries: [{name: s, values: [-5, 10]}]").unwrap();
    let svg = svg_of(&html);
    assert!(svg.contains(">-5</text>") && svg.contains(">-5</text>"));
    assert!(html.contains("<td><bdi dir=\"ltr\">-5</bdi></td>"));
    let html =
        render_in("type: bar\ntitle: T\nlabels: [a, b]\nseries: [{name: s, values: [-5, 10]}]", &ar(), None).unwrap();
    assert!(svg_of(&html).contains(">\u{2066}-5\u{2069}</text>"));
}

#[test]
fn numbers_written_as_text_are_read() {
    let html = render("type: bar\ntitle: T\nlabels: [a, b]\nseries: [{name: s, values: [\"4\", \"٣\"]}]").unwrap();
    assert!(html.contains("<td>3</td>"));
}
