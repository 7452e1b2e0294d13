//! The source texts a project refers to, by content hash.
//!
//! A [`crate::model::Source`] records the SHA-256 of its snapshot; the texts
//! themselves are kept here, keyed by that hash, and written to the project's
//! `sources/` folder on save. A text stays here after its source is removed,
//! so that undo can bring the source back. The originals of extracted
//! texts (web pages, PDFs) are kept the same way while they are new, until
//! a save writes them to `sources/originals/`.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::sha256_hex;
use crate::text::anchor::SourceText;

/// Source texts by SHA-256, and the originals they were extracted from.
#[derive(Clone, Debug, Default)]
pub struct Snapshots {
    texts: HashMap<String, SourceText>,
    originals: HashMap<String, Arc<[u8]>>,
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

    /// Adds the bytes of an original document and returns their hash.
    pub fn insert_original(&mut self, bytes: Arc<[u8]>) -> String {
        let sha = sha256_hex(&bytes);
        self.originals.entry(sha.clone()).or_insert(bytes);
        sha
    }

    /// The original with this hash, if its bytes are held (an original is
    /// read from disk only when it is needed).
    pub fn original(&self, sha: &str) -> Option<&Arc<[u8]>> {
        self.originals.get(sha)
    }
}
