//! The module graph of src/ has one direction: no two modules import each other (directly or
//! round a longer circle), and no lower layer imports a higher one. docs/architecture.md
//! explains the layers; this test keeps the code to them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One layer: its name, its top-level modules, and why it sits where it does.
struct Layer {
    name: &'static str,
    modules: &'static [&'static str],
    reason: &'static str,
}

/// The layers from the bottom up: a module may import its own layer or any layer below.
const LAYERS: &[Layer] = &[
    Layer {
        name: "base",
        modules: &["base"],
        reason: "text, numbers and load problems that know nothing of hosting",
    },
    Layer {
        name: "core",
        modules: &["core"],
        reason: "questions, answers, the plan and what follows from them; pure data and rules",
    },
    Layer {
        name: "analysis",
        modules: &["analysis"],
        reason: "works from a whole plan at once: the results, their summary, the adoption advice",
    },
    Layer {
        name: "storage",
        modules: &["store"],
        reason: "files on disk; the core stays pure and never touches them",
    },
    Layer {
        name: "exporters",
        modules: &["export"],
        reason: "turn an analysed plan into PDF, JSON and configuration files",
    },
    Layer {
        name: "server checks",
        modules: &["preflight"],
        reason: "read the machine and the network it sits on, against what the plan asks of them",
    },
    Layer {
        name: "front-end support",
        modules: &["session"],
        reason: "files named by people, stop requests and printing, shared by the front-ends",
    },
    Layer {
        name: "front-ends",
        modules: &["tui", "ask", "cli", "main"],
        reason: "talk to the user; nothing below may depend on how",
    },
];

/// Modules whose children are checked one by one for circles, not as one block.
const SPLIT: &[&[&str]] = &[
    &["base"],
    &["core"],
    &["analysis"],
    &["export"],
    &["export", "config"],
    &["export", "pdf"],
    &["preflight"],
    &["cli"],
    &["session"],
];

#[test]
fn src_has_no_circles_and_no_upward_imports() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    read_rs(&root.join("src"), root, &mut files);
    let problems = check(&files, LAYERS);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every .rs file under `dir`, as (path relative to the crate, text).
fn read_rs(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            read_rs(&p, root, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&p).unwrap()));
        }
    }
}

/// All problems with the module graph of `files`: circles first, then upward imports.
fn check(files: &[(String, String)], layers: &[Layer]) -> Vec<String> {
    let edges = dependencies(files);
    let mut problems = circles(&edges);
    problems.extend(upward(&edges, layers));
    problems
}

type Edges = BTreeMap<String, BTreeSet<String>>;

/// Node-to-node imports found in the files (a node is a module at the checked granularity).
fn dependencies(files: &[(String, String)]) -> Edges {
    let modules = module_paths(files);
    let known: BTreeSet<Vec<String>> = modules.values().cloned().collect();
    let mut edges = Edges::new();
    for (path, text) in files {
        let module = &modules[path];
        edges.entry(node(module)).or_default();
        for (inner, target) in paths_in(&tokens(text)) {
            let here: Vec<String> = module.iter().chain(&inner).cloned().collect();
            let Some(abs) = absolute(&here, &target) else {
                continue;
            };
            let owner = longest_known(&abs, &known);
            if owner.is_empty() {
                continue; // the crate root holds only `mod` lines
            }
            let (from, to) = (node(&here), node(&owner));
            if from != to {
                edges.entry(from).or_default().insert(to);
            }
        }
    }
    edges
}

/// The module path of every file, following `#[path = "…"] mod name;` where used.
/// The library (src/lib.rs) and the binary (src/main.rs) share one namespace: the binary
/// holds only `cli`, which the library does not have.
fn module_paths(files: &[(String, String)]) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (path, _) in files {
        out.insert(path.clone(), default_module(path));
    }
    for (path, text) in files {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        for (file, name) in path_attributes(text) {
            let mut m = out[path].clone();
            m.push(name);
            out.insert(format!("{dir}/{file}"), m);
        }
    }
    out
}

