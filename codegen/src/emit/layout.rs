//! Kernel C layout: tabs, 80 columns, continuation lines aligned under the
//! opening parenthesis, macro backslashes aligned on a tab stop.

/// Columns past which a line is wrapped.
pub const WIDTH: usize = 80;

/// Display width of a line, with tabs expanding to the next multiple of 8.
pub fn width(s: &str) -> usize {
    s.chars().fold(0, |col, c| if c == '\t' { (col / 8 + 1) * 8 } else { col + 1 })
}

/// Tabs then spaces that reach column `col`.
pub fn pad_to(col: usize) -> String {
    format!("{}{}", "\t".repeat(col / 8), " ".repeat(col % 8))
}

/// `head(arg, arg)tail` at `indent` tabs, wrapped after commas with later
/// arguments aligned under the first when the line would pass 80 columns.
pub fn call(indent: usize, head: &str, args: &[String], tail: &str) -> String {
    let lead = "\t".repeat(indent);
    let flat = format!("{lead}{head}({}){tail}", args.join(", "));
    if width(&flat) <= WIDTH || args.len() < 2 {
        return flat;
    }
    let open = width(&format!("{lead}{head}("));
    let pad = pad_to(open);
    let mut out = format!("{lead}{head}(");
    let mut line_len = open;
    for (i, a) in args.iter().enumerate() {
        let last = i + 1 == args.len();
        let piece = if last { format!("{a}){tail}") } else { format!("{a},") };
        if i > 0 {
            // Keep packing arguments while they fit, as kernel code does.
            if line_len + 1 + piece.len() <= WIDTH {
                out.push(' ');
                line_len += 1;
            } else {
                out.push('\n');
                out.push_str(&pad);
                line_len = open;
            }
        }
        out.push_str(&piece);
        line_len += piece.len();
    }
    out
}

/// A function prototype or definition head: `ret name(params)` plus `tail`
/// (`;` or empty). Breaks after the return type first if the name would
/// still not fit, as `static inline struct x\nNAME(...)` in the kernel.
pub fn signature(ret_and_name: (&str, &str), params: &[String], tail: &str) -> String {
    let (ret, name) = ret_and_name;
    let params: Vec<String> = if params.is_empty() { vec!["void".into()] } else { params.to_vec() };
    let sep = if ret.ends_with('*') { "" } else { " " };
    let joined = call(0, &format!("{ret}{sep}{name}"), &params, tail);
    if joined.lines().all(|l| width(l) <= WIDTH) {
        return joined;
    }
    let split = call(0, name, &params, tail);
    format!("{ret}\n{split}")
}

/// `decl = init;` at `indent` tabs, broken after `=` when too long.
pub fn decl_init(indent: usize, decl: &str, init: &str) -> String {
    let lead = "\t".repeat(indent);
    let one = format!("{lead}{decl} = {init};\n");
    if width(one.trim_end()) <= WIDTH {
        return one;
    }
    format!("{lead}{decl} =\n{lead}\t{init};\n")
}

/// Lines of a `#define`, each ending in a backslash aligned on one tab stop.
pub fn macro_lines(lines: &[String]) -> String {
    let longest = lines[..lines.len().saturating_sub(1)].iter().map(|l| width(l)).max().unwrap_or(0);
    let col = ((longest / 8) + 1) * 8;
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        if i + 1 < lines.len() {
            let w = width(l);
            let tabs = (col - w).div_ceil(8);
            out.push_str(&"\t".repeat(tabs.max(1)));
            out.push_str("\\\n");
        }
    }
    out
}

/// A kernel-doc or block comment body: ` * text` lines, with blank lines as ` *`.
pub fn comment_lines(lead: &str, lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| if l.is_empty() { format!("{lead} *") } else { format!("{lead} * {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Greedy word wrap of `text` so that `prefix` + line stays within 80 columns.
pub fn wrap_words(first_prefix: &str, next_prefix: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = first_prefix.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        let candidate = if empty { format!("{line}{word}") } else { format!("{line} {word}") };
        if !empty && width(&candidate) > WIDTH {
            out.push(line);
            line = format!("{next_prefix}{word}");
        } else {
            line = candidate;
        }
        empty = false;
    }
    out.push(line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_wraps_under_paren() {
        let args: Vec<String> = ["first_argument_here", "second_argument_here", "third_argument_here_x"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let s = call(1, "some_long_function_name", &args, ";");
        for l in s.lines() {
            assert!(width(l) <= WIDTH, "{l:?}");
        }
        let second = s.lines().nth(1).unwrap();
        assert_eq!(width(&second[..second.len() - second.trim_start().len()]), width("\tsome_long_function_name("));
    }

    #[test]
    fn macro_backslashes_align() {
        let s = macro_lines(&["#define X(a)".into(), "\t((a) + 1)".into()]);
        assert_eq!(s, "#define X(a)\t\\\n\t((a) + 1)");
    }
}
