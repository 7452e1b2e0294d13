//! The provenance check: the rules of DESIGN.md's table, run over a project.
//!
//! A [`Finding`] is one problem a reviewer must see: its severity, the rule
//! that found it, the claim or quote it concerns, and a message that says
//! what is wrong and what to do. [`run`] gives every finding of a project;
//! `attest check`, the review panel, sign-off and export all use it.
//!
//! Integrity findings (a snapshot missing or changed on disk, a quote that
//! does not match its snapshot, a quote an update could not carry over) come
//! from [`integrity`], which loading also uses to report them at once.
//!
//! The review may use `model`, `text` and `util`; it sits below the project,
//! whose store checks what it loads with these rules, and never edits a
//! project.

pub mod numbers;
mod rules;
mod run;

use rules::*;
pub use run::*;

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use crate::model::{Claim, ClaimId, Project, QuoteId, SourceId, Stance};
use crate::text::anchor::quote_problem;
use crate::text::reanchor::unresolved_message;
use crate::text::snapshot::Snapshots;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks publication.
    Blocker,
    /// Needs a look; blocks only with `--strict`.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Blocker => "blocker",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The rules of the provenance check (DESIGN.md, "The provenance check").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A claim has no supporting quote.
    Unsupported,
    /// A quote is unresolved after a source update.
    AnchorUnresolved,
    /// Stored quote text differs from the snapshot at its offsets.
    QuoteMismatch,
    /// A source snapshot is missing or its hash does not match.
    SnapshotMissing,
    /// Fewer distinct supporting sources than the project's minimum.
    SingleSource,
    /// A claim has contradicting evidence.
    Contested,
    /// A number in the claim appears in none of its supporting quotes.
    NumberMismatch,
    /// A cited source lacks title, publisher, date or URL.
    CitationIncomplete,
    /// Pages of a source's original could not be read, so its text lacks
    /// them.
    UnreadablePages,
    /// No valid sign-off.
    Unreviewed,
    /// A git merge left a choice to make.
    MergeConflict,
    /// A valid sign-off (for information).
    SignedOff,
    /// Two supporting sources that share text count as independent because
    /// an editor said so (for information, with the reason).
    MarkedIndependent,
    /// A cited passage that the live page no longer carries as quoted
    /// (`attest recheck`); a blocker when the claim has no other support.
    ChangedAtSource,
}

