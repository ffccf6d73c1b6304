//! The first lines of every generated file: licence and provenance. The
//! definition files' paths are not checked by anyone, so they reach every
//! output through [`quote::path`] and then the output language's quoting.

use super::quote;

/// What every generated file says about where it came from, as plain text
/// (each path made printable); callers quote it for their language.
pub fn note(sources: &[&str]) -> String {
    note_by(sources, "cargo run -- generate")
}

/// [`note`] for a file another command (`by`) writes.
fn note_by(sources: &[&str], by: &str) -> String {
    let sources: Vec<String> = sources.iter().map(|s| quote::path(s)).collect();
    format!("generated from {} by {by}; do not edit", sources.join(", "))
}

/// The C block comment naming `sources` and the command `by` that wrote the file.
pub fn c_note_for(sources: &[&str], by: &str) -> String {
    let lines = super::layout::wrap_words(" * ", " * ", &quote::c_comment(&note_by(sources, by)));
    format!("/*\n{}\n */", lines.join("\n"))
}

/// Whether a file starting with `head` was written by the generator: its
/// banner (in any language's comment) is in the first lines.
pub fn is_generated(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&head[..head.len().min(1024)]);
    head.contains("generated from ") && head.contains("generate; do not edit")
}

/// [`note`] for a Makefile `#` line.
pub fn make(sources: &[&str]) -> String {
    quote::make_comment(&note(sources))
}

/// [`note`] for a Kconfig `#` line.
pub fn kconfig(sources: &[&str]) -> String {
    quote::kconfig_text(&note(sources))
}

/// [`note`] for a `.kunitconfig` `#` line.
pub fn kunitconfig(sources: &[&str]) -> String {
    quote::kunitconfig_comment(&note(sources))
}

/// [`note`] for an rst `..` comment line.
pub fn rst(sources: &[&str]) -> String {
    quote::rst_comment(&note(sources))
}

/// [`note`] for Rust `//` lines.
pub fn rust(sources: &[&str]) -> String {
    quote::rust_comment(&note(sources))
}

/// Header files use a block comment for SPDX, as the kernel requires.
pub fn c_header(sources: &[&str]) -> String {
    format!("/* SPDX-License-Identifier: GPL-2.0 */\n{}", c_note(sources))
}

pub fn c_source(sources: &[&str]) -> String {
    format!("// SPDX-License-Identifier: GPL-2.0\n{}", c_note(sources))
}

fn c_note(sources: &[&str]) -> String {
    let lines = super::layout::wrap_words(" * ", " * ", &quote::c_comment(&note(sources)));
    format!("/*\n{}\n */", lines.join("\n"))
}
