//! Hosted proof of the Rust backend: the generated `kernel::dma_buf::mapping`
//! is in prettyplease's stable layout, compiles, is clippy-clean, agrees with
//! the C compiler on every struct layout, and negotiates across the FFI
//! boundary.
//!
//! One pass, in a temporary directory:
//! 1. generate schemas/ (fresh, not the checked-in tree), and check every
//!    Rust file is a fixed point of syn + prettyplease (see [`check_layout`]);
//! 2. compile the generated C (core, glue, `rust_helper_*` glue) with the
//!    hosted stand-in (tests/hosted) and the C drivers of tests/rust_ffi/
//!    into a static library, with the `cc` crate;
//! 3. run the `bindgen` library as the kernel's rust/Makefile runs the tool:
//!    once over the bindings_helper.h fragment, once over the helpers with the
//!    `rust_helper_` prefix stripped;
//! 4. print every struct's layout from a C program and turn it into
//!    `const` assertions the Rust build must pass;
//! 5. build a stand-in `kernel` crate (tests/rust_ffi/kernel.rs) holding the
//!    generated module, and a driver crate (tests/rust_ffi/xe_driver.rs)
//!    holding the private xe_iov module through `maptype::include!`, with
//!    `clippy-driver -D warnings` and the kernel's lint set;
//! 6. build and run tests/rust_ffi/scenarios.rs against them.
//!
//! Needs libclang (Debian: libclang-dev; scripts/test-all installs it) and
//! clippy (a rustup component).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use maptype::Target;
use maptype_dsl::ir::Registry;
mod common;
use common::{files_with_ext, seed_sources};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn load_registry() -> Registry {
    let mut sources = seed_sources();
    // A test-only type with what the real ones lack: an optional op, an op
    // returning an errno, an integer accessor.
    let demo = tests_dir().join("rust_ffi/demo.maptype");
    sources.add("codegen/tests/rust_ffi/demo.maptype", std::fs::read_to_string(demo).expect("demo.maptype"));
    match maptype_dsl::check(&sources) {
        Ok(reg) => reg,
        Err(diags) => panic!("schemas/ do not check: {diags:#?}"),
    }
}

/// Runs a command; panics with everything it said when it fails.
fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: cannot run {cmd:?}: {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{what} failed:\n$ {cmd:?}\n{text}");
    text
}

/// The `maptype` proc-macro library cargo built for this test (a
/// dev-dependency): the newest in the test's own `deps` directory.
fn maptype_macros() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's path");
    let deps = exe.parent().expect("the test's directory");
    let mut libs: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(deps)
        .expect("the deps directory")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("libmaptype_macros-"))
        .filter(|e| e.path().extension().is_some_and(|x| x == "so"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    libs.sort();
    libs.pop().map(|(_, p)| p).unwrap_or_else(|| panic!("no libmaptype_macros-*.so in {}", deps.display()))
}

fn host_triple() -> String {
    let out = run(Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into())).arg("-vV"), "rustc -vV");
    out.lines().find_map(|l| l.strip_prefix("host: ")).expect("rustc -vV names the host").to_string()
}

/// Include directories: the stand-in, the generated tree and every
/// directory holding a driver-private header, and tests/rust_ffi.
fn include_dirs(gen: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![tests_dir().join("hosted/include"), gen.join("include")];
    let mut private: Vec<PathBuf> = files_with_ext(gen, "h")
        .into_iter()
        .filter(|h| !h.starts_with(gen.join("include")))
        .filter_map(|h| h.parent().map(Path::to_path_buf))
        .collect();
    private.dedup();
    dirs.extend(private);
    dirs.push(tests_dir().join("rust_ffi"));
    dirs
}

/// What the kernel build force-includes, and the target version the
/// stand-in models.
fn forced_flags() -> Vec<String> {
    let t = Target::default();
    vec![
        "-include".into(),
        "linux/kconfig.h".into(),
        "-include".into(),
        "linux/compiler_types.h".into(),
        format!("-DHOSTED_LINUX_MAJOR={}", t.major),
        format!("-DHOSTED_LINUX_MINOR={}", t.minor),
    ]
}