impl Rule {
    /// The rule's name as printed and used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Unsupported => "unsupported",
            Rule::AnchorUnresolved => "anchor-unresolved",
            Rule::QuoteMismatch => "quote-mismatch",
            Rule::SnapshotMissing => "snapshot-missing",
            Rule::SingleSource => "single-source",
            Rule::Contested => "contested",
            Rule::NumberMismatch => "number-mismatch",
            Rule::CitationIncomplete => "citation-incomplete",
            Rule::UnreadablePages => "unreadable-pages",
            Rule::Unreviewed => "unreviewed",
            Rule::MergeConflict => "merge-conflict",
            Rule::SignedOff => "signed-off",
            Rule::MarkedIndependent => "marked-independent",
            Rule::ChangedAtSource => "changed-at-source",
        }
    }

    /// The severity findings of this rule have.
    pub fn severity(self) -> Severity {
        match self {
            Rule::Unsupported
            | Rule::MergeConflict
            | Rule::AnchorUnresolved
            | Rule::QuoteMismatch
            | Rule::SnapshotMissing => Severity::Blocker,
            Rule::SingleSource
            | Rule::Contested
            | Rule::NumberMismatch
            | Rule::CitationIncomplete
            | Rule::UnreadablePages
            | Rule::ChangedAtSource
            | Rule::Unreviewed => Severity::Warning,
            Rule::SignedOff | Rule::MarkedIndependent => Severity::Info,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One result of the provenance check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How much it matters.
    pub severity: Severity,
    /// Which rule found it.
    pub rule: Rule,
    /// The claim concerned, if any.
    pub claim: Option<ClaimId>,
    /// The quote concerned, if any.
    pub quote: Option<QuoteId>,
    /// The source concerned, for findings about a source as a whole.
    #[serde(skip)]
    pub source: Option<SourceId>,
    /// What is wrong, where, and what to do.
    pub message: String,
}

impl Finding {
    /// A finding of `rule` with the rule's severity.
    pub fn new(rule: Rule, message: impl Into<String>) -> Self {
        Self {
            severity: rule.severity(),
            rule,
            claim: None,
            quote: None,
            source: None,
            message: message.into(),
        }
    }

    /// The same finding with another severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The same finding, about a claim.
    pub fn on_claim(mut self, claim: ClaimId) -> Self {
        self.claim = Some(claim);
        self
    }

    /// The same finding, about a source as a whole.
    pub fn on_source(mut self, source: SourceId) -> Self {
        self.source = Some(source);
        self
    }

    /// The same finding, about a quote.
    pub fn on_quote(mut self, quote: QuoteId) -> Self {
        self.quote = Some(quote);
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.severity.name(), self.rule)?;
        if let Some(claim) = &self.claim {
            write!(f, " claim `{claim}`")?;
        }
        // The ID a message names a quote by for people is its text.
        if let Some(quote) = &self.quote
            && !self.message.contains(quote.as_str())
        {
            write!(f, " quote `{quote}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Why snapshot files could not be read, by the SHA-256 of the version they
/// hold: found when loading, kept so the check can say what went wrong.
pub type SnapshotProblems = HashMap<String, String>;

/// The integrity findings of a project: sources whose current snapshot is
/// missing or changed, quotes that do not match their snapshot, quotes that
/// refer to an earlier version that is gone, and quotes an update could not
/// carry over. `place` gives the text that locates a record by its ID (such
/// as ` (project.ron:12)`), or nothing.
pub fn integrity(
    project: &Project,
    texts: &Snapshots,
    problems: &SnapshotProblems,
    place: &dyn Fn(&str) -> String,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for source in &project.sources {
        if texts.get(&source.sha256).is_none() {
            let problem = problems
                .get(&source.sha256)
                .map_or("its snapshot is not loaded; open the project again", |p| {
                    p.as_str()
                });
            findings.push(
                Finding::new(
                    Rule::SnapshotMissing,
                    format!(
                        "source `{}`{}: {problem}",
                        source.id,
                        place(source.id.as_str())
                    ),
                )
                .on_source(source.id.clone()),
            );
        }
    }
    let sources = project.sources_by_id();
    for quote in &project.quotes {
        let Some(source) = sources.get(&quote.source) else {
            continue;
        };
        // Only a quote with a finding is looked up in the project file.
        let at = || place(quote.id.as_str());
        let version = quote
            .unresolved
            .as_ref()
            .map_or(source.sha256.as_str(), |u| u.version.as_str());
        match texts.get(version) {
            Some(text) => {
                if let Some(problem) = quote_problem(quote, text) {
                    findings.push(
                        Finding::new(
                            Rule::QuoteMismatch,
                            format!("quote `{}`{}: {problem}", quote.id, at()),
                        )
                        .on_quote(quote.id.clone()),
                    );
                }
            }
            None if version != source.sha256 => {
                let problem = problems
                    .get(version)
                    .map_or("that version's snapshot is not recorded", String::as_str);
                findings.push(
                    Finding::new(
                        Rule::SnapshotMissing,
                        format!(
                            "quote `{}`{} refers to an earlier version of `{}`: {problem}",
                            quote.id,
                            at(),
                            quote.source
                        ),
                    )
                    .on_quote(quote.id.clone()),
                );
            }
            // The source's own finding covers a missing current version.
            None => {}
        }
        if let Some(unresolved) = &quote.unresolved {
            findings.push(
                Finding::new(
                    Rule::AnchorUnresolved,
                    unresolved_message(quote, unresolved),
                )
                .on_quote(quote.id.clone()),
            );
        }
    }
    findings
}

/// Every finding of a project, in the order a reviewer reads them: claim by
/// claim in summary order, then the sources, then quotes no claim cites.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    findings: Vec<Finding>,
    /// Where each claim's findings are in `findings`, so the review panel
    /// can ask claim by claim without scanning them all.
    by_claim: HashMap<ClaimId, Vec<usize>>,
}

impl Report {
    fn new(findings: Vec<Finding>) -> Self {
        let mut by_claim: HashMap<ClaimId, Vec<usize>> = HashMap::new();
        for (i, finding) in findings.iter().enumerate() {
            if let Some(claim) = &finding.claim {
                by_claim.entry(claim.clone()).or_default().push(i);
            }
        }
        Self { findings, by_claim }
    }

    /// All the findings, in reading order.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether publication is blocked: by any blocker, or with `strict` by
    /// any warning too.
    pub fn blocks(&self, strict: bool) -> bool {
        self.findings.iter().any(|f| blocks(f, strict))
    }

    /// The findings that block publication.
    pub fn blocking(&self, strict: bool) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| blocks(f, strict))
    }

    /// The findings about one claim.
    pub fn of_claim<'a>(&'a self, claim: &'a ClaimId) -> impl Iterator<Item = &'a Finding> {
        self.by_claim
            .get(claim)
            .into_iter()
            .flatten()
            .map(|&i| &self.findings[i])
    }

    /// The findings about no claim: sources, and quotes no claim cites.
    pub fn general(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.claim.is_none())
    }

    /// Whether the claim has a finding that blocks.
    pub fn claim_blocked(&self, claim: &ClaimId) -> bool {
        self.of_claim(claim)
            .any(|f| f.severity == Severity::Blocker)
    }
}

