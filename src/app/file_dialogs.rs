//! Native file dialogs, behind a trait so that tests can answer them.
//!
//! With no desktop portal and no `zenity` (a bare X server), rfd returns
//! `None` at once; the app treats `None` as "cancelled" and also accepts
//! typed paths, so it works without any dialog service.

use std::path::PathBuf;

/// Asks the user for files and folders.
pub trait FileDialogs {
    /// A folder, or `None` if cancelled.
    fn pick_folder(&mut self, title: &str) -> Option<PathBuf>;
    /// A text file, or `None` if cancelled.
    fn pick_text_file(&mut self, title: &str) -> Option<PathBuf>;
    /// Where to save a file, proposing `name`, or `None` if cancelled.
    fn save_file(&mut self, title: &str, name: &str) -> Option<PathBuf>;
}

/// The platform's dialogs, through rfd.
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn pick_folder(&mut self, title: &str) -> Option<PathBuf> {
        rfd::FileDialog::new().set_title(title).pick_folder()
    }

    fn pick_text_file(&mut self, title: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .add_filter("Sources", crate::model::Format::file_extensions())
            .add_filter("All files", &["*"])
            .pick_file()
    }

    fn save_file(&mut self, title: &str, name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(name)
            .save_file()
    }
}

/// Dialogs that are always cancelled, as on a machine without a dialog
/// service: for the app driven headless (tests, benchmarks).
pub struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn pick_folder(&mut self, _: &str) -> Option<PathBuf> {
        None
    }

    fn pick_text_file(&mut self, _: &str) -> Option<PathBuf> {
        None
    }

    fn save_file(&mut self, _: &str, _: &str) -> Option<PathBuf> {
        None
    }
}