/// Step 2: the C side as one static library, `librustffi.a` in `out`.
fn build_c(gen: &Path, out: &Path, host: &str) {
    let mut b = cc::Build::new();
    b.cargo_metadata(false)
        .cargo_warnings(false)
        .target(host)
        .host(host)
        .opt_level(1)
        .debug(false)
        .out_dir(out)
        .warnings(false)
        .flag("-std=gnu11")
        .flag("-Wall")
        .flag("-Wextra")
        .flag("-Werror")
        .flag("-fno-strict-aliasing");
    for d in include_dirs(gen) {
        b.include(d);
    }
    for f in forced_flags() {
        b.flag(&f);
    }
    for c in files_with_ext(gen, "c") {
        let text = std::fs::read_to_string(&c).expect("readable");
        // KUnit suites run in the kernel, not here.
        if !text.contains("#include <kunit/test.h>") {
            b.file(c);
        }
    }
    b.file(tests_dir().join("hosted/standin.c"));
    b.file(tests_dir().join("rust_ffi/fixtures.c"));
    if let Err(e) = b.try_compile("rustffi") {
        panic!("the generated C (with the rust_helper_* glue) does not build: {e}");
    }
}

fn clang_args(gen: &Path) -> Vec<String> {
    let mut a: Vec<String> = include_dirs(gen).iter().map(|d| format!("-I{}", d.display())).collect();
    a.extend(forced_flags());
    a.extend(["-D__BINDGEN__".into(), "-fno-builtin".into(), "-std=gnu11".into()]);
    a
}

/// Step 3: bindgen as the kernel runs it (rust/Makefile: `--use-core
/// --with-derive-default --ctypes-prefix ffi --no-layout-tests --no-debug '.*'`).
fn bindgen(gen: &Path, work: &Path, src: &Path) {
    let fragment = gen.join("rust/bindings/bindings_helper.h.fragment");
    let header = work.join("bindings_helper.h");
    std::fs::write(
        &header,
        format!(
            "/* The kernel's bindings_helper.h, reduced to what the test needs. */\n\
             #include \"{}\"\n#include <linux/err.h>\n#include <linux/gfp.h>\n#include <linux/slab.h>\n\
             #include \"fixtures.h\"\n",
            fragment.display()
        ),
    )
    .unwrap();
    let kernel_like = |b: bindgen::Builder| {
        b.use_core()
            .ctypes_prefix("ffi")
            .derive_default(true)
            .layout_tests(false)
            .no_debug(".*")
            .generate_comments(false)
            .clang_args(clang_args(gen))
    };
    let raw = kernel_like(bindgen::Builder::default().header(header.display().to_string()))
        .generate()
        .unwrap_or_else(|e| panic!("bindgen over bindings_helper.h failed: {e}"));
    raw.write_to_file(src.join("bindings_generated.rs")).unwrap();

    let helpers = work.join("helpers.c");
    std::fs::write(
        &helpers,
        format!(
            "/* The kernel's rust/helpers/helpers.c: err.c and the generated helpers. */\n\
             #include <linux/err.h>\n\
             void *rust_helper_ERR_PTR(long err);\n\
             bool rust_helper_IS_ERR(const void *ptr);\n\
             long rust_helper_PTR_ERR(const void *ptr);\n\
             #include \"{}\"\n",
            gen.join("rust/helpers/dma_buf_mapping.c").display()
        ),
    )
    .unwrap();
    let helpers_rs = kernel_like(bindgen::Builder::default().header(helpers.display().to_string()))
        .blocklist_type(".*")
        .allowlist_function("rust_helper_.*")
        .generate()
        .unwrap_or_else(|e| panic!("bindgen over the helpers failed: {e}"))
        .to_string();
    // As rust/Makefile's sed: Rust calls `bindings::NAME`, linked to `rust_helper_NAME`.
    let mut fixed = String::new();
    for line in helpers_rs.lines() {
        match line.trim_start().strip_prefix("pub fn rust_helper_") {
            Some(rest) => {
                let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                writeln!(fixed, "    #[link_name = \"rust_helper_{name}\"]\n    pub fn {rest}").unwrap();
            }
            None => writeln!(fixed, "{line}").unwrap(),
        }
    }
    assert!(fixed.contains("pub fn DMA_BUF_IMAPPING_SGT("), "helpers were not bound:\n{fixed}");
    std::fs::write(src.join("bindings_helpers_generated.rs"), fixed).unwrap();
}

/// One struct whose layout C and Rust must agree on: (C name, fields as
/// (C member, Rust path below the struct)).
struct Layout {
    c: String,
    fields: Vec<(String, String)>,
}

fn rust_field(c: &str) -> String {
    match c {
        "type" => "type_".into(),
        "match" => "match_".into(),
        other => other.into(),
    }
}

