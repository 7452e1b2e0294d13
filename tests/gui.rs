//! The desktop app driven through egui_kittest: clicks by label, typing,
//! real pointer drags over the source text, then assertions on the project.

use std::fs;
use std::path::{Path, PathBuf};

mod common;
#[path = "common/synthetic.rs"]
mod synthetic;

use attest::app::ui::dialogs::NewSource;
use attest::app::{Action, AttestApp};
use attest::model::{ClaimId, Stance};
use attest::project::document::Document;
use common::copy_dir;
use common::gui::{
    cmd, dialog_closed, find_all_query, harness, menu, project, run_until, sample_copy,
};
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// A file of the import corpus, `tests/import/`.
fn corpus(name: &str) -> PathBuf {
    common::repo().join("tests/import").join(name)
}

/// Turns the mouse wheel over the widget labelled `label` until it is
/// inside the window.
fn scroll_into_view(h: &mut Harness<'_, AttestApp>, label: &str) {
    scroll_rect_into_view(h, label, |h| h.get_by_label(label).rect());
}

/// Turns the mouse wheel until `rect` is inside the window.
fn scroll_rect_into_view(
    h: &mut Harness<'_, AttestApp>,
    label: &str,
    rect: impl Fn(&Harness<'_, AttestApp>) -> egui::Rect,
) {
    for _ in 0..40 {
        let rect = rect(h);
        let window = h.ctx.content_rect();
        if rect.min.y > window.min.y + 160.0 && rect.max.y < window.max.y - 60.0 {
            return;
        }
        let down = rect.max.y >= window.max.y - 60.0;
        let over = egui::pos2(rect.center().x, window.center().y);
        h.hover_at(over);
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(0.0, if down { -120.0 } else { 120.0 }),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        h.run_steps(6);
    }
    panic!("could not scroll {label} into view");
}

/// Opens Sources ▸ Add Source from File…, types `file` and, when given, a
/// title, and presses Add source.
fn add_source_from(h: &mut Harness<'_, AttestApp>, file: &Path, title: Option<&str>) {
    cmd(h, Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    h.get_by_label("File:").click();
    h.run_steps(2);
    h.get_by_label("File:").type_text(file.to_str().unwrap());
    if let Some(title) = title {
        h.get_by_label("Title").click();
        h.run_steps(2);
        h.get_by_label("Title").type_text(title);
    }
    h.run_steps(2);
    h.get_by_label("Add source").click();
}

/// Shows `source`, opens Update from file…, types `file` and compares.
fn compare_new_version(
    h: &mut Harness<'_, AttestApp>,
    source: &attest::model::SourceId,
    file: &Path,
) {
    h.state_mut().push(Action::ShowSource(source.clone()));
    h.run_steps(4);
    h.get_by_label("Update from file…").click();
    h.run_steps(4);
    h.get_by_label("New version:").click();
    h.run_steps(2);
    h.get_by_label("New version:")
        .type_text(file.to_str().unwrap());
    h.run_steps(2);
    click_in_dialog(h, "Compare");
}

fn shows(text: &'static str) -> impl Fn(&Harness<'_, AttestApp>) -> bool {
    move |h| h.query_by_label_contains(text).is_some()
}

/// The ID of the claim with this text.
fn claim_with_text(h: &Harness<'_, AttestApp>, text: &str) -> ClaimId {
    project(h)
        .claims()
        .find(|(_, c)| c.text == text)
        .unwrap_or_else(|| panic!("no claim reads {text:?}"))
        .1
        .id
        .clone()
}

/// The source that is not one of the sample's two.
fn added_source(h: &Harness<'_, AttestApp>) -> attest::model::Source {
    let sample = ["srf7ks07f", "sy9cxxzhg"];
    project(h)
        .sources
        .iter()
        .find(|s| !sample.contains(&s.id.as_str()))
        .expect("a source was added")
        .clone()
}

/// Drags over the source text from one char to another (inclusive end char).
fn drag_select(h: &mut Harness<'_, AttestApp>, first: usize, last: usize) {
    let view = h.state().current_view().expect("a source is shown");
    let from = view.screen_rect_of_char(first).expect("start is visible");
    let to = view.screen_rect_of_char(last).expect("end is visible");
    let from = from.left_center() + vec2(1.0, 0.0);
    let to = to.right_center() - vec2(1.0, 0.0);
    h.hover_at(from);
    h.run_steps(4);
    h.drag_at(from);
    h.run_steps(4);
    for step in 1..=6 {
        h.hover_at(from.lerp(to, step as f32 / 6.0));
        h.run_steps(4);
    }
    h.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(4);
}

fn char_range(h: &Harness<'_, AttestApp>, needle: &str) -> std::ops::Range<usize> {
    let text = h.state().current_view().unwrap().text().as_str();
    let byte = text.find(needle).expect("the needle is in the source");
    let start = text[..byte].chars().count();
    start..start + needle.chars().count()
}

#[test]
fn select_cite_restance_undo_reorder_save_and_reload() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    assert_eq!(
        h.state().window_title(),
        "Islamabad protests, November 2024 — Attest"
    );

    // A new claim at the end of ¶1, typed into its field.
    // The focused first claim shows its suggested evidence, which can push
    // the field below the window: scroll to it as a user would.
    scroll_into_view(&mut h, "Add a claim to ¶1");
    h.get_by_label("Add a claim to ¶1").click();
    h.run_steps(4);
    h.get_by_label("Add a claim to ¶1")
        .type_text("Pakistan is again gripped by violence.");
    h.run_steps(4);
    h.key_press(Key::Enter);
    h.run_steps(4);
    let new_claim = claim_with_text(&h, "Pakistan is again gripped by violence.");
    assert_eq!(
        project(&h).claim(&new_claim).unwrap().text,
        "Pakistan is again gripped by violence."
    );
    assert_eq!(project(&h).claim_place(&new_claim).unwrap().paragraph, 0);
    assert!(h.state().window_title().starts_with("● "), "unsaved mark");

    // Drag over "gripped by large-scale violence", starting and ending mid-word:
    // the selection snaps to whole words.
    let target = char_range(&h, "gripped by large-scale violence");
    drag_select(&mut h, target.start + 2, target.end - 3);
    let selected = h.state().current_view().unwrap().snapped_selection();
    assert_eq!(selected, Some(target.clone()));

    h.get_by_label("Cite selection").click();
    h.run_steps(4);
    let claim = project(&h).claim(&new_claim).unwrap();
    assert_eq!(claim.evidence.len(), 1);
    let quote = project(&h).quote(&claim.evidence[0].quote).unwrap().clone();
    assert_eq!(quote.text, "gripped by large-scale violence");
    assert_eq!((quote.start, quote.end), (target.start, target.end));
    assert_eq!(quote.source.as_str(), "srf7ks07f");
    assert_eq!(claim.evidence[0].stance, Stance::Supports);

    // Change the stance from the chip's menu.
    h.get_by_label_contains("from ‘Everything we know’: gripped by large-scale")
        .click_secondary();
    h.run_steps(4);
    h.get_by_role_and_label(egui::accesskit::Role::RadioButton, "✖ Contradicts")
        .click();
    h.run_steps(4);
    let stance =
        |h: &Harness<'_, AttestApp>| project(h).claim(&new_claim).unwrap().evidence[0].stance;
    assert_eq!(stance(&h), Stance::Contradicts);

    // Undo and redo by keyboard.
    cmd(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(stance(&h), Stance::Supports);
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(stance(&h), Stance::Contradicts);
    // Undo the citation entirely, then redo it from the Edit menu.
    cmd(&mut h, Modifiers::COMMAND, Key::Z);
    cmd(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(project(&h).claim(&new_claim).unwrap().evidence.is_empty());
    assert!(project(&h).quote(&quote.id).is_none());
    h.get_by_label("Edit").click();
    h.run_steps(4);
    // Menu entries show their shortcut.
    h.get_by_label("Redo Ctrl+Shift+Z").click();
    h.run_steps(4);
    assert_eq!(project(&h).claim(&new_claim).unwrap().evidence.len(), 1);
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(stance(&h), Stance::Contradicts);

    // Reorder: the focused new claim moves up, above cpbqgtf1f.
    h.get_by_label("Move up").scroll_to_me();
    h.run_steps(4);
    h.get_by_label("Move up").click();
    h.run_steps(4);
    let first_paragraph: Vec<&str> = project(&h).paragraphs[0]
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        first_paragraph,
        ["c1r77mp3f", "cmxqngt5q", new_claim.as_str(), "cpbqgtf1f"]
    );

    // A claim that starts a new paragraph.
    let last = project(&h).paragraphs.len();
    let label = format!("Start paragraph ¶{} with a claim", last + 1);
    h.get_by_label(&label).scroll_to_me();
    h.run_steps(4);
    h.get_by_label(&label).click();
    h.run_steps(4);
    h.get_by_label(&label)
        .type_text("The toll remains disputed.");
    h.run_steps(4);
    // Each paragraph has its own Add button; the last one starts the new paragraph.
    h.get_all_by_label("Add").last().unwrap().click();
    h.run_steps(4);
    assert_eq!(project(&h).paragraphs.len(), last + 1);

    // Save with Ctrl+S, then load the folder again and read the RON.
    cmd(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!h.state().is_dirty());
    assert!(!h.state().window_title().starts_with("● "));
    let reloaded = Document::open(&dir).unwrap();
    assert_eq!(reloaded.project(), project(&h));
    let ron = fs::read_to_string(dir.join("project.ron")).unwrap();
    let quote_line = format!(
        "(id: \"{}\", source: \"srf7ks07f\", start: {}, end: {}, text: \"gripped by large-scale violence\"",
        quote.id, target.start, target.end
    );
    assert!(ron.contains(&quote_line), "{ron}");
    assert!(ron.contains(&format!(
        "(quote: \"{}\", stance: Contradicts, note: \"\")",
        quote.id
    )));
    let toll = claim_with_text(&h, "The toll remains disputed.");
    for (id, text) in [
        (&new_claim, "Pakistan is again gripped by violence."),
        (&toll, "The toll remains disputed."),
    ] {
        let line = ron
            .lines()
            .find(|l| l.contains(&format!("(id: \"{id}\", at: ")))
            .unwrap();
        assert!(line.contains(&format!("text: \"{text}\"")), "{line}");
    }
    assert!(dir.join("project.ron.bak").exists());
}

#[test]
fn find_selects_a_match_that_ctrl_e_cites() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    // The first claim is focused on opening.
    cmd(&mut h, Modifiers::COMMAND, Key::F);
    h.get_by_label("Find:").type_text("Revolution slogans");
    h.run_steps(4);
    let expected = char_range(&h, "Revolution slogans");
    assert_eq!(
        h.state().current_view().unwrap().snapped_selection(),
        Some(expected.clone())
    );
    cmd(&mut h, Modifiers::COMMAND, Key::E);
    let c1 = project(&h).claim(&ClaimId::from("c1r77mp3f")).unwrap();
    let last = c1.evidence.last().unwrap();
    let quote = project(&h).quote(&last.quote).unwrap();
    assert_eq!(
        (quote.start, quote.end, quote.text.as_str()),
        (expected.start, expected.end, "Revolution slogans")
    );
    // The cited passage shows as a quote, no longer as a find match.
    let view = h.state().current_view().unwrap();
    assert!(view.find.open, "the find bar stays");
    assert_eq!(view.find.matches_in(expected.clone()).count(), 0);
    cmd(&mut h, Modifiers::NONE, Key::F3);
    let view = h.state().current_view().unwrap();
    assert_eq!(
        view.find.matches_in(expected).count(),
        1,
        "the next step marks matches again"
    );
}

#[test]
fn clicking_a_chip_opens_its_source_at_the_passage() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    assert_eq!(
        h.state().state.current_source.as_ref().map(|s| s.as_str()),
        Some("srf7ks07f")
    );
    h.get_by_label_contains("from ‘Thousands of protesters’: The primary demand of")
        .click();
    h.run_steps(4);
    assert_eq!(
        h.state().state.current_source.as_ref().map(|s| s.as_str()),
        Some("sy9cxxzhg")
    );
    let q3 = project(&h).quote(&"qs6jrb8cw".into()).unwrap().clone();
    let rect = h
        .state()
        .current_view()
        .unwrap()
        .screen_rect_of_char(q3.start);
    assert!(
        rect.is_some_and(|r| r.min.y > 0.0 && r.max.y < 800.0),
        "the passage is on screen: {rect:?}"
    );
}

