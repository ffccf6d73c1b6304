//! The mutations: byte-level (flip, insert, delete, splice, duplicate,
//! odd characters, truncate) and token-level (a word replaced by another
//! of its kind from the dictionary, tokens swapped, lines and statements
//! duplicated, dropped or moved). Bytes that stop being UTF-8 are replaced
//! with U+FFFD, as a definition must be UTF-8 to be read at all.

use crate::corpus::{Dictionary, Input};
use crate::lex::{lex, Kind, Tok};
use crate::rng::Rng;

/// Characters that break naive byte/char arithmetic or terminal output:
/// multibyte letters, bidi controls, zero-width and line separators, C0 controls.
const ODD: &[&str] = &[
    "é", "€", "𝄞", "字", "\u{202e}", "\u{2066}", "\u{2069}", "\u{200f}", "\u{200b}", "\u{feff}", "\u{2028}", "\u{85}",
    "\0", "\x07", "\x08", "\r", "\t", "\x0b", "\x0c", "\x1b[31m", "\r\n", "\\", "\"", "*/", "/*", "///", "//",
];

/// Names of the mutations, for the statistics.
pub const NAMES: [&str; 16] = [
    "flip",
    "insert-byte",
    "delete",
    "splice",
    "dup-range",
    "odd-char",
    "truncate",
    "replace-same-kind",
    "replace-any-kind",
    "swap-tokens",
    "drop-token",
    "dup-line",
    "drop-line",
    "move-line",
    "dup-statement",
    "drop-statement",
];

pub struct Mutator<'a> {
    pub corpus: &'a [Input],
    pub dict: &'a Dictionary,
}

impl Mutator<'_> {
    /// 1 to 4 stacked mutations of `text` (fewer more often).
    pub fn mutate(&self, text: &str, rng: &mut Rng, counts: &mut [u64; NAMES.len()]) -> String {
        let n = 1 + (rng.next().trailing_zeros() as usize).min(3);
        let mut t = text.to_string();
        for _ in 0..n {
            let which = rng.below(NAMES.len());
            counts[which] += 1;
            t = self.one(which, &t, rng);
        }
        t
    }

    fn one(&self, which: usize, text: &str, rng: &mut Rng) -> String {
        match which {
            0..=6 => self.bytes(which, text, rng),
            7..=10 => tokens(which, text, self.dict, rng),
            _ => lines(which, text, self.dict, rng),
        }
    }

    fn bytes(&self, which: usize, text: &str, rng: &mut Rng) -> String {
        let mut b = text.as_bytes().to_vec();
        let len = b.len();
        let at = rng.below(len + 1);
        match which {
            0 if len > 0 => {
                let i = rng.below(len);
                b[i] ^= 1 << rng.below(8);
            }
            1 => {
                let byte = if rng.one_in(2) { b"{};:,()=<>*\"/\n "[rng.below(15)] } else { rng.next() as u8 };
                b.insert(at, byte);
            }
            2 => {
                let end = (at + 1 + rng.below(16)).min(len);
                b.drain(at..end);
            }
            3 => {
                // A piece of another corpus file, inserted or written over this one.
                let Some(other) = rng.pick(self.corpus) else { return text.to_string() };
                let o = other.text.as_bytes();
                let s = rng.below(o.len());
                let e = (s + 1 + rng.below(200)).min(o.len());
                let piece = o[s..e].to_vec();
                if rng.one_in(2) {
                    let end = (at + piece.len()).min(len);
                    b.splice(at..end, piece);
                } else {
                    b.splice(at..at, piece);
                }
            }
            4 => {
                let s = rng.below(len + 1);
                let e = (s + 1 + rng.below(120)).min(len);
                let piece = b[s..e].to_vec();
                b.splice(at..at, piece);
            }
            5 => {
                let odd = ODD[rng.below(ODD.len())].as_bytes();
                b.splice(at..at, odd.iter().copied());
            }
            6 => b.truncate(at),
            _ => {}
        }
        String::from_utf8_lossy(&b).into_owned()
    }
}

/// A word of the dictionary of kind `kind` (any kind when `None`).
fn word(dict: &Dictionary, kind: Option<Kind>, ident_text: &str, rng: &mut Rng) -> String {
    let lists: [&Vec<String>; 6] = [&dict.keywords, &dict.idents, &dict.types, &dict.numbers, &dict.strings, &dict.ops];
    let list = match kind {
        Some(Kind::Ident) => {
            // An identifier may stand where a keyword or a type stands, and the other way round.
            let is_kw = dict.keywords.binary_search(&ident_text.to_string()).is_ok();
            match rng.below(4) {
                0 => &dict.types,
                1 if !is_kw => &dict.keywords,
                _ if is_kw => &dict.keywords,
                _ => &dict.idents,
            }
        }
        Some(Kind::Number) => &dict.numbers,
        Some(Kind::Str | Kind::Header) => &dict.strings,
        Some(Kind::Punct) => &dict.ops,
        Some(Kind::Doc) => &dict.lines,
        None => lists[rng.below(lists.len())],
    };
    rng.pick(list).cloned().unwrap_or_default()
}

