//! `maptype kunit --rust`: the same run with `CONFIG_RUST=y`, proving the
//! generated Rust in the kernel crate with its doctests run as KUnit.
//!
//! What it adds to the C-only run:
//! - the toolchain: Debian's `rustc-web` (the kernel builds `core` from
//!   `rust-web-src`, which must match the compiler exactly, so rustup's
//!   compiler is not used), clang/libclang/LLVM/lld for bindgen, and
//!   `bindgen-cli` from crates.io (Debian's is older than 6.12's minimum),
//!   installed once into the cache with `cargo install --locked`;
//! - its own work tree next to the C-only one, so the two runs never undo
//!   each other's overlay and both builds stay incremental;
//! - the overlay of [`plan`]: the generated `kernel::dma_buf` module tree
//!   (the driver-private types' modules too, so that their doctests run),
//!   its `rust_helper_*` C and bindgen includes, patched as new files into
//!   `rust/kernel/lib.rs`, `rust/helpers/helpers.c` and
//!   `rust/bindings/bindings_helper.h`, the Rust examples with their
//!   Kbuild wiring, and the kunitconfig lines that turn Rust and the
//!   `kernel` crate's doctests on.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::hooks::{self, Edit, Patch};
use crate::overlay::{self, Inputs, Overlay, PRIVATE_DIR};
use crate::prereq::which;

/// Debian packages of the Rust toolchain: (file or program, package).
pub const NEEDED: &[(&str, &str)] = &[
    ("/usr/bin/rustc", "rustc-web"),
    ("/usr/lib/rustlib/src/rust/library/core/src/lib.rs", "rust-web-src"),
    ("clang", "clang"),
    ("clang-19", "clang-19"),
    ("llvm-ar", "llvm"),
    ("ld.lld", "lld"),
];

/// The Debian package that ships the libclang bindgen loads: 7.3 wants
/// LLVM 17 or later (bookworm's default is 14), and 6.12 builds with it too,
/// so both runs use bookworm's LLVM 19.
pub const LIBCLANG_PACKAGE: &str = "libclang-19-dev";

/// Where [`LIBCLANG_PACKAGE`] puts libclang, given to bindgen as
/// `LIBCLANG_PATH` so that no other LLVM on the machine is picked.
pub const LIBCLANG_DIR: &str = "/usr/lib/llvm-19/lib";

/// Linux 6.12's rust/Makefile names no bindgen target for UML; UML/x86_64
/// is x86_64 to clang.
pub const MAKE_OPTIONS: &[&str] = &["BINDGEN_TARGET=x86_64-linux-gnu"];

/// Lines added to the kunitconfig: Rust, and the `kernel` crate's doctests
/// as the KUnit suite `rust_doctests_kernel`.
pub const KUNITCONFIG_LINES: &str = "\
# added by `cargo run -- kunit --rust`
CONFIG_RUST=y
CONFIG_RUST_KERNEL_DOCTESTS=y
";

/// Where examples/rust/ goes in the tree.
pub const EXAMPLES_DIR: &str = "drivers/dma-buf/maptype-rust-examples";

pub const LIB_RS: &str = "rust/kernel/lib.rs";
pub const HELPERS_C: &str = "rust/helpers/helpers.c";
pub const BINDINGS_HELPER_H: &str = "rust/bindings/bindings_helper.h";

/// `pub mod dma_buf;` in the kernel crate, in its alphabetical place.
pub const LIB_RS_PATCHES: &[Patch] = &[Patch {
    what: "pub mod dma_buf",
    anchor: "pub mod device;\n",
    edit: Edit::InsertAfter,
    text: "pub mod dma_buf;\n",
}];

/// True if [`LIBCLANG_PACKAGE`]'s libclang is installed.
fn has_libclang() -> bool {
    std::fs::read_dir(LIBCLANG_DIR)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with("libclang.so"))
}

/// Debian packages the Rust build still needs.
pub fn missing_packages() -> Vec<&'static str> {
    let mut pkgs: Vec<&str> = NEEDED.iter().filter(|(p, _)| which(p).is_none()).map(|(_, pkg)| *pkg).collect();
    if !has_libclang() {
        pkgs.push(LIBCLANG_PACKAGE);
    }
    pkgs
}

