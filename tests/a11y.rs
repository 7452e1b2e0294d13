//! The app as a screen reader reads it: the accessibility tree egui builds
//! for AccessKit, read through `accesskit_consumer` (what the AT-SPI Text
//! interface serves), and action requests sent as a screen reader sends them.

mod common;

use attest::app::AttestApp;
use attest::app::ui::source_view::SourceView;
use attest::model::{Project, SourceId};
use attest::text::anchor::SourceText;
use common::gui::*;
use egui::accesskit::{self, Action, ActionData, ActionRequest, Role};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// The first words of the sample's first source.
const FIRST_SOURCE: &str = "Everything we know about the clashes";

fn source_text(h: &Harness<'_, AttestApp>) -> String {
    h.state().current_view().unwrap().text().as_str().to_owned()
}

/// The source view's document node.
fn document<'a>(h: &'a Harness<'_, AttestApp>) -> egui_kittest::Node<'a> {
    h.get_by(|node| {
        node.role() == Role::Document
            && node
                .label()
                .is_some_and(|l| l.starts_with("Source text: Everything we know"))
    })
}

/// The document's text as a screen reader reads it.
fn read(h: &Harness<'_, AttestApp>) -> String {
    document(h).accesskit_node().document_range().text()
}

/// Sends an action request to the document, as a screen reader does.
fn request(h: &mut Harness<'_, AttestApp>, action: Action, data: Option<ActionData>) {
    let (target_node, target_tree) = document(h).accesskit_node().locate();
    h.event(egui::Event::AccessKitActionRequest(ActionRequest {
        action,
        target_tree,
        target_node,
        data,
    }));
    h.run_steps(4);
}

/// Asks for a selection of the document's chars `start..end` (offsets in
/// the text the screen reader reads), as a screen reader does.
fn select_chars(h: &mut Harness<'_, AttestApp>, start: usize, end: usize) {
    let selection = {
        let doc = document(h);
        let doc = doc.accesskit_node();
        let mut range = doc.document_range();
        range.set_start(doc.text_position_from_global_usv_index(start).unwrap());
        range.set_end(doc.text_position_from_global_usv_index(end).unwrap());
        range.to_text_selection()
    };
    request(
        h,
        Action::SetTextSelection,
        Some(ActionData::SetTextSelection(selection)),
    );
}

/// Moves the reading caret forward until the document's text holds
/// `needle`, as reading on does; returns the needle's char offset in it.
fn read_on_to(h: &mut Harness<'_, AttestApp>, needle: &str) -> usize {
    for _ in 0..40 {
        let text = read(h);
        if let Some(byte) = text.find(needle) {
            return text[..byte].chars().count();
        }
        let end = text.chars().count().saturating_sub(1);
        select_chars(h, end, end);
    }
    panic!("reading on never reached {needle:?}");
}

#[test]
fn the_source_view_reads_as_a_document_by_line_and_word() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let h = harness(tmp.path(), Some(&dir));
    let doc = document(&h);
    let doc = doc.accesskit_node();
    assert!(
        doc.supports_text_ranges(),
        "no Text interface on the source"
    );

    // The text is the source's own, from its start, paragraph by paragraph.
    let text = doc.document_range().text();
    // (Blank lines are not read: a paragraph ends with one line break.)
    let whole = source_text(&h);
    let source: Vec<&str> = whole.lines().filter(|l| !l.trim().is_empty()).collect();
    let source = source.join("\n");
    assert!(text.len() > 1500, "only {} bytes exposed", text.len());
    assert!(text.starts_with(FIRST_SOURCE));
    assert!(
        source.starts_with(text.trim_end()),
        "the text read is not the source's"
    );

    // Lines are the laid-out lines: they join up to the text, and a line
    // starts where the view wrapped it, mid-paragraph.
    let mut lines = Vec::new();
    while let Some(line) = doc.line_range_from_index(lines.len()) {
        lines.push(line.text());
    }
    assert!(lines.len() > 20, "{} lines", lines.len());
    assert_eq!(lines.concat(), text);
    assert!(
        lines.iter().any(|l| !l.ends_with('\n')),
        "no wrapped line: {lines:?}"
    );
    assert!(
        lines
            .iter()
            .all(|l| l.chars().count() <= 255 || l.contains('\n'))
    );

    // Word navigation stops at each word of the first line.
    let mut words = Vec::new();
    let mut at = doc.document_start();
    while words.len() < 6 {
        let end = at.forward_to_word_end();
        let mut word = doc.document_range();
        word.set_start(at);
        word.set_end(end);
        words.push(word.text().trim().to_owned());
        at = end;
    }
    assert_eq!(
        words,
        ["Everything", "we", "know", "about", "the", "clashes"]
    );
}

