//! A project's records as named fields: the value of one field as a
//! conflict shows it, setting a field to a chosen value (checked before
//! anything changes), and the words that name a record, a field or a value
//! for people. A merge records its conflicts in these terms (see
//! `team::merge`); resolving one applies them.

use serde::Serialize;
use serde::de::DeserializeOwned;
use thiserror::Error;

use super::*;

/// The record name of the project's own fields (title, settings).
pub const PROJECT_RECORD: &str = "project";
/// The field name of a conflict over a record's existence.
pub const RECORD_FIELD: &str = "record";

/// Serializes a record on one line. Strings keep their escapes (`\n`,
/// `\"`, `\\`), except that apostrophes are written plainly: ron escapes
/// them as `\'`, which is valid but hard to read in prose.
pub fn one_line<T: Serialize>(value: &T) -> String {
    let config = ron::ser::PrettyConfig::new().depth_limit(0);
    let escaped = ron::ser::to_string_pretty(value, config).expect("project records serialize");
    let mut out = String::with_capacity(escaped.len());
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\'') => out.push('\''),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// One line of RON for a value, as the project file writes it.
pub(crate) fn show<T: Serialize>(value: &T) -> String {
    one_line(value)
}

/// What a quote's `range` field holds: everything that places it.
pub(crate) type Range = (
    usize,
    usize,
    String,
    String,
    String,
    Option<crate::model::Unresolved>,
);

pub(crate) fn quote_range(q: &Quote) -> Range {
    (
        q.start,
        q.end,
        q.text.clone(),
        q.prefix.clone(),
        q.suffix.clone(),
        q.unresolved.clone(),
    )
}

/// Why a conflict could not be resolved that way. Nothing was changed.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ResolveError {
    /// The conflict's record is gone.
    #[error("`{0}` is no longer in the project")]
    NoRecord(String),
    /// The field is not one Attest knows.
    #[error("`{field}` of `{record}` is not a field Attest can set")]
    UnknownField {
        /// The record.
        record: String,
        /// The field.
        field: String,
    },
    /// A value does not parse as the field's type.
    #[error("{0}")]
    BadValue(String),
    /// The record cannot go while others use it.
    #[error("{0}")]
    InUse(String),
    /// A range that does not match the source.
    #[error("{0}")]
    NotVerbatim(String),
}

/// The current value of a conflict's field, shown as a conflict shows it;
/// `None` when the record is absent.
pub fn field_value(project: &Project, record: &str, field: &str) -> Option<String> {
    if is_link_record(record) {
        let link = project.links.iter().find(|l| l.key() == record)?;
        return match field {
            RECORD_FIELD => Some(show(link)),
            "independent" => Some(show(&link.independent)),
            _ => None,
        };
    }
    if record == PROJECT_RECORD {
        return match field {
            "title" => Some(project.title.clone()),
            "settings" => Some(show(&project.settings)),
            _ => None,
        };
    }
    if let Some(claim) = project.claim(&record.into()) {
        if field == RECORD_FIELD {
            return Some(show(claim));
        }
        let mut words = field.split(' ');
        return match (words.next(), words.next(), words.next()) {
            (Some("text"), None, _) => Some(claim.text.clone()),
            (Some("at"), None, _) => Some(show(&claim.at)),
            (Some("evidence"), Some(q), rest) => {
                let e = claim.evidence_for(&q.into());
                match rest {
                    None => e.map(show),
                    Some("stance") => e.map(|e| show(&e.stance)),
                    Some("note") => e.map(|e| e.note.clone()),
                    Some(_) => None,
                }
            }
            _ => None,
        };
    }
    if let Some(quote) = project.quote(&record.into()) {
        return match field {
            RECORD_FIELD => Some(show(quote)),
            "source" => Some(show(&quote.source)),
            "range" => Some(show(&quote_range(quote))),
            _ => None,
        };
    }
    let source = project.source(&record.into())?;
    match field {
        RECORD_FIELD => Some(show(source)),
        "version" => Some(show(&(
            &source.file,
            &source.sha256,
            &source.original,
            &source.previous,
        ))),
        "name" => Some(source.name.clone()),
        _ => {
            let name = field.strip_prefix("citation ")?;
            citation_field(&source.citation, name).cloned()
        }
    }
}

