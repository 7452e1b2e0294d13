//! Small helpers that every layer may use: sizes and clocks for messages,
//! and text made safe to print.
//!
//! The bottom of the crate: it uses nothing of Attest, only the standard
//! library and `time`.

pub mod terminal;
pub mod text_file;

/// Whether `path` is a symbolic link (not followed: a project folder from
/// outside may hold links that point elsewhere).
pub fn is_link(path: &std::path::Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// A size for people: `200 MiB (209715200 bytes)`, or `512 bytes`.
pub fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        let mib = bytes as f64 / MIB as f64;
        let mib = if mib.fract() == 0.0 {
            format!("{mib:.0}")
        } else {
            format!("{mib:.1}")
        };
        format!("{mib} MiB ({bytes} bytes)")
    } else {
        format!("{bytes} bytes")
    }
}

/// The current time as an RFC 3339 UTC timestamp to the second, as sign-offs
/// record it. Where `SOURCE_DATE_EPOCH` is set (seconds since 1970, the
/// reproducible-builds convention), that time instead, so that a script
/// that builds a project, such as the sample, writes the same file.
pub fn now_utc() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok());
    let now = fixed.unwrap_or_else(|| {
        time::OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
    });
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Shortens text for a one-line display: at most `max_chars` chars, with `…`
/// where it was cut, line breaks shown as spaces.
pub fn snippet(text: &str, max_chars: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let mut cut: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
