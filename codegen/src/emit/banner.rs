//! The first lines of every generated file: licence and provenance.

/// What every generated file says about where it came from.
pub fn note(sources: &[&str]) -> String {
    format!("generated from {} by cargo run -- generate; do not edit", sources.join(", "))
}

/// Header files use a block comment for SPDX, as the kernel requires.
pub fn c_header(sources: &[&str]) -> String {
    format!("/* SPDX-License-Identifier: GPL-2.0 */\n{}", c_note(sources))
}

pub fn c_source(sources: &[&str]) -> String {
    format!("// SPDX-License-Identifier: GPL-2.0\n{}", c_note(sources))
}

fn c_note(sources: &[&str]) -> String {
    let lines = super::layout::wrap_words(" * ", " * ", &note(sources));
    format!("/*\n{}\n */", lines.join("\n"))
}
