//! Hostile inputs for every quoting function.

use super::*;

const HOSTILE: &[&str] = &[
    "$(shell rm -rf /)",
    "x*/ int evil = 1; /*",
    "```",
    "~~~rust",
    "    let x = 1;",
    ".. raw:: html",
    ".. include:: /etc/passwd",
    ":role:`x`",
    "back\\slash \"quoted\" 'single'",
    "end\\",
    "|sub| name_ `ref`_ **strong**",
    "text::",
];

#[test]
fn path_has_no_newline_or_control() {
    let p = path("a\nb\t\u{202e}c\\d");
    assert_eq!(p, "a\\nb\\t\\u{202e}c\\\\d");
    assert!(!p.chars().any(refused));
    assert_eq!(path("schemas/pal.maptype"), "schemas/pal.maptype");
}

#[test]
fn c_comment_never_closes_or_opens() {
    for s in HOSTILE.iter().chain(&["*/*/", "/*/", "**//**"]) {
        let q = c_comment(s);
        assert!(!q.contains("*/") && !q.contains("/*"), "{s:?} -> {q:?}");
        assert!(!q.ends_with('\\'), "{s:?} -> {q:?}");
    }
    assert_eq!(c_comment("x*/ int evil = 1; /*"), "x* / int evil = 1; / *");
    assert_eq!(c_comment("plain text, @x and `y`."), "plain text, @x and `y`.");
}

#[test]
#[should_panic(expected = "refuses control and bidi")]
fn c_comment_refuses_newline() {
    c_comment("a\n*/ int x;");
}

#[test]
fn c_string_escapes() {
    assert_eq!(c_string("a\\b\"c\nd\te"), "a\\\\b\\\"c\\nd\\te");
    assert_eq!(c_string("\x1b1"), "\\0331");
    assert_eq!(c_string("??/"), "?\\?/");
    assert_eq!(c_string("%s %u\n"), "%s %u\\n");
    for s in HOSTILE {
        let q = c_string(s);
        // Every quote is escaped: the literal cannot end early.
        let unescaped =
            q.match_indices('"').any(|(i, _)| q[..i].chars().rev().take_while(|&c| c == '\\').count() % 2 == 0);
        assert!(!unescaped, "{s:?} -> {q:?}");
    }
}

#[test]
#[should_panic(expected = "NUL")]
fn c_string_refuses_nul() {
    c_string("a\0b");
}

#[test]
fn c_header_name_admits_kernel_headers_only() {
    assert_eq!(c_header_name("linux/pci.h"), "linux/pci.h");
    for h in ["linux/pci.h> int x; <a.h", "../../etc/passwd.h", "/abs.h", "a\nb.h", "x*/.h"] {
        assert!(std::panic::catch_unwind(|| c_header_name(h)).is_err(), "{h:?}");
    }
}

#[test]
fn make_comment_escapes_dollar_and_continuation() {
    assert_eq!(make_comment("$(shell rm -rf /)"), "$$(shell rm -rf /)");
    assert_eq!(make_comment("end\\"), "end\\.");
    for s in HOSTILE {
        let q = make_comment(s);
        assert!(!q.replace("$$", "").contains('$'), "{s:?} -> {q:?}");
        assert!(!q.contains('\n') && !q.ends_with('\\'));
    }
}

#[test]
#[should_panic(expected = "refuses control and bidi")]
fn make_comment_refuses_newline() {
    make_comment("x\n$(shell touch pwned)");
}

#[test]
fn make_name_accepts_names_only() {
    assert_eq!(make_name("drivers/gpu/drm/xe"), "drivers/gpu/drm/xe");
    assert_eq!(make_name("dma-buf-mapping-pal"), "dma-buf-mapping-pal");
    for s in HOSTILE {
        assert!(std::panic::catch_unwind(|| make_name(s)).is_err(), "{s:?}");
    }
}

#[test]
fn kconfig_text_is_one_line() {
    assert_eq!(kconfig_text("a b"), "a b");
    assert_eq!(kconfig_text("end\\"), "end\\.");
    assert_eq!(kunitconfig_comment("$(shell rm -rf /)"), "$ (shell rm -rf /)");
    assert!(std::panic::catch_unwind(|| kconfig_text("x\nconfig EVIL")).is_err());
}

#[test]
fn rst_text_neutralises_directives_and_markup() {
    assert_eq!(rst_text(".. raw:: html"), "\\.. raw:: html");
    assert_eq!(rst_text("  .. include:: /etc/passwd"), "\\.. include:: /etc/passwd");
    assert_eq!(rst_text(":role:`x`"), "\\:role:\\`x`");
    assert_eq!(rst_text("see `x`_ and y_ and |s| and *e*"), "see `x\\`\\_ and y\\_ and \\|s\\| and \\*e\\*");
    assert_eq!(rst_text("a back\\slash"), "a back\\\\slash");
    assert_eq!(rst_text("text::"), "text:\\:");
    assert_eq!(rst_text("::"), "\\:\\:");
    assert_eq!(rst_text(">>> import os"), "\\>>> import os");
    // Plain prose and default-role spans stay as written.
    let plain = "Hands over a `struct sg_table` of DMA addresses; dma_buf_map @x.";
    assert_eq!(rst_text(plain), plain);
    for s in HOSTILE {
        let q = rst_text(s);
        assert!(!q.starts_with(".."), "{s:?} -> {q:?}");
        assert!(!q.contains(":`") || q.contains(":\\`"), "{s:?} -> {q:?}");
    }
}

#[test]
fn rst_literal_or_escaped_text() {
    assert_eq!(rst_literal("exp.p2p"), "``exp.p2p``");
    assert_eq!(rst_literal("a``b"), "a\\`\\`b");
    assert_eq!(rst_literal("\"%u\n\""), "``\"%u\\n\"``");
}

#[test]
fn rust_doc_makes_no_code_block() {
    assert_eq!(rust_doc("```"), "\\`\\`\\`");
    assert_eq!(rust_doc("~~~rust"), "\\~\\~\\~rust");
    assert_eq!(rust_doc("    let x = 1;"), "let x = 1;");
    assert_eq!(rust_doc("-     code in a list"), "- code in a list");
    assert_eq!(rust_doc("a [link](x) *em* <b> back\\slash"), "a \\[link\\](x) \\*em\\* \\<b\\> back\\\\slash");
    assert_eq!(rust_doc("Pass @phys and `true`."), "Pass `phys` and `true`.");
    for s in HOSTILE {
        let q = rust_doc(s);
        assert!(!q.contains("```") && !q.contains("~~~") && !q.starts_with(' '), "{s:?} -> {q:?}");
    }
}

#[test]
fn rust_string_escapes() {
    assert_eq!(rust_string("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    let lit: syn::LitStr = syn::parse_str(&format!("\"{}\"", rust_string("x\"); evil(); (\""))).unwrap();
    assert_eq!(lit.value(), "x\"); evil(); (\"");
}

#[test]
fn rust_comment_is_no_doc_comment() {
    assert_eq!(rust_comment("/ doc"), " / doc");
    assert_eq!(rust_comment("! doc"), " ! doc");
    assert_eq!(rust_comment("generated"), "generated");
}

#[test]
fn a_tab_in_doc_text_is_whitespace() {
    assert_eq!(rust_doc("\tindented\twith tabs"), "indented with tabs");
    assert_eq!(rst_text("\ttabbed"), "tabbed");
    assert_eq!(c_comment("a\tb"), "a\tb");
}