#[test]
fn a_cancelled_file_dialog_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let before = project(&h).clone();
    menu(&mut h, "Sources", "Add Source from File… Ctrl+Shift+O");
    h.get_by_label("Browse…").click();
    h.run_steps(4);
    // A hint, in the status bar: the error bar stays empty.
    let message = h.state().state.message.clone().expect("a message");
    assert!(message.text.contains("No file was chosen"), "{message:?}");
    assert!(h.state().state.notice.is_none());
    h.get_by_label("Cancel").click();
    h.run_steps(4);
    assert!(h.state().state.dialog.is_none());
    assert_eq!(project(&h), &before);
    assert!(!h.state().is_dirty());
}

#[test]
fn an_unreadable_project_shows_an_error_in_the_window() {
    let tmp = tempfile::tempdir().unwrap();
    let broken = tmp.path().join("broken");
    fs::create_dir_all(&broken).unwrap();
    fs::write(
        broken.join("project.ron"),
        "(format_version: 1, title: \"x\", sources: [oops])",
    )
    .unwrap();
    let mut h = harness(tmp.path(), Some(&broken));
    assert!(h.state().document().is_none());
    h.run_steps(4);
    // The message, with the file's line and column, is shown in the window.
    h.get_by_label_contains("Could not open the project");
    h.get_by_label_contains("project.ron:1:");
    // The welcome screen still offers a way on.
    h.get_by_label("Open Project…");
}

#[test]
fn unsaved_changes_are_asked_about_before_opening_another_project() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let other = tmp.path().join("other");
    Document::create(&other, "Other story").unwrap();
    let mut h = harness(tmp.path(), Some(&dir));
    h.state_mut()
        .push(Action::Edit(attest::project::command::Command::SetTitle {
            title: "Edited".into(),
        }));
    h.run_steps(4);
    assert!(h.state().is_dirty());

    h.state_mut().push(Action::Open(other.clone()));
    h.run_steps(4);
    h.get_by_label("Cancel").click();
    h.run_steps(4);
    assert_eq!(project(&h).title, "Edited", "cancel keeps the project");

    h.state_mut().push(Action::Open(other.clone()));
    h.run_steps(4);
    h.get_by_label("Don’t save").click();
    h.run_steps(4);
    assert_eq!(project(&h).title, "Other story");
    let saved = Document::open(&dir).unwrap();
    assert_eq!(
        saved.project().title,
        "Islamabad protests, November 2024",
        "nothing was saved"
    );
}

#[test]
fn urdu_sources_render_and_quote_whole_words() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("urdu");
    Document::create(&dir, "Urdu").unwrap();
    let mut h = harness(tmp.path(), Some(&dir));
    let text = "اسلام آباد میں مظاہرین نے کنٹینر ہٹا دیے\nPolice said «six» died.";
    h.state_mut()
        .push(Action::AddSource(Box::new(NewSource::text(text))));
    h.run_steps(4);
    h.get_by_label("Write the first claim").click();
    h.run_steps(4);
    h.get_by_label("Write the first claim")
        .type_text("Protesters removed containers.");
    h.key_press(Key::Enter);
    h.run_steps(4);
    let claim = claim_with_text(&h, "Protesters removed containers.");
    h.state_mut().push(Action::FocusClaim(claim, false));
    let word = char_range(&h, "مظاہرین");
    drag_select(&mut h, word.start + 1, word.start + 3);
    assert_eq!(
        h.state().current_view().unwrap().snapped_selection(),
        Some(word.clone())
    );
    cmd(&mut h, Modifiers::COMMAND, Key::E);
    let source = h.state().state.current_source.clone().unwrap();
    let quote = project(&h).quotes_of(&source).next().unwrap();
    assert_eq!(quote.text, "مظاہرین");
}

/// Clicks a button in a modal dialog. The pointer is moved there first, as a
/// real one would be: egui picks the layer under the pointer from where it
/// was in the previous frame.
fn click_in_dialog(h: &mut Harness<'_, AttestApp>, label: &str) {
    let center = h.get_by_label(label).rect().center();
    h.hover_at(center);
    h.run_steps(2);
    h.get_by_label(label).click();
    h.run_steps(4);
}

/// Presses and releases the primary button at a point, without moving.
fn click_at(h: &mut Harness<'_, AttestApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run_steps(2);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run_steps(2);
    }
}

#[test]
fn clicking_a_highlight_focuses_the_claim_that_cites_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    h.state_mut()
        .push(Action::FocusClaim(ClaimId::from("cxp7nf728"), false));
    h.run_steps(2);
    // q23 (srf7ks07f, "coincided with a high-profile visit…") is cited only by c3pkm6ebq.
    let q23 = project(&h).quote(&"qzata2nc7".into()).unwrap().clone();
    let rect = h
        .state()
        .current_view()
        .unwrap()
        .screen_rect_of_char(q23.start + 3)
        .unwrap();
    click_at(&mut h, rect.center());
    h.run_steps(4);
    assert_eq!(
        h.state().state.focused_claim.as_ref().map(|c| c.as_str()),
        Some("c3pkm6ebq")
    );
    // Clicking a highlight does not start a selection.
    assert_eq!(h.state().current_view().unwrap().selection, None);
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    h.state_mut()
        .push(Action::Edit(attest::project::command::Command::SetTitle {
            title: "Edited".into(),
        }));
    h.run_steps(2);
    cmd(&mut h, Modifiers::COMMAND, Key::Q);
    h.run_steps(4);
    h.get_by_label("Unsaved changes");
    h.get_by_label("Save").click();
    h.run_steps(4);
    assert!(!h.state().is_dirty(), "saved before quitting");
    assert_eq!(Document::open(&dir).unwrap().project().title, "Edited");
}

#[test]
fn add_a_source_from_a_typed_path_and_edit_its_citation() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let file = tmp.path().join("statement.txt");
    fs::write(
        &file,
        "The ministry said five people died.\r\nIt gave no names.\r\n",
    )
    .unwrap();
    let mut h = harness(tmp.path(), Some(&dir));
    add_source_from(&mut h, &file, Some("Ministry statement"));
    run_until(&mut h, "the file to be read and added", dialog_closed);
    let source = added_source(&h);
    assert!(source.id.is_generated(), "{}", source.id);
    assert_eq!(source.citation.title, "Ministry statement");
    assert_eq!(h.state().state.current_source.as_ref(), Some(&source.id));
    assert!(h.state().state.dialog.is_none());
    assert_eq!(
        h.state()
            .document()
            .unwrap()
            .text_of(&source.id)
            .unwrap()
            .as_str(),
        fs::read_to_string(&file).unwrap(),
        "the text is kept verbatim, CRLF included"
    );

    h.get_by_label("Edit citation…").click();
    h.run_steps(4);
    h.get_by_label("Published").click();
    h.run_steps(2);
    h.get_by_label("Published").type_text("26/11/2024");
    h.run_steps(4);
    // A malformed date is refused in the dialog.
    h.get_by_label_contains("write it as YYYY-MM-DD");
    for _ in 0..10 {
        h.key_press(Key::Backspace);
    }
    h.get_by_label("Published").type_text("2024-11-26");
    h.run_steps(4);
    h.get_by_label("Save citation").click();
    h.run_steps(4);
    assert_eq!(
        project(&h).source(&source.id).unwrap().citation.published,
        "2024-11-26"
    );
    cmd(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        project(&h).source(&source.id).unwrap().citation.published,
        ""
    );
}