pub(super) fn citation_field<'a>(c: &'a Citation, name: &str) -> Option<&'a String> {
    Some(match name {
        "title" => &c.title,
        "publisher" => &c.publisher,
        "author" => &c.author,
        "url" => &c.url,
        "published" => &c.published,
        "retrieved" => &c.retrieved,
        _ => return None,
    })
}

pub(super) fn parse<T: DeserializeOwned>(value: &str, what: &str) -> Result<T, ResolveError> {
    ron::from_str(value)
        .map_err(|e| ResolveError::BadValue(format!("{what}: `{value}` is not valid: {e}")))
}

/// Sets a conflict's field to `value` (as [`field_value`] shows it; `None`
/// deletes the record, for a conflict over a record). A quote's new range
/// must match its source's text, which `verbatim` checks. Every check comes
/// before the change: on error the project is as it was.
pub fn set_field(
    project: &mut Project,
    record: &str,
    field: &str,
    value: Option<&str>,
    verbatim: &dyn Fn(&Project, &Quote) -> Result<(), String>,
) -> Result<(), ResolveError> {
    let unknown = || ResolveError::UnknownField {
        record: record.to_owned(),
        field: field.to_owned(),
    };
    if is_link_record(record) {
        return set_link_field(project, record, field, value);
    }
    if field == RECORD_FIELD {
        return set_record(project, record, value, verbatim);
    }
    let value = value.ok_or_else(unknown)?;
    if record == PROJECT_RECORD {
        match field {
            "title" => project.title = value.to_owned(),
            "settings" => project.settings = parse::<Settings>(value, "settings")?,
            _ => return Err(unknown()),
        }
        return Ok(());
    }
    if project.claim(&record.into()).is_some() {
        let mut words = field.split(' ');
        let (first, quote, rest) = (words.next(), words.next(), words.next());
        if first == Some("at") {
            let at: Position = parse(value, "position")?;
            if !at.is_valid() {
                return Err(ResolveError::BadValue(format!(
                    "`{value}` is not a valid position"
                )));
            }
            let mut claims: Vec<Claim> = project.claims().map(|(_, c)| c.clone()).collect();
            for claim in &mut claims {
                if claim.id.as_str() == record {
                    claim.at = at.clone();
                }
            }
            project.set_claims(claims);
            return Ok(());
        }
        if let (Some("evidence"), Some(q), None) = (first, quote, rest) {
            let evidence: Evidence = parse(value, "evidence")?;
            if project.quote(&evidence.quote).is_none() || evidence.quote.as_str() != q {
                return Err(ResolveError::BadValue(format!("evidence must cite `{q}`")));
            }
            let claim = project.claim_mut(&record.into()).ok_or_else(unknown)?;
            match claim.evidence.iter_mut().find(|e| e.quote.as_str() == q) {
                Some(e) => *e = evidence,
                None => claim.evidence.push(evidence),
            }
            return Ok(());
        }
        let claim = project.claim_mut(&record.into()).ok_or_else(unknown)?;
        match (first, quote, rest) {
            (Some("text"), None, _) => claim.text = value.to_owned(),
            (Some("evidence"), Some(q), Some(part)) => {
                let e = claim
                    .evidence
                    .iter_mut()
                    .find(|e| e.quote.as_str() == q)
                    .ok_or_else(unknown)?;
                match part {
                    "stance" => e.stance = parse(value, "stance")?,
                    "note" => e.note = value.to_owned(),
                    _ => return Err(unknown()),
                }
            }
            _ => return Err(unknown()),
        }
        return Ok(());
    }
    if let Some(i) = project.quote_index(&record.into()) {
        let mut quote = project.quotes[i].clone();
        match field {
            "source" => quote.source = parse(value, "source")?,
            "range" => {
                let (start, end, text, prefix, suffix, unresolved): Range = parse(value, "range")?;
                (quote.start, quote.end, quote.text) = (start, end, text);
                (quote.prefix, quote.suffix, quote.unresolved) = (prefix, suffix, unresolved);
            }
            _ => return Err(unknown()),
        }
        verbatim(project, &quote).map_err(ResolveError::NotVerbatim)?;
        project.quotes[i] = quote;
        return Ok(());
    }
    let source = project
        .sources
        .iter_mut()
        .find(|s| s.id.as_str() == record)
        .ok_or_else(|| ResolveError::NoRecord(record.to_owned()))?;
    if field == "version" {
        type Version = (
            String,
            String,
            Option<crate::model::Original>,
            Vec<crate::model::Snapshot>,
        );
        let (file, sha256, original, previous): Version = parse(value, "version")?;
        (source.file, source.sha256) = (file, sha256);
        (source.original, source.previous) = (original, previous);
        return Ok(());
    }
    if field == "name" {
        source.name = value.to_owned();
        return Ok(());
    }
    let name = field.strip_prefix("citation ").ok_or_else(unknown)?;
    let mut citation = source.citation.clone();
    let slot = match name {
        "title" => &mut citation.title,
        "publisher" => &mut citation.publisher,
        "author" => &mut citation.author,
        "url" => &mut citation.url,
        "published" => &mut citation.published,
        "retrieved" => &mut citation.retrieved,
        _ => return Err(unknown()),
    };
    *slot = value.to_owned();
    source.citation = citation;
    Ok(())
}

