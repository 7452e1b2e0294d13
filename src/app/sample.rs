//! The sample project, compiled into the binary and installed on first start.

use std::path::{Path, PathBuf};

use crate::project::store::{self, SaveError};

/// The sample project's files, relative to its folder.
pub const FILES: [(&str, &[u8]); 3] = [
    (
        "project.ron",
        include_bytes!("../../projects/islamabad-protests/project.ron"),
    ),
    (
        "sources/srf7ks07f-6b01c69028f0.txt",
        include_bytes!("../../projects/islamabad-protests/sources/srf7ks07f-6b01c69028f0.txt"),
    ),
    (
        "sources/sy9cxxzhg-26be411c449f.txt",
        include_bytes!("../../projects/islamabad-protests/sources/sy9cxxzhg-26be411c449f.txt"),
    ),
];

/// Folder name of the sample project.
pub const NAME: &str = "islamabad-protests";

/// Makes sure the sample project exists under `data_dir` and returns its
/// folder. An existing copy, possibly edited by the user, is left alone.
pub fn install(data_dir: &Path) -> Result<PathBuf, SaveError> {
    let dir = data_dir.join(NAME);
    if dir.join(store::PROJECT_FILE).exists() {
        return Ok(dir);
    }
    for (name, bytes) in FILES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| SaveError::Io {
                path: parent.to_owned(),
                source,
            })?;
        }
        // The project file last, so a half-installed sample is not a project.
        if name != store::PROJECT_FILE {
            store::atomic_write(&path, bytes)?;
        }
    }
    store::atomic_write(&dir.join(store::PROJECT_FILE), FILES[0].1)?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_sample_matches_the_committed_one_and_loads() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("projects")
            .join(NAME);
        let mut on_disk = vec!["project.ron".to_owned()];
        for entry in std::fs::read_dir(committed.join("sources")).unwrap() {
            on_disk.push(format!(
                "sources/{}",
                entry.unwrap().file_name().to_string_lossy()
            ));
        }
        on_disk.sort();
        let mut embedded: Vec<_> = FILES.iter().map(|(n, _)| (*n).to_owned()).collect();
        embedded.sort();
        assert_eq!(
            embedded, on_disk,
            "update src/app/sample.rs after rebuilding the sample"
        );
        for (name, bytes) in FILES {
            assert_eq!(
                std::fs::read(committed.join(name)).unwrap(),
                bytes,
                "{name}"
            );
        }
        let data = tempfile::tempdir().unwrap();
        let dir = install(data.path()).unwrap();
        let loaded = store::load(&dir).unwrap();
        assert!(loaded.findings.is_empty());
        // A second install keeps the user's copy.
        std::fs::write(dir.join("project.ron"), b"edited").unwrap();
        install(data.path()).unwrap();
        assert_eq!(std::fs::read(dir.join("project.ron")).unwrap(), b"edited");
    }
}