#[test]
fn a_screen_reader_selects_a_passage_past_the_view_and_cites_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let needle = "Government authorities said six people";
    assert!(!read(&h).contains(needle), "already in view");

    // Reading on moves the caret, which scrolls the view and exposes more.
    let start = read_on_to(&mut h, needle);
    select_chars(&mut h, start, start + needle.chars().count());

    // The selection is the view's, shown back to the screen reader, and
    // the text has the keyboard focus.
    let range = h.state().current_view().unwrap().snapped_selection();
    let source = source_text(&h);
    let chars: Vec<char> = source.chars().collect();
    let selected: String = chars[range.clone().unwrap()].iter().collect();
    assert_eq!(selected, needle);
    let doc = document(&h);
    assert!(doc.accesskit_node().is_focused(), "the text is not focused");
    let shown = doc.accesskit_node().text_selection().unwrap().text();
    assert_eq!(shown, needle);

    // Ctrl+E cites it in the focused claim, at the source's offsets.
    let claim = h.state().state.focused_claim.clone().unwrap();
    cmd(&mut h, Modifiers::COMMAND, Key::E);
    let p = project(&h);
    let quote = p
        .quotes
        .iter()
        .find(|q| q.text == needle)
        .expect("the passage was quoted");
    assert_eq!(quote.start..quote.end, range.unwrap());
    assert!(
        p.claim(&claim)
            .unwrap()
            .evidence
            .iter()
            .any(|e| e.quote == quote.id)
    );
}

#[test]
fn quotes_say_which_claims_cite_them_and_the_caret_announces_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let quoted = "Government authorities said six people";
    let start = read_on_to(&mut h, quoted);
    let mark = h.get_by(|n| {
        n.role() == Role::Mark
            && n.label()
                .is_some_and(|l| l.starts_with(&format!("Quote: “{quoted}")))
    });
    let description = mark.accesskit_node().description().unwrap_or_default();
    assert!(
        description.starts_with("supports claim 6, ‘Six people died"),
        "{description}"
    );

    // No announcement until the caret is in a quote; then a polite one.
    let status = |h: &Harness<'_, AttestApp>| {
        h.query_by_role(Role::Status)
            .map(|n| n.accesskit_node().label().unwrap_or_default())
    };
    select_chars(&mut h, start - 2, start - 2);
    assert_eq!(status(&h), None);
    // (The view may have scrolled to the caret: find the quote again.)
    let start = read_on_to(&mut h, quoted);
    select_chars(&mut h, start + 5, start + 5);
    let said = status(&h).expect("entering the quote is announced");
    assert!(said.starts_with("In a quote: supports claim 6"), "{said}");
    let live = h.get_by_role(Role::Status).accesskit_node().live();
    assert_eq!(live, accesskit::Live::Polite);
}

/// A harness showing only a source view of `text` at `text_size` points.
fn bare_view(text: &str, text_size: f32) -> Harness<'static, SourceView> {
    let source = SourceId::numbered(1);
    let view = SourceView::new(
        source,
        "0".repeat(64),
        SourceText::new(text.to_owned()),
        vec![],
    );
    let project = Project::new("bare");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 600.0))
        .with_context_setup(attest::app::fonts::install)
        .build_ui_state(
            move |ui, view: &mut SourceView| {
                view.ui(ui, &project, 1, None, text_size);
            },
            view,
        );
    h.run_steps(3);
    h
}

#[test]
fn long_lines_are_chained_runs_and_right_to_left_text_keeps_its_order() {
    // At a small size a laid-out line holds more than 255 chars.
    let words: Vec<String> = (0..200).map(|n| format!("word{n}")).collect();
    let long = words.join(" ");
    let h = bare_view(&format!("{long}\nSecond paragraph."), 4.0);
    let doc = h.get_by_role(Role::Document);
    let doc_node = doc.accesskit_node();
    assert_eq!(
        doc_node.document_range().text(),
        format!("{long}\nSecond paragraph.\n")
    );
    let runs: Vec<_> = doc
        .children()
        .filter(|n| n.accesskit_node().role() == Role::TextRun)
        .collect();
    let chained = runs
        .iter()
        .filter(|n| n.accesskit_node().data().next_on_line().is_some())
        .count();
    assert!(chained > 0, "no line was long enough to chain runs");
    assert!(
        runs.iter()
            .all(|n| n.accesskit_node().data().character_lengths().len() <= 255)
    );
    // A chained line is still one line to a screen reader.
    let first_line = doc_node.line_range_from_index(0).unwrap().text();
    assert!(first_line.chars().count() > 255, "{first_line:?}");
    // Word navigation goes across the seam between two runs of a line.
    let mut at = doc_node.document_start();
    let mut seen = Vec::new();
    for _ in 0..60 {
        let end = at.forward_to_word_end();
        let mut word = doc_node.document_range();
        word.set_start(at);
        word.set_end(end);
        seen.push(word.text().trim().to_owned());
        at = end;
    }
    assert_eq!(seen, words[..60]);

    // Urdu and Hebrew are read in logical order, as written.
    let rtl = "اسلام آباد میں مظاہرین نے کنٹینر ہٹا دیے\nשלום עולם and English words 2024";
    let h = bare_view(rtl, 16.0);
    let doc = h.get_by_role(Role::Document);
    assert_eq!(
        doc.accesskit_node().document_range().text(),
        format!("{rtl}\n")
    );
}
