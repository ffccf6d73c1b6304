//! The C fixture of the doctests, `rust/helpers/dma_buf_mapping_doctest.c`:
//! objects, extern stubs, C importers and a C exporter that counts its op
//! calls. Rust calls it as `bindings::maptype_doctest_*`.

use maptype_dsl::ir::{Ctor, MappingType, Registry, Target};

use super::{playable, rule_externs, rust_fn, FIXTURE_PATH, FX};
use crate::emit::{banner, layout, names};
use crate::rust::ty::{self, Kind};
use crate::GenFile;

pub(super) fn attach_helper(c: &Ctor) -> String {
    format!("attach_{}", rust_fn(&c.name))
}

pub(super) fn stub_helper(t: &MappingType, ext: &str) -> String {
    format!("stub_{}_{ext}", t.name)
}

/// The fixture's C exporter plays every core type whose ops it can fake.
pub(super) fn c_exporter_types(reg: &Registry) -> Vec<(&MappingType, &Ctor)> {
    reg.types
        .iter()
        .filter(|t| t.private.is_none() && playable(t))
        .filter_map(|t| t.exporters.iter().find(|c| c.params.iter().all(|p| p.target == Target::Ops)).map(|c| (t, c)))
        .collect()
}

/// The C exporter's op: counts its calls and returns a fixture result.
fn c_op(t: &MappingType, op: &maptype_dsl::ir::Op) -> String {
    let ret = op.ret.as_ref().map_or("void".to_string(), |r| r.spelling());
    let params: Vec<String> = op.params.iter().map(|p| p.ty.declare(&p.name)).collect();
    let fname = format!("{FX}_c_{}_{}", t.name, op.name);
    let mut body = format!("\t{FX}_c_{}_{}_count++;\n", t.name, op.name);
    let attach = op.params.iter().find(|p| matches!(ty::classify(t, &p.ty), Ok(Kind::Attach))).map(|p| p.name.clone());
    for p in &op.params {
        if let Ok(Kind::Result(_)) = ty::classify(t, &p.ty) {
            body.push_str(&format!("\tkvfree({});\n", p.name));
        }
    }
    if let Some(r) = &op.ret {
        match ty::classify(t, r) {
            Ok(Kind::Result(st)) => {
                let res = t.result(&st).expect("classified");
                let (addr, len) = res.range.clone().unwrap_or_default();
                let a = attach.clone().unwrap_or_else(|| "attach".into());
                body = format!(
                    "\tstruct {st} *res;\n\n{body}\tres = kvzalloc(struct_size(res, {arr}, 1), GFP_KERNEL);\n\
                        \tif (!res)\n\t\treturn ERR_PTR(-ENOMEM);\n\t/* One range covering the buffer, aligned as the \
                        checks want. */\n\tres->{count} = 1;\n\tres->{arr}[0].{addr} = 1ULL << 32;\n\
                        \tres->{arr}[0].{len} = {a}->dmabuf->size;\n\treturn res;\n",
                    arr = res.array.name,
                    count = res.count.name,
                );
            }
            Ok(Kind::Handed(_)) => body.push_str(&format!("\treturn &{fname}_obj;\n")),
            _ => body.push_str("\treturn 0;\n"),
        }
    }
    let mut out = String::new();
    if let Some(Ok(Kind::Handed(st))) = op.ret.as_ref().map(|r| ty::classify(t, r)) {
        out.push_str(&format!("static struct {st} {fname}_obj;\n\n"));
        out.push_str(&format!(
            "/* What the C exporter's {op} returns. */\nstruct {st} *rust_helper_{fname}_result(void)\n{{\n\
                \treturn &{fname}_obj;\n}}\n\n",
            op = op.name
        ));
    }
    out.push_str(&format!("static unsigned int {fname}_count;\n\n"));
    out.push_str(&format!(
        "/* How often the C exporter's {} ran. */\nunsigned int rust_helper_{fname}_calls(void)\n{{\n\
            \treturn {fname}_count;\n}}\n\n",
        op.name
    ));
    out.push_str(&format!("{}\n{{\n{body}}}\n", layout::signature((&format!("static {ret}"), &fname), &params, "")));
    out
}