/// Keeps (`Some`: the record as one line of RON, or a `kept: …` note that
/// keeps it as it is) or deletes (`None`) a record.
/// Whether a record is the link of a pair of sources (`s1+s2`); `+` is never
/// part of an ID.
fn is_link_record(record: &str) -> bool {
    record.contains('+')
}

/// [`set_field`] for the link of a pair of sources.
fn set_link_field(
    project: &mut Project,
    record: &str,
    field: &str,
    value: Option<&str>,
) -> Result<(), ResolveError> {
    let unknown = || ResolveError::UnknownField {
        record: record.to_owned(),
        field: field.to_owned(),
    };
    match (field, value) {
        (RECORD_FIELD, None) => project.links.retain(|l| l.key() != record),
        (RECORD_FIELD, Some(kept)) if kept.starts_with("kept:") => {}
        (RECORD_FIELD, Some(value)) => {
            let link: SourceLink = parse(value, "link")?;
            if link.key() != record
                || project.source(&link.a).is_none()
                || project.source(&link.b).is_none()
            {
                return Err(ResolveError::BadValue(format!(
                    "the link must join the sources of `{record}`, both in the project"
                )));
            }
            project.links.retain(|l| l.key() != record);
            project.links.push(link);
            project.sort_links();
        }
        ("independent", Some(value)) => {
            let reason: Option<String> = parse(value, "independence")?;
            let link = project
                .links
                .iter_mut()
                .find(|l| l.key() == record)
                .ok_or_else(|| ResolveError::NoRecord(record.to_owned()))?;
            link.independent = reason;
        }
        _ => return Err(unknown()),
    }
    Ok(())
}