/// Every generated struct the Rust side sees.
fn layouts(reg: &Registry) -> Vec<Layout> {
    let simple = |c: &str, fields: &[&str]| Layout {
        c: c.into(),
        fields: fields.iter().map(|f| (f.to_string(), rust_field(f))).collect(),
    };
    let mut out = Vec::new();
    let mut m = simple("dma_buf_mapping_match", &["type", "exp_ops"]);
    for t in &reg.types {
        if let Some(member) = t.data.as_ref().and_then(|d| d.member.clone()) {
            m.fields.push((member.clone(), format!("__bindgen_anon_1.{member}")));
        }
    }
    m.fields.push(("private_data".into(), "__bindgen_anon_1.private_data".into()));
    out.push(m);
    out.push(simple("dma_buf_mapping_type", &["name", "match", "finish_match", "debugfs_dump"]));
    out.push(simple("dma_buf_match_args", &["dmabuf", "attach", "imp_matches", "imp_len"]));
    out.push(simple("dma_buf_mapping_list", &["entries", "len", "max"]));
    out.push(simple("dma_buf_mapping_exp_ops", &[]));
    for t in &reg.types {
        if let Some(d) = &t.data {
            let names: Vec<&str> = d.fields.iter().map(|f| f.name.as_str()).collect();
            out.push(simple(&d.struct_name, &names));
        }
        if let Some(o) = &t.ops {
            let mut names = vec!["ops"];
            names.extend(o.ops.iter().map(|op| op.name.as_str()));
            out.push(simple(&o.name, &names));
        }
        // A struct from another type is laid out where that type is.
        for s in t.structs.iter().filter(|s| s.from.is_none()) {
            let names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
            out.push(simple(&s.name, &names));
        }
        for r in t.results.iter().filter(|r| r.is_struct()) {
            out.push(simple(&r.name, &[&r.count.name, &r.array.name]));
        }
    }
    out
}

/// Step 4: the C compiler's layouts, as `const` assertions over bindgen's structs.
fn layout_assertions(reg: &Registry, gen: &Path, work: &Path) -> String {
    let ls = layouts(reg);
    let mut c = String::from(
        "#include <stdio.h>\n#include <stddef.h>\n#include <linux/dma-buf-mapping.h>\n\
         #include \"dma-buf-mapping-xe-iov.h\"\n\nint main(void)\n{\n",
    );
    for l in &ls {
        writeln!(c, "\tprintf(\"S {0} %zu %zu\\n\", sizeof(struct {0}), _Alignof(struct {0}));", l.c).unwrap();
        for (cf, _) in &l.fields {
            writeln!(c, "\tprintf(\"F {0} {1} %zu\\n\", offsetof(struct {0}, {1}));", l.c, cf).unwrap();
        }
    }
    c.push_str("\treturn 0;\n}\n");
    let src = work.join("layout.c");
    let bin = work.join("layout");
    std::fs::write(&src, c).unwrap();
    let mut cmd = Command::new("cc");
    cmd.args(["-std=gnu11", "-Wall", "-Werror"]);
    for d in include_dirs(gen) {
        cmd.arg(format!("-I{}", d.display()));
    }
    cmd.args(forced_flags()).arg(&src).arg("-o").arg(&bin);
    run(&mut cmd, "compiling the layout printer");
    let printed = run(&mut Command::new(&bin), "running the layout printer");

    let mut sizes = BTreeMap::new();
    let mut offsets = BTreeMap::new();
    for line in printed.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        match w.as_slice() {
            ["S", s, size, align] => {
                sizes.insert(s.to_string(), (size.to_string(), align.to_string()));
            }
            ["F", s, f, off] => {
                offsets.insert((s.to_string(), f.to_string()), off.to_string());
            }
            _ => panic!("layout printer said {line:?}"),
        }
    }
    let mut rs = String::from(
        "// Written by tests/rust_ffi.rs from what the C compiler printed: bindgen's\n\
         // structs must have the C layout, field by field.\n\n#![allow(dead_code)]\n\n\
         use crate::bindings;\nuse core::mem::{align_of, offset_of, size_of};\n\n",
    );
    let mut count = 0;
    for l in &ls {
        let (size, align) = &sizes[&l.c];
        writeln!(rs, "const _: () = assert!(size_of::<bindings::{}>() == {size});", l.c).unwrap();
        writeln!(rs, "const _: () = assert!(align_of::<bindings::{}>() == {align});", l.c).unwrap();
        count += 2;
        for (cf, rf) in &l.fields {
            let off = &offsets[&(l.c.clone(), cf.clone())];
            writeln!(rs, "const _: () = assert!(offset_of!(bindings::{}, {rf}) == {off});", l.c).unwrap();
            count += 1;
        }
    }
    assert!(count > 40, "only {count} layout facts");
    rs
}

