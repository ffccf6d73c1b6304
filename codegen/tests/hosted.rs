//! Hosted proof that the generated C compiles and behaves: fresh output from
//! schemas/ is compiled with the system C compiler against a small userspace
//! stand-in of the kernel headers (tests/hosted/include) and run.
//!
//! This is the fast check for `cargo test`; the real proof is the kernel
//! build. Three things are checked:
//! - every generated header compiles on its own (self-contained, guarded);
//! - tests/hosted/rfc_api.c, written only against the RFC API as DOMAIN.md
//!   states it, compiles against the output (source compatibility);
//! - tests/hosted/negotiate.c runs the negotiation scenarios and reports
//!   `hosted: N passed, M failed`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use maptype::Target;
mod common;
use common::{files_with_ext, seed_sources};

fn hosted_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hosted")
}

/// Generates schemas/*.maptype for `target` into a fresh temporary kernel tree.
fn generate_fresh(target: &Target) -> tempfile::TempDir {
    let sources = seed_sources();
    let reg = match maptype_dsl::check(&sources) {
        Ok(reg) => reg,
        Err(diags) => panic!("schemas/ do not check: {diags:#?}"),
    };
    let files = maptype::generate(&reg, target);
    let dir = tempfile::tempdir().expect("temp dir");
    maptype::output::write(dir.path(), &files).expect("generated files are written");
    dir
}

/// Compiler flags: the strict warning set, the stand-in, the generated tree
/// (include/ plus every driver directory holding a generated private-type
/// header, as drivers/gpu/drm/xe), and the two headers the kernel build
/// force-includes into every file. The stand-in enforces `target`'s export
/// spellings.
fn cflags(gen: &Path, target: &Target) -> Vec<String> {
    let mut f: Vec<String> =
        ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-fno-strict-aliasing"].iter().map(|s| s.to_string()).collect();
    f.push(format!("-I{}", hosted_dir().join("include").display()));
    f.push(format!("-I{}", gen.join("include").display()));
    let mut private_dirs: Vec<PathBuf> = files_with_ext(gen, "h")
        .into_iter()
        .filter(|h| !h.starts_with(gen.join("include")))
        .filter_map(|h| h.parent().map(Path::to_path_buf))
        .collect();
    private_dirs.dedup();
    for d in private_dirs {
        f.push(format!("-I{}", d.display()));
    }
    f.extend(["-include", "linux/kconfig.h", "-include", "linux/compiler_types.h"].map(String::from));
    f.push(format!("-DHOSTED_LINUX_MAJOR={}", target.major));
    f.push(format!("-DHOSTED_LINUX_MINOR={}", target.minor));
    f
}

