//! Names people read in place of IDs: a source's short name ("AP",
//! "AP (2)") and a claim's number in the summary with its first words
//! ("claim 3, ‘Six people died…’"). IDs stay in `project.ron`, on the
//! command line and in tooltips.

use std::collections::HashSet;

use super::*;

/// The longest short name of a source, in chars.
pub const MAX_NAME_CHARS: usize = 40;

/// How many words of a title make a source's name when it has no publisher.
const TITLE_WORDS: usize = 3;

/// The short name a source gets when it is added: its publisher, else the
/// first words of its title, else "Source". Not yet unique; see
/// [`unique_name`].
pub fn default_name(citation: &Citation) -> String {
    let publisher = one_line(&citation.publisher);
    let name = if !publisher.is_empty() {
        publisher
    } else {
        // The words before a colon or dash, when fewer.
        let title = one_line(&citation.title);
        let mut words: Vec<&str> = Vec::new();
        for word in title.split_whitespace().take(TITLE_WORDS) {
            if matches!(word, "-" | "–" | "—" | "|") {
                break;
            }
            words.push(word);
            if word.ends_with(':') {
                break;
            }
        }
        words
            .join(" ")
            .trim_end_matches(|c: char| c.is_ascii_punctuation() && c != ')')
            .to_owned()
    };
    if name.is_empty() {
        "Source".to_owned()
    } else {
        crate::util::snippet(&name, MAX_NAME_CHARS)
    }
}

/// `name` itself when `taken` refuses it not, else `name (2)`, `name (3)`…,
/// the first that is free.
pub fn unique_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(name) {
        return name.to_owned();
    }
    (2..)
        .map(|n| format!("{name} ({n})"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| name.to_owned())
}

/// Checks a short name a person typed: one line, 1 to [`MAX_NAME_CHARS`]
/// chars, no control characters.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("a source needs a short name".to_owned());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "a short name has at most {MAX_NAME_CHARS} characters"
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("a short name is one line of text".to_owned());
    }
    if name.trim() != name {
        return Err("a short name does not start or end with a space".to_owned());
    }
    Ok(())
}

