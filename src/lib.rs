//! Attest: source-grounded summaries whose every claim traces back to a
//! verbatim passage of a recorded source.
//!
//! An editor adds source texts to a project, writes a summary as claims, and
//! cites quoted passages as evidence for each claim (supporting,
//! contradicting or giving context). The project is a folder with a
//! `project.ron` and verbatim snapshots of the sources.
//!
//! The library is the whole product without its windows: the command line
//! and the desktop app are thin layers over it.
//!
//! ```
//! use attest::model::{Citation, SourceId, Stance};
//! use attest::project::{actions, document::Document};
//!
//! let dir = tempfile::tempdir()?;
//! let mut doc = Document::create(&dir.path().join("story"), "Protests")?;
//!
//! let text = "Officials said six people died. Another report counted five deaths.";
//! let (add, source) = actions::add_source(doc.project(), text.into(), Citation::default(), None)?;
//! doc.apply(add)?;
//! let (add, claim) = actions::add_claim(doc.project(), "Six people died.", None)?;
//! doc.apply(add)?;
//!
//! let span = actions::find_quote(doc.project(), doc.texts(), &source, "six people died", "", "")?;
//! let (cite, quote) = actions::cite(doc.project(), doc.texts(), &claim, &source,
//!                                   span.start..span.end, Stance::Supports, "")?;
//! doc.apply(cite)?;
//! assert_eq!(doc.project().quote(&quote).unwrap().start, 15);
//!
//! doc.undo()?;                       // every edit can be undone
//! assert!(doc.project().quotes.is_empty());
//! doc.redo()?;
//! doc.save()?;                       // atomically, keeping project.ron.bak
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// The concepts, bottom to top: each uses only those above it in this list
// (ARCHITECTURE.md draws the map; tests/layers.rs keeps it so).
pub mod app;
pub mod check;
pub mod cli;
pub mod evidence;
pub mod export;
pub mod import;
pub mod model;
pub mod project;
pub mod team;
pub mod text;
pub mod util;

#[cfg(test)]
pub(crate) mod test_support {
    //! Helpers shared by the unit tests.

    use std::ops::Range;

    /// Parses a marker string such as `"The [quick] fox"` into the text
    /// without brackets and the char range between them.
    pub fn marked(s: &str) -> (String, Range<usize>) {
        let open = s.find('[').expect("marker string has [");
        let close = s.find(']').expect("marker string has ]");
        let text = format!("{}{}{}", &s[..open], &s[open + 1..close], &s[close + 1..]);
        let start = s[..open].chars().count();
        (text, start..start + s[open + 1..close].chars().count())
    }
}