/// src/a/b.rs and src/a/b/mod.rs are `a::b`; src/lib.rs and src/main.rs are the root.
fn default_module(path: &str) -> Vec<String> {
    let inner = path
        .strip_prefix("src/")
        .unwrap_or(path)
        .trim_end_matches(".rs");
    let mut parts: Vec<String> = inner.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// (file, module name) for each `#[path = "file"] mod name;` in the text.
fn path_attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("#[path = \"") else {
            continue;
        };
        let Some(file) = rest.strip_suffix("\"]") else {
            continue;
        };
        let Some(next) = lines.next() else { break };
        let name = next
            .trim_start_matches("pub ")
            .trim_start_matches("mod ")
            .trim_end_matches(';');
        out.push((file.to_string(), name.trim().to_string()));
    }
    out
}

/// The node a module belongs to: its top-level module, or one level below a split module.
fn node(module: &[String]) -> String {
    let depth = SPLIT
        .iter()
        .filter(|s| module.len() > s.len() && module.iter().zip(s.iter()).all(|(a, b)| a == b))
        .map(|s| s.len() + 1)
        .max()
        .unwrap_or(1);
    match module {
        [] => "main".to_string(),
        _ => module[..depth.min(module.len())].join("::"),
    }
}

/// The longest leading part of `path` that names a module with a file of its own.
fn longest_known(path: &[String], known: &BTreeSet<Vec<String>>) -> Vec<String> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| known.contains(p))
        .unwrap_or_default()
}

/// `target` (starting with crate, hostplan, super or self) made absolute from module `here`.
fn absolute(here: &[String], target: &[String]) -> Option<Vec<String>> {
    let mut base: Vec<String> = match target.first()?.as_str() {
        "crate" | "hostplan" => Vec::new(),
        "self" | "super" => here.to_vec(),
        _ => return None,
    };
    let mut rest = &target[1..];
    if target[0] == "super" {
        base.pop()?;
    }
    while rest.first().is_some_and(|s| s == "super") {
        base.pop()?;
        rest = &rest[1..];
    }
    base.extend(rest.iter().filter(|s| *s != "self").cloned());
    Some(base)
}

#[derive(Debug, PartialEq)]
enum Tok {
    Ident(String),
    Path, // `::`
    Open,
    Close,
    Comma,
    Other,
}

/// The tokens that matter for paths; comments, strings and chars are dropped.
fn tokens(text: &str) -> Vec<Tok> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        i = match c[i] {
            '/' if c.get(i + 1) == Some(&'/') => skip_line(&c, i),
            '/' if c.get(i + 1) == Some(&'*') => skip_block(&c, i),
            '"' => skip_string(&c, i + 1),
            'r' | 'b' if raw_string_start(&c, i).is_some() => {
                let (hashes, start) = raw_string_start(&c, i).unwrap();
                skip_raw(&c, start, hashes)
            }
            '\'' => skip_char(&c, i),
            ch if ch.is_alphanumeric() || ch == '_' => {
                let end = (i..c.len()).find(|&j| !(c[j].is_alphanumeric() || c[j] == '_'));
                let end = end.unwrap_or(c.len());
                out.push(Tok::Ident(c[i..end].iter().collect()));
                end
            }
            ':' if c.get(i + 1) == Some(&':') => {
                out.push(Tok::Path);
                i + 2
            }
            ch => {
                out.push(match ch {
                    '{' => Tok::Open,
                    '}' => Tok::Close,
                    ',' => Tok::Comma,
                    ch if ch.is_whitespace() => {
                        i += 1;
                        continue;
                    }
                    _ => Tok::Other,
                });
                i + 1
            }
        };
    }
    out
}

fn skip_line(c: &[char], i: usize) -> usize {
    (i..c.len()).find(|&j| c[j] == '\n').unwrap_or(c.len())
}

/// Block comments nest in Rust.
fn skip_block(c: &[char], mut i: usize) -> usize {
    let mut depth = 0;
    while i < c.len() {
        if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            depth += 1;
            i += 2;
        } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
}

fn skip_string(c: &[char], mut i: usize) -> usize {
    while i < c.len() && c[i] != '"' {
        i += if c[i] == '\\' { 2 } else { 1 };
    }
    i + 1
}

