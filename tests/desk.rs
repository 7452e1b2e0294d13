//! The editor's desk, driven through the real app with `egui_kittest`:
//! sources and claims named as people read them, sources removed and the
//! project's settings changed from the menus, claims reached by keyboard,
//! and the theme chosen from three.

mod common;

use attest::app::AttestApp;
use attest::model::{ClaimId, SourceId};
use common::gui::{cmd, dialog_closed, every_dialog, harness, menu, project, sample_copy};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

const FIRST: &str = "srf7ks07f";
const SECOND: &str = "sy9cxxzhg";

/// Shows the source with this ID.
fn show_source(h: &mut Harness<'_, AttestApp>, id: &str) {
    h.state_mut()
        .push(attest::app::Action::ShowSource(SourceId::from(id)));
    h.run_steps(4);
}

/// The text field labelled `label` in the open dialog, cleared and typed.
fn retype(h: &mut Harness<'_, AttestApp>, label: &str, text: &str) {
    let field = h.get_by_label(label);
    field.click();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label(label).type_text(text);
    h.run_steps(4);
}

#[test]
fn chips_cite_bar_and_review_name_sources_and_claims_not_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    // Chips read the source's short name.
    assert!(
        h.query_all_by_label_contains("Supports, from ‘Everything we know’: ")
            .next()
            .is_some(),
        "a chip names its source"
    );
    assert!(
        h.query_all_by_label_contains(&format!("from ‘{FIRST}’"))
            .next()
            .is_none()
    );
    // The cite bar names the focused claim by number and first words.
    let first = project(&h).claims().next().unwrap().1.id.clone();
    h.state_mut()
        .push(attest::app::Action::FocusClaim(first.clone(), true));
    h.run_steps(4);
    h.get_by_label_contains("into claim 1, ‘Supporters of the jailed");
    // Edit ▸ Undo names what it undoes the same way.
    cmd(&mut h, Modifiers::NONE, Key::Escape);
    let text = project(&h).claim(&first).unwrap().text.clone();
    let claim_field = h
        .get_all_by_role(Role::MultilineTextInput)
        .find(|n| n.value().as_deref() == Some(text.as_str()))
        .expect("the first claim's field");
    claim_field.click();
    h.run_steps(2);
    h.key_press(Key::End);
    h.get_by_value(&text).type_text(" Really.");
    h.run_steps(4);
    h.get_by_role_and_label(Role::Button, "Edit").click();
    h.run_steps(4);
    h.get_by_label_contains("Edit claim 1");
    cmd(&mut h, Modifiers::NONE, Key::Escape);
    // The review names the source, not its ID.
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    assert!(
        h.query_all_by_label_contains("supported by 1 source (‘Everything we know’)")
            .next()
            .is_some()
    );
    assert!(
        h.query_all_by_label_contains(&format!("`{FIRST}`"))
            .next()
            .is_none()
    );
}

#[test]
fn a_source_is_renamed_in_its_citation_dialog_and_a_taken_name_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    show_source(&mut h, SECOND);
    menu(&mut h, "Sources", "Edit Citation…");
    retype(&mut h, "Short name", "Everything we know");
    h.get_by_label_contains("another source is named “Everything we know”");
    assert!(!dialog_closed(&h), "a taken name keeps the dialog open");
    retype(&mut h, "Short name", "RT");
    h.get_by_label("Save citation").click();
    h.run_steps(4);
    assert!(dialog_closed(&h));
    assert_eq!(project(&h).source_name(&SECOND.into()), "RT");
    assert!(
        h.query_by_label_contains("Contradicts, from ‘RT’: Clashes with security")
            .is_some()
    );
    cmd(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        project(&h).source_name(&SECOND.into()),
        "Thousands of protesters"
    );
}

#[test]
fn remove_source_asks_names_what_is_lost_and_undo_brings_it_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let before = project(&h).clone();
    show_source(&mut h, SECOND);
    menu(&mut h, "Sources", "Remove Source…");
    h.get_by_label_contains("Remove the source ‘Thousands of protesters’?");
    let citing: usize = before
        .claims()
        .filter(|(_, c)| {
            c.evidence
                .iter()
                .any(|e| before.quote(&e.quote).unwrap().source.as_str() == SECOND)
        })
        .count();
    h.get_by_label_contains(&format!("{citing} claims will lose evidence"));
    // Cancel changes nothing.
    cmd(&mut h, Modifiers::NONE, Key::Escape);
    assert!(dialog_closed(&h));
    assert_eq!(project(&h), &before);

    menu(&mut h, "Sources", "Remove Source…");
    h.get_by_label("Remove source").click();
    h.run_steps(4);
    let after = project(&h);
    assert!(after.source(&SECOND.into()).is_none());
    assert!(after.quotes.iter().all(|q| q.source.as_str() != SECOND));
    assert_eq!(
        h.state().state.current_source,
        Some(SourceId::from(FIRST)),
        "the remaining source is shown"
    );
    cmd(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(project(&h), &before, "one undo brings it all back");
}

