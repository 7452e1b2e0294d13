//! Web pages: the article text as Firefox's Reader View finds it (Mozilla
//! Readability's algorithm, through the `dom_smoothie` port), with the
//! page's metadata for the citation.

use dom_smoothie::{Config, Readability, TextMode};
use encoding_rs::Encoding;

use super::{Extract, Extracted, Hints};
use crate::model::Citation;

/// Web pages, read with `dom_smoothie`.
pub struct Html;

impl Extract for Html {
    fn name(&self) -> &'static str {
        "dom_smoothie"
    }

    fn version(&self) -> &'static str {
        "0.19.0+attest.2"
    }

    fn extract(&self, bytes: &[u8], hints: &Hints) -> Result<Extracted, String> {
        let page = decode(bytes, hints.charset.as_deref());
        let depth = nesting_depth(&page);
        if depth > MAX_DEPTH {
            return Err(format!(
                "its elements are nested {depth} deep, more than the {MAX_DEPTH} Attest reads (real pages stay far below); it is broken or built to stall readers: save the article's text and add it as a text file"
            ));
        }
        let config = Config {
            text_mode: TextMode::Formatted,
            ..Config::default()
        };
        let mut reader = Readability::new(page.as_str(), hints.url.as_deref(), Some(config))
            .map_err(|e| format!("the page could not be read ({e}); save it again from the browser (File ▸ Save Page As, “Web Page, HTML only”)"))?;
        let article = reader.parse().map_err(|e| {
            format!("no article text was found in it ({e}); if the page is only a frame or needs scripts to show its text, copy the text and add it from the clipboard")
        })?;
        let metadata = Citation {
            title: article.title.clone(),
            publisher: article.site_name.clone().unwrap_or_default(),
            author: article.byline.clone().unwrap_or_default(),
            url: article
                .url
                .clone()
                .filter(|u| !u.trim().is_empty())
                .or_else(|| own_address(&page))
                .or_else(|| hints.url.clone())
                .unwrap_or_default(),
            published: article.published_time.clone().unwrap_or_default(),
            retrieved: String::new(),
        };
        Ok(Extracted {
            text: paragraphs(&article.text_content),
            metadata,
            ..Extracted::default()
        })
    }
}

/// The deepest nesting of elements Attest reads. Browsers' pages stay in
/// the tens; Readability's work grows faster than the depth.
pub const MAX_DEPTH: usize = 1_000;