#[test]
fn update_a_source_review_accept_and_reselect_a_changed_quote() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let s2 = attest::model::SourceId::from("sy9cxxzhg");
    let old_sha = project(&h).source(&s2).unwrap().sha256.clone();
    let old_text = h
        .state()
        .document()
        .unwrap()
        .text_of(&s2)
        .unwrap()
        .as_str()
        .to_owned();
    let corrected = old_text.replace("resulted in five deaths", "resulted in six deaths");
    let file = tmp.path().join("sy9cxxzhg-corrected.txt");
    fs::write(&file, &corrected).unwrap();

    compare_new_version(&mut h, &s2, &file);
    run_until(&mut h, "the comparison", shows("qxzgyk2r8 changed"));
    // The report is shown before anything changes.
    h.get_by_label("qxzgyk2r8 changed");
    h.get_by_label_contains("now: “Clashes with security forces resulted in six");
    assert_eq!(project(&h).source(&s2).unwrap().sha256, old_sha);
    click_in_dialog(&mut h, "Accept new version");

    let q17 = attest::model::QuoteId::from("qxzgyk2r8");
    let unresolved = project(&h)
        .quote(&q17)
        .unwrap()
        .unresolved
        .clone()
        .expect("qxzgyk2r8 waits for review");
    assert_eq!(unresolved.status, attest::model::AnchorStatus::Changed);
    assert_eq!(project(&h).source(&s2).unwrap().previous.len(), 1);
    assert_eq!(
        h.state().current_view().unwrap().text().as_str(),
        corrected,
        "the view shows the new version"
    );

    // Re-select the changed passage on the new text.
    let passage = char_range(
        &h,
        "Clashes with security forces resulted in six deaths, including four police officers.",
    );
    drag_select(&mut h, passage.start, passage.end - 1);
    h.state_mut()
        .push(Action::FocusClaim(ClaimId::from("cjjvtsckq"), true));
    h.run_steps(4);
    h.get_by(|n| {
        n.label().is_some_and(|l| {
            l.starts_with("Contradicts, from ‘Thousands of protesters’: Clashes with security")
                && l.contains("(changed in the source")
        })
    })
    .scroll_to_me();
    h.run_steps(4);
    h.get_by(|n| {
        n.label().is_some_and(|l| {
            l.starts_with("Contradicts, from ‘Thousands of protesters’: Clashes with security")
                && l.contains("(changed in the source")
        })
    })
    .click_secondary();
    h.run_steps(4);
    h.get_by_label("Re-select with the current selection")
        .click();
    h.run_steps(4);
    let quote = project(&h).quote(&q17).unwrap().clone();
    assert!(quote.unresolved.is_none());
    assert_eq!(
        quote.text,
        "Clashes with security forces resulted in six deaths, including four police officers."
    );

    // Undo the re-selection, then the update.
    cmd(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(project(&h).quote(&q17).unwrap().unresolved.is_some());
    cmd(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(project(&h).source(&s2).unwrap().sha256, old_sha);
    assert!(project(&h).quote(&q17).unwrap().unresolved.is_none());
    h.run_steps(4);
    assert_eq!(h.state().current_view().unwrap().text().as_str(), old_text);
}

/// The review panel's findings of one claim, as (severity, rule).
fn findings_of(h: &Harness<'_, AttestApp>, claim: &str) -> Vec<(String, String)> {
    h.state()
        .state
        .report
        .of_claim(&ClaimId::from(claim))
        .map(|f| (f.severity.name().to_owned(), f.rule.name().to_owned()))
        .collect()
}

#[test]
fn review_panel_filters_opens_findings_and_signs_off() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    assert!(h.state().state.reviewing);
    h.get_by_label("Review");
    h.get_by_label("0 blocker(s)");
    h.get_by_label("20 warning(s)");

    // The death toll's findings: contested, and the other report's figure.
    h.get_by_label_contains(
        "contested: the quote from ‘Thousands of protesters’ contradicts it: “Clashes",
    );
    h.get_by_label_contains("number-mismatch: the quote from ‘Thousands of protesters’");
    // Filters: without warnings, only the information is left.
    h.get_by_label("Warnings").click();
    h.run_steps(4);
    assert!(
        h.query_by_label_contains(
            "contested: the quote from ‘Thousands of protesters’ contradicts it: “Clashes"
        )
        .is_none()
    );
    h.get_by_label_contains("number-mismatch: the quote from ‘Thousands of protesters’");
    h.get_by_label("Warnings").click();
    h.run_steps(4);

    // Clicking a finding focuses its claim and shows its quote in context.
    h.get_by_label_contains(
        "contested: the quote from ‘Thousands of protesters’ contradicts it: “Clashes",
    )
    .scroll_to_me();
    h.run_steps(4);
    h.get_by_label_contains(
        "contested: the quote from ‘Thousands of protesters’ contradicts it: “Clashes",
    )
    .click();
    h.run_steps(6);
    assert_eq!(
        h.state().state.focused_claim,
        Some(ClaimId::from("cjjvtsckq"))
    );
    assert_eq!(
        h.state().state.current_source.as_ref().unwrap().as_str(),
        "sy9cxxzhg"
    );
    let q17 = project(&h).quote(&"qxzgyk2r8".into()).unwrap().clone();
    let view = h.state().current_view().unwrap();
    assert!(
        view.screen_rect_of_char(q17.start).is_some(),
        "the quote is on screen"
    );

    // Sign off c6 from its entry: the dialog asks for the reviewer's name.
    assert!(findings_of(&h, "cjjvtsckq").contains(&("warning".into(), "unreviewed".into())));
    h.get_by_label("Sign off claim 6…").click();
    h.run_steps(6);
    h.get_by_label_contains("Sign off claim 6, ‘Six people died");
    h.get_by_label("Reviewer").click();
    h.run_steps(2);
    h.get_by_label("Reviewer").type_text("Ana Diaz");
    h.run_steps(4);
    click_in_dialog(&mut h, "Sign off");
    let signoff = project(&h)
        .claim(&"cjjvtsckq".into())
        .unwrap()
        .signoff
        .clone()
        .unwrap();
    assert_eq!(signoff.by, "Ana Diaz");
    assert_eq!(
        signoff.hash,
        project(&h)
            .claim(&"cjjvtsckq".into())
            .unwrap()
            .content_hash(project(&h))
    );
    // The panel follows: c6 is reviewed now.
    assert!(findings_of(&h, "cjjvtsckq").contains(&("info".into(), "signed-off".into())));
    h.get_by_label("19 warning(s)");
    h.get_by_label_contains("Signed off by Ana Diaz");

    // An edit voids it, and the panel says so; undo restores it.
    h.state_mut()
        .push(Action::Edit(attest::project::command::Command::EditClaim {
            id: "cjjvtsckq".into(),
            text: "Seven people died.".into(),
        }));
    h.run_steps(4);
    assert!(findings_of(&h, "cjjvtsckq").contains(&("warning".into(), "unreviewed".into())));
    assert!(findings_of(&h, "cjjvtsckq").contains(&("warning".into(), "number-mismatch".into())));
    {
        use egui_kittest::kittest::NodeT as _;
        let void =
            h.get_by_label_contains("; the claim changed since, so it needs a new sign-off.");
        let node = void.accesskit_node();
        let label = node.label().or_else(|| node.value()).unwrap_or_default();
        assert!(
            label.starts_with("⚠ Signed off by Ana Diaz on 20"),
            "{label}"
        );
    }
    // One line per claim says it: no "unreviewed" finding beside it.
    assert!(h.query_by_label_contains("unreviewed: ").is_none());
    assert!(h.query_by_label_contains("signed-off: ").is_none());
    cmd(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(findings_of(&h, "cjjvtsckq").contains(&("info".into(), "signed-off".into())));
}

#[test]
fn claims_with_blockers_cannot_be_signed_off_or_exported_unmarked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    h.state_mut()
        .push(Action::AddClaim(0, "Nobody backs this.".into()));
    h.run_steps(4);
    let unbacked = claim_with_text(&h, "Nobody backs this.");
    assert_eq!(
        findings_of(&h, unbacked.as_str())[0],
        ("blocker".into(), "unsupported".into())
    );

    // Claim ▸ Sign Off… on the focused, unsupported claim: refused.
    cmd(&mut h, Modifiers::COMMAND | Modifiers::ALT, Key::S);
    let name = project(&h).claim_name(&unbacked);
    h.get_by_label(&format!("Sign off {name}"));
    h.get_by_label("This claim has blockers; resolve them before signing off.");
    h.get_by_label("Reviewer").type_text("Ana");
    h.run_steps(4);
    click_in_dialog(&mut h, "Sign off");
    assert!(project(&h).claim(&unbacked).unwrap().signoff.is_none());
    cmd(&mut h, Modifiers::NONE, Key::Escape);

    // File ▸ Export…: refused until blockers are allowed, then marked.
    let out = tmp.path().join("summary.md");
    menu(&mut h, "File", "Export… Ctrl+Shift+E");
    h.run_steps(2);
    click_in_dialog(&mut h, "Markdown");
    h.get_by_label("Export to").focus();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(2);
    h.get_by_label("Export to").type_text(out.to_str().unwrap());
    h.run_steps(4);
    click_in_dialog(&mut h, "Export");
    assert!(!out.exists(), "the Export button is disabled with blockers");
    click_in_dialog(&mut h, "Export anyway, marking the affected claims");
    click_in_dialog(&mut h, "Export");
    let md = fs::read_to_string(&out).expect("exported");
    assert!(
        md.contains("**⚠ Not cleared for publication (unsupported):** Nobody backs this."),
        "{md}"
    );
    assert!(md.contains("[^17]: **Contradicts the claim:**"), "{md}");
    assert!(h.state().state.dialog.is_none());
}

#[test]
fn broken_projects_show_their_error_in_the_window_and_change_nothing() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    for entry in fs::read_dir(&corpus).unwrap() {
        let case = entry.unwrap().path();
        if !case.is_dir() {
            continue;
        }
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let blocks_only = fs::read_to_string(case.join("expected.txt"))
            .unwrap()
            .starts_with("exit 1");
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(&name);
        copy_dir(&case, &dir);
        let before = fs::read(dir.join("project.ron")).unwrap();
        let mut h = harness(tmp.path(), Some(&dir));
        let notice = h.state().state.notice.clone().expect("a notice");
        assert!(notice.error, "{name}");
        if blocks_only {
            // It opens; the problems are listed and the review blocks.
            assert!(h.state().document().is_some(), "{name}");
            assert!(
                notice.text.contains("problem(s)"),
                "{name}: {}",
                notice.text
            );
            cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
            assert!(h.state().state.report.blocks(false), "{name}");
        } else {
            assert!(h.state().document().is_none(), "{name}");
            assert!(
                notice.text.contains("project.ron"),
                "{name}: {}",
                notice.text
            );
            h.get_by_label_contains("Could not open the project");
        }
        h.run_steps(2);
        assert_eq!(fs::read(dir.join("project.ron")).unwrap(), before, "{name}");
    }
}

/// Saves a change to the project from "another program".
fn change_on_disk(dir: &Path, title: &str) {
    let mut other = Document::open(dir).unwrap();
    other
        .apply(attest::project::command::Command::SetTitle {
            title: title.into(),
        })
        .unwrap();
    other.save().unwrap();
}