#[test]
fn project_settings_change_the_title_and_the_minimum_and_refuse_nonsense() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    menu(&mut h, "File", "Project Settings…");
    retype(&mut h, "Independent sources per claim", "0");
    h.get_by_label_contains("from 1 to 9");
    retype(&mut h, "Independent sources per claim", "1");
    retype(&mut h, "Title", "Islamabad, November 2024");
    h.key_press(Key::Enter);
    h.run_steps(4);
    assert!(dialog_closed(&h), "Enter saves the settings");
    assert_eq!(project(&h).settings.min_sources, 1);
    assert_eq!(project(&h).title, "Islamabad, November 2024");
    // With one source enough, the review has no single-source warning.
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    assert!(h.query_by_label_contains("single-source").is_none());
    cmd(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        project(&h).settings.min_sources,
        2,
        "one undo for the dialog"
    );
}

#[test]
fn ctrl_down_and_up_focus_the_next_and_previous_claim() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let ids: Vec<_> = project(&h).claims().map(|(_, c)| c.id.clone()).collect();
    let focused = |h: &Harness<'_, AttestApp>| h.state().state.focused_claim.clone();
    cmd(&mut h, Modifiers::COMMAND, Key::ArrowDown);
    h.run_steps(4);
    let start = ids
        .iter()
        .position(|c| Some(c) == focused(&h).as_ref())
        .expect("a claim is focused");
    for step in 1..ids.len() - start {
        cmd(&mut h, Modifiers::COMMAND, Key::ArrowDown);
        h.run_steps(4);
        assert_eq!(focused(&h).as_ref(), Some(&ids[start + step]));
    }
    // The last claim's text field has the keyboard focus and is in view.
    let last = project(&h).claim(ids.last().unwrap()).unwrap().text.clone();
    let field = h.get_by_value(&last);
    assert!(
        field.is_focused(),
        "the claim's text has the keyboard focus"
    );
    let window = h.ctx.content_rect();
    assert!(
        window.intersects(field.rect()),
        "the claim is scrolled into view"
    );
    cmd(&mut h, Modifiers::COMMAND, Key::ArrowUp);
    h.run_steps(4);
    assert_eq!(focused(&h).as_ref(), Some(&ids[ids.len() - 2]));
}

#[test]
fn the_theme_is_a_choice_of_three_with_the_current_one_marked() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness(tmp.path(), None);
    let checked = |h: &Harness<'_, AttestApp>, label: &str| {
        h.get_by_role_and_label(Role::RadioButton, label)
            .accesskit_node()
            .toggled()
            == Some(egui::accesskit::Toggled::True)
    };
    menu(&mut h, "View", "Dark Theme");
    assert!(h.ctx.global_style().visuals.dark_mode);
    assert_eq!(h.state().state.settings.dark_mode, Some(true));
    // Chosen again while dark, it stays dark.
    menu(&mut h, "View", "Dark Theme");
    assert!(h.ctx.global_style().visuals.dark_mode);
    h.get_by_role_and_label(Role::Button, "View").click();
    h.run_steps(4);
    assert!(checked(&h, "Dark Theme"));
    assert!(!checked(&h, "Light Theme") && !checked(&h, "System Theme"));
    h.get_by_label("Light Theme").click();
    h.run_steps(4);
    assert!(!h.ctx.global_style().visuals.dark_mode);
    assert_eq!(h.state().state.settings.dark_mode, Some(false));
    menu(&mut h, "View", "System Theme");
    assert_eq!(h.state().state.settings.dark_mode, None);
}

#[test]
fn a_fast_drag_selects_from_where_the_button_went_down() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let text = h.state().current_view().unwrap().text().as_str().to_owned();
    let at = |needle: &str| text[..text.find(needle).unwrap()].chars().count();
    let (first, last) = (at("shipping containers"), at("placed concrete") - 2);
    let view = h.state().current_view().unwrap();
    let from = view.screen_rect_of_char(first).unwrap().left_center() + egui::vec2(1.0, 0.0);
    let to = view.screen_rect_of_char(last).unwrap().right_center() - egui::vec2(1.0, 0.0);
    h.hover_at(from);
    h.run_steps(2);
    h.drag_at(from);
    h.run_steps(1);
    // One big move: the drag is detected only once the pointer is at `to`.
    h.hover_at(to);
    h.run_steps(2);
    h.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(4);
    let selected = h.state().current_view().unwrap().snapped_selection();
    assert_eq!(
        selected.map(|r| r.start),
        Some(first),
        "the selection starts at the press, not where the drag was detected"
    );
}

