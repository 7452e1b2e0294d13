//! The project: its title, check settings, sources, quotes and the summary
//! as paragraphs of claims, with lookups and the edits that keep its
//! records consistent.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::*;

/// Project-wide settings that affect the provenance check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// How many distinct sources must support each claim (rule `single-source`).
    pub min_sources: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self { min_sources: 2 }
    }
}

/// A whole project, as saved in `project.ron` (whose layout
/// [`crate::project::store`] owns).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    /// The file format version; see [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The project's title.
    pub title: String,
    /// Settings of the provenance check.
    pub settings: Settings,
    /// The sources, ordered by ID ([`SourceId::sort_key`]).
    pub sources: Vec<Source>,
    /// The quotes, ordered by ID ([`QuoteId::sort_key`]).
    pub quotes: Vec<Quote>,
    /// The summary: paragraphs of claims, in reading order (the order of
    /// their [`Position`]s). A paragraph is empty only in the middle of an
    /// edit; empty paragraphs are not saved.
    pub paragraphs: Vec<Paragraph>,
    /// What a git merge left for a human to decide.
    pub conflicts: Vec<Conflict>,
    /// Sources that are not independent of each other, in key order.
    pub links: Vec<SourceLink>,
    /// Web sources compared with their live pages, by source and time
    /// ([`Project::sort_rechecks`]).
    pub rechecks: Vec<Recheck>,
}

