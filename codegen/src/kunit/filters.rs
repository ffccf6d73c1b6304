//! Filters the KUnit templates apply to one C statement: the kernel's
//! 80-column layout, done by [`crate::emit::layout`].

use std::fmt::Display;

use crate::emit::layout;

pub use crate::emit::filters::{c_comment, c_string};

/// `\thead(a, b, c)tail` wrapped after commas, later arguments aligned
/// under the first, when it passes 80 columns. Leading newlines stay.
#[askama::filter_fn]
pub fn wrap<T: Display>(stmt: T, _: &dyn askama::Values) -> askama::Result<String> {
    let stmt = stmt.to_string();
    let (nl, rest) = split_lead(&stmt, '\n');
    let (tabs, line) = split_lead(rest, '\t');
    let Some((head, args, tail)) = split_call(line) else { return Ok(stmt) };
    Ok(format!("{nl}{}", layout::call(tabs.len(), head, &args, tail)))
}

/// `\tdecl = init;` broken after `=` when it passes 80 columns.
#[askama::filter_fn]
pub fn wrap_init<T: Display>(stmt: T, _: &dyn askama::Values) -> askama::Result<String> {
    let stmt = stmt.to_string();
    let (nl, rest) = split_lead(&stmt, '\n');
    let (tabs, line) = split_lead(rest, '\t');
    let Some((decl, init)) = line.strip_suffix(';').and_then(|l| l.split_once(" = ")) else { return Ok(stmt) };
    Ok(format!("{nl}{}", layout::decl_init(tabs.len(), decl, init).trim_end_matches('\n')))
}

/// The run of `c` that `s` starts with, and the rest.
fn split_lead(s: &str, c: char) -> (&str, &str) {
    let rest = s.trim_start_matches(c);
    (&s[..s.len() - rest.len()], rest)
}

/// `head(args)tail` split at the first parenthesis and its partner, the
/// arguments at top-level commas.
fn split_call(line: &str) -> Option<(&str, Vec<String>, &str)> {
    let open = line.find('(')?;
    let mut depth = 0usize;
    let mut quoted = false;
    let mut args = Vec::new();
    let mut start = open + 1;
    for (i, c) in line.char_indices().skip_while(|(i, _)| *i <= open) {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '(' | '[' | '{' => depth += 1,
            ',' if depth == 0 => {
                args.push(line[start..i].trim().to_string());
                start = i + 1;
            }
            ')' if depth == 0 => {
                args.push(line[start..i].trim().to_string());
                return Some((&line[..open], args, &line[i + 1..]));
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_top_level_commas() {
        let (head, args, tail) = split_call("KUNIT_EXPECT_EQ(test, f(a, b), 0);").unwrap();
        assert_eq!((head, tail), ("KUNIT_EXPECT_EQ", ";"));
        assert_eq!(args, ["test", "f(a, b)", "0"]);
    }
}