/// Headers of every fixture file.
const INCLUDES: &[&str] = &[
    "<kunit/device.h>",
    "<kunit/static_stub.h>",
    "<kunit/test.h>",
    "<linux/atomic.h>",
    "<linux/dma-buf-mapping.h>",
    "<linux/dma-buf.h>",
    "<linux/dma-resv.h>",
    "<linux/err.h>",
    "<linux/kernel.h>",
    "<linux/overflow.h>",
    "<linux/slab.h>",
];

/// A type's part of the fixture: the stubs of the externs its rules call,
/// and a C importer per importer constructor.
fn type_fixture(t: &MappingType) -> String {
    let mut s = String::new();
    for x in rule_externs(t) {
        let ret = x.ret.as_ref().map_or("int".to_string(), |r| r.spelling());
        let params: Vec<String> = x.params.iter().map(|p| p.ty.declare(&p.name)).collect();
        let store = format!("{FX}_{}_{}_ret", t.name, x.name);
        let decl = x.ret.as_ref().map_or(format!("int {store}"), |r| r.declare(&store));
        let stub = format!("{FX}_{}_{}", t.name, x.name);
        let arg = x.ret.as_ref().map_or("int ret".to_string(), |r| r.declare("ret"));
        let activate = [String::from("kunit_get_current_test()"), names::wrapper(t, &x.name), stub.clone()];
        s.push_str(&format!(
            "\nstatic {decl};\n\n{}\n{{\n\treturn {store};\n}}\n\n/* Makes {}() return @ret to the {} glue until \
                the test ends. */\n{}\n{{\n\t{store} = ret;\n{}\n}}\n",
            layout::signature((&format!("static {ret}"), &stub), &params, ""),
            x.name,
            t.name,
            layout::signature(("void", &format!("rust_helper_{FX}_{}", stub_helper(t, &x.name))), &[arg], ""),
            layout::call(1, "kunit_activate_static_stub", &activate, ";"),
        ));
    }
    if crate::emit::warns(t) {
        let count = format!("{FX}_{}_rule_warns", t.name);
        let activate =
            [String::from("kunit_get_current_test()"), names::rule_warn(t), format!("{FX}_{}_rule_warn", t.name)];
        s.push_str(&format!(
            "\nstatic unsigned int {count};\n\n\
                /* Stands in for the {name} rules' WARN_ON(): counts the reports without a splat. */\n\
                static bool {FX}_{name}_rule_warn(bool bug)\n{{\n\tif (bug)\n\t\t{count}++;\n\treturn bug;\n}}\n\n\
                /* Counts the reports of the {name} rules marked warn until the test ends. */\n\
                void rust_helper_{FX}_count_{name}_rule_warns(void)\n{{\n\t{count} = 0;\n{}\n}}\n\n\
                /* What the {name} rules marked warn reported since counting started. */\n\
                unsigned int rust_helper_{count}(void)\n{{\n\treturn {count};\n}}\n",
            layout::call(1, "kunit_activate_static_stub", &activate, ";"),
            name = t.name,
        ));
    }
    if crate::emit::has_checks(t) {
        let count = format!("{FX}_{}_check_warns", t.name);
        let stub = format!("{FX}_{}_check_warn", t.name);
        let activate = [String::from("kunit_get_current_test()"), names::check_warn(t), stub.clone()];
        let params = ["bool bug".to_string(), "const char *check".into(), "const char *fmt".into(), "...".into()];
        s.push_str(&format!(
            "\nstatic unsigned int {count};\n\n\
                /* Stands in for the {name} checks' WARN(): counts the reports without a splat. */\n\
                {}\n{{\n\tif (bug)\n\t\t{count}++;\n\treturn bug;\n}}\n\n\
                /* Counts the reports of the {name} checks until the test ends. */\n\
                void rust_helper_{FX}_count_{name}_check_warns(void)\n{{\n\t{count} = 0;\n{}\n}}\n\n\
                /* What the {name} checks reported since counting started. */\n\
                unsigned int rust_helper_{count}(void)\n{{\n\treturn {count};\n}}\n",
            layout::signature(("static bool", &stub), &params, ""),
            layout::call(1, "kunit_activate_static_stub", &activate, ";"),
            name = t.name,
        ));
    }
    for c in &t.importers {
        let mut params = vec!["struct dma_buf *dmabuf".to_string()];
        params.extend(c.params.iter().map(|p| p.ty.declare(&p.name)));
        let args: Vec<String> = c.params.iter().map(|p| p.name.clone()).collect();
        let ctor = if args.is_empty() {
            format!("{}()", c.name)
        } else {
            layout::call(2, &c.name, &args, "").trim_start().to_string()
        };
        let helper = format!("rust_helper_{FX}_{}", attach_helper(c));
        s.push_str(&format!(
            "\n/* A C importer attaching with the one candidate {}(). */\n{}\n{{\n\
                \tstruct dma_buf_mapping_match match[] = {{\n\t\t{ctor},\n\t}};\n\n\
                \treturn dma_buf_mapping_attach(dmabuf, match, ARRAY_SIZE(match), NULL,\n\t\t\t\t      NULL);\n\
                }}\n",
            c.name,
            layout::signature(("struct dma_buf_attachment *", &helper), &params, ""),
        ));
    }
    s
}