impl Project {
    /// An empty project with this title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            title: title.into(),
            settings: Settings::default(),
            sources: Vec::new(),
            quotes: Vec::new(),
            paragraphs: Vec::new(),
            conflicts: Vec::new(),
            links: Vec::new(),
            rechecks: Vec::new(),
        }
    }

    /// The source with this ID. Until a source is removed, `sN` is the Nth;
    /// otherwise (or for a custom ID) the list, which is short, is searched.
    /// A loop over many records can use [`Project::sources_by_id`].
    pub fn source(&self, id: &SourceId) -> Option<&Source> {
        let guess = id
            .number()
            .and_then(|n| (n as usize).checked_sub(1))
            .and_then(|i| self.sources.get(i));
        match guess {
            Some(source) if &source.id == id => Some(source),
            _ => self.sources.iter().find(|s| &s.id == id),
        }
    }

    /// The sources by ID.
    pub fn sources_by_id(&self) -> HashMap<&SourceId, &Source> {
        self.sources.iter().map(|s| (&s.id, s)).collect()
    }

    /// The quotes by ID, for a loop that looks up many.
    pub fn quotes_by_id(&self) -> HashMap<&QuoteId, &Quote> {
        self.quotes.iter().map(|q| (&q.id, q)).collect()
    }

    /// The quote with this ID.
    pub fn quote(&self, id: &QuoteId) -> Option<&Quote> {
        self.quote_index(id).map(|i| &self.quotes[i])
    }

    /// Position of a quote in [`Project::quotes`].
    pub fn quote_index(&self, id: &QuoteId) -> Option<usize> {
        // Until a quote is removed, a numbered `qN` is the Nth; otherwise
        // the list is searched in its order.
        if let Some(i) = id.number().and_then(|n| (n as usize).checked_sub(1))
            && self.quotes.get(i).is_some_and(|q| &q.id == id)
        {
            return Some(i);
        }
        if id.number().is_some() {
            let key = id.sort_key();
            return self
                .quotes
                .binary_search_by(|q| q.id.sort_key().cmp(&key))
                .ok();
        }
        // Any other ID sorts after every numbered one, by its text. Most
        // probes meet a keyed ID, which a letter among its first digits
        // tells from a numbered one without parsing it.
        let numbered =
            |q: &QuoteId| q.0.bytes().skip(1).all(|b| b.is_ascii_digit()) && q.number().is_some();
        self.quotes
            .binary_search_by(|q| {
                if numbered(&q.id) {
                    std::cmp::Ordering::Less
                } else {
                    q.id.0.cmp(&id.0)
                }
            })
            .ok()
    }

    /// The claim with this ID.
    pub fn claim(&self, id: &ClaimId) -> Option<&Claim> {
        self.claim_place(id)
            .map(|p| &self.paragraphs[p.paragraph][p.index])
    }

    /// The claim with this ID, for editing.
    pub(crate) fn claim_mut(&mut self, id: &ClaimId) -> Option<&mut Claim> {
        let place = self.claim_place(id)?;
        Some(&mut self.paragraphs[place.paragraph][place.index])
    }

    /// Where the claim with this ID sits in the summary.
    pub fn claim_place(&self, id: &ClaimId) -> Option<ClaimPlace> {
        self.paragraphs
            .iter()
            .enumerate()
            .find_map(|(paragraph, claims)| {
                let index = claims.iter().position(|c| &c.id == id)?;
                Some(ClaimPlace { paragraph, index })
            })
    }

    /// All claims in reading order, each with its paragraph index.
    pub fn claims(&self) -> impl Iterator<Item = (usize, &Claim)> {
        self.paragraphs
            .iter()
            .enumerate()
            .flat_map(|(p, claims)| claims.iter().map(move |c| (p, c)))
    }

    /// The quotes taken from one source.
    pub fn quotes_of<'a>(&'a self, source: &'a SourceId) -> impl Iterator<Item = &'a Quote> {
        self.quotes.iter().filter(move |q| &q.source == source)
    }

    /// The claims that cite a quote, with the stance of each link.
    pub fn citing_claims<'a>(
        &'a self,
        quote: &'a QuoteId,
    ) -> impl Iterator<Item = (&'a Claim, &'a Evidence)> {
        self.claims()
            .filter_map(move |(_, c)| c.evidence_for(quote).map(|e| (c, e)))
    }

    /// Whether any claim cites a quote.
    pub fn is_cited(&self, quote: &QuoteId) -> bool {
        self.citing_claims(quote).next().is_some()
    }

    /// Whether a source, quote or claim has this ID.
    pub fn id_in_use(&self, id: &str) -> bool {
        self.record_id_in_use(id) || self.claims().any(|(_, c)| c.id.as_str() == id)
    }

    /// Whether a source or quote has this ID.
    fn record_id_in_use(&self, id: &str) -> bool {
        self.sources.iter().any(|s| s.id.as_str() == id)
            || self.quote_index(&QuoteId::from(id)).is_some()
    }

    /// [`Project::id_in_use`] for many IDs in turn: the claims' IDs are
    /// gathered once (a batch of 20,000 quotes checked against 5,000 claims
    /// one by one was most of an import's time).
    pub fn ids_in_use(&self) -> impl Fn(&str) -> bool + '_ {
        let claims: HashSet<&str> = self.claims().map(|(_, c)| c.id.as_str()).collect();
        move |id| self.record_id_in_use(id) || claims.contains(id)
    }

    /// The quote of `source` at exactly `start..end`, if one exists.
    pub fn quote_at(&self, source: &SourceId, start: usize, end: usize) -> Option<&Quote> {
        self.quotes
            .iter()
            .find(|q| &q.source == source && q.start == start && q.end == end)
    }

    /// A new source ID, used by nothing in the project.
    pub fn new_source_id(&self) -> SourceId {
        SourceId(
            self.new_ids(SourceId::PREFIX, 1, self.sources.len())
                .remove(0),
        )
    }

    /// A new quote ID, used by nothing in the project.
    pub fn new_quote_id(&self) -> QuoteId {
        QuoteId(
            self.new_ids(QuoteId::PREFIX, 1, self.quotes.len())
                .remove(0),
        )
    }

    /// A new claim ID, used by nothing in the project.
    pub fn new_claim_id(&self) -> ClaimId {
        ClaimId(
            self.new_ids(ClaimId::PREFIX, 1, self.claims().count())
                .remove(0),
        )
    }

    /// `count` new, distinct quote IDs, for edits that add many at once.
    pub fn new_quote_ids(&self, count: usize) -> Vec<QuoteId> {
        let ids = self.new_ids(QuoteId::PREFIX, count, self.quotes.len());
        ids.into_iter().map(QuoteId).collect()
    }

    /// `count` new, distinct claim IDs, for edits that add many at once.
    pub fn new_claim_ids(&self, count: usize) -> Vec<ClaimId> {
        let ids = self.new_ids(ClaimId::PREFIX, count, self.claims().count());
        ids.into_iter().map(ClaimId).collect()
    }

    /// `count` IDs of `kind` that no record has, each the letter and a
    /// random key; `records` (how many there are of that kind) salts a
    /// seeded sequence ([`random_keys`]). Only sources have IDs a user
    /// chose, so only they and the records of this kind can clash.
    fn new_ids(&self, kind: char, count: usize, records: usize) -> Vec<String> {
        let mut taken: HashSet<&str> = self.sources.iter().map(|s| s.id.as_str()).collect();
        match kind {
            QuoteId::PREFIX => taken.extend(self.quotes.iter().map(|q| q.id.as_str())),
            ClaimId::PREFIX => taken.extend(self.claims().map(|(_, c)| c.id.as_str())),
            _ => {}
        }
        let mut fresh: HashSet<String> = HashSet::with_capacity(count);
        let mut ids = Vec::with_capacity(count);
        let mut round = 0;
        while ids.len() < count {
            let salt = format!("{records}/{round}");
            round += 1;
            for key in random_keys(kind, &salt, count - ids.len()) {
                let id = format!("{kind}{key}");
                if is_key(Some(&key)) && !taken.contains(id.as_str()) && fresh.insert(id.clone()) {
                    ids.push(id);
                }
            }
        }
        ids
    }

    /// Puts sources and quotes in ID order ([`SourceId::sort_key`]), as
    /// lookups by ID expect.
    pub fn sort_records(&mut self) {
        self.sources
            .sort_by(|a, b| a.id.sort_key().cmp(&b.id.sort_key()));
        self.quotes
            .sort_by(|a, b| a.id.sort_key().cmp(&b.id.sort_key()));
    }

    /// Puts claims in their summary order: sorted by [`Position`] (then
    /// ID), one paragraph per paragraph key.
    pub fn set_claims(&mut self, mut claims: Vec<Claim>) {
        claims.sort_by(|a, b| {
            a.at.cmp(&b.at)
                .then_with(|| a.id.sort_key().cmp(&b.id.sort_key()))
        });
        let mut paragraphs: Vec<Paragraph> = Vec::new();
        for claim in claims {
            match paragraphs.last_mut() {
                Some(last) if last[0].at.paragraph == claim.at.paragraph => last.push(claim),
                _ => paragraphs.push(vec![claim]),
            }
        }
        self.paragraphs = paragraphs;
    }

    /// Gives every claim a fresh position in its current order: for claims
    /// read from a file that had none, and when no key fits between two
    /// equal ones. The keys follow from the order alone, so two branches
    /// that upgrade the same older file agree on them.
    pub fn renumber_positions(&mut self) {
        let mut paragraph_key: Option<String> = None;
        for paragraph in &mut self.paragraphs {
            let index = Position::order_between(paragraph_key.as_deref(), None)
                .expect("a key after a well-formed one exists");
            let key = format!("{index}.0");
            let mut order: Option<String> = None;
            for claim in paragraph.iter_mut() {
                let next = Position::order_between(order.as_deref(), None)
                    .expect("a key after a well-formed one exists");
                claim.at = Position {
                    paragraph: key.clone(),
                    order: next.clone(),
                };
                order = Some(next);
            }
            paragraph_key = Some(index);
        }
    }
}
