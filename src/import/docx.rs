//! Word documents (Office Open XML, `.docx`): the body's paragraphs as the
//! reader sees them, with tracked deletions and field instructions left
//! out; title and author from the document properties.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Extract, Extracted, Hints, MAX_UNZIPPED_BYTES};
use crate::model::Citation;

/// Word documents, read with `zip` and `quick-xml`.
pub struct Docx;

impl Extract for Docx {
    fn name(&self) -> &'static str {
        "attest-docx"
    }

    fn version(&self) -> &'static str {
        "1"
    }

    fn extract(&self, bytes: &[u8], _hints: &Hints) -> Result<Extracted, String> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("it is not a readable Word file ({e}); open it in Word or LibreOffice and save it again as .docx"))?;
        let body = read_entry(&mut archive, "word/document.xml")?
            .ok_or("it has no document body (word/document.xml); is it a Word file?")?;
        let text = body_text(&body)?;
        let (metadata, document_date) = match read_entry(&mut archive, "docProps/core.xml")? {
            Some(core) => core_properties(&core),
            None => (Citation::default(), String::new()),
        };
        Ok(Extracted {
            text,
            metadata,
            document_date,
            ..Extracted::default()
        })
    }
}

/// The bytes of one file in the archive, refusing more than
/// [`MAX_UNZIPPED_BYTES`] whatever its header claims.
fn read_entry(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, String> {
    let entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{name} in it cannot be read ({e})")),
    };
    if entry.encrypted() {
        return Err(
            "it is password-protected; remove the password in Word and save it again".into(),
        );
    }
    let mut out = Vec::new();
    entry
        .take(MAX_UNZIPPED_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("{name} in it cannot be read ({e}); the file may be damaged"))?;
    if out.len() as u64 > MAX_UNZIPPED_BYTES {
        return Err(format!(
            "{name} in it unpacks to more than {}; it is not a document Attest can take (a zip bomb?)",
            crate::util::human_size(MAX_UNZIPPED_BYTES)
        ));
    }
    Ok(Some(out))
}

/// The text of `word/document.xml`: one line per paragraph, a blank line
/// between paragraphs; `w:tab` as a tab, `w:br` and `w:cr` as a line break
/// within the paragraph; deleted runs (`w:del`), field instructions
/// (`w:instrText`, and what lies between a field's begin and separate
/// marks) left out.
fn body_text(xml: &[u8]) -> Result<String, String> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    let mut out = String::new();
    let mut paragraph = String::new();
    let mut in_text = false;
    let mut deleted = 0usize;
    // Fields nest; each level is `true` while in its instruction part.
    let mut fields: Vec<bool> = Vec::new();
    let mut buf = Vec::new();
    let in_instruction = |fields: &[bool]| fields.iter().any(|&f| f);
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            format!("its text is damaged XML ({e}); open it in Word and save it again")
        })?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "del" | "moveFrom" => deleted += 1,
                "instrText" | "delText" | "delInstrText" => deleted += 1,
                "p" => paragraph.clear(),
                _ => {}
            },
            Event::Empty(e) => {
                let visible = deleted == 0 && !in_instruction(&fields);
                match e.local_name().as_ref() {
                    "tab" if visible => paragraph.push('\t'),
                    "br" | "cr" if visible => paragraph.push('\n'),
                    "fldChar" => {
                        let kind = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == "fldCharType")
                            .map(|a| a.value.into_owned());
                        match kind.as_deref() {
                            Some("begin") => fields.push(true),
                            Some("separate") => {
                                if let Some(last) = fields.last_mut() {
                                    *last = false;
                                }
                            }
                            Some("end") => {
                                fields.pop();
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "del" | "moveFrom" | "instrText" | "delText" | "delInstrText" => {
                    deleted = deleted.saturating_sub(1)
                }
                "p" => {
                    let line = paragraph.trim();
                    if !line.is_empty() {
                        if !out.is_empty() {
                            out.push_str("\n\n");
                        }
                        out.push_str(line);
                    }
                    paragraph.clear();
                }
                _ => {}
            },
            Event::Text(t) if in_text && deleted == 0 && !in_instruction(&fields) => {
                paragraph.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text && deleted == 0 && !in_instruction(&fields) => {
                paragraph.push_str(&entity(&r));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The character an XML entity reference stands for.
fn entity(name: &str) -> String {
    match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        _ => {
            let code = name
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()));
            code.and_then(char::from_u32)
                .map(String::from)
                .unwrap_or_default()
        }
    }
}

/// Title and author from `docProps/core.xml`.
fn core_properties(xml: &[u8]) -> (Citation, String) {
    let mut reader = Reader::from_reader(xml);
    let mut citation = Citation::default();
    let (mut created, mut modified) = (String::new(), String::new());
    let mut field: Option<&'static str> = None;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                field = match e.local_name().as_ref() {
                    "title" => Some("title"),
                    "creator" => Some("author"),
                    "created" => Some("created"),
                    "modified" => Some("modified"),
                    _ => None,
                }
            }
            Ok(Event::Text(t)) => {
                let text = t.xml10_content().into_owned();
                match field {
                    Some("title") => citation.title.push_str(&text),
                    Some("author") => citation.author.push_str(&text),
                    Some("created") => created.push_str(&text),
                    Some("modified") => modified.push_str(&text),
                    _ => {}
                }
            }
            Ok(Event::GeneralRef(r)) => {
                let text = entity(&r);
                match field {
                    Some("title") => citation.title.push_str(&text),
                    Some("author") => citation.author.push_str(&text),
                    _ => {}
                }
            }
            Ok(Event::End(_)) => field = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    // When the file was made or saved, not when its text was published.
    let made = [created, modified]
        .iter()
        .find_map(|d| super::normalise_date(d))
        .unwrap_or_default();
    (citation, made)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn runs_tabs_breaks_deletions_and_fields() {
        let xml = format!(
            r#"<?xml version="1.0"?><w:document {W}><w:body>
            <w:p><w:r><w:t>Six people </w:t></w:r><w:r><w:t xml:space="preserve">died &amp; </w:t></w:r><w:del><w:r><w:delText>five</w:delText></w:r></w:del><w:ins><w:r><w:t>many</w:t></w:r></w:ins></w:p>
            <w:p><w:r><w:t>Name</w:t><w:tab/><w:t>Role</w:t><w:br/><w:t>Ana</w:t></w:r></w:p>
            <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t> pages</w:t></w:r></w:p>
            <w:p></w:p>
            </w:body></w:document>"#
        );
        assert_eq!(
            body_text(xml.as_bytes()).unwrap(),
            "Six people died & many\n\nName\tRole\nAna\n\n7 pages"
        );
    }

    #[test]
    fn core_properties_give_title_and_author() {
        let xml = br#"<cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Statement on the floods</dc:title><dc:creator>Press Office &amp; Co</dc:creator></cp:coreProperties>"#;
        let (c, made) = core_properties(xml);
        assert_eq!(c.title, "Statement on the floods");
        assert_eq!(c.author, "Press Office & Co");
        assert_eq!(c.published, "");
        assert_eq!(made, "");
        let xml = br#"<cp:coreProperties xmlns:cp="x" xmlns:dcterms="http://purl.org/dc/terms/"><dcterms:created>2026-12-03T09:00:00Z</dcterms:created></cp:coreProperties>"#;
        let (c, made) = core_properties(xml);
        assert_eq!((c.published.as_str(), made.as_str()), ("", "2026-12-03"));
    }
}