/// How deep the page's elements nest, counted from its tags: elements
/// whose end tag may be left out (`p`, `li`, `td` …) and void elements
/// (`br`, `img` …) are not counted, nor tags inside comments, scripts and
/// styles.
fn nesting_depth(page: &str) -> usize {
    const UNCOUNTED: [&str; 33] = [
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
        "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body", "area", "base", "br",
        "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ];
    let bytes = page.as_bytes();
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found;
        let rest = &page[start..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(bytes.len(), |e| start + e + 3);
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        let tag_end = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1);
        at = tag_end.max(start + 1);
        if name_len == 0 {
            continue;
        }
        let name = page[name_start..name_start + name_len].to_ascii_lowercase();
        if !closing && (name == "script" || name == "style") {
            at = memchr::memmem::find_iter(&bytes[at..], b"</")
                .map(|e| at + e)
                .find(|&e| {
                    bytes
                        .get(e + 2..e + 2 + name.len())
                        .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                })
                .unwrap_or(bytes.len());
            continue;
        }
        let self_closing = page[start..at].ends_with("/>");
        if UNCOUNTED.contains(&name.as_str()) || self_closing {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Whether the start of a file looks like HTML: after a byte-order mark and
/// white space, a doctype, `<html`, `<head`, `<body`, or an XML declaration
/// followed by an XHTML root.
pub fn looks_like_html(head: &[u8]) -> bool {
    let (text, _) = encoding_rs::UTF_8.decode_without_bom_handling(head);
    let text = text.trim_start_matches(['\u{feff}', '\u{fffd}']);
    let text = text.trim_start().to_ascii_lowercase();
    let text = text.trim_start_matches('\0');
    ["<!doctype html", "<html", "<head", "<body", "<!--"]
        .iter()
        .any(|start| text.starts_with(start))
        && (text.contains("<html")
            || text.contains("<head")
            || text.contains("<body")
            || text.contains("<p"))
        || text.starts_with("<?xml") && text.contains("<html")
        || looks_like_utf16_html(head)
}

/// A UTF-16 page (with its byte-order mark).
fn looks_like_utf16_html(head: &[u8]) -> bool {
    let Some((encoding, bom)) = Encoding::for_bom(head) else {
        return false;
    };
    if encoding == encoding_rs::UTF_8 {
        return false;
    }
    let (text, _) = encoding.decode_without_bom_handling(&head[bom..]);
    let text = text.trim_start().to_ascii_lowercase();
    text.starts_with("<!doctype html") || text.starts_with("<html")
}

/// The page as text, decoded from its charset: a byte-order mark first;
/// then UTF-8 when the bytes are valid UTF-8 with characters beyond ASCII
/// (a page saved from a browser is often re-encoded as UTF-8 but keeps its
/// old `<meta charset>`, and text in a legacy charset is almost never valid
/// UTF-8 by chance); then the charset the server declared, then a
/// `<meta charset>` (or `http-equiv`) in the first 1024 bytes, as browsers
/// do; UTF-8 when it is valid, else windows-1252.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return text.into_owned();
    }
    if !bytes.is_ascii()
        && let Ok(text) = std::str::from_utf8(bytes)
    {
        return text.to_owned();
    }
    let from_label = |label: &str| Encoding::for_label(label.trim().as_bytes());
    let encoding = declared
        .and_then(from_label)
        .or_else(|| meta_charset(&bytes[..bytes.len().min(1024)]).and_then(|l| from_label(&l)))
        .map(|e| {
            // A page that says UTF-16 in a meta tag is really ASCII-compatible
            // (the HTML standard's rule).
            if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
                encoding_rs::UTF_8
            } else {
                e
            }
        })
        .unwrap_or_else(|| {
            if std::str::from_utf8(bytes).is_ok() {
                encoding_rs::UTF_8
            } else {
                encoding_rs::WINDOWS_1252
            }
        });
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// The charset a `<meta>` tag declares in `head`.
fn meta_charset(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("<meta") {
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
        let tag = &rest[at..tag_end];
        if let Some(c) = tag.find("charset=") {
            let value = tag[c + "charset=".len()..].trim_start_matches(['"', '\'', ' ']);
            let end = value
                .find(|ch: char| {
                    ch == '"' || ch == '\'' || ch == ';' || ch == '/' || ch.is_whitespace()
                })
                .unwrap_or(value.len());
            let label = &value[..end];
            if !label.is_empty() {
                return Some(label.to_owned());
            }
        }
        rest = &rest[tag_end..];
    }
    None
}

/// The address a page gives for itself: `<link rel="canonical">`, else
/// `<meta property="og:url">`, from its first 256 KiB.
fn own_address(page: &str) -> Option<String> {
    let mut head_end = page.len().min(256 * 1024);
    while !page.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let head = &page[..head_end];
    let mut canonical = None;
    let mut og = None;
    for tag in tags(head, "link") {
        let rel = attribute(tag, "rel")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if rel.split_whitespace().any(|r| r == "canonical") {
            canonical = canonical.or_else(|| attribute(tag, "href"));
        }
    }
    for tag in tags(head, "meta") {
        let property = attribute(tag, "property").or_else(|| attribute(tag, "name"));
        if property.is_some_and(|p| p.eq_ignore_ascii_case("og:url")) {
            og = og.or_else(|| attribute(tag, "content"));
        }
    }
    canonical
        .into_iter()
        .chain(og)
        .map(|u| u.trim().replace("&amp;", "&"))
        .find(|u| u.starts_with("https://") || u.starts_with("http://"))
}

/// The text of each `<NAME …>` tag in `html` (without the brackets).
fn tags<'a>(html: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{name}");
    let lower = html.to_ascii_lowercase();
    let starts: Vec<usize> = lower
        .match_indices(&open)
        .map(|(i, _)| i)
        .filter(|&i| {
            lower[i + open.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_whitespace() || c == '/' || c == '>')
        })
        .collect();
    starts.into_iter().map(move |i| {
        let end = html[i..].find('>').map_or(html.len(), |e| i + e);
        &html[i + open.len()..end]
    })
}

