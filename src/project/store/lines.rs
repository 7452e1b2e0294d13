//! Where each record of `project.ron` is (the line index used in messages),
//! and the structural checks of a loaded project: every reference resolves,
//! every ID is unique, every quote is verbatim.

use super::*;

/// Finds the line (from 1) of the first line containing `needle`, at or after
/// line `from`.
pub(super) fn line_of(text: &str, needle: &str, from: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
}

/// The line (from 1) each record starts on in the text of a `project.ron`:
/// the first line holding `id: "ID"`. The index is built in one pass over
/// the text on the first question, so a load with no findings never builds
/// it and one with many builds it once.
pub struct RecordLines<'a> {
    text: &'a str,
    index: std::cell::OnceCell<HashMap<&'a str, usize>>,
}

impl<'a> RecordLines<'a> {
    /// Lines of the records of `text`; nothing is read yet.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            index: std::cell::OnceCell::new(),
        }
    }

    /// The line the record with this ID starts on.
    pub fn line(&self, id: &str) -> Option<usize> {
        let index = self.index.get_or_init(|| {
            const KEY: &str = "id: \"";
            let mut index = HashMap::new();
            for (number, line) in self.text.lines().enumerate() {
                let mut rest = line;
                while let Some(at) = rest.find(KEY) {
                    rest = &rest[at + KEY.len()..];
                    if let Some(end) = rest.find('"') {
                        index.entry(&rest[..end]).or_insert(number + 1);
                    }
                }
            }
            index
        });
        index.get(id).copied()
    }

    /// ` (project.ron:LINE)` for a record, or nothing when it has no line.
    pub fn place(&self, id: &str) -> String {
        self.line(id)
            .map(|l| format!(" ({PROJECT_FILE}:{l})"))
            .unwrap_or_default()
    }
}

