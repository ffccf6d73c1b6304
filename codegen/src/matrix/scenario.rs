//! Reading a scenario (`scenario.pest`) and checking it against the
//! registry: every constructor exists on its side, every argument fits the
//! field it sets, every assumption names an extern with the right arity.
//! Errors are diagnostics at their `file:line:col`, all of them at once.

use pest::Parser;
use pest_derive::Parser;

use maptype_dsl::cnames::closest;
use maptype_dsl::ir::{CType, MappingType, Registry, Side, Target};
use maptype_dsl::solver::Val;
use maptype_dsl::{Diagnostic, Sources, Span};

#[derive(Parser)]
#[grammar = "matrix/scenario.pest"]
struct ScenarioParser;

/// A checked scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file's name as shown in messages and banners.
    pub source: String,
    pub exporters: Vec<Party>,
    pub importers: Vec<Party>,
    /// Named objects (pointers), in order of first use: object `i` is
    /// `Val::Ptr(i + 1)`.
    pub objects: Vec<String>,
    pub assumptions: Vec<Assumption>,
}

/// One exporter or importer and its candidate list, best first.
#[derive(Debug, Clone)]
pub struct Party {
    pub name: String,
    pub candidates: Vec<Candidate>,
}

/// One candidate: a constructor call.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index of its type in the registry.
    pub ty: usize,
    pub ctor: String,
    /// The arguments as given, one per constructor parameter other than the ops.
    pub args: Vec<Arg>,
    /// Every field the candidate sets (parameters and fixed values).
    pub fields: Vec<(String, Val)>,
}

/// An argument or a result: an integer, a constant or a named object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Int(i64),
    Bool(bool),
    Null,
    /// An enumerator of the type, by name.
    Enum {
        name: String,
        value: i64,
    },
    /// A named object (index into [`Scenario::objects`]).
    Object(usize),
}

impl Arg {
    pub fn val(&self) -> Val {
        match self {
            Arg::Int(v) | Arg::Enum { value: v, .. } => Val::Int(*v),
            Arg::Bool(b) => Val::Int(i64::from(*b)),
            Arg::Null => Val::Null,
            Arg::Object(i) => Val::Ptr(*i as u32 + 1),
        }
    }
}

/// What an extern returns: for these arguments, or (`args: None`) for any
/// arguments no keyed assumption covers.
#[derive(Debug, Clone)]
pub struct Assumption {
    pub func: String,
    pub args: Option<Vec<Arg>>,
    pub result: Arg,
}

/// A value as written, before it is typed.
struct RawValue {
    text: String,
    span: Span,
}

