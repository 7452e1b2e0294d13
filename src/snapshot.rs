//! The source texts a project refers to, by content hash.
//!
//! A [`crate::model::Source`] records the SHA-256 of its snapshot; the texts
//! themselves are kept here, keyed by that hash, and written to the project's
//! `sources/` folder on save. A text stays here after its source is removed,
//! so that undo can bring the source back.

use std::collections::HashMap;

use crate::anchor::SourceText;
use crate::model::sha256_hex;

/// Source texts by SHA-256.
#[derive(Clone, Debug, Default)]
pub struct Snapshots {
    texts: HashMap<String, SourceText>,
}

impl Snapshots {
    /// Adds a text and returns its hash.
    pub fn insert(&mut self, text: &str) -> String {
        let sha = sha256_hex(text.as_bytes());
        self.texts
            .entry(sha.clone())
            .or_insert_with(|| SourceText::new(text));
        sha
    }

    /// Adds an already indexed text whose hash is known to be `sha`.
    pub(crate) fn insert_hashed(&mut self, sha: String, text: SourceText) {
        self.texts.entry(sha).or_insert(text);
    }

    /// The text with this hash.
    pub fn get(&self, sha: &str) -> Option<&SourceText> {
        self.texts.get(sha)
    }
}
