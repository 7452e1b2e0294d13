//! Small helpers that every layer may use: sizes and clocks for messages,
//! and text made safe to print.
//!
//! The bottom of the crate: it uses nothing of Attest, only the standard
//! library and `time`.

pub mod terminal;