/// Reads scenario `file` of `sources` and checks it against `reg`.
pub fn parse(sources: &Sources, file: usize, reg: &Registry) -> Result<Scenario, Vec<Diagnostic>> {
    let text = sources.text(file);
    let source = sources.name(file).to_string();
    let pairs = ScenarioParser::parse(Rule::file, text).map_err(|e| vec![syntax_error(file, text, &e)])?;
    let mut sc =
        Scenario { source, exporters: Vec::new(), importers: Vec::new(), objects: Vec::new(), assumptions: Vec::new() };
    let mut errs = Vec::new();
    let span = |p: &pest::iterators::Pair<Rule>| Span { file, start: p.as_span().start(), end: p.as_span().end() };
    for item in pairs.flatten().filter(|p| matches!(p.as_rule(), Rule::party | Rule::assume)) {
        let mut inner = item.clone().into_inner();
        if item.as_rule() == Rule::party {
            let side = if inner.next().map(|s| s.as_str()) == Some("exporter") { Side::Exp } else { Side::Imp };
            let name_pair = inner.next();
            let name = name_pair.as_ref().map(|s| s.as_str().trim_matches('"').to_string()).unwrap_or_default();
            if let (Some(why), Some(p)) = (maptype_dsl::cnames::unsafe_text(&name), &name_pair) {
                errs.push(Diagnostic::error(span(p), format!("this name cannot be shown: {why}")));
            }
            let mut party = Party { name, candidates: Vec::new() };
            for c in inner.filter(|p| p.as_rule() == Rule::candidate) {
                let mut parts = c.clone().into_inner();
                let Some(ctor) = parts.next() else { continue };
                let values: Vec<RawValue> = parts
                    .filter(|v| v.as_rule() == Rule::value)
                    .map(|v| RawValue { text: v.as_str().to_string(), span: span(&v) })
                    .collect();
                match candidate(reg, side, ctor.as_str(), span(&ctor), span(&c), &values, &mut sc.objects) {
                    Ok(cand) => party.candidates.push(cand),
                    Err(mut d) => errs.append(&mut d),
                }
            }
            if party.candidates.is_empty() && errs.is_empty() {
                errs.push(
                    Diagnostic::error(span(&item), format!("`{}` offers no candidate", party.name))
                        .hint("list its constructor calls, best first: `DMA_BUF_EMAPPING_PAL();`"),
                );
            }
            match side {
                Side::Exp => sc.exporters.push(party),
                _ => sc.importers.push(party),
            }
        } else {
            let Some(func) = inner.next() else { continue };
            let mut args: Option<Vec<RawValue>> = None;
            let mut result = None;
            for p in inner {
                match p.as_rule() {
                    Rule::arguments => {
                        args = Some(
                            p.into_inner()
                                .filter(|v| v.as_rule() == Rule::value)
                                .map(|v| RawValue { text: v.as_str().to_string(), span: span(&v) })
                                .collect(),
                        )
                    }
                    Rule::value => result = Some(RawValue { text: p.as_str().to_string(), span: span(&p) }),
                    _ => {}
                }
            }
            let Some(result) = result else { continue };
            match assumption(reg, func.as_str(), span(&func), args.as_deref(), &result, &mut sc.objects) {
                Ok(a) => sc.assumptions.push(a),
                Err(mut d) => errs.append(&mut d),
            }
        }
    }
    if errs.is_empty() && (sc.exporters.is_empty() || sc.importers.is_empty()) {
        let what = if sc.exporters.is_empty() { "exporter" } else { "importer" };
        errs.push(
            Diagnostic::error(Span { file, start: 0, end: 0 }, format!("the scenario has no {what}"))
                .hint(format!("add `{what} \"NAME\" {{ CONSTRUCTOR(...); }}`")),
        );
    }
    if errs.is_empty() {
        Ok(sc)
    } else {
        Err(errs)
    }
}

fn syntax_error(file: usize, text: &str, e: &pest::error::Error<Rule>) -> Diagnostic {
    let (start, end) = match e.location {
        pest::error::InputLocation::Pos(p) => (p, (p + 1).min(text.len()).max(p)),
        pest::error::InputLocation::Span((s, e)) => (s, e),
    };
    let expected = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let names: Vec<&str> = positives.iter().map(rule_name).collect();
            format!("expected {}", names.join(" or "))
        }
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    Diagnostic::error(Span { file, start, end }, format!("syntax error: {expected}"))
        .hint("a scenario is `exporter \"NAME\" { CTOR(args); ... }`, `importer ...` and `assume FUNC(args) = VALUE;`")
}

fn rule_name(r: &Rule) -> &'static str {
    match r {
        Rule::party => "`exporter` or `importer`",
        Rule::side => "`exporter` or `importer`",
        Rule::assume => "`assume`",
        Rule::candidate => "a constructor call",
        Rule::value | Rule::int => "a value",
        Rule::ident => "a name",
        Rule::string => "a quoted name",
        Rule::arguments | Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::semi => "`;`",
        Rule::equals => "`=`",
        Rule::comma => "`,`",
        Rule::EOI => "the end of the file",
        _ => "something else",
    }
}

