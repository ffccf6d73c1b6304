//! Diagnostics: every error carries a span into a source file, a message and
//! an optional hint, and is rendered with codespan-reporting (the crate cxx
//! uses) as `file:line:col` plus the source line with an underline.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

/// A byte range in one of the loaded sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: usize,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn to(self, other: Span) -> Span {
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Span,
    pub message: String,
    /// Boxed to keep `Diagnostic` (the parser's `Err`) small.
    pub hint: Option<Box<str>>,
    /// A second place worth showing, e.g. the earlier definition of a duplicate.
    pub related: Option<(Span, String)>,
    /// A warning does not stop the check: the definition is still generated.
    pub warning: bool,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic { span, message: message.into(), hint: None, related: None, warning: false }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic { warning: true, ..Diagnostic::error(span, message) }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into().into_boxed_str());
        self
    }

    pub fn related(mut self, span: Span, note: impl Into<String>) -> Self {
        self.related = Some((span, note.into()));
        self
    }
}

/// The loaded definition files; spans index into these.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<(String, String)>,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its index for spans.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> usize {
        self.files.push((name.into(), text.into()));
        self.files.len() - 1
    }

    pub fn name(&self, file: usize) -> &str {
        &self.files[file].0
    }

    pub fn text(&self, file: usize) -> &str {
        &self.files[file].1
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, file: usize, offset: usize) -> (usize, usize) {
        let text = self.text(file);
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = text[line_start..offset].chars().count() + 1;
        (line, col)
    }

    /// `file:line:col` of a span's start.
    pub fn location(&self, span: Span) -> String {
        let (line, col) = self.line_col(span.file, span.start);
        format!("{}:{}:{}", self.name(span.file), line, col)
    }

    /// Renders diagnostics the way a compiler does, without colour.
    pub fn render(&self, diags: &[Diagnostic]) -> String {
        let mut buf = termcolor::NoColor::new(Vec::new());
        self.emit(&mut buf, diags);
        String::from_utf8_lossy(&buf.into_inner()).into_owned()
    }

    /// Renders diagnostics to any termcolor writer (colour on a terminal).
    pub fn emit(&self, out: &mut dyn termcolor::WriteColor, diags: &[Diagnostic]) {
        let mut files = SimpleFiles::new();
        for (name, text) in &self.files {
            files.add(name.as_str(), text.as_str());
        }
        let config = term::Config::default();
        for d in diags {
            let mut labels = vec![Label::primary(d.span.file, d.span.start..d.span.end)];
            if let Some((span, note)) = &d.related {
                labels.push(Label::secondary(span.file, span.start..span.end).with_message(note));
            }
            let cs = if d.warning { CsDiagnostic::warning() } else { CsDiagnostic::error() };
            let mut cs = cs.with_message(&d.message).with_labels(labels);
            if let Some(h) = &d.hint {
                cs = cs.with_notes(vec![format!("hint: {h}")]);
            }
            // A write error on stderr is not worth a panic; there is nowhere to report it.
            let _ = term::emit_to_write_style(out, &config, &files, &cs);
        }
    }
}
