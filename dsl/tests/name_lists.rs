//! The lists of refused names in `cnames` stay well formed: no repeats, and
//! every entry is something the grammar could parse as a name (else the rule
//! for it could never fire).

use std::collections::HashSet;

use maptype_dsl::cnames::{forbidden_char, KERNEL_NAMES, MATCH_MEMBERS, REGISTRY_STEMS};

fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

#[test]
fn lists_hold_names_once() {
    for list in [KERNEL_NAMES, REGISTRY_STEMS, MATCH_MEMBERS] {
        let mut seen = HashSet::new();
        for n in list {
            assert!(is_name(n), "`{n}` is not a name the grammar accepts");
            assert!(seen.insert(n), "`{n}` is listed twice");
        }
    }
}

#[test]
fn bidi_controls_are_forbidden_and_text_is_not() {
    for c in ['\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{061c}', '\u{7}', '\u{7f}'] {
        assert!(forbidden_char(c).is_some(), "U+{:04X} passes", c as u32);
    }
    for c in ['\t', '\n', '\r', 'a', 'é', '中', '😀', '\u{feff}'] {
        assert!(forbidden_char(c).is_none(), "U+{:04X} is refused", c as u32);
    }
}