pub(super) fn set_record(
    project: &mut Project,
    record: &str,
    value: Option<&str>,
    verbatim: &dyn Fn(&Project, &Quote) -> Result<(), String>,
) -> Result<(), ResolveError> {
    let keep_as_is = value.is_some_and(|v| v.starts_with("kept:"));
    if let Some(place) = project.claim_place(&record.into()) {
        match value {
            None => {
                project.paragraphs[place.paragraph].remove(place.index);
                project.paragraphs.retain(|p| !p.is_empty());
            }
            Some(_) if keep_as_is => {}
            Some(value) => {
                let claim: Claim = parse(value, "claim")?;
                if let Some(missing) = claim
                    .evidence
                    .iter()
                    .find(|e| project.quote(&e.quote).is_none())
                {
                    return Err(ResolveError::BadValue(format!(
                        "the claim cites `{}`, which is not in the project",
                        missing.quote
                    )));
                }
                let mut claims: Vec<Claim> = project.claims().map(|(_, c)| c.clone()).collect();
                claims.retain(|c| c.id.as_str() != record);
                claims.push(claim);
                project.set_claims(claims);
            }
        }
        return Ok(());
    }
    if let Some(i) = project.quote_index(&record.into()) {
        match value {
            None => {
                let users: Vec<String> = project
                    .citing_claims(&record.into())
                    .map(|(c, _)| c.id.to_string())
                    .collect();
                if !users.is_empty() {
                    return Err(ResolveError::InUse(format!(
                        "quote `{record}` is cited by {}; remove that evidence first, or keep the quote",
                        users.join(", ")
                    )));
                }
                project.quotes.remove(i);
            }
            Some(_) if keep_as_is => {}
            Some(value) => {
                let quote: Quote = parse(value, "quote")?;
                verbatim(project, &quote).map_err(ResolveError::NotVerbatim)?;
                project.quotes[i] = quote;
            }
        }
        return Ok(());
    }
    if let Some(i) = project.sources.iter().position(|s| s.id.as_str() == record) {
        match value {
            None => {
                let users: Vec<String> = project
                    .quotes_of(&record.into())
                    .map(|q| q.id.to_string())
                    .collect();
                if !users.is_empty() {
                    return Err(ResolveError::InUse(format!(
                        "source `{record}` has quotes ({}); remove them first, or keep the source",
                        users.join(", ")
                    )));
                }
                project.sources.remove(i);
            }
            Some(_) if keep_as_is => {}
            Some(value) => project.sources[i] = parse(value, "source")?,
        }
        return Ok(());
    }
    Err(ResolveError::NoRecord(record.to_owned()))
}

/// Which value of a conflict to take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The side merged into (git's "ours").
    Ours,
    /// The side merged in (git's "theirs").
    Theirs,
    /// A value of one's own (a text for a text field).
    Value(String),
}

/// The value a choice gives a conflict's field (`None`: delete the record).
pub fn chosen(conflict: &Conflict, choice: &Choice) -> Option<String> {
    match choice {
        Choice::Ours => conflict.ours.clone(),
        Choice::Theirs => conflict.theirs.clone(),
        Choice::Value(v) => Some(v.clone()),
    }
}

/// Whether a conflict's field is a text, which a user can write anew.
pub fn is_text_field(conflict: &Conflict) -> bool {
    conflict.record == PROJECT_RECORD && conflict.field == "title"
        || matches!(conflict.field.as_str(), "text")
        || conflict.field.starts_with("citation ")
        || conflict.field.starts_with("evidence ") && conflict.field.ends_with(" note")
}

/// A conflict's value as a reader sees it: a claim or quote by its text,
/// a stance by its name, a deleted record as "deleted".
pub fn describe_value(project: &Project, conflict: &Conflict, value: Option<&str>) -> String {
    let Some(value) = value else {
        return "Deleted".into();
    };
    if let Some(note) = value.strip_prefix("kept: ") {
        return format!("Kept ({note})");
    }
    if conflict.field == RECORD_FIELD {
        if let Ok(claim) = ron::from_str::<Claim>(value) {
            return format!("Kept, as: “{}”", claim.text);
        }
        if let Ok(quote) = ron::from_str::<Quote>(value) {
            return format!("Kept, quoting “{}”", quote.text);
        }
        if let Ok(source) = ron::from_str::<Source>(value) {
            return format!("Kept: {}", source.label());
        }
    }
    if conflict.field.ends_with(" stance")
        && let Ok(stance) = ron::from_str::<Stance>(value)
    {
        return stance.label().to_owned();
    }
    if conflict.field == "range"
        && let Ok(range) = ron::from_str::<Range>(value)
    {
        return format!("“{}” (chars {}..{})", range.2, range.0, range.1);
    }
    if conflict.field == "at"
        && let Ok(at) = ron::from_str::<crate::model::Position>(value)
    {
        return format!("At {}", describe_place(project, &conflict.record, &at));
    }
    value.to_owned()
}