/// The text on one line, cut after the last whole word that fits in
/// `max_chars` (with `…`) when it is longer.
fn first_words(text: &str, max_chars: usize) -> String {
    let flat = one_line(text);
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let mut cut = String::new();
    for word in flat.split(' ') {
        let wanted = cut.chars().count() + usize::from(!cut.is_empty()) + word.chars().count();
        if wanted >= max_chars {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    if cut.is_empty() {
        // One long word.
        return crate::util::snippet(&flat, max_chars);
    }
    cut.push('…');
    cut
}

/// Text on one line, spaces collapsed, control characters dropped.
fn one_line(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Project {
    /// The sources in the order they were added: by the time recorded when
    /// each was added, sources from before such times first, in ID order.
    pub fn sources_in_added_order(&self) -> Vec<&Source> {
        let mut sources: Vec<&Source> = self.sources.iter().collect();
        // A stable sort keeps ID order among equal times.
        sources.sort_by(|a, b| a.added.cmp(&b.added));
        sources
    }

    /// Whether another source than `except` already has this short name
    /// (compared without regard to case).
    pub fn source_name_taken(&self, name: &str, except: Option<&SourceId>) -> bool {
        self.sources
            .iter()
            .any(|s| Some(&s.id) != except && s.name.to_lowercase() == name.to_lowercase())
    }

    /// The short name a new source with this citation gets: its default
    /// name, made unique in the project.
    pub fn new_source_name(&self, citation: &Citation) -> String {
        unique_name(&default_name(citation), |n| self.source_name_taken(n, None))
    }

    /// Gives every source without a short name one, and makes names that a
    /// merge (or a hand edit) left twice unique, in the order the sources
    /// were added: the first keeps its name, later ones get `(2)`, `(3)`.
    /// Returns whether any name changed.
    pub fn name_sources(&mut self) -> bool {
        let order: Vec<SourceId> = self
            .sources_in_added_order()
            .iter()
            .map(|s| s.id.clone())
            .collect();
        let mut seen: HashSet<String> = HashSet::new();
        let mut changed = false;
        for id in order {
            let Some(source) = self.sources.iter_mut().find(|s| s.id == id) else {
                continue;
            };
            let wanted = if check_name(&source.name).is_ok() {
                source.name.clone()
            } else {
                default_name(&source.citation)
            };
            let name = unique_name(&wanted, |n| seen.contains(&n.to_lowercase()));
            seen.insert(name.to_lowercase());
            if source.name != name {
                source.name = name;
                changed = true;
            }
        }
        changed
    }

    /// The short name of the source with this ID, or the ID when the
    /// project has no such source.
    pub fn source_name(&self, id: &SourceId) -> String {
        self.source(id)
            .map_or_else(|| id.to_string(), |s| s.short_name().to_owned())
    }

    /// The claim's number in the summary's reading order, from 1.
    pub fn claim_number(&self, id: &ClaimId) -> Option<usize> {
        self.claims().position(|(_, c)| &c.id == id).map(|n| n + 1)
    }

    /// How people read a claim's name: its number and first words,
    /// `claim 3, ‘Six people died…’`; the ID when there is no such claim.
    pub fn claim_name(&self, id: &ClaimId) -> String {
        match self.claims().enumerate().find(|(_, (_, c))| &c.id == id) {
            Some((n, (_, claim))) => claim_name(n + 1, &claim.text),
            None => format!("claim {id}"),
        }
    }
}

/// `claim N, ‘first words…’`, for the claim numbered `number` with this text.
pub fn claim_name(number: usize, text: &str) -> String {
    let words = first_words(text, 40);
    if words.is_empty() {
        format!("claim {number}")
    } else {
        format!("claim {number}, ‘{words}’")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str, publisher: &str, title: &str, added: &str) -> Source {
        Source {
            id: id.into(),
            name: String::new(),
            added: added.to_owned(),
            file: format!("sources/{id}.txt"),
            sha256: "0".repeat(64),
            citation: Citation {
                title: title.to_owned(),
                publisher: publisher.to_owned(),
                ..Citation::default()
            },
            original: None,
            previous: Vec::new(),
        }
    }

    #[test]
    fn default_names_prefer_the_publisher_then_the_title() {
        let cite = |publisher: &str, title: &str| Citation {
            publisher: publisher.to_owned(),
            title: title.to_owned(),
            ..Citation::default()
        };
        assert_eq!(default_name(&cite("  AP\n", "Six dead")), "AP");
        assert_eq!(
            default_name(&cite("", "Everything we know: about the clashes")),
            "Everything we know"
        );
        assert_eq!(default_name(&cite("", "Clashes: a report")), "Clashes");
        assert_eq!(default_name(&cite("", "Live — Protests")), "Live");
        assert_eq!(default_name(&cite("", "Protests.")), "Protests");
        assert_eq!(default_name(&cite("", "  ")), "Source");
        assert_eq!(default_name(&cite("A\u{7}P \u{1b}[2J", "")), "AP [2J");
        assert!(check_name(&default_name(&cite("", "\u{1b}\u{7} x"))).is_ok());
        let long = "A".repeat(100);
        assert_eq!(
            default_name(&cite(&long, "")).chars().count(),
            MAX_NAME_CHARS
        );
    }

    #[test]
    fn names_are_made_unique_in_the_order_sources_were_added() {
        let mut project = Project::new("t");
        project.sources = vec![
            source("sb", "AP", "Later", "2026-12-02T10:00:00Z"),
            source("sa", "AP", "Earlier", "2026-12-01T10:00:00Z"),
            source("sc", "", "Reuters wire on the clashes", ""),
        ];
        assert!(project.name_sources());
        let name = |id: &str| project.source_name(&id.into());
        assert_eq!(name("sa"), "AP");
        assert_eq!(name("sb"), "AP (2)");
        assert_eq!(name("sc"), "Reuters wire on");
        assert!(!project.name_sources(), "a second pass changes nothing");
        let order: Vec<&str> = project
            .sources_in_added_order()
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(order, ["sc", "sa", "sb"]);
        assert_eq!(
            project.new_source_name(&Citation {
                publisher: "ap".into(),
                ..Citation::default()
            }),
            "ap (3)"
        );
    }

    #[test]
    fn typed_names_are_checked() {
        assert!(check_name("AP").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name(" AP").is_err());
        assert!(check_name("A\nP").is_err());
        assert!(check_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
    }

    #[test]
    fn claims_are_named_by_number_and_first_words() {
        assert_eq!(
            claim_name(3, "Six people died."),
            "claim 3, ‘Six people died.’"
        );
        assert_eq!(
            claim_name(1, "Supporters of the jailed former prime minister marched"),
            "claim 1, ‘Supporters of the jailed former prime…’"
        );
        assert_eq!(claim_name(2, " "), "claim 2");
        assert_eq!(
            claim_name(4, &"x".repeat(60)),
            format!("claim 4, ‘{}…’", "x".repeat(39))
        );
    }
}
