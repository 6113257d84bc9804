//! Every problem a block can have, with its message and its line.

use super::*;

#[test]
fn yaml_syntax_errors_have_a_line() {
    let e = errors("type: bar\ntitle: T\nlabels: [a, b\nseries: []\n");
    assert_eq!(e.len(), 1);
    assert!(e[0].message.starts_with("the chart block is not valid YAML"), "{e:?}");
    assert!(e[0].line >= 3, "{e:?}");
}

#[test]
fn missing_type_and_title() {
    let e = errors("labels: [a]\nseries: [{name: s, values: [1]}]\n");
    assert_eq!(find(&e, "missing `type`").line, 0);
    assert_eq!(find(&e, "missing `title`").line, 0);
    assert_eq!(e.len(), 2);
}

#[test]
fn unknown_type_suggests_one() {
    let e = errors("title: T\ntype: hbra\nlabels: [a]\nseries: [{name: s, values: [1]}]\n");
    let err = find(&e, "unknown chart type `hbra`");
    assert_eq!(err.line, 2);
    assert_eq!(err.help.as_deref(), Some("did you mean `hbar`?"));
    let e = errors("type: pie\ntitle: T\n");
    assert_eq!(
        find(&e, "unknown chart type `pie`").help.as_deref(),
        Some("use one of bar, hbar, line, stacked, timeline, map")
    );
}

#[test]
fn unknown_fields_suggest_one() {
    let e = errors("type: bar\ntitle: T\nlables: [a]\nseries: [{name: s, values: [1]}]\n");
    let err = find(&e, "unknown field `lables` in a chart block");
    assert_eq!(err.line, 3);
    assert_eq!(err.help.as_deref(), Some("did you mean `labels`?"));
    let e = errors("type: bar\ntitle: T\nlabels: [a]\nseries:\n  - name: s\n    valeus: [1]\n");
    let err = find(&e, "unknown field `valeus`");
    assert_eq!(err.line, 6);
    assert_eq!(err.help.as_deref(), Some("did you mean `values`?"));
}

#[test]
fn series_length_must_match_labels() {
    let yaml = "type: bar\ntitle: T\nlabels: [a, b, c, d]\nseries:\n  - name: Attacks\n    values: [4, 6, 3, 2]\n  - name: Claimed\n    values: [1, 2, 3]\n";
    let e = errors(yaml);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].message, "series `Claimed` has 3 values but there are 4 labels");
    assert_eq!(e[0].line, 8);
}

#[test]
fn values_must_be_numbers() {
    let yaml = "type: line\ntitle: T\nlabels: [a, b, c]\nseries:\n  - name: Attacks\n    values: [4, four, .nan]\n";
    let e = errors(yaml);
    assert_eq!(find(&e, "value `four` in series `Attacks` is not a number").line, 6);
    assert_eq!(find(&e, "value `.nan` in series `Attacks`").line, 6);
    let e = errors("type: bar\ntitle: T\nlabels: [a]\nseries: [{name: s, values: [1e300]}]\n");
    assert!(find(&e, "too large").line == 4);
}

#[test]
fn all_errors_of_a_block_are_reported_in_line_order() {
    let yaml = "type: barr\ntitel: T\nlabels: [a, b]\nseries:\n  - name: s\n    values: [1, x]\n";
    let e = errors(yaml);
    let lines: Vec<usize> = e.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![0, 1, 2, 6], "{e:#?}");
    assert!(e[0].message.contains("missing `title`"));
}

#[test]
fn data_file_must_exist() {
    let e = errors("type: bar\ntitle: T\ndata: attacks-2030\nx: region\ny: attacks\n");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].line, 3);
    assert_eq!(
        e[0].message,
        "data file `attacks-2030` not found: tried data/attacks-2030.csv, data/attacks-2030.yaml, data/attacks-2030.yml"
    );
}

#[test]
fn data_names_cannot_leave_the_site() {
    for name in ["../secrets", "/etc/passwd", "sub/dir", "a\\\\b", "C:x", "~root"] {
        let e = errors(&format!("type: bar\ntitle: T\ndata: \"{name}\"\nx: region\ny: attacks\n"));
        let err = find(&e, "leaves the site");
        assert_eq!(err.line, 3, "{name}");
    }
}