/// A place in the summary, for people, among the claims there now (leaving
/// out the claim being placed): "¶2, after “Police fired…”", "the start of
/// ¶1", "a new paragraph after ¶3".
pub(super) fn describe_place(
    project: &Project,
    claim: &str,
    at: &crate::model::Position,
) -> String {
    let paragraphs: Vec<Vec<&Claim>> = project
        .paragraphs
        .iter()
        .map(|p| p.iter().filter(|c| c.id.as_str() != claim).collect())
        .collect();
    let key = |p: &Vec<&Claim>| p.first().map(|c| c.at.paragraph.clone());
    if let Some(n) = paragraphs
        .iter()
        .position(|p| key(p).as_deref() == Some(at.paragraph.as_str()))
    {
        return match paragraphs[n].iter().rfind(|c| c.at.order < at.order) {
            Some(before) => format!(
                "¶{}, after “{}”",
                n + 1,
                crate::util::snippet(&before.text, 40)
            ),
            None => format!("the start of ¶{}", n + 1),
        };
    }
    match paragraphs
        .iter()
        .filter(|p| key(p).is_some_and(|k| k < at.paragraph))
        .count()
    {
        0 => "a new first paragraph".into(),
        n => format!("a new paragraph after ¶{n}"),
    }
}

/// The record a conflict is about, for people: a claim or quote by the start
/// of its text, a source by its title.
pub fn describe_record(project: &Project, record: &str) -> String {
    if record == PROJECT_RECORD {
        return "The project".into();
    }
    if let Some((a, b)) = record.split_once('+') {
        let label = |id: &str| {
            project.source(&id.into()).map_or_else(
                || id.to_owned(),
                |s| format!("“{}”", crate::util::snippet(s.label(), 40)),
            )
        };
        return format!("The link between {} and {}", label(a), label(b));
    }
    if let Some(claim) = project.claim(&record.into()) {
        return format!("Claim “{}”", crate::util::snippet(&claim.text, 70));
    }
    if let Some(quote) = project.quote(&record.into()) {
        return format!("Quote “{}”", crate::util::snippet(&quote.text, 70));
    }
    match project.source(&record.into()) {
        Some(source) => format!("Source “{}”", crate::util::snippet(source.label(), 70)),
        None => record.to_owned(),
    }
}

/// What a conflict is about, for people: the record and the field, a quote
/// of its evidence named by its text ("Claim “Six died…”: the stance of its
/// evidence “five deaths…”").
pub fn describe_conflict(project: &Project, conflict: &Conflict) -> String {
    let record = describe_record(project, &conflict.record);
    let mut words = conflict.field.split(' ');
    let field = match (words.next(), words.next(), words.next()) {
        (Some("evidence"), Some(q), part) => {
            let quote = project.quote(&q.into()).map_or(q.to_owned(), |quote| {
                format!("“{}”", crate::util::snippet(&quote.text, 50))
            });
            match part {
                Some(part) => format!("the {part} of its evidence {quote}"),
                None => format!("whether it cites {quote}"),
            }
        }
        _ => describe_field(&conflict.field),
    };
    format!("{record}: {field}")
}