/// The kernel's Rust lint set (top-level Makefile, rust_common_flags), as errors.
fn kernel_lints() -> Vec<&'static str> {
    vec![
        "-Dnon_ascii_idents",
        "-Dunsafe_op_in_unsafe_fn",
        "-Wmissing_docs",
        "-Wrust_2018_idioms",
        "-Wunreachable_pub",
        "-Wclippy::all",
        "-Aclippy::collapsible_if",
        "-Aclippy::collapsible_match",
        "-Wclippy::ignored_unit_patterns",
        "-Wclippy::mut_mut",
        "-Wclippy::needless_bitwise_bool",
        "-Aclippy::needless_lifetimes",
        "-Wclippy::no_mangle_with_rust_abi",
        "-Wclippy::undocumented_unsafe_blocks",
        "-Aclippy::uninlined_format_args",
        "-Wclippy::unnecessary_safety_comment",
        "-Wclippy::unnecessary_safety_doc",
        "-Aclippy::unwrap_or_default",
        "-Dwarnings",
    ]
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_tree(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// The code of a Rust file as prettyplease lays it out, without what the
/// backend adds after printing: `//` comments (SAFETY justifications, the
/// banner) and blank lines between items. Doc comments stay.
fn code_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            let t = l.trim_start();
            let comment = t.starts_with("//") && !t.starts_with("///") && !t.starts_with("//!");
            !t.is_empty() && !comment
        })
        .collect()
}

/// A generated Rust file is a fixed point of the backend's printer: parsed
/// with syn and printed again with prettyplease it gives the same code line
/// for line, so its bytes depend on no formatter installed on the machine.
/// Its prose (docs and `//` comments outside doctest code) keeps within 100
/// columns, as the kernel's Rust does, but for a single word (a link); so
/// does its code, as prettyplease wraps at 89 columns.
fn check_layout(path: &Path) {
    let text = std::fs::read_to_string(path).expect("generated Rust is readable");
    let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: not Rust: {e}", path.display()));
    let again = prettyplease::unparse(&file);
    let (ours, theirs) = (code_lines(&text), code_lines(&again));
    if let Some(i) = (0..ours.len().max(theirs.len())).find(|&i| ours.get(i) != theirs.get(i)) {
        panic!(
            "{}: prettyplease prints it differently from code line {}:\n  file:         {:?}\n  prettyplease: {:?}",
            path.display(),
            i + 1,
            ours.get(i),
            theirs.get(i)
        );
    }
    assert!(text.ends_with("}\n") || text.ends_with(";\n"), "{}: ends with one newline", path.display());
    let mut in_code = false;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let doc = t.strip_prefix("///").or_else(|| t.strip_prefix("//!"));
        if doc.is_some_and(|d| d.trim_start().starts_with("```")) {
            in_code = !in_code;
        }
        assert!(line == line.trim_end(), "{}:{}: trailing whitespace", path.display(), n + 1);
        assert!(!line.contains('\t'), "{}:{}: a tab", path.display(), n + 1);
        // A single word (a long link) cannot be wrapped.
        let one_word = !t.trim_start_matches(['/', '!']).trim_start().contains(' ');
        let doctest_code = in_code && doc.is_some();
        if !doctest_code && !one_word {
            assert!(line.len() <= 100, "{}:{}: over 100 columns: {line}", path.display(), n + 1);
        }
    }
    assert!(!text.contains("\n\n\n"), "{}: two blank lines in a row", path.display());
}