#[test]
fn a_long_citation_does_not_move_the_source_text_down() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let first_line = |h: &Harness<'_, AttestApp>| {
        h.state()
            .current_view()
            .unwrap()
            .screen_rect_of_char(0)
            .unwrap()
    };
    let before = first_line(&h);
    let source = h.state().state.current_source.clone().unwrap();
    let mut citation = project(&h).source(&source).unwrap().citation.clone();
    citation.publisher =
        "The International Consortium of Investigative Regional Correspondents".into();
    citation.author = "Alexandra Featherstonehaugh-Montgomery and Bartholomew Ravenscroft".into();
    citation.published = "2024-11-27".into();
    h.state_mut().push(attest::app::Action::Edit(
        attest::project::command::Command::EditCitation {
            source: source.clone(),
            citation,
            name: "ICIRC".into(),
        },
    ));
    h.run_steps(6);
    assert_eq!(project(&h).source_name(&source), "ICIRC");
    assert_eq!(first_line(&h), before, "the header stays one line");
}

/// The sample project open, its first claim's field clicked: the harness,
/// the claim's ID and its text.
fn in_the_first_claim(tmp: &std::path::Path) -> (Harness<'static, AttestApp>, ClaimId, String) {
    let dir = sample_copy(tmp);
    let mut h = harness(tmp, Some(&dir));
    let (_, claim) = project(&h).claims().next().unwrap();
    let (id, before) = (claim.id.clone(), claim.text.clone());
    h.get_by_value(&before).click();
    h.run_steps(2);
    (h, id, before)
}

#[test]
fn undo_in_a_claim_field_shows_the_text_it_restores() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut h, id, before) = in_the_first_claim(tmp.path());
    h.get_by_value(&before).type_text(" More");
    h.run_steps(4);
    let typed = project(&h).claim(&id).unwrap().text.clone();
    assert_ne!(typed, before);
    // A pause makes the next keystroke an edit of its own.
    std::thread::sleep(attest::project::command::MERGE_WINDOW);
    h.get_by_value(&typed).type_text("!");
    h.run_steps(4);
    // The window draws a frame only on input or when the app asks for one:
    // `run` steps as it does, until no frame is asked for at once.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(project(&h).claim(&id).unwrap().text, typed);
    let shown = h
        .get_all_by_role(Role::MultilineTextInput)
        .find(|n| n.is_focused())
        .and_then(|n| n.value())
        .expect("the claim's field keeps the focus");
    assert_eq!(shown, typed, "the field shows the restored text");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(project(&h).claim(&id).unwrap().text, before);
    let shown = h
        .get_all_by_role(Role::MultilineTextInput)
        .find(|n| n.is_focused())
        .and_then(|n| n.value())
        .expect("the claim's field keeps the focus");
    assert_eq!(shown, before, "the field shows the restored text");
}

#[test]
fn undo_in_a_claim_field_puts_the_cursor_after_what_it_restores() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut h, id, before) = in_the_first_claim(tmp.path());
    h.key_press_modifiers(Modifiers::CTRL, Key::End);
    h.get_by_value(&before).type_text(" alpha beta");
    h.run_steps(4);
    let typed = format!("{before} alpha beta");
    assert_eq!(project(&h).claim(&id).unwrap().text, typed);
    // Delete the word before the last.
    for _ in 0.." beta".len() {
        h.key_press(Key::ArrowLeft);
    }
    std::thread::sleep(attest::project::command::MERGE_WINDOW);
    h.key_press_modifiers(Modifiers::CTRL, Key::Backspace);
    h.run_steps(4);
    assert_eq!(
        project(&h).claim(&id).unwrap().text,
        format!("{before}  beta")
    );
    std::thread::sleep(attest::project::command::MERGE_WINDOW);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(project(&h).claim(&id).unwrap().text, typed);
    // What is typed next goes where the restored word ends, as in any editor.
    std::thread::sleep(attest::project::command::MERGE_WINDOW);
    h.get_by_value(&typed).type_text("!");
    h.run_steps(4);
    assert_eq!(
        project(&h).claim(&id).unwrap().text,
        format!("{before} alpha! beta")
    );
}

