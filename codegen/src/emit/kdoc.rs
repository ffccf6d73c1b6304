//! kernel-doc comments from definition docs.

use askama::Template;

use super::filters;

/// A kernel-doc block for `what` (`struct foo`, `enum foo`, `foo`); the
/// template `c/kdoc.h` lays it out, the filters wrap it at 80 columns.
#[derive(Template)]
#[template(path = "c/kdoc.h", escape = "none")]
pub struct KDoc<'a> {
    pub what: &'a str,
    pub summary: String,
    pub members: Vec<(String, String)>,
    pub body: Vec<String>,
    pub ret: Option<String>,
}

/// One line of summary from doc lines (the first sentence's line), and the rest as body.
pub fn split_doc(doc: &[String], fallback: &str) -> (String, Vec<String>) {
    if doc.is_empty() {
        return (fallback.to_string(), vec![]);
    }
    let text = doc.join(" ");
    // The summary is the first sentence; kernel-doc wants it on one line.
    match text.find(". ") {
        Some(i) => (text[..=i].to_string(), vec![text[i + 2..].to_string()]),
        None => (text, vec![]),
    }
}

/// Member or parameter description: the doc joined into one paragraph.
pub fn describe(doc: &[String], fallback: &str) -> String {
    if doc.is_empty() {
        fallback.to_string()
    } else {
        doc.join(" ")
    }
}
