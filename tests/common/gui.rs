//! Helpers of the tests that drive the desktop app with `egui_kittest`.

use std::path::{Path, PathBuf};

use attest::app::AttestApp;
use attest::app::file_dialogs::NoDialogs;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;

use super::copy_dir;

/// A copy of the sample project in a temporary folder.
pub fn sample_copy(tmp: &Path) -> PathBuf {
    let dir = tmp.join("sample");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/islamabad-protests"),
        &dir,
    );
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
