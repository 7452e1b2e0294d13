//! Plain text and Markdown: the file is the snapshot, byte for byte.

use super::{Extract, Extracted, Hints};

/// Plain text and Markdown, taken as they are.
pub struct PlainText;

impl Extract for PlainText {
    fn name(&self) -> &'static str {
        "attest-text"
    }

    fn version(&self) -> &'static str {
        "1"
    }

    fn extract(&self, bytes: &[u8], _hints: &Hints) -> Result<Extracted, String> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| "it is not UTF-8 text; convert it to UTF-8 first".to_owned())?;
        Ok(Extracted {
            text: text.to_owned(),
            metadata: crate::model::Citation {
                title: title_from_first_line(text),
                ..Default::default()
            },
            ..Extracted::default()
        })
    }
}

/// A title guessed from a text's first non-empty line, when it is short
/// enough to be one (a Markdown heading's `#` marks dropped).
pub fn title_from_first_line(text: &str) -> String {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let first = first.trim_start_matches('#').trim();
    let looks_like_title = first.chars().count() <= 150 && !first.ends_with(['.', ',', ';', ':']);
    if looks_like_title {
        first.to_owned()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_a_short_first_line() {
        assert_eq!(
            title_from_first_line("\n\n# Floods in the north\n\nText."),
            "Floods in the north"
        );
        assert_eq!(
            title_from_first_line("It rained all week, and the river rose."),
            ""
        );
        assert_eq!(title_from_first_line(""), "");
    }
}
