//! Template filters of the C backend: the layout decisions a template cannot
//! make itself (80-column comment wrapping, aligned macro backslashes), so
//! templates hold plain C and call these where text length matters.

use std::fmt::Display;

use askama::Values;

use super::{layout, quote};

fn wrapped(first: &str, next: &str, text: &str) -> String {
    layout::wrap_words(first, next, text).join("\n")
}

/// kernel-doc text: kernel-doc copies it into the kernel's rst, so it is
/// rst prose first ([`quote::rst_text`]), then C comment text.
fn kdoc_text(text: &str) -> String {
    quote::c_comment(&quote::rst_text(text))
}

/// The kernel-doc title line: ` * what - summary`, wrapped.
#[askama::filter_fn]
pub fn kdoc_summary<T: Display, W: Display>(summary: T, _: &dyn Values, what: W) -> askama::Result<String> {
    let (what, summary) = (quote::c_comment(&what.to_string()), kdoc_text(&summary.to_string()));
    Ok(wrapped(&format!(" * {what} - "), " *   ", &summary))
}

/// A kernel-doc member or parameter line: ` * @name: desc`, wrapped.
#[askama::filter_fn]
pub fn kdoc_member<T: Display, N: Display>(desc: T, _: &dyn Values, name: N) -> askama::Result<String> {
    let (name, desc) = (quote::c_comment(&name.to_string()), kdoc_text(&desc.to_string()));
    Ok(wrapped(&format!(" * @{name}: "), " *   ", &desc))
}

/// A kernel-doc body paragraph, wrapped.
#[askama::filter_fn]
pub fn kdoc_para<T: Display>(text: T, _: &dyn Values) -> askama::Result<String> {
    Ok(wrapped(" * ", " * ", &kdoc_text(&text.to_string())))
}

/// The kernel-doc `Return:` paragraph, wrapped.
#[askama::filter_fn]
pub fn kdoc_return<T: Display>(text: T, _: &dyn Values) -> askama::Result<String> {
    Ok(wrapped(" * Return: ", " * ", &kdoc_text(&text.to_string())))
}

/// Ends every line of a `#define` but the last with a backslash, all aligned
/// on one tab stop (the alignment depends on the longest line).
#[askama::filter_fn]
pub fn backslashes<T: Display>(text: T, _: &dyn Values) -> askama::Result<String> {
    let lines: Vec<String> = text.to_string().lines().map(str::to_string).collect();
    Ok(layout::macro_lines(&lines))
}

/// Text in a C comment, through [`quote::c_comment`].
#[askama::filter_fn]
pub fn c_comment<T: Display>(text: T, _: &dyn Values) -> askama::Result<String> {
    Ok(quote::c_comment(&text.to_string()))
}

/// The inside of a C string literal, through [`quote::c_string`].
#[askama::filter_fn]
pub fn c_string<T: Display>(text: T, _: &dyn Values) -> askama::Result<String> {
    Ok(quote::c_string(&text.to_string()))
}

/// A Makefile `#` comment's text, through [`quote::make_comment`].
#[askama::filter_fn]
pub fn make_comment<T: Display>(text: T, _: &dyn Values) -> askama::Result<String> {
    Ok(quote::make_comment(&text.to_string()))
}

/// A name in a Makefile, through [`quote::make_name`].
#[askama::filter_fn]
pub fn make_name<T: Display>(text: T, _: &dyn Values) -> askama::Result<String> {
    Ok(quote::make_name(&text.to_string()).to_string())
}

/// Kconfig help or comment text, through [`quote::kconfig_text`].
#[askama::filter_fn]
pub fn kconfig_text<T: Display>(text: T, _: &dyn Values) -> askama::Result<String> {
    Ok(quote::kconfig_text(&text.to_string()))
}

/// Definition code (a name, a type, an expression) as an rst inline literal,
/// through [`quote::rst_literal`].
#[askama::filter_fn]
pub fn rst_literal<T: Display>(text: T, _: &dyn Values) -> askama::Result<String> {
    Ok(quote::rst_literal(&text.to_string()))
}