/// cargo: on PATH, else where rustup puts it.
fn cargo() -> Option<PathBuf> {
    which("cargo")
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/cargo")).filter(|p| p.is_file()))
}

/// `<cache>/bindgen`: `cargo install --root` for bindgen-cli.
pub fn bindgen_root() -> PathBuf {
    crate::cache_dir().join("bindgen")
}

/// The bindgen binary, installed with cargo when missing.
pub fn ensure_bindgen() -> Result<PathBuf, String> {
    let root = bindgen_root();
    let bin = root.join("bin/bindgen");
    if bin.is_file() {
        return Ok(bin);
    }
    let cargo = cargo().ok_or("cargo not found: it installs bindgen-cli")?;
    eprintln!("[kunit] installing bindgen-cli into {}", root.display());
    let status = Command::new(&cargo)
        .args(["install", "--locked", "--root"])
        .arg(&root)
        .arg("bindgen-cli")
        .status()
        .map_err(|e| format!("cannot run {}: {e}", cargo.display()))?;
    if !status.success() || !bin.is_file() {
        return Err(format!("`cargo install --locked --root {} bindgen-cli` failed ({status})", root.display()));
    }
    Ok(bin)
}

/// The workspace this runner was built from, which holds the proc-macros.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The make variable naming the `maptype` proc-macro library for the Rust
/// examples' `--extern maptype=...` (examples/rust/Makefile).
pub const MACROS_VAR: &str = "MAPTYPE_MACROS";

