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

/// The first `n` words of a document, read word by word as a screen
/// reader moves through them.
fn words_read(doc: &egui_kittest::kittest::AccessKitNode<'_>, n: usize) -> Vec<String> {
    let mut words = Vec::new();
    let mut at = doc.document_start();
    while words.len() < n {
        let end = at.forward_to_word_end();
        let mut word = doc.document_range();
        word.set_start(at);
        word.set_end(end);
        words.push(word.text().trim().to_owned());
        at = end;
    }
    words
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
    assert_eq!(
        words_read(&doc, 6),
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
    assert_eq!(words_read(&doc_node, 60), words[..60]);

    // Urdu and Hebrew are read in logical order, as written.
    let rtl = "اسلام آباد میں مظاہرین نے کنٹینر ہٹا دیے\nשלום עולם and English words 2024";
    let h = bare_view(rtl, 16.0);
    let doc = h.get_by_role(Role::Document);
    assert_eq!(
        doc.accesskit_node().document_range().text(),
        format!("{rtl}\n")
    );
}

/// Controls a person acts on, each of which needs a name.
const CONTROLS: [Role; 13] = [
    Role::SearchInput,
    Role::Button,
    Role::CheckBox,
    Role::RadioButton,
    Role::TextInput,
    Role::MultilineTextInput,
    Role::ComboBox,
    Role::Slider,
    Role::SpinButton,
    Role::Tab,
    Role::MenuItem,
    Role::Link,
    Role::Switch,
];

/// The controls in view whose name is missing or no word (an icon, a
/// number), with their role.
fn unnamed(h: &Harness<'_, AttestApp>) -> Vec<String> {
    fn walk(node: egui_kittest::Node<'_>, out: &mut Vec<String>) {
        let ak = node.accesskit_node();
        if CONTROLS.contains(&ak.role()) {
            let name = ak.label().unwrap_or_default();
            let words = name.chars().filter(|c| c.is_alphabetic()).count();
            if words < 2 {
                out.push(format!("{:?} {name:?}", ak.role()));
            }
        }
        for child in node.children() {
            walk(child, out);
        }
    }
    let mut out = Vec::new();
    walk(h.root(), &mut out);
    out
}

/// The focused node's role and name, as a screen reader announces it.
fn focused(h: &Harness<'_, AttestApp>) -> (Role, String) {
    let node = h.get_by(|n| n.is_focused());
    let ak = node.accesskit_node();
    (ak.role(), ak.label().unwrap_or_default())
}

#[test]
fn every_control_has_a_name_and_focus_is_announced_in_every_panel_and_dialog() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    h.state_mut().state.settings.recent = vec![dir.clone()];
    let mut missing = Vec::new();
    let mut look = |h: &Harness<'_, AttestApp>, place: &str| {
        for control in unnamed(h) {
            if !missing.iter().any(|(_, c)| c == &control) {
                missing.push((place.to_owned(), control));
            }
        }
    };
    look(&h, "main window");
    for name in ["File", "Edit", "Sources", "Claim", "View"] {
        h.get_by_role_and_label(Role::Button, name).click();
        h.run_steps(4);
        look(&h, &format!("{name} menu"));
        h.key_press(Key::Escape);
        h.run_steps(4);
    }
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    look(&h, "review panel");
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.get_by_role_and_label(Role::SearchInput, "Find in all sources")
        .type_text("protesters");
    h.run_steps(6);
    look(&h, "find in all sources");
    h.key_press(Key::Escape);
    h.run_steps(4);
    for (name, dialog, first, _) in every_dialog(&h, &dir) {
        h.state_mut().state.dialog = Some(dialog);
        h.run_steps(6);
        look(&h, name);
        // Opening a dialog announces its first field by name and role.
        let (role, label) = focused(&h);
        assert_eq!(label, first, "{name}: the focus is announced");
        assert!(
            matches!(
                role,
                Role::TextInput | Role::MultilineTextInput | Role::RadioButton | Role::ComboBox
            ),
            "{name}: {role:?}"
        );
        h.key_press(Key::Escape);
        h.run_steps(4);
    }
    let missing: Vec<String> = missing.iter().map(|(p, c)| format!("{p}: {c}")).collect();
    assert!(
        missing.is_empty(),
        "controls without a name:\n{}",
        missing.join("\n")
    );
}