#[test]
fn generated_rust_builds_lints_and_negotiates_across_ffi() {
    let start = std::time::Instant::now();
    let reg = load_registry();
    let files = maptype::generate(&reg, &Target::default());
    let dir = tempfile::tempdir().expect("temp dir");
    let gen = dir.path().join("gen");
    maptype::output::write(&gen, &files).expect("generated files are written");
    let work = dir.path().join("work");
    let out = dir.path().join("out");
    let krate = dir.path().join("kernel/src");
    for d in [&work, &out, &krate] {
        std::fs::create_dir_all(d).unwrap();
    }
    let host = host_triple();

    // Every generated Rust file is in the backend's stable layout.
    let rust_files = files_with_ext(&gen.join("rust"), "rs");
    assert!(rust_files.len() >= 4, "expected mod.rs and a module per type, got {rust_files:?}");
    for f in &rust_files {
        check_layout(f);
    }

    build_c(&gen, &out, &host);
    bindgen(&gen, &work, &krate);

    // The kernel crate: the stand-in, with the generated core types' modules.
    std::fs::copy(tests_dir().join("rust_ffi/kernel.rs"), krate.join("lib.rs")).unwrap();
    let module_dir = gen.join("rust/kernel/dma_buf/mapping");
    copy_tree(&module_dir, &krate.join("dma_buf/mapping"));
    std::fs::copy(gen.join("rust/kernel/dma_buf.rs"), krate.join("dma_buf.rs")).unwrap();
    std::fs::write(krate.join("layout_check.rs"), layout_assertions(&reg, &gen, &work)).unwrap();
    // Driver-private modules go to their driver's crate, which includes
    // them through `maptype::include!` (tests/rust_ffi/xe_driver.rs): none
    // of the generated files is used for it.
    for t in reg.types.iter().filter(|t| t.private.is_some()) {
        std::fs::remove_file(krate.join("dma_buf/mapping").join(format!("{}.rs", t.name))).unwrap();
    }

    // Clippy with the kernel's MSRV, as the kernel's .clippy.toml sets it.
    std::fs::write(work.join("clippy.toml"), "msrv = \"1.78.0\"\ncheck-private-items = true\n").unwrap();
    let clippy = |cmd: &mut Command| {
        cmd.env("CLIPPY_CONF_DIR", &work).args(["--edition", "2021", "-Copt-level=0", "-Cpanic=unwind"]);
    };
    // The `#[vtable]` stand-in, as the kernel's `macros` crate.
    let mut m = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()));
    m.args(["--edition", "2021", "--crate-type", "proc-macro", "--crate-name", "macros", "--extern", "proc_macro"])
        .arg(tests_dir().join("rust_ffi/macros.rs"))
        .arg("--out-dir")
        .arg(&out);
    run(&mut m, "building the #[vtable] stand-in");
    let macros_lib = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("libmacros.")))
        .expect("the proc-macro library");

    let mut k = Command::new("clippy-driver");
    clippy(&mut k);
    k.args(["--crate-type", "rlib", "--crate-name", "kernel"])
        .arg(krate.join("lib.rs"))
        .args(kernel_lints())
        .arg("--out-dir")
        .arg(&out)
        .arg(format!("-Lnative={}", out.display()))
        .arg(format!("--extern=macros={}", macros_lib.display()))
        .args(["-l", "static=rustffi"]);
    run(&mut k, "building the kernel crate with the generated module (clippy-driver -D warnings)");

    // rustdoc: every intra-doc link and code span of the generated docs resolves.
    let mut d = Command::new("rustdoc");
    d.args(["--edition", "2021", "--crate-type", "rlib", "--crate-name", "kernel"])
        .arg(krate.join("lib.rs"))
        .arg(format!("--extern=macros={}", macros_lib.display()))
        .args(["-D", "warnings", "-D", "rustdoc::broken_intra_doc_links", "-D", "rustdoc::unescaped_backticks"])
        .arg("-o")
        .arg(work.join("doc"));
    run(&mut d, "rustdoc over the kernel crate with the generated module");

    // A driver crate over the kernel crate, with the `maptype` proc-macros.
    let driver = |name: &str, root: &Path, what: &str| {
        let mut x = Command::new("clippy-driver");
        clippy(&mut x);
        x.args(["--crate-type", "rlib", "--crate-name", name])
            .arg(root)
            .args(kernel_lints())
            .arg("--out-dir")
            .arg(&out)
            .arg(format!("--extern=kernel={}", out.join("libkernel.rlib").display()))
            .arg(format!("--extern=maptype={}", maptype_macros().display()))
            .arg(format!("-Ldependency={}", out.display()));
        run(&mut x, &format!("building {what} (clippy-driver -D warnings)"));
    };
    driver("xe_driver", &tests_dir().join("rust_ffi/xe_driver.rs"), "the driver crate with the private type's module");

    // The same type in the Rust form (examples/from_rust/xe_iov.rs), expanded
    // by `#[maptype::mapping_type]`, builds as a driver's module too.
    let from_rust = tests_dir().join("../../examples/from_rust/xe_iov.rs");
    let root = work.join("from_rust_driver.rs");
    std::fs::write(
        &root,
        format!("//! A driver crate holding xe_iov in the Rust form.\n\n#![no_std]\n\n#[path = {:?}]\nmod from_rust;\n\npub use from_rust::xe_iov;\n", from_rust.display().to_string()),
    )
    .unwrap();
    driver("from_rust_driver", &root, "a driver crate with xe_iov in the Rust form");

    let bin = out.join("scenarios");
    let mut s = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()));
    s.args(["--edition", "2021", "--test", "-Copt-level=0", "--crate-name", "scenarios"])
        .arg(tests_dir().join("rust_ffi/scenarios.rs"))
        .arg(format!("--extern=kernel={}", out.join("libkernel.rlib").display()))
        .arg(format!("--extern=xe_driver={}", out.join("libxe_driver.rlib").display()))
        .arg(format!("-Ldependency={}", out.display()))
        .arg(format!("-Ldependency={}", maptype_macros().parent().unwrap().display()))
        .arg("-o")
        .arg(&bin);
    run(&mut s, "building the FFI scenarios");
    let text = run(Command::new(&bin).arg("--test-threads=1"), "the FFI scenarios");
    let summary = text.lines().find(|l| l.starts_with("test result:")).unwrap_or_default();
    assert!(summary.contains(" 0 failed"), "{text}");
    let passed: usize =
        summary.split(". ").nth(1).and_then(|p| p.split_whitespace().next()).and_then(|n| n.parse().ok()).unwrap_or(0);
    assert!(passed >= 13, "only {passed} FFI scenarios ran:\n{text}");
    eprintln!("rust_ffi: {passed} FFI scenarios passed in {:.1?} all told", start.elapsed());

    // scripts/bench-macros: what `maptype::include!` costs a crate's build.
    if let Some(rounds) = std::env::var("MAPTYPE_BENCH_MACROS").ok().and_then(|n| n.parse().ok()) {
        bench_macros(rounds, &gen, &work, &out);
    }
}