/// A copy of the sample with c1 edited in the app (unsaved), while another
/// program saved a new title to the same project.
fn edited_while_changed_on_disk() -> (tempfile::TempDir, PathBuf, Harness<'static, AttestApp>) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    h.state_mut()
        .push(Action::Edit(attest::project::command::Command::EditClaim {
            id: "c1r77mp3f".into(),
            text: "My edit.".into(),
        }));
    h.run_steps(2);
    change_on_disk(&dir, "Their title");
    (tmp, dir, h)
}

#[test]
fn a_save_never_overwrites_changes_made_elsewhere() {
    let (tmp, dir, mut h) = edited_while_changed_on_disk();

    cmd(&mut h, Modifiers::COMMAND, Key::S);
    h.run_steps(4);
    h.get_by_label("The project changed on disk");
    assert!(h.state().is_dirty(), "not saved");
    let on_disk = Document::open(&dir).unwrap();
    assert_eq!(
        on_disk.project().title,
        "Their title",
        "their change is kept"
    );

    // Keep my version as a copy, and go on editing the copy.
    click_in_dialog(&mut h, "Save a copy");
    let copy = tmp.path().join("sample-copy");
    let mine = Document::open(&copy).unwrap();
    assert_eq!(
        mine.project().claim(&"c1r77mp3f".into()).unwrap().text,
        "My edit."
    );
    assert_eq!(mine.project().title, "Islamabad protests, November 2024");
    assert_eq!(h.state().document().unwrap().dir(), copy);
    assert!(!h.state().is_dirty());
    assert_eq!(Document::open(&dir).unwrap().project().title, "Their title");
}

#[test]
fn a_project_changed_on_disk_can_be_reloaded() {
    let (_tmp, _dir, mut h) = edited_while_changed_on_disk();
    cmd(&mut h, Modifiers::COMMAND, Key::S);
    h.run_steps(4);
    click_in_dialog(&mut h, "Reload from disk");
    h.run_steps(4);
    assert_eq!(project(&h).title, "Their title");
    assert_ne!(
        project(&h).claim(&"c1r77mp3f".into()).unwrap().text,
        "My edit."
    );
    assert!(!h.state().is_dirty());
}

#[test]
fn the_app_holds_a_lock_and_warns_about_a_project_open_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let lock = dir.join(attest::project::lock::LOCK_FILE);
    {
        let h = harness(tmp.path(), Some(&dir));
        let text = fs::read_to_string(&lock).expect("the app holds the lock");
        assert!(
            text.contains(&format!("pid={}", std::process::id())),
            "{text}"
        );
        assert!(h.state().state.notice.is_none());
    }
    assert!(!lock.exists(), "released when the window goes");

    // Another live process holds it: the project opens, with a warning.
    let mut other = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    let host = fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    fs::write(
        &lock,
        format!(
            "pid={}\nhost={}\nsince=2026-11-21T10:00:00Z\n",
            other.id(),
            host.trim()
        ),
    )
    .unwrap();
    let h = harness(tmp.path(), Some(&dir));
    assert!(h.state().document().is_some());
    let notice = h.state().state.notice.clone().unwrap();
    assert!(
        notice.text.contains("is open in Attest elsewhere"),
        "{}",
        notice.text
    );
    assert!(
        notice.text.contains(&format!("process {}", other.id())),
        "{}",
        notice.text
    );
    drop(h);
    assert!(lock.exists(), "the other process's lock is left alone");
    other.kill().unwrap();
    other.wait().unwrap();
}

#[test]
fn unsaved_work_is_offered_back_after_a_crash_and_restored() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let saved = fs::read(dir.join("project.ron")).unwrap();
    let mut h = harness(tmp.path(), Some(&dir));
    h.state_mut().autosave_interval = std::time::Duration::ZERO;
    h.state_mut()
        .push(Action::Edit(attest::project::command::Command::EditClaim {
            id: "c1r77mp3f".into(),
            text: "Edited before the crash.".into(),
        }));
    h.state_mut()
        .push(Action::AddClaim(1, "Added before the crash.".into()));
    h.run_steps(4);
    // The journal is written on a worker thread.
    let journal = dir
        .join(attest::project::journal::JOURNAL_DIR)
        .join("project.ron");
    run_until(&mut h, "the journal", |_| journal.exists());
    // The window goes away without saving or shutting down.
    std::mem::forget(h);
    assert_eq!(
        fs::read(dir.join("project.ron")).unwrap(),
        saved,
        "the saved project is untouched"
    );

    let mut h = harness(tmp.path(), Some(&dir));
    h.get_by_label("Unsaved work found");
    h.get_by_label("• Edited claim c1r77mp3f: “Edited before the crash.”");
    h.get_by_label_contains(": “Added before the crash.”");
    // It cannot be dismissed by accident.
    cmd(&mut h, Modifiers::NONE, Key::Escape);
    h.get_by_label("Unsaved work found");
    click_in_dialog(&mut h, "Restore unsaved work");
    assert_eq!(
        project(&h).claim(&"c1r77mp3f".into()).unwrap().text,
        "Edited before the crash."
    );
    let added = claim_with_text(&h, "Added before the crash.");
    assert!(h.state().is_dirty());
    assert_eq!(
        fs::read(dir.join("project.ron")).unwrap(),
        saved,
        "not saved until asked"
    );
    cmd(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!dir.join(attest::project::journal::JOURNAL_DIR).exists());
    let reloaded = Document::open(&dir).unwrap();
    assert_eq!(
        reloaded.project().claim(&added).unwrap().text,
        "Added before the crash."
    );
}

#[test]
fn unsaved_work_can_be_discarded_and_is_set_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    h.state_mut().autosave_interval = std::time::Duration::ZERO;
    h.state_mut()
        .push(Action::AddClaim(0, "Not wanted.".into()));
    h.run_steps(4);
    let journal = dir.join(attest::project::journal::JOURNAL_DIR);
    run_until(&mut h, "the journal", |_| {
        journal.join("project.ron").exists()
    });
    std::mem::forget(h);
    // A folder an earlier version left discarded work in goes too.
    fs::create_dir_all(dir.join(attest::project::journal::DISCARDED_DIR)).unwrap();
    let mut h = harness(tmp.path(), Some(&dir));
    let data = tmp.path().join("data").join("discarded-work");
    h.state_mut().discarded_dir = Some(data.clone());
    click_in_dialog(&mut h, "Discard it");
    assert!(project(&h).claims().all(|(_, c)| c.text != "Not wanted."));
    assert!(!h.state().is_dirty());
    // Nothing is left in the project folder (which a team shares in git);
    // a copy is kept in the data folder, and the status bar says where.
    assert!(!dir.join(attest::project::journal::JOURNAL_DIR).exists());
    assert!(!dir.join(attest::project::journal::DISCARDED_DIR).exists());
    let kept: Vec<_> = fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1);
    let aside = kept[0].join("project.ron");
    assert!(fs::read_to_string(aside).unwrap().contains("Not wanted."));
    let message = h.state().state.message.clone().unwrap();
    assert!(
        message.text.contains(&kept[0].display().to_string()),
        "{message:?}"
    );

    // "Don't save" on quitting leaves nothing behind either.
    h.state_mut()
        .push(Action::AddClaim(0, "Not wanted either.".into()));
    h.run_steps(4);
    h.state_mut().autosave_interval = std::time::Duration::ZERO;
    h.run_steps(4);
    run_until(&mut h, "the journal", |_| {
        dir.join(attest::project::journal::JOURNAL_DIR).exists()
    });
    h.state_mut().push(Action::Quit);
    h.run_steps(4);
    click_in_dialog(&mut h, "Don’t save");
    assert!(!dir.join(attest::project::journal::JOURNAL_DIR).exists());
    assert!(!dir.join(attest::project::journal::DISCARDED_DIR).exists());
    let aside = fs::read_dir(&data).unwrap().next().unwrap().unwrap().path();
    assert!(
        fs::read_to_string(aside.join("project.ron"))
            .unwrap()
            .contains("Not wanted either.")
    );
}

/// The real app under Xvfb: a claim typed into it reaches the autosave
/// journal; the process is killed (SIGKILL) before any save; the next start
/// offers the claim back.
#[test]
fn a_killed_app_process_leaves_its_unsaved_work_to_restore() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let saved = fs::read(dir.join("project.ron")).unwrap();
    let script = r#"
        "$ATTEST_BIN" open "$PROJECT" 2>/dev/null &
        pid=$!
        wid=""
        for _ in $(seq 1 240); do
            sleep 0.25
            wid=$(xdotool search --name "Attest" 2>/dev/null | head -n 1 || true)
            [ -n "$wid" ] && break
        done
        [ -n "$wid" ] || { echo "no window" >&2; kill -9 $pid; exit 1; }
        xdotool windowmove "$wid" 0 0 windowsize "$wid" 1280 800
        sleep 3
        xdotool windowfocus --sync "$wid"
        xdotool key ctrl+Return
        sleep 1
        xdotool type --delay 30 "Typed before the crash."
        sleep 0.5
        xdotool key Return
        # Longer than the autosave interval (3 s).
        sleep 6
        # Then keep typing, with the journal written again and again on its
        # worker, and kill the app in the middle of it.
        xdotool key ctrl+Return
        sleep 0.5
        for _ in $(seq 1 8); do
            xdotool type --delay 20 "More words "
            sleep 0.7
        done
        kill -9 $pid
        wait $pid 2>/dev/null
        exit 0
    "#;
    let run = std::process::Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x800x24", "bash", "-c", script])
        .env("ATTEST_BIN", env!("CARGO_BIN_EXE_attest"))
        .env("PROJECT", &dir)
        .env("ATTEST_CONFIG_DIR", tmp.path().join("config"))
        .env("ATTEST_DATA_DIR", tmp.path().join("data"))
        .output()
        .expect("xvfb-run and xdotool are installed (scripts/setup.sh)");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        fs::read(dir.join("project.ron")).unwrap(),
        saved,
        "the killed app saved nothing"
    );
    let journal = fs::read_to_string(
        dir.join(attest::project::journal::JOURNAL_DIR)
            .join("project.ron"),
    )
    .expect("the journal was written before the kill");
    assert!(journal.contains("Typed before the crash."), "{journal}");
    // Killed while the journal was being written: what is there is whole.
    let recovered = attest::project::journal::read(&dir)
        .expect("a journal")
        .expect("the journal reads as a whole project");
    assert!(
        recovered
            .project
            .claims()
            .any(|(_, c)| c.text == "Typed before the crash.")
    );

    let mut h = harness(tmp.path(), Some(&dir));
    h.get_by_label("Unsaved work found");
    h.get_by_label_contains(": “Typed before the crash.”");
    click_in_dialog(&mut h, "Restore unsaved work");
    claim_with_text(&h, "Typed before the crash.");
}

