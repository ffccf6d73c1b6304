//! Shrinking a finding: lines, then tokens, are dropped while the input
//! still gives the same finding (the same panic place, or the same words).

use std::collections::HashSet;

use crate::corpus::Input;
use crate::exec::{run, Outcome, Times};
use crate::lex::lex;

/// Attempts the shrinker may make, so a slow finding cannot stall the run.
const BUDGET: usize = 3000;

/// What makes two findings the same: a panic's place, else its words
/// without numbers (spans and offsets differ from input to input).
pub fn key(what: &str) -> String {
    match what.rfind("(at ") {
        Some(i) => what[i..].to_string(),
        None => what.chars().filter(|c| !c.is_ascii_digit()).collect(),
    }
}

fn same(inputs: &[Input], want: &str) -> bool {
    match run(inputs, &mut HashSet::new(), &mut Times::default()) {
        Outcome::Finding(f) => key(&f) == want,
        _ => false,
    }
}

/// Drops pieces of `text` (as cut by `pieces`) while `keep` holds, halving
/// the chunk size down to one piece.
fn reduce(text: String, pieces: fn(&str) -> Vec<(usize, usize)>, keep: &mut dyn FnMut(&str) -> bool) -> String {
    let mut text = text;
    let mut chunk = pieces(&text).len().div_ceil(2).max(1);
    loop {
        let mut i = 0;
        loop {
            let p = pieces(&text);
            if i >= p.len() {
                break;
            }
            let end = (i + chunk).min(p.len());
            let candidate = format!("{}{}", &text[..p[i].0], &text[p[end - 1].1..]);
            if candidate != text && keep(&candidate) {
                text = candidate;
            } else {
                i += chunk;
            }
        }
        if chunk == 1 {
            return text;
        }
        chunk = chunk.div_ceil(2);
    }
}

fn line_pieces(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

fn token_pieces(text: &str) -> Vec<(usize, usize)> {
    lex(text).iter().map(|t| (t.start, t.end)).collect()
}

/// The smallest variant of `inputs` found that gives the same finding:
/// files other than the first dropped, then lines and tokens of each.
/// Returns the shrunk inputs and their finding's words.
pub fn shrink(inputs: &[Input], what: &str) -> (Vec<Input>, String) {
    let want = key(what);
    let mut cur = inputs.to_vec();
    let mut budget = BUDGET;
    let mut i = cur.len();
    while i > 1 {
        i -= 1;
        let mut fewer = cur.clone();
        fewer.remove(i);
        if same(&fewer, &want) {
            cur = fewer;
        }
    }
    for f in 0..cur.len() {
        for pieces in [line_pieces as fn(&str) -> Vec<(usize, usize)>, token_pieces] {
            let text = cur[f].text.clone();
            let base = cur.clone();
            let mut keep = |t: &str| {
                if budget == 0 {
                    return false;
                }
                budget -= 1;
                let mut c = base.clone();
                c[f].text = t.to_string();
                same(&c, &want)
            };
            cur[f].text = reduce(text, pieces, &mut keep);
        }
    }
    match run(&cur, &mut HashSet::new(), &mut Times::default()) {
        Outcome::Finding(f) => (cur, f),
        _ => (inputs.to_vec(), what.to_string()),
    }
}