#[test]
fn chips_cards_toggles_tabs_and_sources_are_named_as_people_say_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    // Claim cards: the claim's place in the summary, its text the value.
    let card = h.get_by_role_and_label(Role::MultilineTextInput, "Claim 3 of 11");
    let text = card.accesskit_node().value().unwrap_or_default();
    assert!(text.starts_with("His party also demands"), "{text}");
    // Evidence chips: stance, source and passage in words, no icon.
    h.get_by_role_and_label(
        Role::Button,
        "Supports, from ‘Everything we know’: the former prime minister's supporters began a long march to the capital, which…",
    );
    let contradicting = h.get_all_by(|n| {
        n.role() == Role::Button
            && n.label()
                .is_some_and(|l| l.starts_with("Contradicts, from ‘Thousands of protesters’: "))
    });
    assert!(contradicting.count() >= 1);
    // The stance toggles say which one new citations take.
    let toggled = |h: &Harness<'_, AttestApp>, stance: &str| {
        h.get_by_role_and_label(Role::Button, &format!("Cite as {stance}"))
            .accesskit_node()
            .toggled()
    };
    assert_eq!(toggled(&h, "Supports"), Some(accesskit::Toggled::True));
    assert_eq!(toggled(&h, "Contradicts"), Some(accesskit::Toggled::False));
    h.get_by_role_and_label(Role::Button, "Cite as Contradicts")
        .click();
    h.run_steps(4);
    assert_eq!(
        h.state().state.cite_stance,
        attest::model::Stance::Contradicts
    );
    assert_eq!(toggled(&h, "Contradicts"), Some(accesskit::Toggled::True));
    assert_eq!(toggled(&h, "Supports"), Some(accesskit::Toggled::False));
    // The panels are tabs in a tab list, the shown one selected.
    let tabs = h.get_by_role_and_label(Role::TabList, "Panels");
    let names: Vec<(String, Option<bool>)> = tabs
        .children_recursive()
        .filter(|t| t.accesskit_node().role() == Role::Tab)
        .map(|t| {
            let t = t.accesskit_node();
            (t.label().unwrap_or_default(), t.is_selected())
        })
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[0], ("Summary".to_owned(), Some(true)));
    assert!(names[1].0.starts_with("Review ("), "{names:?}");
    assert_eq!(names[1].1, Some(false));
    // The source list says each source's name, title, format and quotes.
    h.get_by(|n| {
        n.role() == Role::Button
            && n.label().is_some_and(|l| {
                l.starts_with("Everything we know: Everything we know about the clashes")
                    && l.ends_with(", plain text, 20 quotes")
            })
    });
}

#[test]
fn findings_name_their_claim_and_quote_and_the_focus_is_announced_as_it_moves() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));

    // Tab moves through controls, each announced by role and name.
    h.state_mut().state.focus_claim_text = h.state().state.focused_claim.clone();
    h.run_steps(4);
    assert_eq!(
        focused(&h),
        (Role::MultilineTextInput, "Claim 1 of 11".to_owned())
    );
    for _ in 0..8 {
        h.key_press(Key::Tab);
        h.run_steps(3);
        let (role, name) = focused(&h);
        assert!(CONTROLS.contains(&role), "{role:?} {name:?}");
        assert!(
            name.chars().filter(|c| c.is_alphabetic()).count() > 1,
            "{role:?} {name:?}"
        );
    }

    // The source text is in the order: Tab reaches it, as a document.
    let mut reached = false;
    for _ in 0..200 {
        h.key_press(Key::Tab);
        h.run_steps(2);
        if focused(&h).0 == Role::Document {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab never reached the source text");
    assert!(focused(&h).1.starts_with("Source text: "));

    // Find in all sources: the query is announced, then the highlighted match.
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    assert_eq!(
        focused(&h),
        (Role::SearchInput, "Find in all sources".to_owned())
    );
    h.get_by_role_and_label(Role::SearchInput, "Find in all sources")
        .type_text("police");
    h.run_steps(4);
    h.key_press(Key::ArrowDown);
    h.run_steps(4);
    let hits = h.state().state.find_all.hits.clone();
    let name = project(&h).source_name(&hits[1].source);
    let (role, said) = focused(&h);
    assert_eq!(role, Role::Button);
    assert!(
        said.starts_with(&format!("{name}, match 2 of {}: ", hits.len())),
        "{said}"
    );
    h.key_press(Key::Escape);
    h.run_steps(4);

    // The review's findings say their claim and quote.
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    let finding = h.get_by(|n| {
        n.role() == Role::Button
            && n.label().is_some_and(|l| {
                l.starts_with("Info for claim 6, ‘Six people died")
                    && l.contains("number-mismatch")
                    && l.contains("“Clashes with security forces resulted in five deaths")
            })
    });
    // (A screen reader clicks it where it is, scrolled out of view or not.)
    finding.click_accesskit();
    h.run_steps(4);
    assert_eq!(
        h.state().state.focused_claim.as_ref().map(|c| c.as_str()),
        Some("cjjvtsckq")
    );
}

#[test]
fn a_line_below_the_view_scrolls_into_view_when_a_screen_reader_asks() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    // The last line exposed lies below the view, in the margin.
    let (line, target) = {
        let doc = document(&h);
        let last = doc
            .children()
            .filter(|n| n.accesskit_node().role() == Role::TextRun)
            .last()
            .unwrap();
        let ak = last.accesskit_node();
        (ak.value().unwrap_or_default(), ak.locate())
    };
    let source = source_text(&h);
    let byte = source
        .find(line.trim_end())
        .expect("the line is the source's");
    let at = source[..byte].chars().count();
    let in_view = |h: &Harness<'_, AttestApp>| {
        h.state()
            .current_view()
            .unwrap()
            .screen_rect_of_char(at)
            .is_some_and(|r| r.max.y < 800.0)
    };
    assert!(!in_view(&h), "{line:?} is in view already");
    h.event(egui::Event::AccessKitActionRequest(ActionRequest {
        action: Action::ScrollIntoView,
        target_tree: target.1,
        target_node: target.0,
        data: None,
    }));
    h.run_steps(4);
    assert!(in_view(&h), "{line:?} was not scrolled into view");
}