fn blocks(finding: &Finding, strict: bool) -> bool {
    match finding.severity {
        Severity::Blocker => true,
        Severity::Warning => strict,
        Severity::Info => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Citation, SignOff};
    use crate::project::actions;
    use crate::project::command::{Command, apply};

    /// A project built through the real actions, with the check's view of it.
    struct Story {
        project: Project,
        texts: Snapshots,
    }

    const WIRE: &str = "Officials said six people died on 26 November 2024. Dozens were hurt.";
    const OTHER: &str = "Another report counted five deaths and hundreds of arrests.";

    fn full_citation(title: &str) -> Citation {
        Citation {
            title: title.into(),
            publisher: "Wire".into(),
            url: format!("https://example.org/{title}"),
            published: "2024-11-27".into(),
            ..Citation::default()
        }
    }

    impl Story {
        fn new() -> Self {
            let mut story = Self {
                project: Project::new("t"),
                texts: Snapshots::default(),
            };
            story.project.settings.min_sources = 1;
            story
        }

        fn apply(&mut self, command: Command) {
            apply(&mut self.project, &mut self.texts, command).unwrap();
        }

        fn source(&mut self, text: &str, citation: Citation) -> SourceId {
            let (command, id) =
                actions::add_source(&self.project, text.into(), citation, None).unwrap();
            self.apply(command);
            id
        }

        fn claim(&mut self, text: &str) -> ClaimId {
            let (command, id) = actions::add_claim(&self.project, text, None).unwrap();
            self.apply(command);
            id
        }

        fn cite(
            &mut self,
            claim: &ClaimId,
            source: &SourceId,
            quote: &str,
            stance: Stance,
        ) -> QuoteId {
            let span =
                actions::find_quote(&self.project, &self.texts, source, quote, "", "").unwrap();
            let (command, id) = actions::cite(
                &self.project,
                &self.texts,
                claim,
                source,
                span.start..span.end,
                stance,
                "",
            )
            .unwrap();
            self.apply(command);
            id
        }

        fn sign(&mut self, claim: &ClaimId) {
            let hash = self
                .project
                .claim(claim)
                .unwrap()
                .content_hash(&self.project);
            self.apply(Command::SetSignOff {
                claim: claim.clone(),
                signoff: Some(SignOff {
                    by: "Ana".into(),
                    at: "2024-11-28T09:00:00Z".into(),
                    hash,
                    note: String::new(),
                }),
            });
        }

        fn report(&self) -> Report {
            run(&self.project, &self.texts, &SnapshotProblems::new())
        }

        fn rules_of(&self, claim: &ClaimId) -> Vec<(Severity, Rule)> {
            self.report()
                .of_claim(claim)
                .map(|f| (f.severity, f.rule))
                .collect()
        }

        fn has(&self, claim: &ClaimId, rule: Rule, severity: Severity) -> bool {
            self.rules_of(claim).contains(&(severity, rule))
        }
    }

    /// A claim supported by one fully cited source and signed off: clean.
    fn clean() -> (Story, ClaimId, SourceId) {
        let mut s = Story::new();
        let wire = s.source(WIRE, full_citation("wire"));
        let c = s.claim("Six people died.");
        s.cite(&c, &wire, "six people died", Stance::Supports);
        s.sign(&c);
        (s, c, wire)
    }

    #[test]
    fn a_clean_claim_has_only_its_signoff() {
        let (s, c, _) = clean();
        assert_eq!(s.rules_of(&c), [(Severity::Info, Rule::SignedOff)]);
        assert!(!s.report().blocks(true));
    }

    #[test]
    fn unsupported() {
        let (mut s, c, wire) = clean();
        assert!(!s.has(&c, Rule::Unsupported, Severity::Blocker));
        let bare = s.claim("Nobody backs this.");
        assert!(s.has(&bare, Rule::Unsupported, Severity::Blocker));
        let framed = s.claim("Only framed.");
        s.cite(&framed, &wire, "Dozens were hurt", Stance::Context);
        assert!(s.has(&framed, Rule::Unsupported, Severity::Blocker));
        assert!(s.report().blocks(false));
    }

    #[test]
    fn single_source() {
        let (mut s, c, wire) = clean();
        s.project.settings.min_sources = 2;
        assert!(s.has(&c, Rule::SingleSource, Severity::Warning));
        let other = s.source(OTHER, full_citation("other"));
        s.cite(&c, &other, "five deaths", Stance::Supports);
        assert!(!s.has(&c, Rule::SingleSource, Severity::Warning));
        // Two quotes of one source are still one source.
        let c2 = s.claim("Dozens were hurt.");
        s.cite(&c2, &wire, "Dozens were hurt", Stance::Supports);
        s.cite(&c2, &wire, "Officials said", Stance::Supports);
        assert!(s.has(&c2, Rule::SingleSource, Severity::Warning));
        // The same words from two sources, written differently, count once;
        // other words with as many letters do not.
        let quoted = s.source(
            "The paper quoted it: SIX PEOPLE — died, officials said.",
            full_citation("paper"),
        );
        let agency = s.source("Six people died, officials said.", full_citation("agency"));
        let c3 = s.claim("Six people died.");
        s.cite(
            &c3,
            &agency,
            "Six people died, officials said",
            Stance::Supports,
        );
        s.cite(
            &c3,
            &quoted,
            "SIX PEOPLE — died, officials said",
            Stance::Supports,
        );
        assert!(s.has(&c3, Rule::SingleSource, Severity::Warning));
        let other_words = s.source("Six people dies, officials said.", full_citation("typo"));
        let c4 = s.claim("Six people died.");
        s.cite(
            &c4,
            &agency,
            "Six people died, officials said",
            Stance::Supports,
        );
        s.cite(
            &c4,
            &other_words,
            "Six people dies, officials said",
            Stance::Supports,
        );
        assert!(!s.has(&c4, Rule::SingleSource, Severity::Warning));
    }

    #[test]
    fn contested() {
        let (mut s, c, _) = clean();
        assert!(!s.has(&c, Rule::Contested, Severity::Warning));
        let other = s.source(OTHER, full_citation("other"));
        let q = s.cite(&c, &other, "five deaths", Stance::Contradicts);
        let report = s.report();
        let finding = report
            .of_claim(&c)
            .find(|f| f.rule == Rule::Contested)
            .unwrap();
        assert_eq!(finding.quote.as_ref(), Some(&q));
        assert!(
            finding.message.contains("five deaths"),
            "{}",
            finding.message
        );
    }

    #[test]
    fn number_mismatch() {
        let (mut s, c, wire) = clean();
        assert!(!s.has(&c, Rule::NumberMismatch, Severity::Warning));
        // "six" against a quote saying "5 deaths" is a warning.
        let other = s.source("Officials counted 5 deaths.", full_citation("other"));
        let c2 = s.claim("Six people died.");
        s.cite(&c2, &other, "5 deaths", Stance::Supports);
        assert!(s.has(&c2, Rule::NumberMismatch, Severity::Warning));
        let report = s.report();
        let message = &report
            .of_claim(&c2)
            .find(|f| f.rule == Rule::NumberMismatch)
            .unwrap()
            .message;
        assert!(message.contains("“Six” (6)"), "{message}");
        // "6" against "six" is not.
        let c3 = s.claim("6 people died on 26 November 2024.");
        s.cite(
            &c3,
            &wire,
            "six people died on 26 November 2024",
            Stance::Supports,
        );
        assert!(
            !s.has(&c3, Rule::NumberMismatch, Severity::Warning),
            "{:?}",
            s.rules_of(&c3)
        );
        // A date the quotes do not give is a mismatch.
        let c4 = s.claim("Six people died on 25 November.");
        s.cite(
            &c4,
            &wire,
            "six people died on 26 November 2024",
            Stance::Supports,
        );
        assert!(s.has(&c4, Rule::NumberMismatch, Severity::Warning));
        // A vague amount is backed by a vague amount.
        let c5 = s.claim("Dozens were injured.");
        s.cite(&c5, &wire, "Dozens were hurt", Stance::Supports);
        assert!(!s.has(&c5, Rule::NumberMismatch, Severity::Warning));
    }

    #[test]
    fn contradicting_figures_are_reported_for_information() {
        let (mut s, c, _) = clean();
        let other = s.source(OTHER, full_citation("other"));
        s.cite(&c, &other, "five deaths", Stance::Contradicts);
        let report = s.report();
        let info = report
            .of_claim(&c)
            .find(|f| f.rule == Rule::NumberMismatch)
            .expect("an info finding about the other figure");
        assert_eq!(info.severity, Severity::Info);
        assert!(info.message.contains("“five” (5)"), "{}", info.message);
    }

    #[test]
    fn citation_incomplete() {
        let (mut s, _, _) = clean();
        assert!(
            !s.report()
                .findings()
                .iter()
                .any(|f| f.rule == Rule::CitationIncomplete)
        );
        let bare = s.source(
            OTHER,
            Citation {
                title: "Other".into(),
                ..Citation::default()
            },
        );
        // Only sources a claim cites matter.
        assert!(
            !s.report()
                .findings()
                .iter()
                .any(|f| f.rule == Rule::CitationIncomplete)
        );
        let c = s.claim("Five died.");
        s.cite(&c, &bare, "five deaths", Stance::Supports);
        let report = s.report();
        let finding = report
            .general()
            .find(|f| f.rule == Rule::CitationIncomplete)
            .unwrap();
        assert_eq!(finding.source.as_ref(), Some(&bare));
        assert!(
            finding
                .message
                .contains("no publisher, publication date or URL"),
            "{}",
            finding.message
        );
    }

    #[test]
    fn unreviewed_until_signed_and_again_after_a_change() {
        let mut s = Story::new();
        let wire = s.source(WIRE, full_citation("wire"));
        let c = s.claim("Six people died.");
        let q = s.cite(&c, &wire, "six people died", Stance::Supports);
        assert!(s.has(&c, Rule::Unreviewed, Severity::Warning));
        s.sign(&c);
        assert!(!s.has(&c, Rule::Unreviewed, Severity::Warning));
        assert!(
            s.has(&c, Rule::SignedOff, Severity::Info),
            "a valid sign-off is shown as one"
        );
        s.apply(Command::SetStance {
            claim: c.clone(),
            quote: q,
            stance: Stance::Context,
        });
        assert!(s.has(&c, Rule::Unreviewed, Severity::Warning));
        let report = s.report();
        let message = &report
            .of_claim(&c)
            .find(|f| f.rule == Rule::Unreviewed)
            .unwrap()
            .message;
        assert_eq!(
            message,
            "signed off by Ana on 2024-11-28; the claim changed since, so it needs a new sign-off"
        );
        assert!(!s.has(&c, Rule::SignedOff, Severity::Info));
    }

    #[test]
    fn quote_mismatch_and_unresolved_appear_under_each_citing_claim() {
        let (mut s, c, _) = clean();
        let q = s.project.claim(&c).unwrap().evidence[0].quote.clone();
        let i = s.project.quote_index(&q).unwrap();
        s.project.quotes[i].text = "seven people died".into();
        assert!(s.has(&c, Rule::QuoteMismatch, Severity::Blocker));
        s.project.quotes[i].text = "six people died".into();
        assert!(!s.has(&c, Rule::QuoteMismatch, Severity::Blocker));
        let version = s.project.sources[0].sha256.clone();
        s.project.quotes[i].unresolved = Some(crate::model::Unresolved {
            status: crate::model::AnchorStatus::Orphaned,
            version,
            new_text: String::new(),
            place: None,
        });
        assert!(s.has(&c, Rule::AnchorUnresolved, Severity::Blocker));
    }

    #[test]
    fn snapshot_missing() {
        let (s, _, wire) = clean();
        assert!(
            !s.report()
                .findings()
                .iter()
                .any(|f| f.rule == Rule::SnapshotMissing)
        );
        let mut problems = SnapshotProblems::new();
        problems.insert(
            s.project.sources[0].sha256.clone(),
            "it was changed on disk".into(),
        );
        let report = run(&s.project, &Snapshots::default(), &problems);
        let finding = report
            .general()
            .find(|f| f.rule == Rule::SnapshotMissing)
            .unwrap();
        assert_eq!(finding.source.as_ref(), Some(&wire));
        assert_eq!(finding.severity, Severity::Blocker);
        assert!(finding.message.contains("changed on disk"));
        assert!(report.blocks(false));
    }
}
