//! Chart drawing benchmark (placeholder until the chart module lands).
fn main() {}