#[test]
fn a_summary_of_a_thousand_claims_lays_out_what_is_in_view_and_scrolls_to_the_end() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("big");
    synthetic::generate(&synthetic::Shape {
        sources: 4,
        source_bytes: 20_000,
        quotes: 4_000,
        claims: 1_000,
        seed: 3,
    })
    .save(&dir)
    .unwrap();
    let mut h = harness(tmp.path(), Some(&dir));
    let first = "Claim 1: the protesters marched on the capital.";
    let last_text = "Claim 1000: the protesters marched on the capital.";
    assert!(claim_field(&h, first).is_some());
    assert!(
        claim_field(&h, last_text).is_none(),
        "a claim far below the view is not laid out"
    );

    // The mouse wheel over the summary reaches its last claim, which then
    // works like any other: type into it.
    let over_summary = claim_field(&h, first).unwrap().rect().center();
    for _ in 0..8 {
        h.hover_at(over_summary);
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Page,
            delta: vec2(0.0, -50.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        h.run_steps(20);
    }
    assert!(
        claim_field(&h, first).is_none(),
        "the first claim scrolled away"
    );
    claim_field(&h, last_text).unwrap().click();
    h.run_steps(4);
    h.key_press(Key::End);
    h.run_steps(2);
    claim_field(&h, last_text)
        .unwrap()
        .type_text(" Still true.");
    h.run_steps(4);
    let last = claim_with_text(&h, &format!("{last_text} Still true."));
    assert_eq!(
        project(&h).paragraphs.last().unwrap().last().unwrap().id,
        last,
        "the last claim was typed into"
    );
    assert_eq!(h.state().state.focused_claim.as_ref(), Some(&last));

    // On a large project the check waits for a pause in the typing; after
    // one, the review knows of the figure just typed.
    claim_field(
        &h,
        "Claim 1000: the protesters marched on the capital. Still true.",
    )
    .unwrap()
    .type_text(" 12345 died.");
    h.run_steps(2);
    std::thread::sleep(std::time::Duration::from_millis(600));
    // (A slow check runs on a worker thread; the report follows when done.)
    run_until(&mut h, "the check after the pause", |h| {
        h.state()
            .state
            .report
            .of_claim(&last)
            .any(|f| f.rule == attest::check::Rule::NumberMismatch && f.message.contains("12345"))
    });
}

/// The text field of the claim with this text, if it is laid out.
fn claim_field<'a>(h: &'a Harness<'_, AttestApp>, text: &'a str) -> Option<egui_kittest::Node<'a>> {
    use egui_kittest::kittest::NodeT as _;
    h.query_all_by_value(text)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::MultilineTextInput)
}

/// A file dropped on the window, as the windowing system hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_pdf_dropped_on_the_window_is_added_after_its_citation_is_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let pdf = corpus("two-columns.pdf");
    let mut h = harness(tmp.path(), Some(&dir));
    h.run_steps(2);
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(pdf.clone())));
    h.run_steps(3);
    h.get_by_label("Add source from file");
    h.get_by_label("Add source").click();
    run_until(&mut h, "the PDF to be read", shows("Read as PDF"));
    // The document's own metadata is shown for checking, nothing added yet.
    let sources = project(&h).sources.len();
    assert_eq!(
        sources, 2,
        "nothing is added before the citation is checked"
    );
    h.get_by_label("Publisher").click();
    h.run_steps(2);
    h.get_by_label("Publisher")
        .type_text("Regional Water Authority");
    h.run_steps(2);
    h.get_by_label("Add source").click();
    h.run_steps(4);
    let source = added_source(&h);
    assert_eq!(
        source.citation.title,
        "Flood Review 2024: The Northern Valley"
    );
    assert_eq!(source.citation.author, "Regional Water Authority");
    assert_eq!(source.citation.publisher, "Regional Water Authority");
    let original = source.original.expect("the PDF is kept");
    assert_eq!(original.media_type, "application/pdf");
    assert_eq!(original.pages.len(), 3);
    h.state_mut().save();
    assert_eq!(
        fs::read(dir.join(&original.file)).unwrap(),
        fs::read(&pdf).unwrap()
    );
}

#[test]
fn a_pdf_source_shows_the_page_of_the_selection() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let pdf = corpus("single-column.pdf");
    let mut h = harness(tmp.path(), Some(&dir));
    let imported = attest::import::import_file(&pdf).unwrap();
    let pages = imported.extracted.pages.clone();
    assert!(pages.len() >= 2, "the corpus PDF has several pages");
    let mut source = NewSource::text(&imported.extracted.text);
    source.original = imported.original_and_paging();
    source.citation.title = "A paged report".into();
    h.state_mut().push(Action::AddSource(Box::new(source)));
    h.run_steps(4);
    // Select the first words of the second page.
    let text = h.state().current_view().unwrap().text().clone();
    let start = pages[1].start;
    let end = start
        + text
            .slice(start..text.char_len())
            .unwrap()
            .chars()
            .take_while(|c| *c != '\n')
            .count()
            .min(20);
    h.state_mut()
        .current_view_mut()
        .expect("the PDF is shown")
        .select(start..end);
    h.run_steps(4);
    h.get_by_label_contains(&format!(", p. {}:", pages[1].label));
    // A selection across the page break gives both pages.
    let across = pages[1].start - 5..pages[1].start + 5;
    h.state_mut()
        .current_view_mut()
        .expect("the PDF is shown")
        .select(across.clone());
    h.run_steps(4);
    h.get_by_label_contains(&format!(", pp. {}–{}:", pages[0].label, pages[1].label));
}

#[test]
fn a_source_is_fetched_from_its_address_with_progress_and_can_be_stopped() {
    let page = fs::read(corpus("news.html")).unwrap();
    let address = common::serve(vec![
        (
            "/story",
            common::http(
                "200 OK",
                "Content-Type: text/html; charset=utf-8\r\n",
                &page,
            ),
        ),
        ("/stalled", Vec::new()),
    ]);
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));

    // A server that never answers: the window stays live and Stop ends it.
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::U);
    h.get_by_label("Add source from URL");
    h.get_by_label("Address:")
        .type_text(&format!("{address}/stalled"));
    h.run_steps(2);
    h.get_by_label("Add source").click();
    run_until(&mut h, "the fetch to start", shows("Fetching"));
    h.get_by_label("Stop").click();
    run_until(&mut h, "the fetch to stop", shows("was cancelled"));
    assert_eq!(project(&h).sources.len(), 2, "nothing was added");

    // A page that answers: its metadata is shown for checking, then added.
    h.get_by_label("Address:").click();
    h.run_steps(2);
    for _ in 0.."stalled".len() {
        h.key_press(Key::Backspace);
    }
    h.get_by_label("Address:").type_text("story");
    h.run_steps(2);
    h.get_by_label("Add source").click();
    run_until(&mut h, "the page to be read", shows("Read as web page"));
    assert_eq!(
        project(&h).sources.len(),
        2,
        "nothing added before checking"
    );
    h.get_by_label("Add source").click();
    run_until(&mut h, "the source to be added", dialog_closed);
    let source = added_source(&h);
    assert!(!source.citation.url.is_empty());
    assert_eq!(source.citation.retrieved.len(), 10, "the date of retrieval");
    let original = source.original.as_ref().expect("the page is kept");
    assert_eq!(original.media_type, "text/html");
    let text = h.state().document().unwrap().text_of(&source.id).unwrap();
    assert!(!text.as_str().contains('<'), "no markup in the text");
    h.state_mut().save();
    assert_eq!(fs::read(dir.join(&original.file)).unwrap(), page);
}

