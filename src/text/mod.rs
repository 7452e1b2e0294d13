//! The text engine: char offsets into source texts, finding a quote again
//! (exactly, with its context), mapping quotes through a new version of
//! their source, display paragraphs and word boundaries, and the recorded
//! texts of a project's sources.
//!
//! It may use `model` and `util`, nothing above: it knows quotes and
//! sources, not how a project is stored, edited or reviewed.

pub mod anchor;
pub mod passages;
pub mod reanchor;
pub mod shared;
pub mod snapshot;
pub mod words;