/// The value of attribute `name` in a tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at == 0 || lower[..at].ends_with(char::is_whitespace);
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = tag.len() - rest.len() + 1;
        let value = tag[value_at..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_owned(),
            _ => value
                .split(char::is_whitespace)
                .next()
                .unwrap_or("")
                .to_owned(),
        });
    }
    None
}

/// Readability's formatted text brought to one paragraph per line: each of
/// its lines (a paragraph, a caption, a list item) on a line of its own,
/// white space inside it as single spaces, and a blank line between them.
fn paragraphs(formatted: &str) -> String {
    let mut out = String::with_capacity(formatted.len());
    for block in formatted.split('\n') {
        let line = block.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets_are_found_as_browsers_find_them() {
        let latin =
            b"<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\xe9</p></body></html>";
        assert!(decode(latin, None).contains("Café"));
        let http_equiv = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-2\"></head><body>\xb3\xf3d\xbc</body></html>";
        assert!(decode(http_equiv, None).contains("łódź"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "<html><body>Ünïcode</body></html>"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert!(decode(&utf16, None).contains("Ünïcode"));
        assert!(decode("<p>naïve</p>".as_bytes(), None).contains("naïve"));
        assert!(decode(b"<p>na\xefve</p>", None).contains("naïve"));
        assert!(decode(b"<p>Caf\xe9</p>", Some("iso-8859-1")).contains("Café"));
        // Re-encoded as UTF-8 when saved, its old declaration kept.
        let saved = "<meta charset=\"gb2312\"><p>北京 naïve</p>";
        assert!(decode(saved.as_bytes(), None).contains("北京 naïve"));
        assert!(decode(saved.as_bytes(), Some("windows-1252")).contains("北京 naïve"));
    }

    #[test]
    fn a_page_names_its_own_address() {
        let page = r#"<html><head><meta property="og:url" content="https://example.org/og"><link href='https://example.org/a?x=1&amp;y=2' rel="canonical"></head>"#;
        assert_eq!(
            own_address(page).as_deref(),
            Some("https://example.org/a?x=1&y=2")
        );
        let og = r#"<meta name=og:url content=https://example.org/og>"#;
        assert_eq!(own_address(og).as_deref(), Some("https://example.org/og"));
        assert_eq!(
            own_address(r#"<link rel="canonical" href="javascript:x">"#),
            None
        );
    }

    #[test]
    fn nesting_is_measured_from_tags() {
        assert_eq!(
            nesting_depth("<html><body><div><p>a<p>b<div><span>x</span></div></div>"),
            3
        );
        assert_eq!(
            nesting_depth("<script>if (a<b) { '<div><div>' }</script><div></div>"),
            1
        );
        assert_eq!(nesting_depth("<!-- <div><div><div> --><br/><img src=x>"), 0);
        let deep = format!("{}{}", "<div>".repeat(5000), "</div>".repeat(5000));
        assert_eq!(nesting_depth(&deep), 5000);
    }

    #[test]
    fn html_is_recognised() {
        assert!(looks_like_html(b"<!DOCTYPE html>\n<html>"));
        assert!(looks_like_html(b"\n <HTML><BODY><P>x"));
        assert!(looks_like_html(
            b"<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
        ));
        assert!(!looks_like_html(b"The <html> element is the root."));
        assert!(!looks_like_html(b"%PDF-1.4"));
    }
}