/// For `r"`, `r#"`, `br"`…: the number of hashes and where the text starts.
fn raw_string_start(c: &[char], i: usize) -> Option<(usize, usize)> {
    if i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_') {
        return None; // inside an identifier
    }
    let mut j = i + usize::from(c[i] == 'b');
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = (j..c.len()).take_while(|&k| c[k] == '#').count();
    (c.get(j + hashes) == Some(&'"')).then_some((hashes, j + hashes + 1))
}

fn skip_raw(c: &[char], mut i: usize, hashes: usize) -> usize {
    while i < c.len() {
        if c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#')) {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

/// A char literal is skipped whole; a lifetime (`'a`) only loses its quote.
fn skip_char(c: &[char], i: usize) -> usize {
    if c.get(i + 1) == Some(&'\\') {
        return (i + 2..c.len())
            .find(|&j| c[j] == '\'')
            .map_or(c.len(), |j| j + 1);
    }
    if c.get(i + 2) == Some(&'\'') {
        return i + 3;
    }
    i + 1
}

/// Every path that starts at crate, hostplan, super or self, with the inline modules
/// (`mod tests { … }`) it sits in, so that `super` inside them resolves right.
fn paths_in(toks: &[Tok]) -> Vec<(Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Open => depth += 1,
            Tok::Close => {
                depth -= 1;
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            Tok::Ident(m) if m == "mod" => {
                if let (Some(Tok::Ident(name)), Some(Tok::Open)) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    inline.push((name.clone(), depth));
                }
            }
            Tok::Ident(start) if is_path_start(toks, i, start) => {
                let here: Vec<String> = inline.iter().map(|(n, _)| n.clone()).collect();
                let mut found = Vec::new();
                i = use_tree(toks, i + 1, vec![start.clone()], &mut found);
                out.extend(found.into_iter().map(|p| (here.clone(), p)));
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn is_path_start(toks: &[Tok], i: usize, word: &str) -> bool {
    matches!(word, "crate" | "hostplan" | "super" | "self")
        && toks.get(i + 1) == Some(&Tok::Path)
        && (i == 0 || toks[i - 1] != Tok::Path)
}

/// Reads `::a::b`, `::{a, b::{c, self}}` after `prefix`; pushes each full path, returns
/// the index after the tree. Braces and commas consumed here never reach the caller.
fn use_tree(toks: &[Tok], mut i: usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix;
    while toks.get(i) == Some(&Tok::Path) {
        match toks.get(i + 1) {
            Some(Tok::Ident(seg)) => {
                path.push(seg.clone());
                i += 2;
            }
            Some(Tok::Open) => return group(toks, i + 2, &path, out),
            _ => break,
        }
    }
    out.push(path);
    i
}

/// The inside of `{ … }` in a use tree; returns the index after the closing brace.
fn group(toks: &[Tok], mut i: usize, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    while i < toks.len() {
        match &toks[i] {
            Tok::Close => return i + 1,
            Tok::Ident(seg) => {
                let mut p = prefix.to_vec();
                p.push(seg.clone());
                i = use_tree(toks, i + 1, p, out);
            }
            Tok::Open => {
                i = group(toks, i + 1, prefix, out);
            }
            _ => i += 1,
        }
    }
    i
}

/// One line per circle: the strongly connected parts of the graph, each shown as a path.
fn circles(edges: &Edges) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for start in edges.keys() {
        if seen.contains(start) {
            continue;
        }
        if let Some(path) = cycle_through(edges, start) {
            seen.extend(path.iter().cloned());
            out.push(format!("circle: {}", path.join(" -> ")));
        }
    }
    out
}

/// The shortest path from `start` back to itself, if there is one (breadth first).
fn cycle_through(edges: &Edges, start: &str) -> Option<Vec<String>> {
    let mut came_from: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.to_string()]);
    while let Some(at) = queue.pop_front() {
        for next in edges.get(&at).into_iter().flatten() {
            if next == start {
                let mut path = vec![at.clone()];
                while path.last().is_some_and(|p| p != start) {
                    path.push(came_from[path.last().unwrap()].clone());
                }
                path.reverse();
                path.push(start.to_string());
                return Some(path);
            }
            if !came_from.contains_key(next) && next != start {
                came_from.insert(next.clone(), at.clone());
                queue.push_back(next.clone());
            }
        }
    }
    None
}

/// One line per import from a lower layer into a higher one, and per unlisted module.
fn upward(edges: &Edges, layers: &[Layer]) -> Vec<String> {
    let layer_of = |node: &str| {
        let top = node.split("::").next().unwrap_or(node);
        layers.iter().position(|l| l.modules.contains(&top))
    };
    let mut out = Vec::new();
    for (from, tos) in edges {
        let Some(lf) = layer_of(from) else {
            out.push(format!("module {from} is in no layer: add it to LAYERS"));
            continue;
        };
        for to in tos {
            match layer_of(to) {
                Some(lt) if lt > lf => out.push(format!(
                    "upward import: {from} ({}) uses {to} ({}: {})",
                    layers[lf].name, layers[lt].name, layers[lt].reason
                )),
                Some(_) => {}
                None => out.push(format!("module {to} is in no layer: add it to LAYERS")),
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod checker {
    use super::*;

    const TWO: &[Layer] = &[
        Layer {
            name: "low",
            modules: &["a", "b"],
            reason: "test",
        },
        Layer {
            name: "high",
            modules: &["c"],
            reason: "test",
        },
    ];

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn a_planted_circle_fails_with_its_path() {
        let f = files(&[
            ("src/a.rs", "use crate::b::Thing;\npub struct Other;"),
            ("src/b.rs", "pub fn f() -> crate::a::Other { todo!() }"),
        ]);
        assert_eq!(check(&f, TWO), vec!["circle: a -> b -> a".to_string()]);
    }

    #[test]
    fn a_longer_circle_through_super_and_groups_fails() {
        let f = files(&[
            ("src/cli/mod.rs", "use crate::cli::{x::One, y};"),
            ("src/cli/x.rs", "use super::{y::Two};"),
            ("src/cli/y.rs", "use super::z::Three;"),
            ("src/cli/z.rs", "use super::x::One;"),
        ]);
        let layers = &[Layer {
            name: "all",
            modules: &["cli"],
            reason: "test",
        }];
        assert_eq!(
            check(&f, layers),
            vec!["circle: cli::x -> cli::y -> cli::z -> cli::x"]
        );
    }

    #[test]
    fn a_planted_upward_import_fails() {
        let f = files(&[("src/a.rs", "fn f() { crate::c::go(); }"), ("src/c.rs", "")]);
        assert_eq!(
            check(&f, TWO),
            vec!["upward import: a (low) uses c (high: test)"]
        );
    }

    #[test]
    fn a_module_in_no_layer_fails() {
        let f = files(&[("src/d.rs", "use crate::a::X;"), ("src/a.rs", "")]);
        assert_eq!(
            check(&f, TWO),
            vec!["module d is in no layer: add it to LAYERS"]
        );
    }

    #[test]
    fn a_clean_tree_passes_and_ignores_comments_strings_and_tests() {
        let f = files(&[
            (
                "src/a.rs",
                "use crate::b::X; // crate::c::Y\nconst S: &str = \"crate::c::Z\";",
            ),
            (
                "src/b.rs",
                "pub struct X;\n#[cfg(test)]\nmod tests { use super::*; }",
            ),
            (
                "src/c.rs",
                "use crate::{a, b::X};\nfn f<'a>(c: char) -> bool { c == '{' }",
            ),
        ]);
        assert_eq!(check(&f, TWO), Vec::<String>::new());
    }

    #[test]
    fn path_attributes_place_a_file_in_its_declaring_module() {
        let f = files(&[
            ("src/cli/mod.rs", ""),
            (
                "src/cli/ask_cmd.rs",
                "#[path = \"ask/ui.rs\"]\nmod ui;\nuse super::w::L;",
            ),
            ("src/cli/ask/ui.rs", "use crate::cli::w::L;"),
            ("src/cli/w.rs", "pub struct L;"),
        ]);
        let edges = dependencies(&f);
        assert_eq!(
            edges["cli::ask_cmd"],
            BTreeSet::from(["cli::w".to_string()])
        );
        assert!(!edges.contains_key("cli::ask"));
    }
}
