//! `maptype new`: a starting definition that already lints, generates and
//! passes its generated KUnit suite, with the places to fill in marked
//! `FILL IN` (`templates/new/definition.maptype`).

use askama::Template;
use heck::{ToShoutySnakeCase, ToTitleCase};
use maptype_dsl::Sources;

use crate::input::{read_sources, Definition, ReadError};

/// Where a private type lives.
pub struct Owner {
    /// The module the type is part of.
    pub module: String,
    /// Its driver's directory in the kernel tree.
    pub dir: String,
}

#[derive(Template)]
#[template(path = "new/definition.maptype", escape = "none")]
struct NewDefinition<'a> {
    name: &'a str,
    /// `name` after its article, for the template's prose.
    a_name: String,
    upper: String,
    title: String,
    file: &'a str,
    private: Option<&'a Owner>,
}

/// The definition of a new type `name` (private to `owner` when given),
/// checked with the `core`'s definitions before it is returned, so what
/// `new` writes lints against the core. `file` is the name it will have.
pub fn definition(name: &str, owner: Option<&Owner>, file: &str, core: &[Definition]) -> Result<String, String> {
    let ok_name = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !ok_name {
        return Err(format!(
            "`{name}` cannot name a mapping type: C names derive from it, so it is lower case letters, \
             digits and `_`, starting with a letter (e.g. `ualink`)"
        ));
    }
    if let Some(o) = owner {
        if o.module.is_empty() || !o.module.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            return Err(format!("`{}` is not a module name (letters, digits, `_` and `-`)", o.module));
        }
        if !o.dir.starts_with("drivers/")
            || o.dir.ends_with('/')
            || o.dir.split('/').any(|c| c.is_empty() || c == "." || c == "..")
        {
            return Err(format!(
                "`{}` is not a driver directory: a path in the kernel tree under drivers/, such as drivers/accel/ualink",
                o.dir
            ));
        }
    }
    let text = NewDefinition {
        name,
        a_name: crate::emit::with_article(name),
        upper: name.to_shouty_snake_case(),
        title: name.to_title_case(),
        file,
        private: owner,
    }
    .render()
    .expect("the new-type template renders");
    let text = text.trim_end().to_string() + "\n";
    // What `new` writes must lint beside the core it is checked against.
    let mut sources = match read_sources(core) {
        Ok(s) => s,
        Err(ReadError::Io(e)) => return Err(e),
        Err(e @ ReadError::Located(..)) => return Err(format!("the core's definitions have errors:\n{e}")),
    };
    sources.add(file, text.clone());
    check(&sources)?;
    Ok(text)
}

fn check(sources: &Sources) -> Result<(), String> {
    maptype_dsl::check(sources).map(|_| ()).map_err(|d| sources.render(&d).trim_end().to_string())
}