#[test]
fn tab_through_the_summary_keeps_the_focused_widget_in_view() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let first = project(&h).claims().next().unwrap().1.text.clone();
    h.get_by_value(&first).click();
    h.run_steps(4);
    let window = h.ctx.content_rect();
    let mut lowest = 0.0f32;
    for step in 0..80 {
        h.key_press(Key::Tab);
        h.run_steps(4);
        let Some(id) = h.ctx.memory(|m| m.focused()) else {
            continue;
        };
        let rect = h.ctx.read_response(id).expect("the focused widget").rect;
        assert!(
            rect.min.y >= window.min.y && rect.max.y <= window.max.y - 20.0,
            "Tab {step}: the focused widget at {rect:?} is out of view"
        );
        lowest = lowest.max(rect.max.y);
    }
    assert!(lowest > window.height() / 2.0, "Tab went down the summary");
}

/// Every dialog with a text field: its first text field has the focus when
/// it opens, its text selected when filled in (so typing replaces it), and
/// Esc closes it without a change.
#[test]
fn every_dialog_focuses_its_first_field_with_its_text_selected_and_esc_cancels() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    h.state_mut().state.settings.recent = vec![dir.clone()];
    let before = project(&h).clone();
    let cases = every_dialog(&h, &dir);
    for (name, dialog, first, filled) in cases {
        h.state_mut().state.dialog = Some(dialog);
        h.run_steps(6);
        let field = h.get_by_label(first);
        assert!(field.is_focused(), "{name}: “{first}” has the focus");
        let id = h.ctx.memory(|m| m.focused()).unwrap();
        let text = field.value().unwrap_or_default();
        if filled {
            assert!(!text.is_empty(), "{name}: the field is filled in");
            let range = egui::text_edit::TextEditState::load(&h.ctx, id)
                .and_then(|s| s.cursor.char_range())
                .map(|r| r.as_sorted_char_range());
            assert_eq!(
                range.map(|r| (r.start.0, r.end.0)),
                Some((0, text.chars().count())),
                "{name}: its text is selected"
            );
        }
        h.key_press(Key::Escape);
        h.run_steps(4);
        assert!(dialog_closed(&h), "{name}: Esc closes it");
        assert_eq!(project(&h), &before, "{name}: Esc changes nothing");
    }
}

/// Enter performs a dialog's main action from any of its one-line fields;
/// an entry refused keeps the focus in the field at fault, with the message
/// beside it.
#[test]
fn enter_acts_from_any_field_and_a_refused_entry_keeps_the_focus_at_fault() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    show_source(&mut h, SECOND);
    menu(&mut h, "Sources", "Edit Citation…");
    // A date that is no date, then Enter: refused, the focus stays there.
    h.get_by_label("Published").click();
    h.run_steps(2);
    h.get_by_label("Published").type_text("27 November");
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(4);
    assert!(!dialog_closed(&h), "a refused entry keeps the dialog");
    assert!(
        h.get_by_label("Published").is_focused(),
        "the field at fault has the focus"
    );
    h.get_by_label_contains("the published date \"27 November\" is not a date");
    // Corrected, Enter from the field saves.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Published").type_text("2024-11-27");
    h.run_steps(2);
    // Enter from another field than the first saves as well.
    h.get_by_label("Author").click();
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(4);
    assert!(dialog_closed(&h), "Enter saves");
    assert_eq!(
        project(&h)
            .source(&SECOND.into())
            .unwrap()
            .citation
            .published,
        "2024-11-27"
    );

    // Export: Enter in the path field exports, whatever the format.
    let out = tmp.path().join("story.md");
    cmd(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    h.run_steps(2);
    h.get_by_label("Markdown").click();
    h.run_steps(2);
    h.get_by_label("Export to").click();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Export to").type_text(out.to_str().unwrap());
    h.run_steps(2);
    h.get_by_label("Export to").click();
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(6);
    assert!(out.exists(), "Enter in the path field exports");
}

#[test]
fn suggestions_wait_for_a_pause_in_typing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mut h = harness(tmp.path(), Some(&dir));
    let (_, claim) = project(&h).claims().next().unwrap();
    let text = claim.text.clone();
    let revision = |h: &Harness<'_, AttestApp>| h.state().document().unwrap().history().revision();
    let listed = |h: &Harness<'_, AttestApp>| h.state().state.suggestions.revision();
    h.get_by_value(&text).click();
    h.run_steps(4);
    assert_eq!(listed(&h), Some(revision(&h)));
    h.get_by_value(&text).type_text(" Police");
    h.run_steps(2);
    assert_ne!(
        listed(&h),
        Some(revision(&h)),
        "a keystroke does not run a query"
    );
    std::thread::sleep(attest::app::suggestions::QUIET_BEFORE_SUGGESTING);
    h.run_steps(2);
    assert_eq!(listed(&h), Some(revision(&h)), "a pause does");
}