/// Compiles the xe driver crate `rounds` times each way, interleaved: through
/// `maptype::include!` (tests/rust_ffi/xe_driver.rs) and with the expansion
/// written out (the module `generate` wrote, as a file), and prints the
/// medians and their ratio. Only printed, never asserted: timing belongs to
/// benchmarks.
fn bench_macros(rounds: usize, gen: &Path, work: &Path, out: &Path) {
    let written = work.join("xe_driver_written.rs");
    let module = gen.join("rust/kernel/dma_buf/mapping/xe_iov.rs");
    std::fs::write(
        &written,
        format!(
            "//! The xe driver's crate, its module written out.\n\n#![no_std]\n\n#[path = {:?}]\npub mod xe_iov;\n",
            module.display().to_string()
        ),
    )
    .unwrap();
    let bench_out = work.join("bench");
    std::fs::create_dir_all(&bench_out).unwrap();
    let compile = |root: &Path| {
        let mut c = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()));
        c.args([
            "--edition",
            "2021",
            "-Copt-level=0",
            "-Cpanic=unwind",
            "--crate-type",
            "rlib",
            "--crate-name",
            "xe_driver",
        ])
        .arg(root)
        .arg("--out-dir")
        .arg(&bench_out)
        .arg(format!("--extern=kernel={}", out.join("libkernel.rlib").display()))
        .arg(format!("--extern=maptype={}", maptype_macros().display()))
        .arg(format!("-Ldependency={}", out.display()));
        let t = std::time::Instant::now();
        run(&mut c, "compiling the xe driver crate");
        t.elapsed().as_secs_f64()
    };
    let macro_root = tests_dir().join("rust_ffi/xe_driver.rs");
    // One of each first, unmeasured: the page cache and the loader warm up.
    compile(&macro_root);
    compile(&written);
    let (mut with_macro, mut written_out) = (Vec::new(), Vec::new());
    for _ in 0..rounds.max(1) {
        with_macro.push(compile(&macro_root));
        written_out.push(compile(&written));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (m, w) = (median(&mut with_macro), median(&mut written_out));
    println!(
        "bench-macros: xe driver crate, median of {} interleaved compiles each (rustc -Copt-level=0)",
        with_macro.len()
    );
    println!("bench-macros:   through maptype::include!   {:>8.1} ms", m * 1e3);
    println!("bench-macros:   expansion written out      {:>8.1} ms", w * 1e3);
    println!("bench-macros:   ratio                      {:>8.2}x", m / w);
}
