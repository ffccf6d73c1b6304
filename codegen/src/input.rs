//! Finding and reading definition files: which files a command line names,
//! the name each gets in banners, and reading them safely (regular files
//! only, at most [`MAX_DEFINITION_BYTES`], UTF-8 or a located diagnostic).

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Component, Path, PathBuf};

use maptype_dsl::{Diagnostic, Sources, Span};

/// The largest definition read: 1 MiB. The seeds are a few KiB; the cap
/// stops `/dev/zero`-like inputs (a growing file, a wrong argument) from
/// eating memory.
pub const MAX_DEFINITION_BYTES: u64 = 1 << 20;

/// One definition file: where to read it and what banners call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The path to open, as the command line spelled it.
    pub path: PathBuf,
    /// The name in banners, diagnostics and the IR's `source`.
    pub name: String,
}

impl Definition {
    /// A file named as given (`lint`, `ir` and `fmt` show paths as typed).
    pub fn as_given(path: &Path) -> Definition {
        Definition { path: path.to_path_buf(), name: path.display().to_string() }
    }
}

/// Expands directories to the `.maptype` files directly in them (names
/// starting with `.`, such as editor lock files and temporaries, are
/// skipped) and names each one, sorted by name, duplicates removed.
///
/// The name rule, which makes output independent of how, where from and in
/// which order paths were given: a definition is named by the last component
/// of the directory holding it, `/`, and its file name. That directory is
/// the one given on the command line, or the given file's parent, made
/// absolute against the current directory and normalised lexically (`.` and
/// `..` removed without following symlinks). So `schemas`, `./schemas`,
/// `/abs/path/schemas`, `schemas/../schemas` and `.` run inside `schemas/`
/// all name `schemas/pal.maptype`; a name is never absolute. Two different
/// files with one name (`a/schemas/x.maptype`, `b/schemas/x.maptype`) are an
/// error, since their outputs could not be told apart.
pub fn definition_files(paths: &[PathBuf]) -> Result<Vec<Definition>, String> {
    let mut found = Vec::new();
    for p in paths {
        if p.is_dir() {
            let dir = normalise(p);
            for file in definitions_in(p)? {
                found.push((p.join(&file), name_in(&dir, Path::new(&file))));
            }
        } else {
            let abs = normalise(p);
            let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
            let file = abs.file_name().map(PathBuf::from).unwrap_or_default();
            found.push((p.clone(), name_in(&dir, &file)));
        }
    }
    let mut out: Vec<(PathBuf, Definition)> =
        found.into_iter().map(|(path, name)| (identity(&path), Definition { path, name })).collect();
    out.sort_by(|a, b| (&a.1.name, &a.0).cmp(&(&b.1.name, &b.0)));
    out.dedup_by(|a, b| a.0 == b.0);
    if let Some(w) = out.windows(2).find(|w| w[0].1.name == w[1].1.name) {
        return Err(format!(
            "{} and {} would both be named {} in the generated files; rename one directory",
            w[0].1.path.display(),
            w[1].1.path.display(),
            w[0].1.name
        ));
    }
    if out.is_empty() {
        return Err("no .maptype files found".into());
    }
    Ok(out.into_iter().map(|(_, d)| d).collect())
}

/// Files as `lint`, `ir` and `fmt` take them: a directory stands for the
/// `.maptype` files directly in it (as [`definition_files`] picks them),
/// sorted by name; every file keeps the path as typed, joined to its
/// directory's as typed, for its name in diagnostics.
pub fn files_as_given(paths: &[PathBuf]) -> Result<Vec<Definition>, String> {
    let mut out = Vec::new();
    for p in paths {
        if !p.is_dir() {
            out.push(Definition::as_given(p));
            continue;
        }
        let names = definitions_in(p)?;
        if names.is_empty() {
            return Err(format!("no .maptype files in {}", p.display()));
        }
        out.extend(names.iter().map(|f| Definition::as_given(&p.join(f))));
    }
    Ok(out)
}

/// The names of the definition files directly in `dir`, sorted: `.maptype`
/// files not hidden (editor lock files and temporaries start with `.`).
fn definitions_in(dir: &Path) -> Result<Vec<std::ffi::OsString>, String> {
    let rd = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut names: Vec<_> = rd
        .flatten()
        .map(|e| e.file_name())
        .filter(|f| !f.to_string_lossy().starts_with('.') && Path::new(f).extension() == Some("maptype".as_ref()))
        .collect();
    names.sort();
    Ok(names)
}

/// `dir`'s last component and `file`, joined with `/`.
fn name_in(dir: &Path, file: &Path) -> String {
    match dir.file_name() {
        Some(d) => format!("{}/{}", d.to_string_lossy(), file.to_string_lossy()),
        None => file.to_string_lossy().into_owned(),
    }
}

/// `p` made absolute against the current directory, `.` and `..` removed lexically.
fn normalise(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// What makes two spellings of a path the same file.
pub(crate) fn identity(p: &Path) -> PathBuf {
    fs::canonicalize(p).unwrap_or_else(|_| normalise(p))
}

/// Why definitions could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// A file that cannot be opened, is not a regular file or is too large.
    Io(String),
    /// Files that are not UTF-8: every source read (those decoded lossily)
    /// and, for each bad file, a diagnostic at its first invalid byte.
    Located(Sources, Vec<Diagnostic>),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => f.write_str(e),
            ReadError::Located(sources, diags) => f.write_str(sources.render(diags).trim_end()),
        }
    }
}

