//! Text files read whole and checked: UTF-8, not empty, not binary, not
//! larger than [`MAX_SOURCE_BYTES`], with the line and column of the first
//! fault in every refusal.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::human_size;

/// The largest source text accepted, in bytes.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a text file cannot be used as a source.
#[derive(Debug, Error)]
pub enum TextFileError {
    /// Reading failed.
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The path is a folder.
    #[error("{} is a folder, not a text file", .0.display())]
    Folder(PathBuf),
    /// The file is too large.
    #[error(
        "{} is {}; sources are limited to {}. Split the text into several sources",
        .path.display(), human_size(*.size), human_size(*.limit)
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file holds no text.
    #[error("{} is empty; a source needs some text", .0.display())]
    Empty(PathBuf),
    /// The file is a known binary format.
    #[error("{} is a {kind} file, not plain text; save or export its text as UTF-8 first", .path.display())]
    KnownBinary {
        /// The file.
        path: PathBuf,
        /// The format found.
        kind: &'static str,
    },
    /// The file holds control characters that text never has.
    #[error(
        "{}:{line}:{column}: control character {found} found; this looks like a binary file, not plain text",
        .path.display()
    )]
    Binary {
        /// The file.
        path: PathBuf,
        /// Line, from 1.
        line: usize,
        /// Column in chars, from 1.
        column: usize,
        /// The character, as `U+0000`.
        found: String,
    },
    /// The file is not valid UTF-8.
    #[error(
        "{}:{line}:{column}: not UTF-8 text (byte 0x{byte:02X}); convert it to UTF-8 first, e.g. `iconv -f WINDOWS-1252 -t UTF-8`",
        .path.display()
    )]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Line of the first bad byte, from 1.
        line: usize,
        /// Column in chars, from 1.
        column: usize,
        /// The first bad byte.
        byte: u8,
    },
}

/// Reads a text file for use as a source: UTF-8, not empty, not binary, not
/// larger than [`MAX_SOURCE_BYTES`]. The text is returned exactly as stored
/// (a byte-order mark and CRLF line ends are kept).
pub fn read_text_file(path: &Path) -> Result<String, TextFileError> {
    let io_err = |source| TextFileError::Io {
        path: path.to_owned(),
        source,
    };
    let meta = fs::metadata(path).map_err(io_err)?;
    if meta.is_dir() {
        return Err(TextFileError::Folder(path.to_owned()));
    }
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(TextFileError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
            limit: MAX_SOURCE_BYTES,
        });
    }
    let bytes = fs::read(path).map_err(io_err)?;
    text_from_bytes(path, bytes)
}

/// Checks bytes as source text (see [`read_text_file`]); `path` names them
/// in messages.
pub fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, TextFileError> {
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(TextFileError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
            limit: MAX_SOURCE_BYTES,
        });
    }
    const MAGIC: [(&[u8], &str); 8] = [
        (b"%PDF", "PDF"),
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"PK\x03\x04", "ZIP (or Word/OpenDocument)"),
        (b"\x1F\x8B", "gzip"),
        (b"\xD0\xCF\x11\xE0", "Microsoft Office"),
        (b"\x7FELF", "program"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Err(TextFileError::KnownBinary {
            path: path.to_owned(),
            kind,
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let (line, column) = utf8_error_place(&e);
            return Err(TextFileError::NotUtf8 {
                path: path.to_owned(),
                line,
                column,
                byte: e.as_bytes()[e.utf8_error().valid_up_to()],
            });
        }
    };
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(TextFileError::Empty(path.to_owned()));
    }
    if let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') && c < ' ')
    {
        let (line, column) = line_column(&text, at);
        return Err(TextFileError::Binary {
            path: path.to_owned(),
            line,
            column,
            found: format!("U+{:04X}", c as u32),
        });
    }
    Ok(text)
}

/// Line and column (in chars), both from 1, of the first invalid byte.
pub fn utf8_error_place(e: &std::string::FromUtf8Error) -> (usize, usize) {
    let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
    let valid = std::str::from_utf8(valid).unwrap_or_default();
    line_column(valid, valid.len())
}

/// Line and column (in chars), both from 1, of a byte offset.
pub fn line_column(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            fs::write(&p, bytes).unwrap();
            p
        };
        let ok = write("ok.txt", "\u{feff}Café\r\nline two\n".as_bytes());
        assert_eq!(read_text_file(&ok).unwrap(), "\u{feff}Café\r\nline two\n");
        let err = read_text_file(&write("latin1.txt", b"line one\ncaf\xe9")).unwrap_err();
        assert!(
            err.to_string().contains("latin1.txt:2:4: not UTF-8"),
            "{err}"
        );
        let err = read_text_file(&write("empty.txt", b" \n\n")).unwrap_err();
        assert!(matches!(err, TextFileError::Empty(_)), "{err}");
        let err = read_text_file(&write("bin.dat", b"abc\0def")).unwrap_err();
        assert!(err.to_string().contains("U+0000"), "{err}");
        let err = read_text_file(&write("doc.pdf", b"%PDF-1.7\n...")).unwrap_err();
        assert!(err.to_string().contains("is a PDF file"), "{err}");
        let err = read_text_file(dir.path()).unwrap_err();
        assert!(matches!(err, TextFileError::Folder(_)), "{err}");
        let err = read_text_file(&dir.path().join("nope.txt")).unwrap_err();
        assert!(err.to_string().contains("nope.txt"), "{err}");
    }
}