/// Checks references and ranges; returns the first problem with its line.
pub(super) fn validate_structure(
    project: &Project,
    text: &str,
    path: &Path,
    positions_given: bool,
) -> Result<(), LoadError> {
    let lines = RecordLines::new(text);
    let invalid = |line: Option<usize>, message: String| LoadError::Invalid {
        path: path.to_owned(),
        line,
        message,
    };
    // Sets of tens of thousands of IDs, built at every load: foldhash.
    type Set<T> = HashSet<T, foldhash::fast::RandomState>;
    let mut seen = Set::default();
    let ids = project
        .sources
        .iter()
        .map(|s| s.id.as_str())
        .chain(project.quotes.iter().map(|q| q.id.as_str()))
        .chain(project.claims().map(|(_, c)| c.id.as_str()));
    for id in ids {
        if !seen.insert(id) {
            let first = lines.line(id);
            let second = first.and_then(|l| line_of(text, &format!("id: \"{id}\""), l + 1));
            return Err(invalid(
                second.or(first),
                format!(
                    "the ID `{id}` is used twice; give one of them a new, unused ID. {}",
                    LINE_MERGE_HINT
                ),
            ));
        }
    }
    for source in &project.sources {
        let line = || lines.line(source.id.as_str());
        if !source.id.is_generated() {
            check_custom_id(source.id.as_str()).map_err(|m| invalid(line(), m))?;
        }
        if check_snapshot_path(&source.file).is_err() {
            return Err(invalid(
                line(),
                format!(
                    "source `{}` has the snapshot path `{}`; snapshots must be files directly inside `{SOURCES_DIR}/`",
                    source.id, source.file
                ),
            ));
        }
        for sha in std::iter::once(&source.sha256).chain(source.previous.iter().map(|p| &p.sha256))
        {
            if !is_hex_sha(sha) {
                return Err(invalid(
                    line(),
                    format!(
                        "source `{}` has `{sha}` as a sha256, which is not 64 lowercase hex digits",
                        source.id
                    ),
                ));
            }
        }
        for old in &source.previous {
            if check_snapshot_path(&old.file).is_err() {
                return Err(invalid(
                    line(),
                    format!(
                        "source `{}` has an earlier snapshot at `{}`; snapshots must be files directly inside `{SOURCES_DIR}/`",
                        source.id, old.file
                    ),
                ));
            }
        }
        let originals = std::iter::once(&source.original)
            .chain(source.previous.iter().map(|p| &p.original))
            .flatten();
        for original in originals {
            if crate::project::command::check_original(&source.id, Some(original), None).is_err()
                || !is_hex_sha(&original.sha256)
            {
                return Err(invalid(
                    line(),
                    format!(
                        "source `{}` has an original at `{}` (sha256 `{}`); originals must be files directly inside `{ORIGINALS_DIR}/` with a 64-hex-digit sha256, and their page maps in order",
                        source.id, original.file, original.sha256
                    ),
                ));
            }
        }
    }
    let sources = project.sources_by_id();
    for recheck in &project.rechecks {
        let line = || lines.line(recheck.source.as_str());
        if !sources.contains_key(&recheck.source) {
            return Err(invalid(
                None,
                format!(
                    "a recheck refers to source `{}`, which does not exist; remove that line of `rechecks`",
                    recheck.source
                ),
            ));
        }
        let original_ok = recheck.original.as_ref().is_none_or(|o| {
            crate::project::command::check_original(&recheck.source, Some(o), None).is_ok()
                && is_hex_sha(&o.sha256)
        });
        if !is_hex_sha(&recheck.version) || !original_ok {
            return Err(invalid(
                line(),
                format!(
                    "a recheck of source `{}` has a version `{}` or an original that is not valid; versions are 64 lowercase hex digits, originals files directly inside `{ORIGINALS_DIR}/`",
                    recheck.source, recheck.version
                ),
            ));
        }
    }
    for quote in &project.quotes {
        let line = || lines.line(quote.id.as_str());
        if !quote.id.is_generated() {
            return Err(invalid(
                line(),
                format!(
                    "`{}` is not a quote ID (`q4x9kq2mz`, or `q1` in older projects)",
                    quote.id
                ),
            ));
        }
        let Some(source) = sources.get(&quote.source) else {
            return Err(invalid(
                line(),
                format!(
                    "quote `{}` refers to source `{}`, which does not exist; restore the source or remove the quote. {LINE_MERGE_HINT}",
                    quote.id, quote.source
                ),
            ));
        };
        if quote.start >= quote.end {
            return Err(invalid(
                line(),
                format!(
                    "quote `{}` has an empty or inverted range {}..{}; start must be less than end",
                    quote.id, quote.start, quote.end
                ),
            ));
        }
        if let Some(unresolved) = &quote.unresolved {
            let known = source.sha256 == unresolved.version
                || source
                    .previous
                    .iter()
                    .any(|p| p.sha256 == unresolved.version);
            if !known {
                return Err(invalid(
                    line(),
                    format!(
                        "quote `{}` refers to a version of `{}` that the source does not list; restore the source's `previous` list or remove the quote",
                        quote.id, quote.source
                    ),
                ));
            }
        }
        if quote.text.chars().count() != quote.end - quote.start {
            return Err(invalid(
                line(),
                format!(
                    "quote `{}` spans {} chars ({}..{}) but its text has {}; offsets count Unicode characters",
                    quote.id,
                    quote.end - quote.start,
                    quote.start,
                    quote.end,
                    quote.text.chars().count()
                ),
            ));
        }
    }
    let quote_ids: Set<&crate::model::QuoteId> = project.quotes.iter().map(|q| &q.id).collect();
    for (_, claim) in project.claims() {
        let line = || lines.line(claim.id.as_str());
        if !claim.id.is_generated() {
            return Err(invalid(
                line(),
                format!(
                    "`{}` is not a claim ID (`c4x9kq2mz`, or `c1` in older projects)",
                    claim.id
                ),
            ));
        }
        if positions_given && !claim.at.is_valid() {
            return Err(invalid(
                line(),
                format!(
                    "claim `{}` has no valid `at` (paragraph: \"HEX.TAG\", order: \"HEX\"); give it the `at` of a claim beside it",
                    claim.id
                ),
            ));
        }
        let mut cited: Set<&crate::model::QuoteId> = Set::default();
        for evidence in &claim.evidence {
            let evidence_line = || {
                line()
                    .and_then(|l| line_of(text, &format!("quote: \"{}\"", evidence.quote), l))
                    .or_else(line)
            };
            if !quote_ids.contains(&evidence.quote) {
                return Err(invalid(
                    evidence_line(),
                    format!(
                        "claim `{}` cites quote `{}`, which does not exist; remove that evidence line or restore the quote. {LINE_MERGE_HINT}",
                        claim.id, evidence.quote
                    ),
                ));
            }
            if !cited.insert(&evidence.quote) {
                return Err(invalid(
                    evidence_line(),
                    format!(
                        "claim `{}` cites quote `{}` twice; remove one of the two lines",
                        claim.id, evidence.quote
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Whether `sha` is a SHA-256 as recorded: 64 lowercase hex digits.
fn is_hex_sha(sha: &str) -> bool {
    sha.len() == 64
        && sha
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