/// Where a driver-private type's fixture goes: `rust/helpers/` beside the
/// core's, for a test kernel only (see [`private_fixture_file`]).
pub fn private_fixture_path(t: &MappingType) -> String {
    format!("rust/helpers/dma_buf_mapping_doctest_{}.c", t.name)
}

/// A driver-private type's doctest fixture, when it has doctests. Unlike the
/// core's, it is for a test kernel that builds the type's C in (its
/// constructors reach the type's singleton, which a built-in helper can
/// otherwise not link to) and its module into the `kernel` crate, as
/// `maptype kunit --rust` does; the core's fixture supplies the devices,
/// objects and exports.
pub fn private_fixture_file(t: &MappingType) -> Option<GenFile> {
    if t.private.is_none() || super::type_tests(t).is_empty() {
        return None;
    }
    let mut s = banner::c_source(&[t.source.as_str()]);
    s.push_str(&format!(
        "\n/*\n * Fixtures of the kernel::dma_buf::mapping::{} doctests, for a test\n \
         * kernel whose kernel crate holds that module and which builds the type's\n \
         * C in. Rust calls them as bindings::{FX}_*.\n */\n\n",
        t.name
    ));
    s.push_str("#if IS_ENABLED(CONFIG_RUST_KERNEL_DOCTESTS)\n\n");
    for inc in INCLUDES {
        s.push_str(&format!("#include {inc}\n"));
    }
    s.push_str(&format!("\n#include \"../../{}\"\n", names::header_path(t)));
    s.push_str(&type_fixture(t));
    s.push_str("\n#endif /* CONFIG_RUST_KERNEL_DOCTESTS */\n");
    Some(GenFile::new(private_fixture_path(t), s))
}

