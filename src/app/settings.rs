//! What the app remembers between runs: recent projects and preferences.
//!
//! Kept in `settings.ron` in the configuration folder: `$ATTEST_CONFIG_DIR`,
//! else `$XDG_CONFIG_HOME/attest`, else `~/.config/attest`. A missing or
//! unreadable file means defaults; it is never a reason not to start.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How many recent projects are remembered.
pub const MAX_RECENT: usize = 10;

/// Preferences and recent projects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Project folders, most recent first.
    pub recent: Vec<PathBuf>,
    /// Dark theme, light theme, or follow the system when unset.
    pub dark_mode: Option<bool>,
    /// Size of source text in points.
    pub text_size: f32,
    /// The name sign-offs are recorded under.
    pub reviewer: String,
    /// How the source list is ordered.
    pub source_order: SourceOrder,
}

/// How the source list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceOrder {
    /// In the order the sources were added.
    #[default]
    Added,
    /// Alphabetically by short name.
    Name,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            dark_mode: None,
            text_size: 16.0,
            reviewer: String::new(),
            source_order: SourceOrder::Added,
        }
    }
}

/// A folder from an environment variable, or a folder under `$HOME`.
fn env_dir(var: &str, xdg: &str, fallback: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = std::env::var_os(xdg).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir).join("attest"));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(fallback).join("attest"))
}

/// The configuration folder.
pub fn config_dir() -> Option<PathBuf> {
    env_dir("ATTEST_CONFIG_DIR", "XDG_CONFIG_HOME", ".config")
}

/// The data folder (where the sample project is installed).
pub fn data_dir() -> Option<PathBuf> {
    env_dir("ATTEST_DATA_DIR", "XDG_DATA_HOME", ".local/share")
}

impl Settings {
    /// Reads the settings in `dir`, or defaults.
    pub fn load(dir: Option<&Path>) -> Self {
        dir.and_then(|d| std::fs::read_to_string(d.join("settings.ron")).ok())
            .and_then(|text| ron::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Writes the settings into `dir`.
    pub fn save(&self, dir: &Path) -> Result<(), crate::project::store::SaveError> {
        std::fs::create_dir_all(dir).map_err(|source| crate::project::store::SaveError::Io {
            path: dir.to_owned(),
            source,
        })?;
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::new())
            .expect("settings serialize");
        crate::project::store::atomic_write(&dir.join("settings.ron"), text.as_bytes())
    }

    /// Puts a project first in the recent list.
    pub fn remember(&mut self, dir: &Path) {
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
        self.recent.retain(|d| d != &dir);
        self.recent.insert(0, dir);
        self.recent.truncate(MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_survive_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::default();
        for i in 0..12 {
            settings.remember(&dir.path().join(format!("p{i}")));
        }
        settings.remember(&dir.path().join("p3"));
        assert_eq!(settings.recent.len(), MAX_RECENT);
        assert!(settings.recent[0].ends_with("p3"));
        settings.save(dir.path()).unwrap();
        assert_eq!(Settings::load(Some(dir.path())), settings);
        std::fs::write(dir.path().join("settings.ron"), "not ron at all (").unwrap();
        assert_eq!(Settings::load(Some(dir.path())), Settings::default());
    }
}
