//! The layers hold: every `crate::` path in `src/` (outside `#[cfg(test)]`
//! items, comments and strings) goes from a concept folder to itself or to
//! a concept below it in [`LAYERS`]. An arrow up, and so any circle between
//! concepts, fails the test with the file and the name that make it.
//!
//! The order is the one `ARCHITECTURE.md` draws; a test below keeps the two
//! the same. Files are also kept under [`MAX_LINES`] lines, but for the ones
//! [`LONG_FILES`] names (each with its reason in `ARCHITECTURE.md`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The concepts under `src/`, bottom to top: each may use those before it.
const LAYERS: &[&str] = &[
    "util", "model", "text", "import", "check", "evidence", "project", "team", "export", "app",
    "cli",
];

/// The longest a file under `src/` may be, in lines.
const MAX_LINES: usize = 800;

/// Files allowed past [`MAX_LINES`] (see `ARCHITECTURE.md` for why).
const LONG_FILES: &[&str] = &[];

/// One `crate::` path: the file it is in and the name it reaches.
#[derive(Debug)]
struct Arrow {
    file: String,
    name: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("src/ can be read")
        .map(|entry| entry.expect("src/ entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The concept a file under `src/` belongs to: its first folder, or its
/// name without `.rs`. `lib.rs` and `main.rs` are the crate's root, above all.
fn concept(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let concept = first.strip_suffix(".rs").unwrap_or(first);
    (concept != "lib" && concept != "main").then(|| concept.to_string())
}

/// The code of a Rust file with comments, string and char literals blanked
/// out (kept as spaces, so braces inside them do not count).
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && !chars[..i]
                .last()
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"…", r#"…"#, and so on.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match chars.get(j) {
                    None => break,
                    Some('"') if (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    Some(&other) => blank(&mut out, other),
                }
                j += 1;
            }
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if let Some(&inner) = chars.get(i) {
                    blank(&mut out, inner);
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}'), or a lifetime ('a).
            let end = if next == Some('\\') {
                (i + 2..chars.len()).find(|&k| chars[k] == '\'')
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => i = end + 1,
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The code with every item under `#[cfg(test)]` removed.
fn without_tests(code: &str) -> String {
    const MARK: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let item = &rest[at + MARK.len()..];
        // The item ends at its first `;` if that comes before any `{`, or
        // else at the brace that closes its first block.
        let Some(open) = item.find(['{', ';']) else {
            rest = "";
            break;
        };
        if item.as_bytes()[open] == b';' {
            rest = &item[open + 1..];
            continue;
        }
        let mut depth = 0usize;
        let mut end = item.len();
        for (offset, c) in item[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + offset + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The first names after each `crate::` in the code: `crate::model::Quote`
/// gives `model::Quote`, `crate::{model::Quote, text::anchor}` gives both.
fn crate_paths(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| is_ident(c) || c == '$') {
            continue;
        }
        let after = rest.trim_start();
        if let Some(group) = after.strip_prefix('{') {
            // Top-level entries of a use group, split on commas at depth 0.
            let mut depth = 0usize;
            let mut entry = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.push(std::mem::take(&mut entry));
                        continue;
                    }
                    _ => {}
                }
                entry.push(c);
            }
            names.push(entry);
        } else {
            let path: String = after
                .chars()
                .take_while(|&c| is_ident(c) || c == ':')
                .collect();
            names.push(path);
        }
    }
    names
        .into_iter()
        .map(|name| name.split_whitespace().collect::<String>())
        .filter(|name| !name.is_empty())
        .collect()
}

/// The files of modules declared `#[cfg(test)] mod name;` in `code` (the
/// code of `path`): they hold tests only.
fn test_module_files(path: &Path, code: &str) -> Vec<PathBuf> {
    const MARK: &str = "#[cfg(test)]";
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let dir = path.parent().unwrap_or(Path::new(""));
    // A module's children live beside `mod.rs` or `lib.rs`, else in a
    // folder named after the file.
    let children = if matches!(stem, "mod" | "lib" | "main") {
        dir.to_path_buf()
    } else {
        dir.join(stem)
    };
    let mut files = Vec::new();
    for (at, _) in code.match_indices(MARK) {
        let rest = code[at + MARK.len()..].trim_start();
        let Some(rest) = rest.strip_prefix("mod ") else {
            continue;
        };
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|&c| is_ident(c))
            .collect();
        if rest.trim_start()[name.len()..]
            .trim_start()
            .starts_with(';')
        {
            files.push(children.join(format!("{name}.rs")));
            files.push(children.join(&name).join("mod.rs"));
        }
    }
    files
}

/// Every arrow between two concepts: (from, to) → the arrows that make it.
fn arrows() -> BTreeMap<(String, String), Vec<Arrow>> {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut code_of = BTreeMap::new();
    let mut test_only = BTreeSet::new();
    for path in &files {
        let code = code_only(&fs::read_to_string(path).expect("source file is UTF-8"));
        test_only.extend(test_module_files(path, &code));
        code_of.insert(path.clone(), code);
    }
    let mut arrows: BTreeMap<(String, String), Vec<Arrow>> = BTreeMap::new();
    for (path, code) in &code_of {
        let relative = path.strip_prefix(&root).expect("file under src/");
        let Some(from) = concept(relative) else {
            continue;
        };
        if test_only.contains(path) {
            continue;
        }
        for name in crate_paths(&without_tests(code)) {
            let to = name.split("::").next().unwrap_or_default().to_string();
            if to != from && !to.is_empty() {
                arrows.entry((from.clone(), to)).or_default().push(Arrow {
                    file: relative.display().to_string(),
                    name: format!("crate::{name}"),
                });
            }
        }
    }
    arrows
}