fn tokens(which: usize, text: &str, dict: &Dictionary, rng: &mut Rng) -> String {
    let toks: Vec<Tok> = lex(text).into_iter().filter(|t| t.kind != Kind::Doc).collect();
    let Some(&t) = rng.pick(&toks) else { return text.to_string() };
    let old = &text[t.start..t.end];
    let splice = |s: usize, e: usize, new: &str| format!("{}{new}{}", &text[..s], &text[e..]);
    match which {
        7 => splice(t.start, t.end, &word(dict, Some(t.kind), old, rng)),
        8 => splice(t.start, t.end, &word(dict, None, old, rng)),
        9 => {
            let u = toks[rng.below(toks.len())];
            let (a, b) = if u.start < t.start { (u, t) } else { (t, u) };
            if a.end > b.start || a.start == b.start {
                return text.to_string();
            }
            format!(
                "{}{}{}{}{}",
                &text[..a.start],
                &text[b.start..b.end],
                &text[a.end..b.start],
                &text[a.start..a.end],
                &text[b.end..]
            )
        }
        _ => splice(t.start, t.end, ""),
    }
}

/// Byte ranges of the statements of `text`: from a token that follows `;`,
/// `{` or `}` to the next `;` or the `}` that closes the `{` it opens.
fn statements(text: &str) -> Vec<(usize, usize)> {
    let toks = lex(text);
    let mut out = Vec::new();
    let mut start = 0;
    let mut opens: Vec<usize> = Vec::new();
    for t in &toks {
        let s = &text[t.start..t.end];
        match s {
            ";" => {
                out.push((start, t.end));
                start = t.end;
            }
            "{" => {
                opens.push(start);
                start = t.end;
            }
            "}" => {
                let open = opens.pop().unwrap_or(0);
                out.push((open, t.end));
                start = t.end;
            }
            _ => {}
        }
    }
    out
}

fn lines(which: usize, text: &str, dict: &Dictionary, rng: &mut Rng) -> String {
    if which >= 14 {
        let st = statements(text);
        let Some(&(s, e)) = rng.pick(&st) else { return text.to_string() };
        return if which == 14 {
            // The statement again, right after itself or somewhere else.
            let at = if rng.one_in(2) { e } else { st[rng.below(st.len())].1 };
            format!("{}{}{}", &text[..at], &text[s..e], &text[at..])
        } else {
            format!("{}{}", &text[..s], &text[e..])
        };
    }
    let mut ls: Vec<String> = text.split('\n').map(String::from).collect();
    let at = rng.below(ls.len());
    match which {
        11 => {
            let l = if rng.one_in(3) {
                rng.pick(&dict.lines).cloned().unwrap_or_default()
            } else {
                ls[rng.below(ls.len())].clone()
            };
            ls.insert(at, l);
        }
        12 => {
            let n = 1 + rng.below(3);
            let end = (at + n).min(ls.len());
            ls.drain(at..end);
        }
        _ => {
            let to = rng.below(ls.len());
            ls.swap(at, to);
        }
    }
    ls.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<Input> {
        let text =
            "/// A type.\nmapping_type x {\n    name \"X é\";\n    export gpl;\n    data d { importer a: u8; }\n}\n";
        vec![Input { name: "x.maptype".into(), text: text.into() }]
    }

    #[test]
    fn the_same_seed_makes_the_same_inputs() {
        let corpus = corpus();
        let dict = Dictionary::build(&corpus);
        let m = Mutator { corpus: &corpus, dict: &dict };
        let run = |seed| {
            let mut rng = Rng::new(seed);
            let mut counts = [0; NAMES.len()];
            (0..500).map(|_| m.mutate(&corpus[0].text, &mut rng, &mut counts)).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }

    #[test]
    fn every_mutation_applies_to_odd_text() {
        let corpus = corpus();
        let dict = Dictionary::build(&corpus);
        let m = Mutator { corpus: &corpus, dict: &dict };
        let mut rng = Rng::new(1);
        for text in ["", "\"", "/* é", "é\u{202e}{", "}}};;", "from <", &corpus[0].text] {
            for which in 0..NAMES.len() {
                for _ in 0..20 {
                    let _ = m.one(which, text, &mut rng);
                }
            }
        }
    }
}