#[test]
fn merge_conflicts_are_settled_side_by_side_undone_and_saved() {
    use attest::project::command::{Command, apply};
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let base = Document::open(&dir).unwrap().project().clone();
    let id_of = |start: &str| {
        base.claims()
            .find(|(_, c)| c.text.starts_with(start))
            .unwrap()
            .1
            .id
            .clone()
    };
    let (toll, march) = (id_of("Six people died"), id_of("Supporters of"));
    let side = |toll_text: &str, march_text: &str| {
        let mut project = base.clone();
        let mut texts = attest::text::snapshot::Snapshots::default();
        for (id, text) in [(&toll, toll_text), (&march, march_text)] {
            let edit = Command::EditClaim {
                id: id.clone(),
                text: text.into(),
            };
            apply(&mut project, &mut texts, edit).unwrap();
        }
        project
    };
    let ours = side("Ben: six died.", "Ben: they marched.");
    let theirs = side("Ana: six died.", "Ana: they marched.");
    let merged = attest::team::merge::merge(&base, &ours, &theirs, "merge: ours is your branch");
    assert_eq!(merged.conflicts.len(), 2);
    fs::write(
        dir.join("project.ron"),
        attest::project::store::to_ron(&merged),
    )
    .unwrap();

    let mut h = harness(tmp.path(), Some(&dir));
    h.get_by_label("⚠ 2 merge conflict(s) from git");
    h.get_by_label("Ben: six died.");
    h.get_by_label("Ana: six died.");
    // The first conflict's other version.
    let first = merged.conflicts[0].clone();
    h.get_all_by_label("Keep theirs").next().unwrap().click();
    h.run_steps(4);
    assert_eq!(project(&h).conflicts.len(), 1);
    let settled = project(&h).claim(&first.record.as_str().into()).unwrap();
    assert_eq!(Some(settled.text.clone()), first.theirs);
    // Undo brings the conflict back; redo settles it again.
    cmd(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(project(&h).conflicts.len(), 2);
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(project(&h).conflicts.len(), 1);

    // The other is written anew.
    let second = project(&h).conflicts[0].clone();
    let field = h.get_by_label("Or write it anew:");
    field.click();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_by_label("Or write it anew:")
        .type_text("Both reports agree on this.");
    h.run_steps(2);
    h.get_by_label("Use this text").click();
    h.run_steps(4);
    assert!(project(&h).conflicts.is_empty());
    assert!(
        h.query_by_label_contains("merge conflict(s) from git")
            .is_none()
    );
    let written = project(&h).claim(&second.record.as_str().into()).unwrap();
    assert_eq!(written.text, "Both reports agree on this.");

    cmd(&mut h, Modifiers::COMMAND, Key::S);
    let saved = Document::open(&dir).unwrap();
    assert!(saved.project().conflicts.is_empty());
    assert_eq!(
        saved
            .project()
            .claim(&second.record.as_str().into())
            .unwrap()
            .text,
        "Both reports agree on this."
    );
}

/// Whether the provenance check shows a finding of `rule` for a claim.
fn has_finding(h: &Harness<'_, AttestApp>, claim: &ClaimId, rule: attest::check::Rule) -> bool {
    h.state()
        .state
        .report
        .findings()
        .iter()
        .any(|f| f.rule == rule && f.claim.as_ref() == Some(claim))
}

#[test]
fn a_suggested_passage_from_another_source_is_cited_by_keyboard() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let claim = ClaimId::from("cwh3qy0xk");
    let cited: Vec<_> = project(&h).claim(&claim).unwrap().evidence.clone();
    let only_source = project(&h).quote(&cited[0].quote).unwrap().source.clone();
    assert!(has_finding(&h, &claim, attest::check::Rule::SingleSource));

    h.state_mut().push(Action::FocusClaim(claim.clone(), true));
    run_until(&mut h, "the claim's suggestions", |h| {
        h.state().state.suggestions.get(&claim, 0).is_some()
    });
    h.run_steps(4);
    // The list is under the claim, and its first passage is from the other
    // source, since the claim has only one.
    let first = h.state().state.suggestions.get(&claim, 0).unwrap().clone();
    assert_ne!(first.source, only_source, "{first:?}");
    assert!(first.other_source);
    let _ = h.get_by_label("Suggested evidence");
    let shown = format!(
        "{}: “{}",
        project(&h).source_name(&first.source),
        &first.text[..20]
    );
    let _ = h.get_by_label_contains(&shown);

    // Ctrl+Shift+C cites it with the stance of the toolbar (Supports).
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    h.run_steps(4);
    let evidence = &project(&h).claim(&claim).unwrap().evidence;
    assert_eq!(evidence.len(), cited.len() + 1);
    let new = evidence.last().unwrap();
    assert_eq!(new.stance, Stance::Supports);
    let quote = project(&h).quote(&new.quote).unwrap().clone();
    assert_eq!(
        (quote.source.clone(), quote.start, quote.end),
        (first.source.clone(), first.start, first.end)
    );
    // The claim now has two sources: its single-source warning is gone, and
    // the cited passage left the list.
    run_until(&mut h, "the check after citing", |h| {
        !has_finding(h, &claim, attest::check::Rule::SingleSource)
    });
    run_until(&mut h, "the suggestions after citing", |h| {
        h.state()
            .state
            .suggestions
            .get(&claim, 0)
            .is_some_and(|s| (s.start, &s.source) != (first.start, &first.source))
    });
    // The confirmation names the claim by its text, in the status bar.
    let message = h.state().state.message.clone().expect("a confirmation");
    assert!(
        message.text.starts_with(&format!("Cited {}", quote.id)),
        "{message:?}"
    );
    assert!(message.text.contains("“"), "{message:?}");
    assert!(h.state().state.notice.is_none(), "no bar over the layout");

    // Ctrl+Shift+G shows the next suggestion selected in its source.
    let next = h.state().state.suggestions.get(&claim, 0).unwrap().clone();
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    h.run_steps(4);
    assert_eq!(h.state().state.current_source.as_ref(), Some(&next.source));
    assert_eq!(
        h.state().current_view().unwrap().snapped_selection(),
        Some(next.start..next.end)
    );
}

#[test]
fn stance_shortcuts_choose_the_next_citation_and_do_not_carry_over() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let claim = ClaimId::from("cwh3qy0xk");
    h.state_mut().push(Action::FocusClaim(claim.clone(), true));
    run_until(&mut h, "the claim's suggestions", |h| {
        h.state().state.suggestions.get(&claim, 1).is_some()
    });
    for (key, stance) in [
        (Key::Num2, Stance::Contradicts),
        (Key::Num3, Stance::Context),
        (Key::Num1, Stance::Supports),
        (Key::Num2, Stance::Contradicts),
    ] {
        cmd(&mut h, Modifiers::ALT, key);
        assert_eq!(h.state().state.cite_stance, stance, "{key:?}");
    }
    // The toolbar shows the stance chosen.
    use egui_kittest::kittest::NodeT as _;
    assert!(
        h.get_by_label("Cite as Contradicts")
            .accesskit_node()
            .toggled()
            == Some(egui::accesskit::Toggled::True),
        "the toolbar marks Contradicts"
    );
    let before = project(&h).claim(&claim).unwrap().evidence.len();
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    let evidence = &project(&h).claim(&claim).unwrap().evidence;
    assert_eq!(evidence.len(), before + 1);
    assert_eq!(evidence.last().unwrap().stance, Stance::Contradicts);
    // The next citation supports again, and the confirmation says so.
    assert_eq!(h.state().state.cite_stance, Stance::Supports);
    let message = h.state().state.message.clone().unwrap();
    assert!(
        message
            .text
            .contains("as contradicting it; the next citation supports"),
        "{message:?}"
    );
    run_until(&mut h, "the suggestions after citing", |h| {
        h.state().state.suggestions.get(&claim, 0).is_some()
    });
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    let evidence = &project(&h).claim(&claim).unwrap().evidence;
    assert_eq!(evidence.len(), before + 2);
    assert_eq!(evidence.last().unwrap().stance, Stance::Supports);
}

#[test]
fn a_confirmation_is_gone_after_the_next_action_and_an_error_once_acted_on() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let menu_bar = h.get_by_label("File").rect();
    cmd(&mut h, Modifiers::COMMAND, Key::S);
    let message = h.state().state.message.clone().expect("a confirmation");
    assert!(message.text.starts_with("Saved "), "{message:?}");
    assert!(h.state().state.notice.is_none());
    // Confirmations are in the status bar: nothing under the menu moved.
    let cite = h.get_by_label("Cite selection").rect();
    h.run_steps(2);
    assert_eq!(h.get_by_label("Cite selection").rect(), cite);
    assert_eq!(h.get_by_label("File").rect(), menu_bar);
    let _ = h.get_by_label_contains("✔ Saved ");
    // The next action takes it away: no stale "Saved" after another edit.
    h.state_mut()
        .push(Action::AddClaim(0, "Another claim.".into()));
    h.run_steps(4);
    assert!(h.state().state.message.is_none());
    assert!(h.query_by_label_contains("✔ Saved ").is_none());
    // Citing with nothing selected is a hint, not an error; an error (a
    // claim with no text) stays until the user does something else.
    h.state_mut().push(Action::AddClaim(0, "   ".into()));
    h.run_steps(4);
    assert!(h.state().state.notice.as_ref().is_some_and(|n| n.error));
    // An error floats over the window's corner: nothing moves for it.
    let _ = h.get_by_label_contains("a claim needs some text");
    assert_eq!(h.get_by_label("Cite selection").rect(), cite);
    assert_eq!(h.get_by_label("File").rect(), menu_bar);
    h.state_mut()
        .push(Action::FocusClaim(ClaimId::from("cwh3qy0xk"), true));
    h.run_steps(4);
    assert!(h.state().state.notice.is_some(), "looking around keeps it");
    cmd(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().state.notice.is_none(), "acting clears it");

    // A confirmation also fades by itself.
    cmd(&mut h, Modifiers::COMMAND, Key::S);
    let clock = |h: &Harness<'_, AttestApp>| h.ctx.input(|i| i.time);
    let start = clock(&h);
    h.run_steps(10);
    assert!(h.state().state.message.is_some());
    run_until(&mut h, "the confirmation to fade", |h| {
        h.state().state.message.is_none()
    });
    assert!(clock(&h) - start >= attest::app::Message::SHOWN);
}

#[test]
fn deleting_a_claim_says_what_went_and_offers_undo() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let claim = ClaimId::from("cwh3qy0xk");
    let text = project(&h).claim(&claim).unwrap().text.clone();
    let citations = project(&h).claim(&claim).unwrap().evidence.len();
    h.state_mut().push(Action::FocusClaim(claim.clone(), true));
    h.run_steps(4);
    cmd(
        &mut h,
        Modifiers::COMMAND | Modifiers::SHIFT,
        Key::Backspace,
    );
    assert!(project(&h).claim(&claim).is_none());
    let message = h.state().state.message.clone().unwrap();
    assert!(
        message.text.starts_with("Deleted the claim “"),
        "{message:?}"
    );
    assert!(
        text.starts_with(
            message
                .text
                .split('“')
                .nth(1)
                .unwrap()
                .trim_end_matches(|c| c != '…')
                .trim_end_matches('…')
        )
    );
    let count = if citations == 1 {
        "its citation".to_owned()
    } else {
        format!("its {citations} citations")
    };
    assert!(message.text.contains(&count), "{message:?}");
    h.get_by_label("Undo").click();
    h.run_steps(4);
    assert_eq!(project(&h).claim(&claim).unwrap().text, text);
}

#[cfg(feature = "meaning")]
#[test]
fn find_in_all_sources_by_similar_meaning_finds_other_words() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run_steps(2);
    let field = find_all_query(&h);
    field.type_text("reporters hurt");
    h.run_steps(4);
    assert!(
        h.state().state.find_all.hits.is_empty(),
        "no sentence has both words"
    );
    h.get_by_label("Similar meaning").click();
    h.run_steps(4);
    let hits = h.state().state.find_all.hits.clone();
    assert!(
        hits.iter()
            .take(5)
            .any(|hit| hit.text.contains("including journalists")),
        "{hits:#?}"
    );
    // The closest first, so a source comes back in the list; the summary
    // counts the sample's two sources, not its runs.
    let runs = hits.chunk_by(|a, b| a.source == b.source).count();
    assert!(runs > 2, "{runs} runs");
    h.get_by_label_contains("20 match(es) (the first ones) in 2 source(s).");
    // Enter opens the closest passage, selected.
    find_all_query(&h).focus();
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(4);
    let view = h.state().current_view().unwrap();
    assert_eq!(view.snapped_selection(), Some(hits[0].start..hits[0].end));
}

