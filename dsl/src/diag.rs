//! Diagnostics: every error carries a span into a source file, a message, an
//! optional hint and the section of the language reference on the construct
//! it is about, and is rendered with codespan-reporting (the crate cxx uses)
//! as `file:line:col` plus the source line with an underline.

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
    /// The section of docs/language.md on what the diagnostic is about.
    pub construct: Option<Construct>,
}

/// Declares [`Construct`] from one list of sections, so a section and its
/// anchor are written once; the reference's test checks every anchor.
macro_rules! constructs {
    ($($(#[$doc:meta])* $name:ident => $link:literal,)*) => {
        /// A construct of the language, by its section in docs/language.md.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Construct {
            $($(#[$doc])* $name,)*
        }

        impl Construct {
            pub const ALL: &[Construct] = &[$(Construct::$name,)*];

            /// Where the construct is described: the reference and the anchor of its section.
            pub fn link(self) -> &'static str {
                match self {
                    $(Construct::$name => $link,)*
                }
            }
        }
    };
}

constructs! {
    /// One `.maptype` file holds one definition.
    Files => "docs/language.md#files",
    /// `///` lines.
    DocComments => "docs/language.md#doc-comments",
    /// `mapping_type NAME { ... }`.
    MappingType => "docs/language.md#mapping-type",
    /// `name "...";`
    Name => "docs/language.md#name",
    /// `export POLICY;`
    Export => "docs/language.md#export",
    /// `private to module "m" in "dir";`
    Private => "docs/language.md#private",
    /// `enum NAME { ... }`
    Enums => "docs/language.md#enums",
    /// `flags NAME { ... }`, `&`, `|`, `has`
    Flags => "docs/language.md#flags",
    /// `data { ... }`
    MatchData => "docs/language.md#match-data",
    /// `FIELD: u8 as ENUM in { ... }`
    EnumFields => "docs/language.md#enum-typed-fields",
    /// `struct NAME { ... }`
    CStructs => "docs/language.md#c-structs",
    /// `result NAME { ... }`
    Results => "docs/language.md#results",
    /// `invariants ARRAY { ... }`
    Invariants => "docs/language.md#invariants",
    /// `exporter ops NAME { ... }`
    ExporterOps => "docs/language.md#exporter-ops",
    /// `importer NAME(...)`, `exporter NAME(...)`
    Constructors => "docs/language.md#constructors",
    /// `extern NAME(...) from <header>;`
    Externs => "docs/language.md#externs",
    /// `compatible { ... }`
    Compatible => "docs/language.md#compatibility-rules",
    /// `on_match { keep ...; }`
    OnMatch => "docs/language.md#on-match",
    /// `legacy attach.FIELD = VALUE;`
    Legacy => "docs/language.md#legacy",
    /// `single_exporter NAME(OP, ...);`
    SingleExporter => "docs/language.md#single-exporter",
    /// `accessor NAME -> T = VALUE;`, `ops_accessor NAME;`
    Accessors => "docs/language.md#accessors",
    /// `entry NAME = OP, ...;`
    Entries => "docs/language.md#entry-points",
    /// `bind` and `require` in an entry point's body.
    EntryBody => "docs/language.md#entry-bodies",
    /// `debugfs "format", args;`
    Debugfs => "docs/language.md#debugfs",
    /// `#[maptype::mapping_type] mod NAME { ... }`
    RustForm => "docs/language.md#the-rust-form",
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic { span, message: message.into(), hint: None, related: None, warning: false, construct: None }
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

    pub fn see(mut self, construct: Construct) -> Self {
        self.construct = Some(construct);
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
            let hint = d.hint.iter().map(|h| format!("hint: {h}"));
            let see = d.construct.iter().map(|c| format!("see: {}", c.link()));
            cs = cs.with_notes(hint.chain(see).collect());
            // A write error on stderr is not worth a panic; there is nowhere to report it.
            let _ = term::emit_to_write_style(out, &config, &files, &cs);
        }
    }
}
