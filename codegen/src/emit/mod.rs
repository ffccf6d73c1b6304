//! What every backend prints alike, so backends share code only through
//! here and never import each other: generated C symbol and file names,
//! 80-column layout, expression printing (one precedence, the IR's
//! `BinOp::precedence`), kernel-doc, banners, the `#include` collector, the
//! view of a type's match data that glue and tests reach through, and
//! [`quote`]: the only way definition text and file paths reach any output.

pub mod banner;
pub mod expr;
pub mod filters;
pub mod includes;
pub mod kdoc;
pub mod layout;
pub mod names;
pub mod quote;

use maptype_dsl::ir::{Expr, Extern, MappingType};

/// `sizeof(struct dma_buf_mapping_match)` on 64-bit kernels for a core of
/// these types: two pointers and a union of the types' match data with the
/// private slot, and what it would be without the slot.
pub struct MatchSize {
    pub with_slot: u64,
    pub without_slot: u64,
}

pub fn match_size(core: &[&MappingType]) -> MatchSize {
    let data = || core.iter().filter_map(|t| t.data.as_ref());
    let align = data().map(|d| d.align).chain([8]).max().unwrap_or(8);
    let largest = data().map(|d| d.size).max().unwrap_or(0);
    let round = |n: u64| n.div_ceil(align) * align;
    let pointers = 16;
    MatchSize {
        with_slot: pointers + round(largest.max(maptype_dsl::ir::PRIVATE_SLOT_BYTES)),
        without_slot: pointers + round(largest),
    }
}

/// `name` with its indefinite article, for generated prose: "a sgt", "an
/// iommu_domain". Decided by the first letter, the one rule every backend
/// and template uses.
pub fn with_article(name: &str) -> String {
    let an = name.starts_with(|c: char| "aeiouAEIOU".contains(c));
    format!("{} {name}", if an { "an" } else { "a" })
}

/// Externs called from `exprs`, in declaration order.
pub fn called_externs<'a>(t: &'a MappingType, exprs: &[&Expr]) -> Vec<&'a Extern> {
    let mut names = Vec::new();
    for e in exprs {
        e.walk(&mut |x| {
            if let Expr::Call { func, .. } = x {
                names.push(func.clone());
            }
        });
    }
    t.externs.iter().filter(|e| names.contains(&e.name)).collect()
}

/// Every expression the glue (.c) evaluates: rules, legacy values, debugfs.
pub fn glue_exprs(t: &MappingType) -> Vec<&Expr> {
    let mut out = t.rule_conditions();
    out.extend(t.on_match.legacy.iter().map(|l| &l.value));
    out.extend(t.debugfs.iter().flat_map(|d| d.args.iter()));
    out
}

/// The ids of the requirements of `t` marked `warn` (a failure is a driver bug).
pub fn warn_ids(t: &MappingType) -> Vec<usize> {
    t.requirements()
        .into_iter()
        .filter_map(|(_, r)| match r {
            maptype_dsl::ir::Rule::Require { id, warn: true, .. } => Some(*id),
            _ => None,
        })
        .collect()
}

/// Whether `outcome` is a failure of a requirement marked `warn`: one
/// report of a driver bug per match of the failing pair.
pub fn warn_fails(t: &MappingType, outcome: &maptype_dsl::solver::Outcome) -> bool {
    matches!(outcome, maptype_dsl::solver::Outcome::Fails { id, .. } if warn_ids(t).contains(id))
}

/// Whether the glue of `t` has checks of its own, reported through the
/// stubbable [`names::check_warn`]: validators and entry points' op calls.
pub fn has_checks(t: &MappingType) -> bool {
    !t.results.is_empty() || !t.entries.is_empty()
}

/// The names the generated checks report under, which each KUnit case that
/// breaks one expects: statements of what must hold, so that the warning
/// says what was broken.
pub mod check_names {
    use maptype_dsl::ir::{Invariant, MappingType, Op, ResultStruct};

    /// A check's name as the C string literal the glue reports and the
    /// suites expect.
    pub fn literal(name: &str) -> String {
        format!("\"{}\"", super::quote::c_string(name))
    }

    /// A result's invariant: how its docs describe it.
    pub fn invariant(r: &ResultStruct, i: &Invariant) -> String {
        crate::describe_check(&i.check, r).replace('@', "")
    }

    /// The type guard of an entry point.
    pub fn attachment_type(t: &MappingType) -> String {
        format!("the attachment's type is {}", t.name)
    }

    /// An op whose result is validated returns a result or an ERR_PTR().
    pub fn not_null(op: &Op) -> String {
        format!("{} returns a result or an ERR_PTR()", op.name)
    }

    /// An op that returns an errno returns 0 or a negative one.
    pub fn errno(op: &Op) -> String {
        format!("{} returns 0 or a negative errno", op.name)
    }
}

/// Whether a rule of `t` is marked `warn`: its glue reports through the
/// stubbable [`names::rule_warn`].
pub fn warns(t: &MappingType) -> bool {
    !warn_ids(t).is_empty()
}

/// How a function body reaches the match data of the candidate `m` points
/// to (`exp`, or `&attach->map_type`): a union member, or the typed view of
/// the private slot.
pub fn data_ref(t: &MappingType, m: &str, mutable: bool) -> String {
    match (&t.private, &t.data) {
        (Some(_), _) => {
            let view = if mutable { names::private_view_mut(t) } else { names::private_view(t) };
            format!("{view}({m})")
        }
        (None, Some(d)) => {
            let member = d.member.as_deref().unwrap_or_default();
            match m.strip_prefix('&') {
                Some(obj) => format!("&{obj}.{member}"),
                None => format!("&{m}->{member}"),
            }
        }
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod article_tests {
    use super::with_article;

    #[test]
    fn vowel_initial_names_take_an() {
        assert_eq!(with_article("iommu_domain"), "an iommu_domain");
        assert_eq!(with_article("exporter"), "an exporter");
        assert_eq!(with_article("sgt"), "a sgt");
        assert_eq!(with_article("pal"), "a pal");
    }
}