#[test]
fn find_in_all_sources_lists_matches_by_source_and_opens_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run_steps(2);
    assert!(h.state().state.find_all.open);
    let field = find_all_query(&h);
    assert!(field.is_focused(), "the query field has the focus");
    field.type_text("police");
    h.run_steps(4);
    let hits = h.state().state.find_all.hits.clone();
    let sources: std::collections::BTreeSet<_> = hits.iter().map(|h| h.source.clone()).collect();
    assert!(
        sources.len() == 2,
        "both articles mention the police: {hits:?}"
    );
    // Grouped by source: once a source's matches end, it does not come back.
    let mut order: Vec<_> = hits.iter().map(|h| h.source.clone()).collect();
    order.dedup();
    assert_eq!(order.len(), 2);
    for source in &order {
        let name = project(&h).source_name(source);
        let _ = h.get_by_label_contains(&format!("{name} — "));
    }
    // Down to the second match, Enter opens it with the match selected.
    h.key_press(Key::ArrowDown);
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(4);
    assert!(!h.state().state.find_all.open);
    let second = &hits[1];
    assert_eq!(
        h.state().state.current_source.as_ref(),
        Some(&second.source)
    );
    let view = h.state().current_view().unwrap();
    let selected = view.snapped_selection().unwrap();
    assert_eq!(selected, second.start..second.end);
    assert_eq!(
        view.text().slice(selected).unwrap().to_lowercase(),
        "police"
    );
    // The text has the keyboard focus: Shift+arrows extend the match.
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run_steps(2);
    let extended = h
        .state()
        .current_view()
        .unwrap()
        .snapped_selection()
        .unwrap();
    assert_eq!(extended.start, second.start);
    assert!(
        extended.end > second.end,
        "Shift+Right extends it: {extended:?}"
    );
    // Back over the anchor, Shift+Left extends it to the left.
    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
        h.run_steps(2);
    }
    let left = h
        .state()
        .current_view()
        .unwrap()
        .snapped_selection()
        .unwrap();
    assert!(
        left.start < second.start,
        "Shift+Left extends it leftwards: {left:?}"
    );
    assert!(
        left.end <= second.start && left.end + 1 >= second.start,
        "from the anchor: {left:?}"
    );
    // The arrow keys keep the chosen match in view in a long list.
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    find_all_query(&h).type_text("protesters");
    h.run_steps(4);
    let hits = h.state().state.find_all.hits.clone();
    assert!(hits.len() > 12, "{} matches", hits.len());
    let list_bottom = find_all_query(&h).rect().min.y + 420.0;
    for _ in 0..12 {
        h.key_press(Key::ArrowDown);
        h.run_steps(2);
    }
    h.run_steps(4);
    let chosen = &hits[h.state().state.find_all.cursor];
    assert_eq!(h.state().state.find_all.cursor, 12);
    let row = h.get_by_label_contains(&chosen.text[..30]).rect();
    assert!(
        row.max.y < list_bottom,
        "the chosen match {row:?} is in view"
    );
    h.key_press(Key::Escape);
    h.run_steps(2);
    // A phrase, and Esc closes.
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    find_all_query(&h).type_text("\"four police officers\"");
    h.run_steps(4);
    assert!(
        h.state()
            .state
            .find_all
            .hits
            .iter()
            .all(|hit| { hit.text.to_lowercase().contains("four police officers") })
    );
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!h.state().state.find_all.open);
}

#[test]
fn esc_in_the_source_clears_the_selection_and_the_keyboard_stays_there() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let target = char_range(&h, "gripped by large-scale violence");
    drag_select(&mut h, target.start, target.end - 1);
    let selected = || Some(target.clone());
    assert_eq!(
        h.state().current_view().unwrap().snapped_selection(),
        selected()
    );
    h.key_press(Key::Escape);
    h.run_steps(4);
    assert_eq!(h.state().current_view().unwrap().snapped_selection(), None);
    // A new selection from the keyboard still works: a drag, then
    // Shift+Right grows it by a word although Esc was pressed before.
    drag_select(&mut h, target.start, target.start + 6);
    h.key_press(Key::Escape);
    h.run_steps(4);
    drag_select(&mut h, target.start, target.start + 6);
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run_steps(4);
    let grown = h
        .state()
        .current_view()
        .unwrap()
        .snapped_selection()
        .unwrap();
    assert_eq!(
        grown,
        target.start..target.start + "gripped by".chars().count()
    );
}

#[test]
fn closing_find_takes_its_highlight_away() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    cmd(&mut h, Modifiers::COMMAND, Key::F);
    h.get_by_label("Find:").type_text("police");
    h.run_steps(4);
    let marked = |h: &Harness<'_, AttestApp>| {
        let view = h.state().current_view().unwrap();
        view.find.matches_in(0..view.text().char_len()).count()
    };
    assert!(marked(&h) > 1);
    h.key_press(Key::Escape);
    h.run_steps(4);
    assert!(!h.state().current_view().unwrap().find.open);
    assert_eq!(marked(&h), 0);
}

#[test]
fn dialogs_focus_their_first_field_enter_submits_and_esc_cancels() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    // The note dialog: its text area has the focus; Enter is a new line
    // there, Ctrl+Enter saves.
    let claim = ClaimId::from("cwh3qy0xk");
    let quote = project(&h).claim(&claim).unwrap().evidence[0].quote.clone();
    h.state_mut().state.dialog = Some(attest::app::ui::dialogs::Dialog::Note {
        claim: claim.clone(),
        quote: quote.clone(),
        note: String::new(),
    });
    h.run_steps(4);
    let focused = h.get_by_label("Why this passage matters, or how it differs:");
    assert!(focused.is_focused(), "the note field has the focus");
    focused.type_text("Checked with the desk.");
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert!(
        h.state().state.dialog.is_some(),
        "Enter in a text area is a new line"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_steps(4);
    assert!(h.state().state.dialog.is_none());
    let note = project(&h).claim(&claim).unwrap().evidence[0].note.clone();
    assert_eq!(note.trim_end(), "Checked with the desk.");

    // Esc cancels: the paste dialog goes and adds nothing.
    let sources = project(&h).sources.len();
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::V);
    assert!(h.state().state.dialog.is_some());
    h.key_press(Key::Escape);
    h.run_steps(4);
    assert!(h.state().state.dialog.is_none());
    assert_eq!(project(&h).sources.len(), sources);

    // New project: the folder field has the focus; Tab to the title, type,
    // Enter creates it.
    cmd(&mut h, Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    let folder = h.get_by_label("Folder:");
    assert!(folder.is_focused(), "the first field has the focus");
    let target = tmp.path().join("by-keyboard");
    // Select all and type the new path over it; Tab passes "Browse…" on the
    // way to the title; Enter.
    let create = |h: &mut Harness<'_, AttestApp>| {
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.run_steps(1);
        h.get_by_label("Folder:")
            .type_text(&target.display().to_string());
        h.run_steps(1);
        for _ in 0..2 {
            h.key_press(Key::Tab);
            h.run_steps(2);
        }
        assert!(h.get_by_label("Title:").is_focused());
        h.get_by_label("Title:").type_text("Made by keyboard");
        h.run_steps(1);
        h.key_press(Key::Enter);
        h.run_steps(4);
    };
    create(&mut h);
    // The sample has unsaved changes (the note): the question comes first,
    // its first button focused; Esc keeps everything as it was.
    assert!(matches!(
        h.state().state.dialog,
        Some(attest::app::ui::dialogs::Dialog::Unsaved(_))
    ));
    h.key_press(Key::Escape);
    h.run_steps(4);
    assert!(h.state().state.dialog.is_none());
    assert!(!target.exists());
    cmd(&mut h, Modifiers::COMMAND, Key::S);
    cmd(&mut h, Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    create(&mut h);
    assert_eq!(project(&h).title, "Made by keyboard");
    assert!(target.join("project.ron").exists());
}

#[test]
fn a_chip_takes_the_focus_with_tab_and_opens_its_menu_from_the_keyboard() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let claim = ClaimId::from("cwh3qy0xk");
    h.state_mut().push(Action::FocusClaim(claim.clone(), true));
    h.run_steps(4);
    let text = project(&h).claim(&claim).unwrap().text.clone();
    let first = project(&h).claim(&claim).unwrap().evidence[0].clone();
    assert_eq!(first.stance, Stance::Supports);
    // From the claim's text, Tab goes to its first chip.
    scroll_rect_into_view(&mut h, "the claim", |h| {
        claim_field(h, &text).unwrap().rect()
    });
    claim_field(&h, &text).unwrap().click();
    h.run_steps(4);
    h.key_press(Key::Tab);
    h.run_steps(4);
    let quote = project(&h).quote(&first.quote).unwrap().clone();
    let chip_label = format!(
        "from ‘{}’: {}",
        project(&h).source_name(&quote.source),
        &quote.text[..12]
    );
    assert!(
        h.get_by_label_contains(&chip_label).is_focused(),
        "the chip has the focus"
    );
    // The menu key opens its menu with the first stance focused; Tab to
    // Contradicts and Space chooses it.
    h.key_press(Key::Menu);
    h.run_steps(6);
    let supports = h.get_by_role_and_label(egui::accesskit::Role::RadioButton, "✔ Supports");
    assert!(
        supports.is_focused(),
        "the menu's first entry has the focus"
    );
    h.key_press(Key::Tab);
    h.run_steps(2);
    assert!(
        h.get_by_role_and_label(egui::accesskit::Role::RadioButton, "✖ Contradicts")
            .is_focused()
    );
    h.key_press(Key::Space);
    h.run_steps(4);
    assert_eq!(
        project(&h).claim(&claim).unwrap().evidence[0].stance,
        Stance::Contradicts
    );
}