/// Runs `cc`; Err carries the command line and everything the compiler said.
fn cc(args: &[String]) -> Result<(), String> {
    let out = Command::new("cc").args(args).output().map_err(|e| format!("cannot run cc: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "$ cc {}\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// AddressSanitizer and UBSan when this system's compiler can build and run
/// with them: they turn out-of-bounds reads (uninitialised candidates past a
/// count) and undefined behaviour into failures.
fn sanitizer_flags() -> &'static [String] {
    static FLAGS: OnceLock<Vec<String>> = OnceLock::new();
    FLAGS.get_or_init(|| {
        let flags: Vec<String> =
            ["-g", "-O1", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"]
                .map(String::from)
                .to_vec();
        let dir = tempfile::tempdir().expect("temp dir");
        let src = dir.path().join("probe.c");
        let bin = dir.path().join("probe");
        std::fs::write(&src, "int main(void) { return 0; }\n").unwrap();
        let mut args = flags.clone();
        args.extend([src.display().to_string(), "-o".into(), bin.display().to_string()]);
        let works = cc(&args).is_ok() && Command::new(&bin).status().is_ok_and(|s| s.success());
        if works {
            flags
        } else {
            eprintln!("note: cc cannot build with -fsanitize=address,undefined here; running without");
            vec!["-O1".into()]
        }
    })
}

#[test]
fn every_generated_header_compiles_alone() {
    let target = Target::default();
    let gen = generate_fresh(&target);
    let work = tempfile::tempdir().expect("temp dir");
    let headers = files_with_ext(gen.path(), "h");
    assert!(!headers.is_empty(), "the generator wrote no headers");
    let mut failures = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        // Twice: the second inclusion checks the include guard.
        let src = work.path().join(format!("alone{i}.c"));
        std::fs::write(&src, format!("#include \"{0}\"\n#include \"{0}\"\n", h.display())).unwrap();
        let mut args = cflags(gen.path(), &target);
        args.extend([
            "-c".into(),
            src.display().to_string(),
            "-o".into(),
            work.path().join(format!("alone{i}.o")).display().to_string(),
        ]);
        if let Err(e) = cc(&args) {
            let rel = h.strip_prefix(gen.path()).unwrap_or(h);
            failures.push(format!("{} is not self-contained:\n{e}", rel.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rfc_api_compiles_against_the_output() {
    let target = Target::default();
    let gen = generate_fresh(&target);
    let work = tempfile::tempdir().expect("temp dir");
    let mut args = cflags(gen.path(), &target);
    args.extend([
        "-c".into(),
        hosted_dir().join("rfc_api.c").display().to_string(),
        "-o".into(),
        work.path().join("rfc_api.o").display().to_string(),
    ]);
    if let Err(e) = cc(&args) {
        panic!("a driver written against the RFC API (DOMAIN.md) does not compile against the output:\n{e}");
    }
}

/// The generated KUnit suites: they run in the kernel (kunit.py), not here;
/// the stand-in has no <kunit/test.h> runner.
fn is_kunit_suite(c: &Path) -> bool {
    std::fs::read_to_string(c).is_ok_and(|t| t.contains("#include <kunit/test.h>"))
}

/// Builds the scenario program from the generated .c files (all but the
/// KUnit suites), the stand-in and negotiate.c, with `extra` flags.
fn build_scenarios(gen: &Path, target: &Target, bin: &Path, extra: &[&str]) -> Result<(), String> {
    let sources: Vec<PathBuf> = files_with_ext(gen, "c").into_iter().filter(|c| !is_kunit_suite(c)).collect();
    assert!(!sources.is_empty(), "the generator wrote no .c files");
    let mut args = cflags(gen, target);
    args.extend(sanitizer_flags().iter().cloned());
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(sources.iter().map(|p| p.display().to_string()));
    args.push(hosted_dir().join("standin.c").display().to_string());
    args.push(hosted_dir().join("negotiate.c").display().to_string());
    args.extend(["-o".into(), bin.display().to_string()]);
    cc(&args)
}

/// Runs the program: (exit ok, passed, failed, full output).
fn run_scenarios(bin: &Path) -> (bool, Option<(u32, u32)>, String) {
    let out = Command::new(bin).output().expect("the scenario program runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let summary = text.lines().rev().find_map(|l| {
        let rest = l.strip_prefix("hosted: ")?;
        let (p, f) = rest.split_once(" passed, ")?;
        Some((p.parse().ok()?, f.strip_suffix(" failed")?.parse().ok()?))
    });
    (out.status.success(), summary, text)
}

/// Builds and runs the scenarios for `target`; panics with everything the
/// compiler or the program said on any failure.
fn scenarios_pass_for(target: &Target) {
    let gen = generate_fresh(target);
    let work = tempfile::tempdir().expect("temp dir");
    let bin = work.path().join("negotiate");
    if let Err(e) = build_scenarios(gen.path(), target, &bin, &[]) {
        // Still run the scenarios when a known generator bug only breaks the
        // strict build, so the report says what else holds. The test fails
        // either way.
        let tolerant = work.path().join("negotiate-tolerant");
        let also = match build_scenarios(gen.path(), target, &tolerant, &["-DHOSTED_TOLERATE_CONST_OVERFLOW_DEST"]) {
            Ok(()) => {
                let (_, summary, text) = run_scenarios(&tolerant);
                format!(
                    "\nWith the stand-in tolerating a const check_add_overflow destination \
                     (see include/linux/overflow.h), the scenarios report {summary:?}:\n{text}"
                )
            }
            Err(_) => String::new(),
        };
        panic!("the generated C ({target:?}) does not build with the stand-in:\n{e}{also}");
    }
    let (ok, summary, text) = run_scenarios(&bin);
    let Some((passed, failed)) = summary else {
        panic!("the scenario program ended without its summary line:\n{text}");
    };
    assert!(ok && failed == 0, "{failed} hosted check(s) failed:\n{text}");
    assert!(passed >= 40, "only {passed} hosted checks ran; expected at least 40:\n{text}");
}

#[test]
fn negotiation_scenarios_pass() {
    scenarios_pass_for(&Target::default());
}

/// A kernel with the newer spellings (quoted namespaces,
/// EXPORT_SYMBOL_FOR_MODULES) and its own struct dma_buf_phys_vec: the
/// output for it must build and behave the same, and the RFC driver must
/// still compile.
#[test]
fn newer_kernel_target_builds_and_behaves() {
    let target = Target::parse("6.19").expect("a version");
    scenarios_pass_for(&target);
    let gen = generate_fresh(&target);
    let work = tempfile::tempdir().expect("temp dir");
    let mut args = cflags(gen.path(), &target);
    args.extend([
        "-c".into(),
        hosted_dir().join("rfc_api.c").display().to_string(),
        "-o".into(),
        work.path().join("rfc_api.o").display().to_string(),
    ]);
    if let Err(e) = cc(&args) {
        panic!("the RFC driver does not compile against the {target:?} output:\n{e}");
    }
}

/// Builds the hosted KUnit program: the generated glue (not its suites), the
/// stand-in, the runner and `suite`; runs it: (exit ok, output).
fn run_hosted_suite(gen: &Path, target: &Target, suite: &Path, bin: &Path) -> Result<(bool, String), String> {
    let mut args = cflags(gen, target);
    args.extend(sanitizer_flags().iter().cloned());
    args.extend(files_with_ext(gen, "c").into_iter().filter(|c| !is_kunit_suite(c)).map(|p| p.display().to_string()));
    for f in ["standin.c", "kunit_main.c"] {
        args.push(hosted_dir().join(f).display().to_string());
    }
    args.extend([suite.display().to_string(), "-o".into(), bin.display().to_string()]);
    cc(&args)?;
    let out = Command::new(bin).output().expect("the hosted suite runs");
    Ok((
        out.status.success(),
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
    ))
}

/// Every scenario of examples/matrix/, written as its KUnit suite and run
/// against fresh output: the generated match functions and core give what
/// the explorer says, for every exporter and importer. A suite with one
/// expectation changed must fail, so the comparison can fail.
#[test]
fn negotiation_matrices_agree_with_the_generated_c() {
    let target = Target::default();
    let gen = generate_fresh(&target);
    let reg = maptype_dsl::check(&seed_sources()).expect("schemas/ check");
    let dir = common::root().join("examples/matrix");
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/matrix/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "matrix"))
        .collect();
    scenarios.sort();
    assert!(!scenarios.is_empty(), "no scenario in examples/matrix/");
    let work = tempfile::tempdir().expect("temp dir");
    for path in scenarios {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let shown = format!("matrix/{stem}.matrix");
        let (sc, m) = maptype::matrix::load(&reg, &path, &shown).unwrap_or_else(|e| panic!("{e}"));
        let suite = maptype::matrix::c::suite(&reg, &sc, &m, &stem);
        let src = work.path().join(format!("{stem}-test.c"));
        std::fs::write(&src, &suite.content).unwrap();
        let bin = work.path().join(&stem);
        let (ok, out) = run_hosted_suite(gen.path(), &target, &src, &bin).unwrap_or_else(|e| panic!("{e}"));
        let pairs = sc.exporters.len() * sc.importers.len();
        assert!(ok, "{shown}: the generated C disagrees with the explorer:\n{out}");
        assert!(out.contains(&format!("hosted-kunit: {pairs} passed, 0 failed")), "{shown}:\n{out}");

        // One expectation changed: exactly that case fails.
        let wrong = suite.content.replacen("KUNIT_EXPECT_EQ(test, ret, 0);", "KUNIT_EXPECT_EQ(test, ret, -EINVAL);", 1);
        assert_ne!(wrong, suite.content, "{shown} has no successful pair");
        std::fs::write(&src, wrong).unwrap();
        let (ok, out) = run_hosted_suite(gen.path(), &target, &src, &bin).unwrap_or_else(|e| panic!("{e}"));
        assert!(!ok && out.contains(&format!("hosted-kunit: {} passed, 1 failed", pairs - 1)), "{shown}:\n{out}");
    }
}

/// The suites' `MODULE_IMPORT_NS()` line is spelled for the target: the
/// stand-in's macro takes 6.12's bare namespace and 6.13's string only in
/// their own versions. (The suites themselves build in UML, not here.)
#[test]
fn kunit_suites_import_the_namespace_as_the_target_spells_it() {
    for v in ["6.12", "6.19"] {
        let target = Target::parse(v).expect("a version");
        let gen = generate_fresh(&target);
        let work = tempfile::tempdir().expect("temp dir");
        // The type suites: they reach the extern wrappers exported to KUnit.
        let imports: Vec<(PathBuf, String)> = files_with_ext(gen.path(), "c")
            .into_iter()
            .filter(|c| is_kunit_suite(c))
            .filter_map(|c| {
                let text = std::fs::read_to_string(&c).ok()?;
                let line = text.lines().find(|l| l.starts_with("MODULE_IMPORT_NS("))?.to_string();
                Some((c, line))
            })
            .collect();
        assert!(imports.len() >= 3, "{v}: only {} suites import a namespace", imports.len());
        for (i, (s, line)) in imports.iter().enumerate() {
            let src = work.path().join(format!("import{i}.c"));
            std::fs::write(&src, format!("#include <linux/export.h>\n{line}\n")).unwrap();
            let mut args = cflags(gen.path(), &target);
            args.extend([
                "-c".into(),
                src.display().to_string(),
                "-o".into(),
                work.path().join("o.o").display().to_string(),
            ]);
            if let Err(e) = cc(&args) {
                panic!("{v}: {} spells `{line}` wrong for its target:\n{e}", s.display());
            }
        }
    }
}