impl From<ReadError> for String {
    fn from(e: ReadError) -> String {
        e.to_string()
    }
}

/// Reads definition files into the checker's sources under their names.
pub fn read_sources(files: &[Definition]) -> Result<Sources, ReadError> {
    let mut sources = Sources::new();
    let mut diags = Vec::new();
    for f in files {
        let bytes = read_definition(&f.path).map_err(ReadError::Io)?;
        if let Err(d) = add_source(&mut sources, &f.name, bytes) {
            diags.push(d);
        }
    }
    if diags.is_empty() {
        Ok(sources)
    } else {
        Err(ReadError::Located(sources, diags))
    }
}

/// The bytes of one definition file. Refuses, with a message naming the
/// path, what is not a regular file (checked before opening, and again on
/// the file opened, which is opened non-blocking so a FIFO swapped in
/// between cannot hang) and what is over [`MAX_DEFINITION_BYTES`].
pub fn read_definition(path: &Path) -> Result<Vec<u8>, String> {
    let fail = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    let regular = |m: &fs::Metadata| -> Result<(), String> {
        match kind(m) {
            None => Ok(()),
            Some(k) => Err(format!("cannot read {}: it is {k}, not a regular file", path.display())),
        }
    };
    regular(&fs::metadata(path).map_err(fail)?)?;
    let file = fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path).map_err(fail)?;
    let meta = file.metadata().map_err(fail)?;
    regular(&meta)?;
    let too_big = |n: u64| {
        format!(
            "cannot read {}: {n} bytes is over the limit of 1 MiB ({MAX_DEFINITION_BYTES} bytes) for a definition",
            path.display()
        )
    };
    if meta.len() > MAX_DEFINITION_BYTES {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_DEFINITION_BYTES + 1).read_to_end(&mut bytes).map_err(fail)?;
    if bytes.len() as u64 > MAX_DEFINITION_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What a non-regular file is, in words; `None` for a regular file.
fn kind(m: &fs::Metadata) -> Option<&'static str> {
    let t = m.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a directory")
    } else if t.is_fifo() {
        Some("a FIFO")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_char_device() {
        Some("a character device")
    } else if t.is_block_device() {
        Some("a block device")
    } else {
        Some("not a file")
    }
}

/// Adds a definition's bytes to `sources` and returns its index; bytes that
/// are not UTF-8 are added decoded lossily (each bad sequence a U+FFFD) and
/// the error is a diagnostic at the first invalid byte, so it renders as
/// `file:line:col` like every other error.
pub fn add_source(sources: &mut Sources, name: &str, bytes: Vec<u8>) -> Result<usize, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(sources.add(name, text)),
        Err(e) => {
            let err = e.utf8_error();
            let at = err.valid_up_to();
            let bad = &e.as_bytes()[at..at + err.error_len().unwrap_or(e.as_bytes().len() - at)];
            let hex: Vec<String> = bad.iter().map(|b| format!("0x{b:02x}")).collect();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The valid prefix decodes unchanged, so `at` is also the offset of
            // the first U+FFFD (3 bytes) in the lossy text.
            let id = sources.add(name, text);
            let message = match err.error_len() {
                Some(_) => format!("invalid UTF-8 ({})", hex.join(" ")),
                None => format!("invalid UTF-8: the file ends inside a character ({})", hex.join(" ")),
            };
            Err(Diagnostic::error(Span { file: id, start: at, end: at + 3 }, message)
                .hint("definitions are UTF-8 text; re-save the file as UTF-8"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(paths: &[PathBuf]) -> Vec<String> {
        definition_files(paths).unwrap().into_iter().map(|d| d.name).collect()
    }

    #[test]
    fn names_are_the_directory_and_the_file_however_spelled() {
        let tmp = tempfile::tempdir().unwrap();
        let schemas = tmp.path().join("schemas");
        fs::create_dir(&schemas).unwrap();
        for f in ["b.maptype", "a.maptype", ".#a.maptype", "notes.txt"] {
            fs::write(schemas.join(f), "").unwrap();
        }
        let want = vec!["schemas/a.maptype".to_string(), "schemas/b.maptype".to_string()];
        assert_eq!(names(std::slice::from_ref(&schemas)), want);
        assert_eq!(names(&[schemas.join("../schemas/.")]), want);
        assert_eq!(names(&[schemas.join("b.maptype"), schemas.join("./a.maptype"), schemas.clone()]), want);
        assert_eq!(names(&[schemas.join("a.maptype")]), vec!["schemas/a.maptype".to_string()]);
        // Two files that would share a name are an error.
        let other = tmp.path().join("other/schemas");
        fs::create_dir_all(&other).unwrap();
        fs::write(other.join("a.maptype"), "").unwrap();
        let err = definition_files(&[schemas.join("a.maptype"), other.join("a.maptype")]).unwrap_err();
        assert!(err.contains("would both be named schemas/a.maptype"), "{err}");
    }

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let mut sources = Sources::new();
        let d = add_source(&mut sources, "x.maptype", b"ab\n\xe2\x82\xacc\xff\xfe".to_vec()).unwrap_err();
        assert_eq!(sources.location(d.span), "x.maptype:2:3");
        assert_eq!(d.message, "invalid UTF-8 (0xff)");
        assert_eq!(&sources.text(0)[d.span.start..d.span.end], "\u{fffd}");
    }
}