/// A constructor call checked: the constructor, on the right side, with an
/// argument of the right kind for each parameter.
fn candidate(
    reg: &Registry,
    side: Side,
    name: &str,
    name_span: Span,
    call_span: Span,
    values: &[RawValue],
    objects: &mut Vec<String>,
) -> Result<Candidate, Vec<Diagnostic>> {
    let on_side = |t: &MappingType| if side == Side::Exp { t.exporters.clone() } else { t.importers.clone() };
    let found =
        reg.types.iter().enumerate().find_map(|(i, t)| on_side(t).into_iter().find(|c| c.name == name).map(|c| (i, c)));
    let Some((ty, ctor)) = found else {
        let (this, other) = if side == Side::Exp { ("an exporter", "importer") } else { ("an importer", "exporter") };
        let mut d = Diagnostic::error(name_span, format!("`{name}` is not {this} constructor of any type"));
        let other_side = reg
            .types
            .iter()
            .any(|t| if side == Side::Exp { &t.importers } else { &t.exporters }.iter().any(|c| c.name == name));
        let all: Vec<String> = reg.types.iter().flat_map(|t| on_side(t).into_iter().map(|c| c.name)).collect();
        d = if other_side {
            d.hint(format!("it is an {other} constructor; list it under `{other} \"...\"`"))
        } else if let Some(c) = closest(name, all.iter().map(String::as_str)) {
            d.hint(format!("did you mean `{c}`?"))
        } else {
            let which = if side == Side::Exp { "exporter" } else { "importer" };
            d.hint(format!("the {which} constructors: {}", all.join(", ")))
        };
        return Err(vec![d]);
    };
    let t = &reg.types[ty];
    let params: Vec<_> = ctor.params.iter().filter(|p| !matches!(p.target, Target::Ops)).collect();
    if params.len() != values.len() {
        let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
        return Err(vec![Diagnostic::error(
            call_span,
            format!(
                "`{name}` takes {} argument{}, not {}",
                params.len(),
                if params.len() == 1 { "" } else { "s" },
                values.len()
            ),
        )
        .hint(if names.is_empty() {
            format!("write `{name}();` (the ops are the explorer's)")
        } else {
            format!("write `{name}({});` (the ops are the explorer's)", names.join(", "))
        })]);
    }
    let mut errs = Vec::new();
    let mut args = Vec::new();
    let mut fields = Vec::new();
    for (p, v) in params.iter().zip(values) {
        let Target::Field(field) = &p.target else { continue };
        let enum_name = t.field(field).and_then(|f| f.enum_name.clone());
        let allowed = t.field(field).map(|f| f.allowed.clone()).unwrap_or_default();
        match typed(t, &p.ty, enum_name.as_deref(), v, objects) {
            Ok(Arg::Enum { name, .. }) if !allowed.is_empty() && !allowed.contains(&name) => errs.push(
                Diagnostic::error(v.span, format!("`{field}` never holds `{name}`"))
                    .hint(format!("the definition allows {}", allowed.join(", "))),
            ),
            Ok(a) => {
                fields.push((field.clone(), a.val()));
                args.push(a);
            }
            Err(d) => errs.push(d),
        }
    }
    for a in &ctor.fixed {
        fields.push((a.field.clone(), Val::of(&a.value)));
    }
    if errs.is_empty() {
        Ok(Candidate { ty, ctor: ctor.name.clone(), args, fields })
    } else {
        Err(errs)
    }
}