/// The `maptype` proc-macros (`macros/`) built by Debian's rustc, which the
/// kernel build loads them into: a proc-macro runs inside the compiler, so
/// it must come from the very compiler that uses it. Built by cargo into
/// `<cache>/macros` (incremental after the first time); returns the library.
pub fn ensure_macros() -> Result<PathBuf, String> {
    let cargo = cargo().ok_or("cargo not found: it builds the maptype proc-macros")?;
    let out = Command::new(&cargo)
        .args(["build", "--locked", "--quiet", "-p", "maptype-macros", "--message-format=json"])
        .arg("--manifest-path")
        .arg(workspace().join("Cargo.toml"))
        .env("RUSTC", "/usr/bin/rustc")
        .env("CARGO_TARGET_DIR", crate::cache_dir().join("macros"))
        // Nobody debugs the library the kernel build loads: without debug
        // info its cold build (a minute of the test command's) is shorter.
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTC_WRAPPER")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cargo.display()))?;
    if !out.status.success() {
        return Err(format!(
            "building the maptype proc-macros with /usr/bin/rustc failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "maptype_macros")
        .find_map(|m| m["filenames"][0].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo built the maptype proc-macros but named no library".to_string())
}

/// `--make_options` of the Rust run: the bindgen target and the proc-macros.
pub fn make_options(macros: &Path) -> Vec<String> {
    let mut o: Vec<String> = MAKE_OPTIONS.iter().map(|s| s.to_string()).collect();
    o.push(format!("{MACROS_VAR}={}", macros.display()));
    o
}

/// The kernel build's environment: PATH with bindgen, then Debian's rustc
/// ahead of rustup's, and `LIBCLANG_PATH` ([`LIBCLANG_DIR`]).
pub fn build_env(bindgen_bin: &Path) -> Vec<(&'static str, std::ffi::OsString)> {
    let mut dirs: Vec<PathBuf> =
        vec![bindgen_bin.parent().map(Path::to_path_buf).unwrap_or_default(), "/usr/bin".into()];
    dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    vec![("PATH", std::env::join_paths(dirs).unwrap_or_default()), ("LIBCLANG_PATH", LIBCLANG_DIR.into())]
}

/// The work tree of the Rust run, beside the C-only one.
pub fn work_dir_for(pristine: &Path) -> PathBuf {
    let c = crate::work_dir_for(pristine);
    let name = c.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    c.with_file_name(format!("{name}-rust"))
}

/// Inserts `line` among the lines of `text` that start with `prefix`, before
/// the first one that sorts after it (after the last one when none does).
/// The stock files keep these lists sorted; a line already there is kept once.
/// Lines inside an `#if` block are not places: 7.3's bindings_helper.h ends
/// its quoted includes inside `#if IS_ENABLED(CONFIG_ANDROID_BINDER_IPC_RUST)`.
pub fn insert_sorted(file: &str, text: &str, prefix: &str, line: &str) -> Result<String, String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let want = line.trim_end();
    if lines.iter().any(|l| l.trim_end() == want) {
        return Ok(text.to_string());
    }
    let mut depth = 0usize;
    let top: Vec<bool> = lines
        .iter()
        .map(|l| {
            let l = l.trim_start();
            if l.starts_with("#endif") {
                depth = depth.saturating_sub(1);
            }
            let at_top = depth == 0;
            if l.starts_with("#if") {
                depth += 1;
            }
            at_top
        })
        .collect();
    let starts = |i: usize, p: &str| top[i] && lines[i].starts_with(p);
    let mut matching: Vec<usize> = (0..lines.len()).filter(|&i| starts(i, prefix)).collect();
    // The first of its kind (a quoted include among <> ones) goes after the
    // last line of the wider kind.
    if matching.is_empty() {
        if let Some(kind) = prefix.split_whitespace().next() {
            matching = (0..lines.len()).filter(|&i| starts(i, kind)).collect();
            matching = matching.last().map(|&l| vec![l]).unwrap_or_default();
            if let Some(&l) = matching.first() {
                return Ok(lines[..=l].concat() + want + "\n" + &lines[l + 1..].concat());
            }
        }
    }
    let Some(&last) = matching.last() else {
        return Err(format!(
            "{file}: no line starts with `{prefix}`, so `{want}` has no place; the Rust hooks do not fit this tree"
        ));
    };
    let at = matching.iter().copied().find(|&i| lines[i].trim_end() > want).unwrap_or(last + 1);
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i == at {
            out.push_str(want);
            out.push('\n');
        }
        out.push_str(l);
    }
    if at == lines.len() {
        out.push_str(want);
        out.push('\n');
    }
    Ok(out)
}

/// `line` with the path of a driver-private header it `#include`s (quoted,
/// from `rust/`'s subdirectories) changed to where the overlay puts it.
fn private_include(line: &str) -> String {
    match line.strip_prefix("#include \"").and_then(|r| r.strip_suffix('"')) {
        Some(path) => {
            let name = path.rsplit('/').next().unwrap_or(path);
            format!("#include \"../../{PRIVATE_DIR}/{name}\"")
        }
        None => line.to_string(),
    }
}

/// The `#include` lines of the generated bindings fragment, with the path of
/// every driver-private header changed to where the overlay puts it.
pub fn fragment_includes(fragment: &str) -> Vec<String> {
    fragment.lines().filter(|l| l.starts_with("#include ")).map(private_include).collect()
}

/// A generated helper file with its private headers' paths changed as in
/// [`fragment_includes`].
fn with_private_includes(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|l| match l.strip_suffix('\n') {
            Some(l) => private_include(l) + "\n",
            None => private_include(l),
        })
        .collect()
}

/// Where the overlay declares the private types' modules in the kernel crate.
pub const MAPPING_MOD_RS: &str = "rust/kernel/dma_buf/mapping/mod.rs";

/// Everything of the C-only overlay, plus the Rust parts (see the module docs).
pub fn plan(inp: &Inputs, rust_examples: Option<&Path>, definitions: &Path) -> Result<Overlay, String> {
    let mut ov = overlay::plan(inp)?;
    // generated/rust/ is used here, unlike in the C-only run.
    ov.notes.retain(|n| !n.contains("generated/rust/"));
    let gen_rust = inp.generated.join("rust");
    if !gen_rust.is_dir() {
        return Err(format!("{} is missing; run `cargo run -- generate`", gen_rust.display()));
    }
    let text_of = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));

    // Driver-private types' modules use `kernel::` paths: they belong to their
    // driver's crate (the Rust examples include xe_iov's from its definition
    // with `maptype::include!`). This test kernel builds their C in, so they
    // also join the kernel crate, declared below, where their doctests run
    // as KUnit with their fixtures.
    let mut private = Vec::new();
    for rel in overlay::list_files(&gen_rust)? {
        let src = gen_rust.join(&rel);
        let dest = format!("rust/{rel}");
        if rel.starts_with("kernel/") {
            let text = text_of(&src)?;
            if text.contains("\nuse kernel::bindings;") {
                let name = rel.rsplit('/').next().and_then(|n| n.strip_suffix(".rs")).unwrap_or_default();
                private.push(name.to_string());
            }
            ov.files.insert(dest, text.into_bytes());
        } else if rel.starts_with("helpers/") && rel.ends_with(".c") {
            ov.files.insert(dest, with_private_includes(&text_of(&src)?).into_bytes());
        }
    }
    if !private.is_empty() {
        let m = ov.files.get_mut(MAPPING_MOD_RS).ok_or_else(|| format!("generated/{MAPPING_MOD_RS} is missing"))?;
        m.extend_from_slice(
            b"\n// added by `cargo run -- kunit --rust`: the driver-private types' modules, in\n\
              // the kernel crate of this test kernel only (it builds their C in), so\n\
              // that their doctests run.\n",
        );
        for name in &private {
            m.extend_from_slice(format!("pub mod {name};\n").as_bytes());
        }
    }
    ov.dirs.insert("rust/kernel/dma_buf".into());

    // The three stock files, patched as new files.
    let pristine = |rel: &str| text_of(&inp.pristine.join(rel));
    let lib = hooks::apply(LIB_RS, &pristine(LIB_RS)?, LIB_RS_PATCHES).map_err(|e| e.to_string())?;
    ov.files.insert(LIB_RS.into(), lib.into_bytes());

    let mut helpers = pristine(HELPERS_C)?;
    for rel in overlay::list_files(&gen_rust.join("helpers"))? {
        helpers = insert_sorted(HELPERS_C, &helpers, "#include \"", &format!("#include \"{rel}\""))?;
    }
    ov.files.insert(HELPERS_C.into(), helpers.into_bytes());

    let fragment = text_of(&gen_rust.join("bindings/bindings_helper.h.fragment"))?;
    let mut bindings = pristine(BINDINGS_HELPER_H)?;
    for inc in fragment_includes(&fragment) {
        let prefix = if inc.starts_with("#include <") { "#include <" } else { "#include \"" };
        bindings = insert_sorted(BINDINGS_HELPER_H, &bindings, prefix, &inc)?;
    }
    ov.files.insert(BINDINGS_HELPER_H.into(), bindings.into_bytes());

    // examples/rust/: a Kbuild fragment, Rust and C; the definitions their
    // `maptype::include!` names in `schemas/` beside them (a link in the
    // repository).
    if let Some(ex) = rust_examples.filter(|p| p.is_dir()) {
        let files = overlay::list_files(ex)?;
        if !files.iter().any(|f| f == "Makefile" || f == "Kbuild") {
            ov.notes.push(format!("{} has no Makefile or Kbuild; Rust examples not built", ex.display()));
        } else {
            for rel in &files {
                let bytes = std::fs::read(ex.join(rel)).map_err(|e| format!("cannot read {}: {e}", ex.display()))?;
                ov.files.insert(format!("{EXAMPLES_DIR}/{rel}"), bytes);
            }
            for def in maptype::definition_files(&[definitions.to_path_buf()])? {
                let name = def.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let bytes = std::fs::read(&def.path).map_err(|e| format!("cannot read {}: {e}", def.path.display()))?;
                ov.files.insert(format!("{EXAMPLES_DIR}/schemas/{name}"), bytes);
            }
            ov.dirs.insert(EXAMPLES_DIR.into());
            let mk = ov.files.get_mut(overlay::DMA_BUF_MAKEFILE).ok_or("no dma-buf Makefile in the overlay")?;
            mk.extend_from_slice(b"# added by `cargo run -- kunit --rust`\n");
            mk.extend_from_slice(b"obj-$(CONFIG_DMA_BUF_MAPPING_KUNIT_TEST) += maptype-rust-examples/\n");
        }
    }

    let kc = ov.files.get_mut(&ov.kunitconfig).ok_or("no kunitconfig in the overlay")?;
    kc.extend_from_slice(KUNITCONFIG_LINES.as_bytes());
    Ok(ov)
}