#[test]
fn missing_columns_are_listed() {
    let e = errors("type: bar\ntitle: T\ndata: attacks\nx: regoin\ny: [attacks, claims]\n");
    let err = find(&e, "no column `regoin`");
    assert_eq!(err.message, "no column `regoin` in data/attacks.csv; its columns are `region`, `attacks`, `claimed`");
    assert_eq!(err.line, 4);
    assert_eq!(err.help.as_deref(), Some("did you mean `region`?"));
    let err = find(&e, "no column `claims`");
    assert_eq!(err.line, 5);
    assert_eq!(err.help.as_deref(), Some("did you mean `claimed`?"));
}

#[test]
fn cells_must_be_numbers() {
    let e = errors("type: bar\ntitle: T\ndata: bad-cells\nx: region\ny: [attacks]\n");
    assert_eq!(e.len(), 2, "{e:#?}");
    assert_eq!(e[0].message, "data/bad-cells.csv line 3, column `attacks`: `four` is not a number");
    assert_eq!(e[0].line, 5);
    assert_eq!(e[1].message, "data/bad-cells.csv line 4, column `attacks` is empty");
}

#[test]
fn data_needs_x_and_y() {
    let e = errors("type: bar\ntitle: T\ndata: attacks\n");
    assert_eq!(find(&e, "`data` needs `x`").line, 3);
    assert_eq!(find(&e, "`data` needs `y`").line, 3);
    let e = errors("type: timeline\ntitle: T\ndata: events\nx: date\n");
    assert_eq!(find(&e, "`data` needs `label`").line, 3);
}

#[test]
fn inline_and_data_together() {
    let e = errors("type: bar\ntitle: T\nlabels: [a]\ndata: attacks\nx: region\ny: attacks\n");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].message, "give either `data` or inline `labels`, not both");
    assert_eq!(e[0].line, 4);
}

#[test]
fn bad_event_dates() {
    let yaml = "type: timeline\ntitle: T\nevents:\n  - date: 2025-09-01\n    label: Fine\n  - date: 2025-13-01\n    label: Bad\n  - {date: 12/09/2025, label: Worse}\n";
    let e = errors(yaml);
    assert_eq!(e.len(), 2, "{e:#?}");
    assert_eq!(e[0].message, "event 2: `2025-13-01` is not a date: month 13 is not between 1 and 12");
    assert_eq!(e[0].line, 6);
    assert_eq!(e[1].message, "event 3: `12/09/2025` is not a date");
    assert_eq!(e[1].line, 8);
    let e = errors("type: timeline\ntitle: T\ndata: bad-dates\nx: date\nlabel: title\n");
    assert_eq!(e[0].message, "data/bad-dates.csv line 3, column `date`: `2025-13-01` is not a date");
    assert_eq!(e[0].line, 4);
}

#[test]
fn unknown_taxonomy_keys() {
    let e = errors("type: bar\ntitle: T\ndata: unknown-region\nx: region\ny: attacks\n");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].message, "unknown region `homz` in data/unknown-region.csv line 3, column `region`");
    assert_eq!(e[0].line, 4);
}

#[test]
fn fields_of_other_kinds() {
    let e = errors("type: bar\ntitle: T\nlabels: [a]\nseries: [{name: s, values: [1]}]\nevents: []\n");
    assert_eq!(find(&e, "`events` is used only by a timeline").line, 5);
    let e = errors("type: timeline\ntitle: T\nevents: [{date: 2025-01-01, label: a}]\nlabels: [a]\n");
    assert_eq!(find(&e, "`labels` is not used by a timeline").line, 4);
}

#[test]
fn broken_data_files() {
    let e = errors("type: bar\ntitle: T\ndata: broken\nx: a\ny: b\n");
    assert_eq!(e[0].message, "data file data/broken.csv: line 2: a quoted field is not closed");
    assert_eq!(e[0].line, 3);
}

#[test]
fn names_must_match_y() {
    let e = errors("type: bar\ntitle: T\ndata: attacks\nx: region\ny: [attacks, claimed]\nnames: [Attacks]\n");
    assert_eq!(find(&e, "`names` has 1 names but `y` has 2 columns").line, 6);
}