/// A conflict's field, for messages: "the text", "the stance of evidence q17".
pub fn describe_field(field: &str) -> String {
    let mut words = field.split(' ');
    match (words.next(), words.next(), words.next()) {
        (Some(RECORD_FIELD), None, _) => "whether it is kept or deleted".into(),
        (Some("text"), None, _) => "the text".into(),
        (Some("independent"), None, _) => "whether they are independent sources".into(),
        (Some("at"), None, _) => "its place in the summary".into(),
        (Some("range"), None, _) => "the quoted passage".into(),
        (Some("version"), None, _) => "the version of its text".into(),
        (Some("settings"), None, _) => "the check settings".into(),
        (Some("title"), None, _) => "the title".into(),
        (Some("name"), None, _) => "the short name".into(),
        (Some("evidence"), Some(q), None) => format!("whether it cites {q}"),
        (Some("evidence"), Some(q), Some(part)) => format!("the {part} of evidence {q}"),
        (Some("citation"), Some(name), None) => format!("the citation's {name}"),
        _ => field.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project with one quote cited by one claim.
    fn cited() -> Project {
        let mut project = Project::new("t");
        project.quotes.push(Quote {
            id: QuoteId::numbered(1),
            source: SourceId::numbered(1),
            start: 0,
            end: 3,
            text: "six".into(),
            prefix: String::new(),
            suffix: String::new(),
            unresolved: None,
        });
        let mut claim = Claim::new(ClaimId::numbered(1), "Six died.");
        claim.evidence.push(Evidence {
            quote: QuoteId::numbered(1),
            stance: Stance::Supports,
            note: String::new(),
        });
        project.paragraphs.push(vec![claim]);
        project.renumber_positions();
        project
    }

    #[test]
    fn a_refused_choice_changes_nothing() {
        let mut project = cited();
        let before = project.clone();
        let never = |_: &Project, _: &Quote| Err("does not match".to_owned());
        let cases: [(&str, &str, Option<&str>); 5] = [
            ("q1", RECORD_FIELD, None),
            ("q1", "range", Some("(0, 4, \"six \", \"\", \"\", None)")),
            ("c1", "at", Some("(paragraph: \"zz\", order: \"\")")),
            ("c1", "evidence q1 stance", Some("Doubtful")),
            (
                "c1",
                "evidence q9",
                Some("(quote: \"q9\", stance: Supports, note: \"\")"),
            ),
        ];
        for (record, field, value) in cases {
            let result = set_field(&mut project, record, field, value, &never);
            assert!(result.is_err(), "{record} {field}");
            assert_eq!(project, before, "{record} {field} changed the project");
        }
        let ok = |_: &Project, _: &Quote| Ok(());
        set_field(&mut project, "c1", "text", Some("Five died."), &ok).unwrap();
        assert_eq!(project.claims().next().unwrap().1.text, "Five died.");
    }

    #[test]
    fn a_moved_claim_s_place_is_told_among_the_claims_there() {
        let mut project = Project::new("Places");
        let claim = |n, text: &str| Claim::new(ClaimId::numbered(n), text);
        project
            .paragraphs
            .push(vec![claim(1, "Six died."), claim(2, "Roads reopened.")]);
        project.paragraphs.push(vec![claim(3, "Talks began.")]);
        project.renumber_positions();
        let at = |n: usize, i: usize| project.paragraphs[n][i].at.clone();
        let conflict = |value: &crate::model::Position| {
            let conflict = Conflict {
                record: "c1".into(),
                field: "at".into(),
                base: None,
                ours: Some(ron::to_string(value).unwrap()),
                theirs: None,
                sides: String::new(),
            };
            describe_value(&project, &conflict, conflict.ours.as_deref())
        };
        // Where c3 stands, c1 would be at the start of ¶2; after c2, at the
        // end of ¶1 (c1 itself is not counted).
        assert_eq!(conflict(&at(1, 0)), "At the start of ¶2");
        let mut after_c2 = at(0, 1);
        after_c2.order.push_str("80");
        assert_eq!(conflict(&after_c2), "At ¶1, after “Roads reopened.”");
        let mut new_last = at(1, 0);
        new_last.paragraph = format!("ff{}", new_last.paragraph);
        assert_eq!(conflict(&new_last), "At a new paragraph after ¶2");
    }
}
