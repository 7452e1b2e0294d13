//! Links between sources that are not independent of each other: the same
//! document added twice, or two documents that share text verbatim (a wire
//! story and its republished copies, a press release and the report that
//! reprints it). Sources linked this way count as one source for the
//! two-source rule, unless an editor marks the pair independent with a
//! reason.
//!
//! A link is measured when a source is added or updated (see
//! `text::shared`) and recorded in `project.ron`, keyed by its pair of
//! source IDs (`s1+s2`, the first in ID order).

use serde::{Deserialize, Serialize};

use super::{Project, SourceId};

/// How two sources are related.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LinkKind {
    /// The same text, or the same original bytes: one document added twice.
    SameDocument,
    /// A large part of one's text, or a long passage, is in the other.
    SharedText,
}

/// Two sources that are not independent of each other.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceLink {
    /// The first source of the pair, in ID order.
    pub a: SourceId,
    /// The second source of the pair.
    pub b: SourceId,
    /// What they share.
    pub kind: LinkKind,
    /// The share of the shorter text found verbatim in the other, in percent.
    pub share: u8,
    /// The longest passage they share, in words.
    pub longest: u32,
    /// Why an editor counts the two as independent sources nonetheless;
    /// `None` while they count as one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub independent: Option<String>,
}

impl SourceLink {
    /// The record key of a pair: `s1+s2`, the two IDs in ID order.
    pub fn key(&self) -> String {
        pair_key(&self.a, &self.b)
    }

    /// What links are ordered by: their pair of IDs, each by
    /// [`SourceId::sort_key`].
    pub fn sort_key(&self) -> ((bool, u32, &str), (bool, u32, &str)) {
        (self.a.sort_key(), self.b.sort_key())
    }

    /// Whether the link involves `source`.
    pub fn involves(&self, source: &SourceId) -> bool {
        self.a == *source || self.b == *source
    }

    /// The other source of the pair, seen from `source`.
    pub fn other(&self, source: &SourceId) -> &SourceId {
        if self.a == *source { &self.b } else { &self.a }
    }

    /// Whether the two count as one source for the two-source rule.
    pub fn counts_as_one(&self) -> bool {
        self.independent.is_none()
    }

    /// What the link says, for people: "the same document", "shares 83% of
    /// its text", "shares a passage of 74 words".
    pub fn describe(&self) -> String {
        match self.kind {
            LinkKind::SameDocument => "is the same document as".to_owned(),
            LinkKind::SharedText if self.share >= 40 => {
                format!("shares {}% of its text with", self.share)
            }
            LinkKind::SharedText => {
                format!("shares a passage of {} words with", self.longest)
            }
        }
    }
}

impl SourceLink {
    /// The link seen from `source`, for people: "shares 83% of its text
    /// with ‘AP’ — likely the same wire copy; counts as one
    /// source with it".
    pub fn summary(&self, project: &Project, source: &SourceId) -> String {
        let other = self.other(source);
        let label = project
            .source(other)
            .map_or_else(|| other.to_string(), |s| format!("‘{}’", s.short_name()));
        let likely = match self.kind {
            LinkKind::SharedText if self.share >= 40 => " — likely the same wire copy",
            _ => "",
        };
        let counted = match &self.independent {
            Some(reason) => format!("marked independent: {reason}"),
            None => "counts as one source with it".to_owned(),
        };
        format!("{} {label}{likely}; {counted}", self.describe())
    }
}

/// The record key of a pair of sources: `s1+s2`, in ID order. `+` is never
/// part of an ID, so a key never reads as one.
pub fn pair_key(a: &SourceId, b: &SourceId) -> String {
    let (a, b) = ordered(a, b);
    format!("{a}+{b}")
}

/// The two IDs in ID order.
pub fn ordered<'a>(a: &'a SourceId, b: &'a SourceId) -> (&'a SourceId, &'a SourceId) {
    if a.sort_key() <= b.sort_key() {
        (a, b)
    } else {
        (b, a)
    }
}

impl Project {
    /// The link between two sources, if any.
    pub fn link(&self, a: &SourceId, b: &SourceId) -> Option<&SourceLink> {
        let (a, b) = ordered(a, b);
        self.links.iter().find(|l| l.a == *a && l.b == *b)
    }

    /// The links of one source.
    pub fn links_of<'a>(&'a self, source: &'a SourceId) -> impl Iterator<Item = &'a SourceLink> {
        self.links.iter().filter(move |l| l.involves(source))
    }

    /// The groups of sources that count as one: sources joined by links not
    /// marked independent, each group in ID order; a source with no such
    /// link is a group of its own.
    pub fn source_groups(&self) -> Vec<Vec<SourceId>> {
        let ids: Vec<&SourceId> = self.sources.iter().map(|s| &s.id).collect();
        let index = |id: &SourceId| ids.iter().position(|s| *s == id);
        let mut parent: Vec<usize> = (0..ids.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for link in self.links.iter().filter(|l| l.counts_as_one()) {
            if let (Some(a), Some(b)) = (index(&link.a), index(&link.b)) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        let mut groups: Vec<Vec<SourceId>> = Vec::new();
        let mut group_of: Vec<Option<usize>> = vec![None; ids.len()];
        for (i, id) in ids.iter().enumerate() {
            let r = root(&mut parent, i);
            match group_of[r] {
                Some(g) => groups[g].push((*id).clone()),
                None => {
                    group_of[r] = Some(groups.len());
                    groups.push(vec![(*id).clone()]);
                }
            }
        }
        groups
    }

    /// Keeps the links in key order, one per pair, none to a source that is
    /// gone.
    pub fn sort_links(&mut self) {
        let known: Vec<SourceId> = self.sources.iter().map(|s| s.id.clone()).collect();
        self.links
            .retain(|l| known.contains(&l.a) && known.contains(&l.b) && l.a != l.b);
        self.links.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
        self.links.dedup_by(|x, y| x.a == y.a && x.b == y.b);
    }
}
