//! Helpers of the tests that drive the desktop app with `egui_kittest`.

use std::path::{Path, PathBuf};

use attest::app::AttestApp;
use attest::app::file_dialogs::NoDialogs;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use super::copy_sample;

/// A copy of the sample project in a temporary folder.
pub fn sample_copy(tmp: &Path) -> PathBuf {
    let dir = tmp.join("sample");
    copy_sample(&dir);
    dir
}

pub fn harness(tmp: &Path, open: Option<&Path>) -> Harness<'static, AttestApp> {
    let mut app = AttestApp::with_parts(Box::new(NoDialogs), Some(tmp.join("config")));
    if let Some(dir) = open {
        app.open(dir);
    }
    let settings = app.state.settings.clone();
    let mut harness = Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .with_max_steps(200)
        .with_context_setup(move |ctx| attest::app::ui::setup(ctx, &settings))
        .build_ui_state(|ui, app: &mut AttestApp| app.show(ui), app);
    harness.run_steps(3);
    // The evidence index is built on a worker; once it is there the focused
    // claim shows its suggestions, so wait for it before clicking anything.
    run_until(&mut harness, "the evidence index", |h| {
        !h.state().state.suggestions.indexing()
    });
    harness.run_steps(2);
    harness
}

/// Runs frames until `done` holds (an import on a worker thread has
/// finished, say), failing after 60 s.
pub fn run_until(
    h: &mut Harness<'_, AttestApp>,
    what: &str,
    done: impl Fn(&Harness<'_, AttestApp>) -> bool,
) {
    let start = std::time::Instant::now();
    while !done(h) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "gave up waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run_steps(1);
    }
    h.run_steps(2);
}

pub fn project<'a>(h: &'a Harness<'_, AttestApp>) -> &'a attest::model::Project {
    h.state().document().expect("a project is open").project()
}

pub fn cmd(h: &mut Harness<'_, AttestApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run_steps(4);
}

/// The query field of Find in all sources.
pub fn find_all_query<'a>(h: &'a Harness<'_, AttestApp>) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(egui::accesskit::Role::SearchInput, "Find in all sources")
}

pub fn dialog_closed(h: &Harness<'_, AttestApp>) -> bool {
    h.state().state.dialog.is_none()
}

/// Opens the menu `menu` of the menu bar and chooses the entry whose label
/// holds `entry` (an entry's label ends with its shortcut).
pub fn menu(h: &mut Harness<'_, AttestApp>, menu: &str, entry: &str) {
    use egui_kittest::kittest::Queryable as _;
    h.get_by_role_and_label(egui::accesskit::Role::Button, menu)
        .click();
    h.run_steps(4);
    h.get_by_label_contains(entry).click();
    h.run_steps(4);
}

/// The sample's first and second sources.
pub const FIRST_SOURCE: &str = "srf7ks07f";
pub const SECOND_SOURCE: &str = "sy9cxxzhg";

/// Every dialog of the app, made for the sample project open in `h` (in
/// `dir`): its name, the dialog, the label of its first field, and whether
/// that field comes filled in.
pub fn every_dialog(
    h: &Harness<'_, AttestApp>,
    dir: &Path,
) -> Vec<(
    &'static str,
    attest::app::ui::dialogs::Dialog,
    &'static str,
    bool,
)> {
    use attest::app::ui::dialogs::Dialog;
    let before = project(h);
    let second = before.source(&SECOND_SOURCE.into()).unwrap().clone();
    let claim = before.claims().next().unwrap().1.clone();
    let doc_dialogs = {
        let app = h.state();
        let doc = app.document().unwrap();
        (
            Dialog::export(doc),
            Dialog::settings(doc.project()),
            Dialog::sign_off(claim.id.clone(), &app.state.settings),
        )
    };
    let (export, settings, sign_off) = doc_dialogs;
    vec![
        (
            "new project",
            Dialog::new_project(&h.state().state.settings),
            "Folder:",
            true,
        ),
        (
            "open project",
            Dialog::open_project(&h.state().state.settings),
            "Folder:",
            true,
        ),
        ("add from file", Dialog::add_source_file(), "File:", false),
        ("add from URL", Dialog::add_source_url(), "Address:", false),
        (
            "add pasted text",
            Dialog::add_source_paste(),
            "Paste the source text here (Ctrl+V):",
            false,
        ),
        (
            "edit citation",
            Dialog::edit_citation(&second),
            "Short name",
            true,
        ),
        ("project settings", settings, "Title", true),
        (
            "note",
            Dialog::Note {
                claim: claim.id.clone(),
                quote: claim.evidence[0].quote.clone(),
                note: "Checked twice.".into(),
            },
            "Why this passage matters, or how it differs:",
            true,
        ),
        (
            "independent",
            Dialog::Independent {
                a: FIRST_SOURCE.into(),
                b: SECOND_SOURCE.into(),
                reason: String::new(),
            },
            "Why they are independent:",
            false,
        ),
        (
            "update source",
            Dialog::update_source(SECOND_SOURCE.into()),
            "New version:",
            false,
        ),
        ("sign off", sign_off, "Reviewer", false),
        ("export", export, "Export to", true),
        (
            "changed on disk",
            Dialog::changed_on_disk(dir),
            "Copy in",
            true,
        ),
    ]
}