pub fn fixture_file(reg: &Registry) -> GenFile {
    let core: Vec<&MappingType> = reg.types.iter().filter(|t| t.private.is_none()).collect();
    let sources: Vec<&str> = core.iter().map(|t| t.source.as_str()).collect();
    let mut s = banner::c_source(&sources);
    s.push_str(&format!(
        "\n/*\n * Fixtures of the kernel::dma_buf::mapping doctests, which run as the\n \
         * KUnit suite rust_doctests_kernel: objects, extern stubs, C importers and\n \
         * a C exporter. Rust calls them as bindings::{FX}_*.\n */\n\n"
    ));
    s.push_str("#if IS_ENABLED(CONFIG_RUST_KERNEL_DOCTESTS)\n\n");
    for inc in INCLUDES {
        s.push_str(&format!("#include {inc}\n"));
    }
    s.push_str(&format!(
        "
/* A device for importer candidates; KUnit releases it after the test. */
struct device *rust_helper_{FX}_device(void)
{{
	static atomic_t n = ATOMIC_INIT(0);
	struct device *dev;
	char name[32];

	snprintf(name, sizeof(name), \"maptype-doctest-%d\", atomic_inc_return(&n));
	dev = kunit_device_register(kunit_get_current_test(), name);
	return IS_ERR(dev) ? NULL : dev;
}}

/* Zeroed memory standing in for a C object; KUnit frees it after the test. */
void *rust_helper_{FX}_object(size_t size)
{{
	return kunit_kzalloc(kunit_get_current_test(), size, GFP_KERNEL);
}}

/* Exports @size bytes with @ops and @priv (dma_buf.priv), or returns NULL. */
{export_sig}
{{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct dma_buf *dmabuf;

	info.ops = ops;
	info.size = size;
	info.priv = priv;
	dmabuf = dma_buf_export(&info);
	return IS_ERR(dmabuf) ? NULL : dmabuf;
}}

void rust_helper_{FX}_lock(struct dma_buf *dmabuf)
{{
	dma_resv_lock(dmabuf->resv, NULL);
}}

void rust_helper_{FX}_unlock(struct dma_buf *dmabuf)
{{
	dma_resv_unlock(dmabuf->resv);
}}
",
        export_sig = layout::signature(
            ("struct dma_buf *", &format!("rust_helper_{FX}_export")),
            &["const struct dma_buf_ops *ops".into(), "size_t size".into(), "void *priv".into()],
            ""
        ),
    ));

    for t in &core {
        s.push_str(&type_fixture(t));
    }

    // The C exporter: every core type it can play, in registry order.
    let playing = c_exporter_types(reg);
    if !playing.is_empty() {
        s.push('\n');
        let mut cands = Vec::new();
        let mut resets = Vec::new();
        for (t, ctor) in &playing {
            let o = t.ops.as_ref().expect("playable");
            let mut fields = String::new();
            for op in &o.ops {
                s.push_str(&c_op(t, op));
                s.push('\n');
                fields.push_str(&format!("\t.{} = {FX}_c_{}_{},\n", op.name, t.name, op.name));
                resets.push(format!("\t{FX}_c_{}_{}_count = 0;\n", t.name, op.name));
            }
            s.push_str(&format!("static const struct {} {FX}_c_{}_ops = {{\n{fields}}};\n\n", o.name, t.name));
            cands.push(format!("\t\t{}(&{FX}_c_{}_ops),\n", ctor.name, t.name));
        }
        let order: Vec<&str> = playing.iter().map(|(t, _)| t.name.as_str()).collect();
        s.push_str(&format!(
            "static int {FX}_c_match_mapping(struct dma_buf_match_args *args)
{{
	const struct dma_buf_mapping_match exp[] = {{
{}	}};

	return dma_buf_match_mapping(args, exp, ARRAY_SIZE(exp));
}}

static void {FX}_c_release(struct dma_buf *dmabuf)
{{
}}

static const struct dma_buf_ops {FX}_c_ops = {{
	.match_mapping = {FX}_c_match_mapping,
	.release = {FX}_c_release,
}};

/*
 * A C exporter of @size bytes offering {}, in that order; its op
 * counts start at 0.
 */
struct dma_buf *rust_helper_{FX}_c_export(size_t size)
{{
{}{}
}}
",
            cands.concat(),
            order.join(" then "),
            resets.concat(),
            layout::call(
                1,
                &format!("return rust_helper_{FX}_export"),
                &[format!("&{FX}_c_ops"), "size".into(), format!("(void *)&{FX}_c_ops")],
                ";"
            ),
        ));
    }
    s.push_str("\n#endif /* CONFIG_RUST_KERNEL_DOCTESTS */\n");
    GenFile::new(FIXTURE_PATH, s)
}
