//! Text from project files and imported documents, made safe to print: a
//! title holding `ESC ]0;…` must not retitle the terminal, nor `ESC [2J`
//! clear it.

use std::borrow::Cow;

/// `text` with every control character but line breaks and tabs written as
/// a visible escape (`\u{1b}`), and the bidirectional controls that can
/// reorder what a line shows too.
pub fn safe(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_could_drive_the_terminal() {
        assert_eq!(safe("plain — text\n"), "plain — text\n");
        assert_eq!(
            safe("\u{1b}]0;owned\u{7}\u{1b}[2J\r\u{9b}x\u{202e}"),
            "\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{d}\\u{9b}x\\u{202e}"
        );
    }
}