fn assumption(
    reg: &Registry,
    func: &str,
    func_span: Span,
    args: Option<&[RawValue]>,
    result: &RawValue,
    objects: &mut Vec<String>,
) -> Result<Assumption, Vec<Diagnostic>> {
    let found = reg.types.iter().find_map(|t| t.extern_fn(func).map(|x| (t, x)));
    let Some((t, x)) = found else {
        let all: Vec<&str> = reg.types.iter().flat_map(|t| t.externs.iter().map(|x| x.name.as_str())).collect();
        let d = Diagnostic::error(func_span, format!("`{func}` is not an extern of any type"));
        return Err(vec![match closest(func, all.iter().copied()) {
            Some(c) => d.hint(format!("did you mean `{c}`?")),
            None => d.hint(format!("assumptions give what an extern the rules call returns: {}", all.join(", "))),
        }]);
    };
    let mut errs = Vec::new();
    let args = match args {
        None => None,
        Some(vals) if vals.len() != x.params.len() => {
            let names: Vec<&str> = x.params.iter().map(|p| p.name.as_str()).collect();
            return Err(vec![Diagnostic::error(
                func_span,
                format!(
                    "`{func}` takes {} argument{}, not {}",
                    x.params.len(),
                    if x.params.len() == 1 { "" } else { "s" },
                    vals.len()
                ),
            )
            .hint(format!(
                "write `assume {func}({}) = VALUE;`, or `assume {func} = VALUE;` for any arguments",
                names.join(", ")
            ))]);
        }
        Some(vals) => {
            let mut out = Vec::new();
            for (p, v) in x.params.iter().zip(vals) {
                match typed(t, &p.ty, None, v, objects) {
                    Ok(a) => out.push(a),
                    Err(d) => errs.push(d),
                }
            }
            Some(out)
        }
    };
    let Some(ret) = x.ret.clone() else {
        return Err(vec![Diagnostic::error(func_span, format!("`{func}` returns nothing to assume"))
            .hint("assumptions give what an extern the rules call returns")]);
    };
    let result = match typed(t, &ret, None, result, objects) {
        Ok(a) => Some(a),
        Err(d) => {
            errs.push(d);
            None
        }
    };
    match result {
        Some(result) if errs.is_empty() => Ok(Assumption { func: func.to_string(), args, result }),
        _ => Err(errs),
    }
}

/// A value checked against the C type it is for: pointers take `NULL` or a
/// named object, integers a number, `true`/`false` or an enumerator.
fn typed(
    t: &MappingType,
    ty: &CType,
    enum_name: Option<&str>,
    v: &RawValue,
    objects: &mut Vec<String>,
) -> Result<Arg, Diagnostic> {
    let text = v.text.as_str();
    if ty.is_pointer() {
        if text == "NULL" {
            return Ok(Arg::Null);
        }
        if text.starts_with(|c: char| c.is_ascii_digit() || c == '-') || matches!(text, "true" | "false") {
            return Err(Diagnostic::error(v.span, format!("`{text}` is not a pointer, for `{}`", ty.spelling()))
                .hint("name an object (any name: `vf1`, `gpu`; one name is one object) or write NULL"));
        }
        let i = match objects.iter().position(|o| o == text) {
            Some(i) => i,
            None => {
                objects.push(text.to_string());
                objects.len() - 1
            }
        };
        return Ok(Arg::Object(i));
    }
    if let Some(n) = parse_int(text) {
        return Ok(Arg::Int(n));
    }
    match text {
        "true" => return Ok(Arg::Bool(true)),
        "false" => return Ok(Arg::Bool(false)),
        _ => {}
    }
    let enumerators: Vec<(&str, i64, &str)> = t
        .enums
        .iter()
        .filter(|e| enum_name.is_none_or(|n| n == e.name))
        .flat_map(|e| e.values.iter().map(move |v| (v.name.as_str(), v.value, e.name.as_str())))
        .collect();
    if let Some((name, value, _)) = enumerators.iter().find(|(n, ..)| *n == text) {
        return Ok(Arg::Enum { name: name.to_string(), value: *value });
    }
    let d = Diagnostic::error(v.span, format!("`{text}` is not a value for `{}`", ty.spelling()));
    Err(match closest(text, enumerators.iter().map(|(n, ..)| *n)) {
        Some(c) => d.hint(format!("did you mean `{c}`?")),
        None if !enumerators.is_empty() => d.hint(format!(
            "write a number, true, false or one of {}",
            enumerators.iter().map(|(n, ..)| *n).collect::<Vec<_>>().join(", ")
        )),
        None => d.hint("write a number, true or false"),
    })
}

fn parse_int(s: &str) -> Option<i64> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let v = match digits.strip_prefix("0x") {
        Some(h) => i64::from_str_radix(h, 16).ok()?,
        None => digits.parse::<i64>().ok()?,
    };
    Some(if neg { -v } else { v })
}