fn describe(arrows: &[Arrow]) -> String {
    let mut seen = BTreeSet::new();
    arrows
        .iter()
        .filter(|arrow| seen.insert((&arrow.file, &arrow.name)))
        .map(|arrow| format!("    {} uses {}", arrow.file, arrow.name))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The concepts that can reach themselves again by following arrows.
fn circles(arrows: &BTreeMap<(String, String), Vec<Arrow>>) -> Vec<Vec<String>> {
    let concepts: BTreeSet<&String> = arrows.keys().flat_map(|(a, b)| [a, b]).collect();
    let reaches = |start: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start.clone()];
        while let Some(at) = stack.pop() {
            for (from, to) in arrows.keys() {
                if *from == at && seen.insert(to.clone()) {
                    stack.push(to.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<String>> =
        concepts.iter().map(|c| (*c, reaches(c))).collect();
    let mut found: Vec<Vec<String>> = Vec::new();
    for concept in &concepts {
        if !reach[concept].contains(*concept) {
            continue;
        }
        let circle: Vec<String> = concepts
            .iter()
            .filter(|other| reach[concept].contains(**other) && reach[*other].contains(*concept))
            .map(|other| (*other).clone())
            .collect();
        if !found.contains(&circle) {
            found.push(circle);
        }
    }
    found
}

#[test]
fn every_concept_under_src_has_a_place_in_the_layers() {
    let mut unknown = BTreeSet::new();
    for entry in fs::read_dir(src()).expect("src/ can be read") {
        let path = entry.expect("src/ entry").path();
        let relative = path.strip_prefix(src()).expect("under src/").to_path_buf();
        let mut rust = Vec::new();
        if path.is_dir() {
            rust_files(&path, &mut rust);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            rust.push(path.clone());
        }
        if rust.is_empty() {
            continue; // not Rust code (insta's snapshots, say)
        }
        if let Some(concept) = concept(&relative)
            && !LAYERS.contains(&concept.as_str())
        {
            unknown.insert(concept);
        }
    }
    assert!(
        unknown.is_empty(),
        "concepts under src/ that LAYERS in tests/layers.rs and the map in \
         ARCHITECTURE.md do not place: {unknown:?}"
    );
}

#[test]
fn no_circle_between_concepts() {
    let arrows = arrows();
    let circles = circles(&arrows);
    let mut message = String::new();
    for circle in &circles {
        message.push_str(&format!(
            "circle of {}: {}\n",
            circle.len(),
            circle.join(", ")
        ));
        for ((from, to), made_by) in &arrows {
            if circle.contains(from) && circle.contains(to) {
                message.push_str(&format!("  {from} -> {to}\n{}\n", describe(made_by)));
            }
        }
    }
    assert!(circles.is_empty(), "{message}");
}

#[test]
fn no_arrow_goes_up_the_layers() {
    let rank = |concept: &str| LAYERS.iter().position(|layer| *layer == concept);
    let mut message = String::new();
    for ((from, to), made_by) in &arrows() {
        if let (Some(from_rank), Some(to_rank)) = (rank(from), rank(to))
            && to_rank > from_rank
        {
            message.push_str(&format!(
                "{from} (layer {from_rank}) uses {to} (layer {to_rank}), above it:\n{}\n",
                describe(made_by)
            ));
        }
    }
    assert!(message.is_empty(), "{message}");
}

#[test]
fn no_file_is_longer_than_the_limit_unless_named() {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut long = Vec::new();
    for path in files {
        let relative = path.strip_prefix(&root).expect("under src/");
        let name = relative.display().to_string();
        let lines = fs::read_to_string(&path).expect("UTF-8").lines().count();
        if lines > MAX_LINES && !LONG_FILES.contains(&name.as_str()) {
            long.push(format!("src/{name}: {lines} lines"));
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines (split them by responsibility, or name \
         them in LONG_FILES and say why in ARCHITECTURE.md):\n{}",
        long.join("\n")
    );
}

#[test]
fn architecture_md_draws_the_same_layers() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md");
    let text = fs::read_to_string(&path).expect("ARCHITECTURE.md exists");
    // The map's rows name each folder as `src/NAME/`, bottom layer first.
    let drawn: Vec<&str> = text
        .lines()
        .filter(|line| line.starts_with('|'))
        .filter_map(|line| {
            let start = line.find("`src/")? + "`src/".len();
            let end = start + line[start..].find('/')?;
            Some(&line[start..end])
        })
        .collect();
    assert_eq!(drawn, LAYERS, "the map in ARCHITECTURE.md, bottom to top");
}

#[test]
fn the_reader_sees_through_comments_strings_and_tests() {
    let code = code_only(
        "use crate::model::Quote; // crate::cli\n\
         /* crate::app */ let s = \"crate::team\"; let c = '{';\n\
         let r = r#\"crate::export\"#;\n\
         #[cfg(test)]\nmod tests { use crate::project::{self, Document}; fn f() { {} } }\n\
         use crate::{text::anchor, import::{self, Format}};\n",
    );
    assert_eq!(
        crate_paths(&without_tests(&code)),
        ["model::Quote", "text::anchor", "import::{self,Format}"]
    );
    assert_eq!(
        test_module_files(Path::new("src/check/mod.rs"), "#[cfg(test)]\nmod tests;"),
        [
            Path::new("src/check/tests.rs"),
            Path::new("src/check/tests/mod.rs")
        ]
    );
    assert_eq!(
        test_module_files(Path::new("src/model/source.rs"), "#[cfg(test)] mod tests;"),
        [
            Path::new("src/model/source/tests.rs"),
            Path::new("src/model/source/tests/mod.rs")
        ]
    );
    assert!(test_module_files(Path::new("src/a.rs"), "#[cfg(test)]\nmod tests {}").is_empty());
}
