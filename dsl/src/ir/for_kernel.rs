//! The registry as one kernel version sees it.
//!
//! The IR is the same for every target; the one thing a version changes in
//! it is the name of a struct the kernel renamed (`renamed NAME since
//! "VERSION"`). [`Registry::for_kernel`] applies each rename that version
//! has made before any backend runs, so backends never compare versions
//! and every spelling of the struct (declarations, casts, kernel-doc, Rust
//! bindings) follows from one place.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{CType, MappingType, Registry};
use crate::check::parse_version;

impl Registry {
    /// This registry with every struct renamed by `version` under its new
    /// name: the kernel defines it then (`since` is the rename's), and every
    /// type that names it, the owner or a restatement, uses the new name.
    /// Borrowed unchanged when no rename applies.
    pub fn for_kernel(&self, version: (u32, u32)) -> Cow<'_, Registry> {
        let renames: HashMap<&str, (&str, &str)> = self
            .types
            .iter()
            .flat_map(|t| &t.structs)
            .filter_map(|s| {
                let r = s.renamed.as_ref()?;
                let at = parse_version(&r.since)?;
                (at <= version).then_some((s.name.as_str(), (r.name.as_str(), r.since.as_str())))
            })
            .collect();
        if renames.is_empty() {
            return Cow::Borrowed(self);
        }
        let renames: HashMap<String, (String, String)> =
            renames.into_iter().map(|(k, (n, v))| (k.to_string(), (n.to_string(), v.to_string()))).collect();
        let mut out = self.clone();
        for t in &mut out.types {
            rename_in(t, &renames);
        }
        Cow::Owned(out)
    }
}

fn rename_in(t: &mut MappingType, renames: &HashMap<String, (String, String)>) {
    for s in &mut t.structs {
        if let Some((name, since)) = renames.get(&s.name) {
            s.name = name.clone();
            // Only the owner dates it; a restatement keeps following it.
            if s.from.is_none() {
                s.since = Some(since.clone());
            }
            s.renamed = None;
        }
    }
    let mut types: Vec<&mut CType> = Vec::new();
    if let Some(d) = &mut t.data {
        types.extend(d.fields.iter_mut().map(|f| &mut f.ty));
    }
    if let Some(o) = &mut t.ops {
        for op in &mut o.ops {
            types.extend(op.params.iter_mut().map(|p| &mut p.ty));
            types.extend(op.ret.as_mut());
        }
    }
    for c in t.importers.iter_mut().chain(&mut t.exporters) {
        types.extend(c.params.iter_mut().map(|p| &mut p.ty));
    }
    for e in &mut t.externs {
        types.extend(e.params.iter_mut().map(|p| &mut p.ty));
        types.extend(e.ret.as_mut());
    }
    types.extend(t.accessors.iter_mut().map(|a| &mut a.ret));
    for s in &mut t.structs {
        types.extend(s.fields.iter_mut().map(|f| &mut f.ty));
    }
    for r in &mut t.results {
        types.push(&mut r.count.ty);
        types.push(&mut r.array.ty);
    }
    for ty in types {
        if let Some((name, _)) = ty.struct_name().and_then(|n| renames.get(n)) {
            ty.rename_struct(name);
        }
    }
}
