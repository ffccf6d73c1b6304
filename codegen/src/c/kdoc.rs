//! kernel-doc comments from definition docs.

use super::layout::wrap_words;

/// A kernel-doc block for `what` (`struct foo`, `enum foo`, `foo`).
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

impl KDoc<'_> {
    pub fn render(&self, lead: &str) -> String {
        let mut lines = vec![format!("{lead}/**")];
        let first = format!("{lead} * {} - ", self.what);
        lines.extend(wrap_words(&first, &format!("{lead} *   "), &self.summary));
        for (name, desc) in &self.members {
            lines.extend(wrap_words(&format!("{lead} * @{name}: "), &format!("{lead} *   "), desc));
        }
        for para in &self.body {
            lines.push(format!("{lead} *"));
            lines.extend(wrap_words(&format!("{lead} * "), &format!("{lead} * "), para));
        }
        if let Some(r) = &self.ret {
            lines.push(format!("{lead} *"));
            lines.extend(wrap_words(&format!("{lead} * Return: "), &format!("{lead} * "), r));
        }
        lines.push(format!("{lead} */"));
        lines.join("\n")
    }
}
