//! Findings of the provenance check.
//!
//! A [`Finding`] is one problem a reviewer must see: its severity, the rule
//! that found it, the claim or quote it concerns, and a message that says
//! what is wrong and what to do. Loading a project already produces the
//! findings about its integrity (a snapshot missing or changed, a quote that
//! no longer matches its snapshot); see [`crate::store::load`].

use std::fmt;

use serde::Serialize;

use crate::model::{ClaimId, QuoteId};

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
    /// No valid sign-off.
    Unreviewed,
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
            Rule::Unreviewed => "unreviewed",
        }
    }

    /// The severity findings of this rule have.
    pub fn severity(self) -> Severity {
        match self {
            Rule::Unsupported
            | Rule::AnchorUnresolved
            | Rule::QuoteMismatch
            | Rule::SnapshotMissing => Severity::Blocker,
            Rule::SingleSource
            | Rule::Contested
            | Rule::NumberMismatch
            | Rule::CitationIncomplete
            | Rule::Unreviewed => Severity::Warning,
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
            message: message.into(),
        }
    }

    /// The same finding, about a quote.
    pub fn on_quote(mut self, quote: QuoteId) -> Self {
        self.quote = Some(quote);
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}]: {}",
            self.severity.name(),
            self.rule,
            self.message
        )
    }
}
