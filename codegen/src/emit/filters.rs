//! Template filters of the C backend: the layout decisions a template cannot
//! make itself (80-column comment wrapping, aligned macro backslashes), so
//! templates hold plain C and call these where text length matters.

use std::fmt::Display;

use askama::Values;

use super::layout;

fn wrapped(first: &str, next: &str, text: &str) -> String {
    layout::wrap_words(first, next, text).join("\n")
}

/// The kernel-doc title line: ` * what - summary`, wrapped.
#[askama::filter_fn]
pub fn kdoc_summary<T: Display, W: Display>(summary: T, _: &dyn Values, what: W) -> askama::Result<String> {
    Ok(wrapped(&format!(" * {what} - "), " *   ", &summary.to_string()))
}

/// A kernel-doc member or parameter line: ` * @name: desc`, wrapped.
#[askama::filter_fn]
pub fn kdoc_member<T: Display, N: Display>(desc: T, _: &dyn Values, name: N) -> askama::Result<String> {
    Ok(wrapped(&format!(" * @{name}: "), " *   ", &desc.to_string()))
}

/// A kernel-doc body paragraph, wrapped.
#[askama::filter_fn]
pub fn kdoc_para<T: Display>(text: T, _: &dyn Values) -> askama::Result<String> {
    Ok(wrapped(" * ", " * ", &text.to_string()))
}

/// The kernel-doc `Return:` paragraph, wrapped.
#[askama::filter_fn]
pub fn kdoc_return<T: Display>(text: T, _: &dyn Values) -> askama::Result<String> {
    Ok(wrapped(" * Return: ", " * ", &text.to_string()))
}

/// Ends every line of a `#define` but the last with a backslash, all aligned
/// on one tab stop (the alignment depends on the longest line).
#[askama::filter_fn]
pub fn backslashes<T: Display>(text: T, _: &dyn Values) -> askama::Result<String> {
    let lines: Vec<String> = text.to_string().lines().map(str::to_string).collect();
    Ok(layout::macro_lines(&lines))
}
