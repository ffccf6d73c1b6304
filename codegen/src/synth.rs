//! Synthetic registries for benchmarks and scale tests: `n` distinct, valid
//! definitions cloned from real ones.
//!
//! Copy 0 of each seed is the seed itself; copy `k > 0` renames every C name
//! the seed declares (the type, its enums and enumerators, data member, ops
//! struct, constructors, single-exporter initializer, accessors, entry
//! points, structs and results) by appending `_k`, so the copies claim no
//! name twice and exercise the checker's cross-type tables as a large
//! registry would. Names one seed takes from another (`xe_iov` uses `pal`'s
//! `struct dma_buf_phys_vec`) keep pointing at copy 0, which always exists.
//! Kernel functions (`extern`) and field, op and parameter names are local
//! or shared by design and stay as they are.

use std::collections::{HashMap, HashSet};

use maptype_dsl::ir::{MappingType, Registry};
use maptype_dsl::Sources;

/// One synthesised definition: its file name and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthFile {
    pub name: String,
    pub text: String,
}

/// `n` definitions cloned from `seeds` (name, text), in seed order round by
/// round: the seeds themselves first, then copy 1 of each, and so on. The
/// seeds must check as one registry; their errors are returned rendered.
pub fn synthesize(seeds: &[(String, String)], n: usize) -> Result<Vec<SynthFile>, String> {
    let mut sources = Sources::new();
    for (name, text) in seeds {
        sources.add(name.clone(), text.clone());
    }
    let reg = maptype_dsl::check(&sources).map_err(|d| sources.render(&d))?;
    let Registry { types } = &reg;
    // The IR's `source` is the seed's name, so each type finds its text.
    let by_source: HashMap<&str, &str> = seeds.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let seeds: Vec<(&MappingType, &str)> = types.iter().map(|t| (t, by_source[t.source.as_str()])).collect();
    if seeds.is_empty() {
        return Err("no seed definitions".into());
    }
    let own: Vec<HashSet<&str>> = seeds.iter().map(|(t, _)| declared(t)).collect();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (round, s) = (i / seeds.len(), i % seeds.len());
        let (t, text) = seeds[s];
        let file = if round == 0 { format!("{}.maptype", t.name) } else { format!("{}_{round}.maptype", t.name) };
        let text = if round == 0 { text.to_string() } else { rename(text, &own[s], round) };
        out.push(SynthFile { name: file, text });
    }
    Ok(out)
}

/// The global C names a type declares, as written in its definition.
fn declared(t: &MappingType) -> HashSet<&str> {
    let MappingType {
        name,
        enums,
        data,
        ops,
        importers,
        exporters,
        single_exporter,
        accessors,
        ops_accessor,
        entries,
        structs,
        results,
        // Docs and title are text; `source` and `symbol` follow the name; the
        // export, private placement and debugfs format declare no C name;
        // externs are the kernel's; rules and on_match only use names.
        source: _,
        doc: _,
        title: _,
        title_doc: _,
        symbol: _,
        export: _,
        export_doc: _,
        rules_doc: _,
        private: _,
        externs: _,
        rules: _,
        on_match: _,
        debugfs: _,
    } = t;
    let mut s: HashSet<&str> = HashSet::new();
    s.insert(name);
    for e in enums {
        s.insert(&e.name);
        s.extend(e.values.iter().map(|v| v.name.as_str()));
    }
    if let Some(m) = data.as_ref().and_then(|d| d.member.as_deref()) {
        s.insert(m);
    }
    s.extend(ops.iter().map(|o| o.name.as_str()));
    s.extend(importers.iter().chain(exporters).map(|c| c.name.as_str()));
    s.extend(single_exporter.iter().map(|x| x.name.as_str()));
    s.extend(accessors.iter().map(|a| a.name.as_str()));
    s.extend(ops_accessor.iter().map(String::as_str));
    s.extend(entries.iter().map(|e| e.name.as_str()));
    // A struct from another type keeps that type's name.
    s.extend(structs.iter().filter(|x| x.from.is_none()).map(|x| x.name.as_str()));
    s.extend(results.iter().map(|x| x.name.as_str()));
    s
}

/// `text` with every identifier in `names` given the suffix `_round`.
/// String literals are copied unchanged (namespaces, module names, formats).
fn rename(text: &str, names: &HashSet<&str>, round: usize) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 256);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'"' {
            let start = i;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(b.len());
            out.push_str(&text[start..i]);
        } else if c == b'_' || c.is_ascii_alphabetic() {
            let start = i;
            while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            let word = &text[start..i];
            out.push_str(word);
            if names.contains(word) {
                out.push_str(&format!("_{round}"));
            }
        } else if c.is_ascii_digit() {
            // A number (`0x10`) is not an identifier, whatever letters follow.
            let start = i;
            while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            out.push_str(&text[start..i]);
        } else {
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&text[i..i + len]);
            i += len;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_declared_words_only() {
        let names: HashSet<&str> = ["sgt", "DMA_SGT_NO_P2P"].into_iter().collect();
        let got = rename("mapping_type sgt { name \"sgt\"; x = DMA_SGT_NO_P2P; sgt_data; 0xsgt; }", &names, 7);
        assert_eq!(got, "mapping_type sgt_7 { name \"sgt\"; x = DMA_SGT_NO_P2P_7; sgt_data; 0xsgt; }");
    }
}
