//! Values and candidates from the rule model's facts: raw C values for the
//! fixture's calls, Rust enum variants, and the constructor that builds
//! exactly a case's candidate.

use maptype_dsl::ir::{CType, Ctor, MappingType, Side, Target};
use quote::ToTokens;

use super::{module, ts, Facts, Val};
use crate::rust::camel;
use crate::rust::ty::{self, Kind};

fn zero_of(c: &CType) -> Val {
    if c.is_pointer() {
        Val::Null
    } else {
        Val::Int(0)
    }
}

/// A raw C value for a fixture call.
pub(super) fn raw_value(t: &MappingType, c: &CType, enum_name: Option<&str>, v: Val) -> String {
    match v {
        Val::Null => {
            if c.points_to_const() {
                "core::ptr::null()".into()
            } else {
                "core::ptr::null_mut()".into()
            }
        }
        Val::Ptr(n) => format!("obj{n}.cast()"),
        Val::Int(i) => enum_name
            .or(c.enum_value().map(|(name, _)| name))
            .and_then(|e| t.enum_by_name(e))
            .and_then(|e| e.values.iter().find(|x| x.value == i).map(|x| ts(ty::enum_const(&e.name, &x.name))))
            // An integer holding an enum (`u8 as E`) is narrower than bindgen's constant.
            .map(|k| if c.enum_value().is_none() { format!("{k} as _") } else { k })
            .unwrap_or_else(|| i.to_string()),
    }
}

/// The Rust variant naming `value` of enum `e`, through the restricted
/// enum of `field` when the field has one.
fn variant(t: &MappingType, field: &str, e: &maptype_dsl::ir::Enum, value: i64) -> Option<String> {
    let f = t.field(field)?;
    let variants = maptype_dsl::oracle::variant_names(e);
    let (i, v) = e.values.iter().enumerate().find(|(_, v)| v.value == value)?;
    let restricted = !f.allowed.is_empty() && f.allowed.len() < e.values.len();
    if restricted {
        if !f.allowed.contains(&v.name) {
            return None;
        }
        return Some(format!("{}::{}::{}", module(t), camel(field), variants[i]));
    }
    Some(format!("{}::{}::{}", module(t), ts(ty::enum_name(&e.name).into_token_stream()), variants[i]))
}

/// The constructor of `side` that builds exactly the facts' candidate, with
/// its arguments: Rust expressions for exporters (the Rust constructors),
/// raw C values for importers (the fixture's C importers). `None` when no
/// constructor can (for instance a NULL that a Rust reference cannot be).
pub(super) fn fit<'a>(t: &'a MappingType, side: Side, facts: &Facts, rust: bool) -> Option<(&'a Ctor, Vec<String>)> {
    let ctors = if side == Side::Exp { &t.exporters } else { &t.importers };
    let fields = t.data.as_ref().map(|d| d.fields.as_slice()).unwrap_or_default();
    'ctor: for c in ctors {
        let mut args = Vec::new();
        let mut set = Vec::new();
        for p in &c.params {
            let Target::Field(f) = &p.target else { continue };
            let v = facts.fields.get(&(side, f.clone())).copied().unwrap_or(zero_of(&p.ty));
            set.push(f.clone());
            let fd = t.field(f);
            let enum_name = fd.and_then(|fd| fd.enum_name.clone());
            if !rust {
                args.push(raw_value(t, &p.ty, enum_name.as_deref(), v));
                continue;
            }
            let k = ty::classify(t, &p.ty).ok()?;
            let arg = match (&k, v) {
                (Kind::Device, Val::Ptr(n)) => format!("unsafe {{ &*obj{n}.cast::<kernel::device::Device>() }}"),
                (Kind::Borrowed(s), Val::Ptr(n)) => {
                    format!(
                        "unsafe {{ mapping::{}::from_raw(obj{n}.cast()) }}",
                        ts(ty::borrowed_name(s).into_token_stream())
                    )
                }
                (Kind::Enum(e), Val::Int(i)) => match t.enum_by_name(e).and_then(|en| variant(t, f, en, i)) {
                    Some(v) => v,
                    None => continue 'ctor,
                },
                (Kind::Scalar, Val::Int(i)) => {
                    match fd.and_then(|fd| fd.enum_name.as_deref()).and_then(|e| t.enum_by_name(e)) {
                        Some(e) if e.flags => ty::flags_value(
                            &format!("{}::{}", module(t), ts(ty::enum_name(&e.name).into_token_stream())),
                            e,
                            i,
                        ),
                        _ => i.to_string(),
                    }
                }
                _ => continue 'ctor,
            };
            args.push(arg);
        }
        for a in &c.fixed {
            if facts.fields.get(&(side, a.field.clone())).copied() != Some(Val::of(&a.value)) {
                continue 'ctor;
            }
            set.push(a.field.clone());
        }
        let on_side =
            |f: &maptype_dsl::ir::Field| if side == Side::Exp { f.role.on_exporter() } else { f.role.on_importer() };
        for f in fields.iter().filter(|f| on_side(f) && !set.contains(&f.name)) {
            if facts.fields.get(&(side, f.name.clone())).copied().is_some_and(|v| v != zero_of(&f.ty)) {
                continue 'ctor;
            }
        }
        return Some((c, args));
    }
    None
}