#[test]
fn panel_widths_come_back_after_the_window_is_made_small_and_large_again() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let widths = |h: &Harness<'_, AttestApp>| {
        (
            h.get_by_label("+ Add").rect().min.x,
            h.get_by_label("Cite selection").rect().min.x,
        )
    };
    let before = widths(&h);
    h.set_size(vec2(640.0, 480.0));
    h.run_steps(6);
    // Small: the source text still has room and wraps inside the window.
    let view = h.state().current_view().unwrap();
    let first = view.screen_rect_of_char(0).expect("the text is shown");
    let summary_left = h.get_by_label("Cite selection").rect().min.x;
    assert!(
        summary_left - first.min.x > 200.0,
        "the text column keeps {:.0} px",
        summary_left - first.min.x
    );
    assert!(summary_left < 640.0);
    h.set_size(vec2(1280.0, 800.0));
    h.run_steps(6);
    let after = widths(&h);
    assert!(
        (after.0 - before.0).abs() < 2.0 && (after.1 - before.1).abs() < 2.0,
        "{before:?} -> {after:?}"
    );

    // A share the user chose by dragging the divider is what comes back.
    let share = h.state().state.layout.summary;
    let edge = h.get_by_label("Cite selection").rect().min.x - 8.0;
    let from = egui::pos2(edge - 2.0, 400.0);
    let to = egui::pos2(edge - 122.0, 400.0);
    h.hover_at(from);
    h.run_steps(2);
    h.drag_at(from);
    h.run_steps(2);
    for step in 1..=6 {
        h.hover_at(from.lerp(to, step as f32 / 6.0));
        h.run_steps(2);
    }
    h.drop_at(to);
    h.run_steps(4);
    let chosen = h.state().state.layout.summary;
    assert!(
        chosen > share + 0.05,
        "the drag widened the summary: {share} -> {chosen}"
    );
    let dragged = widths(&h);
    h.set_size(vec2(640.0, 480.0));
    h.run_steps(6);
    h.set_size(vec2(1280.0, 800.0));
    h.run_steps(6);
    assert!((widths(&h).1 - dragged.1).abs() < 2.0);
    assert!((h.state().state.layout.summary - chosen).abs() < 0.01);
}

#[test]
fn the_add_source_dialog_titles_from_the_first_line_and_clears_a_fixed_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let sources = project(&h).sources.len();
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::V);
    h.run_steps(2);
    h.get_by_label("Paste the source text here (Ctrl+V):")
        .type_text("  Floods close the valley road\n\nThe road was shut on Monday.");
    h.run_steps(4);
    assert_eq!(
        h.get_by_label("Title").value().as_deref(),
        Some("Floods close the valley road")
    );
    // A bad date is refused; the error stays in its line, and goes once the
    // field is fixed, before anything is pressed again.
    let add = h.get_by_label("Add source").rect();
    h.get_by_label("Published").click();
    h.run_steps(2);
    h.get_by_label("Published").type_text("Monday");
    h.run_steps(2);
    h.get_by_label("Add source").click();
    h.run_steps(4);
    let error = |h: &Harness<'_, AttestApp>| match &h.state().state.dialog {
        Some(attest::app::ui::dialogs::Dialog::AddSource(form)) => form.error.clone(),
        other => panic!("the dialog is open: {other:?}"),
    };
    assert!(error(&h).is_some_and(|e| e.contains("not a date")));
    assert_eq!(
        h.get_by_label("Add source").rect(),
        add,
        "the buttons did not jump"
    );
    assert!(
        h.get_by_label("Published").is_focused(),
        "the field at fault takes the focus"
    );
    h.get_by_label("Published").click();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_by_label("Published").type_text("2024-05-06");
    h.run_steps(4);
    assert_eq!(error(&h), None);
    h.get_by_label("Add source").click();
    h.run_steps(4);
    assert_eq!(project(&h).sources.len(), sources + 1);
    let added = project(&h)
        .sources
        .iter()
        .find(|s| s.citation.title == "Floods close the valley road")
        .expect("added with the first line as its title");
    assert_eq!(added.citation.published, "2024-05-06");
}

#[test]
fn opening_a_folder_that_is_no_project_says_so_in_the_app_s_words() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    let mut h = harness(tmp.path(), None);
    h.state_mut().push(Action::Open(empty.clone()));
    h.run_steps(4);
    let notice = h.state().state.notice.clone().expect("an error");
    assert!(notice.error);
    assert!(
        notice.text.contains("is not an Attest project"),
        "{notice:?}"
    );
    assert!(notice.text.contains("File ▸ New Project…"), "{notice:?}");
    assert!(
        !notice.text.contains("attest new"),
        "no command line in the app: {notice:?}"
    );
}

#[test]
fn a_pdf_with_unreadable_pages_is_added_only_when_the_editor_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let file = common::repo().join("tests/pdf-corpus/pdfs/unreadable-type3.pdf");
    let mut h = harness(tmp.path(), Some(&dir));
    let sources = project(&h).sources.len();
    add_source_from(&mut h, &file, Some("Harbour report"));
    run_until(
        &mut h,
        "the warning about the pages that could not be read",
        shows("Pages 2–3: the text could not be read (font ‘BoxGlyphs’"),
    );
    // Not added while the editor has not said so.
    h.get_by_label("Add source").click();
    h.run_steps(4);
    assert!(h.state().state.dialog.is_some());
    assert_eq!(project(&h).sources.len(), sources);
    h.get_by_label("Add it without these pages (the review will warn about them)")
        .click();
    h.run_steps(2);
    h.get_by_label("Add source").click();
    run_until(&mut h, "the source to be added", dialog_closed);
    let source = added_source(&h);
    assert_eq!(source.citation.title, "Harbour report");
    let unreadable: Vec<usize> = source
        .original
        .as_ref()
        .unwrap()
        .unreadable
        .iter()
        .map(|p| p.page)
        .collect();
    assert_eq!(unreadable, [2, 3]);
}

#[test]
fn a_pdfs_document_date_is_offered_not_filled_in() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let file = common::repo().join("tests/pdf-corpus/pdfs/libreoffice-single-khan.pdf");
    let mut h = harness(tmp.path(), Some(&dir));
    add_source_from(&mut h, &file, None);
    run_until(
        &mut h,
        "the document date",
        shows("Document date (check): "),
    );
    // Read, but not added: the date is for the editor to check.
    assert!(h.state().state.dialog.is_some());
    h.get_by_label("Use as published date").click();
    h.run_steps(2);
    h.get_by_label("Add source").click();
    run_until(&mut h, "the source to be added", dialog_closed);
    let source = added_source(&h);
    let date = &source.citation.published;
    assert!(
        date.len() == 10 && date.starts_with("20"),
        "the document's date is taken when asked: {date:?}"
    );
}

#[test]
fn a_new_version_with_unreadable_pages_is_taken_only_when_the_editor_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let s2 = attest::model::SourceId::from("sy9cxxzhg");
    let old_sha = project(&h).source(&s2).unwrap().sha256.clone();
    let file = common::repo().join("tests/pdf-corpus/pdfs/unreadable-type3.pdf");
    compare_new_version(&mut h, &s2, &file);
    run_until(
        &mut h,
        "the warning",
        shows("In the new version, pages 2–3: the text could not be read"),
    );
    click_in_dialog(&mut h, "Accept new version");
    assert_eq!(project(&h).source(&s2).unwrap().sha256, old_sha);
    h.get_by_label("Take it without these pages (the review will warn about them)")
        .click();
    h.run_steps(2);
    click_in_dialog(&mut h, "Accept new version");
    let source = project(&h).source(&s2).unwrap();
    assert_ne!(source.sha256, old_sha);
    assert_eq!(source.original.as_ref().unwrap().unreadable.len(), 2);
}

#[test]
fn the_same_document_is_added_again_only_on_purpose_and_can_be_marked_independent() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let first = project(&h).sources[0].clone();
    let copy = tmp.path().join("saved again.txt");
    fs::copy(dir.join(&first.file), &copy).unwrap();
    let sources = project(&h).sources.len();
    add_source_from(&mut h, &copy, Some("The same report, saved again"));
    run_until(
        &mut h,
        "the refusal naming the source it repeats",
        shows("This is the same text as"),
    );
    assert!(h.state().state.dialog.is_some());
    assert_eq!(project(&h).sources.len(), sources);
    h.get_by_label("Add it anyway, as another copy (the two count as one source)")
        .click();
    h.run_steps(2);
    h.get_by_label("Add source").click();
    run_until(&mut h, "the copy to be added", dialog_closed);
    let added = added_source(&h);
    let link = project(&h)
        .link(&first.id, &added.id)
        .expect("the two are linked")
        .clone();
    assert_eq!(link.kind, attest::model::LinkKind::SameDocument);
    assert!(link.counts_as_one());

    // The link shows under each of the two sources.
    assert_eq!(h.get_all_by_label("Mark independent…").count(), 2);
    h.get_all_by_label("Mark independent…")
        .next()
        .unwrap()
        .click();
    h.run_steps(4);
    h.get_by_label("Why they are independent:").click();
    h.run_steps(2);
    h.get_by_label("Why they are independent:")
        .type_text("Two editions, checked separately");
    h.run_steps(2);
    click_in_dialog(&mut h, "Mark independent");
    run_until(&mut h, "the mark to be recorded", dialog_closed);
    assert_eq!(
        project(&h)
            .link(&first.id, &added.id)
            .unwrap()
            .independent
            .as_deref(),
        Some("Two editions, checked separately")
    );
    cmd(&mut h, Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(
        project(&h)
            .link(&first.id, &added.id)
            .unwrap()
            .counts_as_one()
    );
}

/// On a project whose check is slow, the check after an edit runs on a
/// worker thread once the editing pauses: the window goes on drawing, and
/// the report follows with what the edit changed.
#[test]
fn a_slow_check_runs_on_a_worker_after_a_pause_and_the_report_follows() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("big");
    synthetic::generate(&synthetic::Shape {
        sources: 100,
        source_bytes: 10_000,
        quotes: 20_000,
        claims: 5_000,
        seed: 5,
    })
    .save(&dir)
    .unwrap();
    let mut h = harness(tmp.path(), Some(&dir));
    let first = project(&h).claims().next().unwrap().1.clone();
    // Each check runs where the one before it says: on a worker if that
    // one was slow.
    for text in ["77777 people marched.", "88888 people marched."] {
        let (before, slow) = h.state().state.last_check();
        h.state_mut()
            .push(Action::Edit(attest::project::command::Command::EditClaim {
                id: first.id.clone(),
                text: text.into(),
            }));
        h.run_steps(2);
        std::thread::sleep(std::time::Duration::from_millis(500));
        let on_worker = std::cell::Cell::new(false);
        run_until(&mut h, "the check of the edit", |h| {
            on_worker.set(on_worker.get() || h.state().state.checking_in_background());
            h.state()
                .state
                .report
                .of_claim(&first.id)
                .any(|f| f.message.contains(&text[..5]))
        });
        // (On a machine fast enough to check it within a frame's share,
        // the check stays in the frame.)
        if slow {
            assert!(
                on_worker.get(),
                "the check after one of {before:?} ran on a worker"
            );
        }
    }
}
