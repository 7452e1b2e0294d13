//! Saving: every file written to a temporary file beside it, synced and
//! renamed over the old one, the previous `project.ron` kept as a backup,
//! and stale temporary files of an interrupted save removed.

use super::*;

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is
/// written, synced and renamed over `path`, and the folder is synced.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let io_err = |source| SaveError::Io {
        path: path.to_owned(),
        source,
    };
    // A bare file name ("out.html") has an empty parent: the working folder.
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Keep the mode of the file being replaced; new files get the usual
    // read-write mode, less the umask.
    let permissions = match fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => default_permissions(),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .permissions(permissions)
        .tempfile_in(dir)
        .map_err(io_err)?;
    temp.write_all(bytes).map_err(io_err)?;
    temp.as_file().sync_all().map_err(io_err)?;
    temp.persist(path).map_err(|e| io_err(e.error))?;
    sync_dir(dir).map_err(io_err)
}

#[cfg(unix)]
pub(super) fn default_permissions() -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt as _;
    fs::Permissions::from_mode(0o666)
}

#[cfg(not(unix))]
pub(super) fn default_permissions() -> fs::Permissions {
    tempfile::tempfile()
        .and_then(|f| f.metadata())
        .map(|m| m.permissions())
        .expect("a temporary file can be created")
}

pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
    // Makes the rename durable. Some file systems refuse to sync a folder.
    match File::open(dir).and_then(|d| d.sync_all()) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Ok(()),
        other => other,
    }
}

/// SHA-256 of the project file in `dir` as it is now, `None` if there is none.
pub fn file_hash(dir: &Path) -> Result<Option<String>, SaveError> {
    let path = dir.join(PROJECT_FILE);
    match fs::read(&path) {
        Ok(bytes) => Ok(Some(sha256_hex(&bytes))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SaveError::Io { path, source }),
    }
}

/// Saves a project into `dir`: snapshots first, then the previous
/// `project.ron` as `project.ron.bak`, then the new `project.ron`, each
/// written atomically. If anything fails, `project.ron` is unchanged.
/// Returns the SHA-256 of the `project.ron` written.
pub fn save(dir: &Path, project: &Project, texts: &Snapshots) -> Result<String, SaveError> {
    let sources_dir = dir.join(SOURCES_DIR);
    fs::create_dir_all(&sources_dir).map_err(|source| SaveError::Io {
        path: sources_dir.clone(),
        source,
    })?;
    remove_stale_temporary_files(dir);
    remove_stale_temporary_files(&sources_dir);
    for source in &project.sources {
        let versions = std::iter::once((&source.file, &source.sha256))
            .chain(source.previous.iter().map(|s| (&s.file, &s.sha256)));
        for (file, sha256) in versions {
            let path = dir.join(file);
            match fs::symlink_metadata(&path) {
                Ok(_) => continue,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(SaveError::Io { path, source: e }),
            }
            // An earlier version that is neither on disk nor loaded stays
            // missing (load reports it); the current one must be written.
            match texts.get(sha256) {
                Some(text) => atomic_write(&path, text.as_str().as_bytes())?,
                None if sha256 != &source.sha256 => {}
                None => return Err(SaveError::MissingText(source.id.clone())),
            }
        }
    }
    for original in project.originals() {
        let path = dir.join(&original.file);
        match fs::symlink_metadata(&path) {
            Ok(_) => continue,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(SaveError::Io { path, source: e }),
        }
        // An original whose bytes are neither on disk nor held stays
        // missing; `attest check` reports it.
        if let Some(bytes) = texts.original(&original.sha256) {
            let folder = dir.join(ORIGINALS_DIR);
            fs::create_dir_all(&folder).map_err(|source| SaveError::Io {
                path: folder,
                source,
            })?;
            atomic_write(&path, bytes)?;
        }
    }
    let path = dir.join(PROJECT_FILE);
    keep_backup(dir, &path)?;
    let ron = to_ron(project);
    atomic_write(&path, ron.as_bytes())?;
    Ok(sha256_hex(ron.as_bytes()))
}

/// Keeps the current `project.ron` as `project.ron.bak`. Where the file
/// system has hard links, the backup is a second name for the same file,
/// given atomically (nothing is copied: the save then replaces
/// `project.ron` with a new file, and the old one lives on as the backup);
/// elsewhere it is an atomically written copy. The folder is synced by the
/// save's write of `project.ron` that follows.
pub(super) fn keep_backup(dir: &Path, path: &Path) -> Result<(), SaveError> {
    let backup = dir.join(BACKUP_FILE);
    let link = dir.join(format!(".{BACKUP_FILE}.{}.link.tmp", std::process::id()));
    // A `project.ron` that is a link (to a file outside the project, say)
    // is copied: a hard link would make the backup the same link. One
    // that is missing is not backed up (the read below says so).
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file()) {
        let _ = fs::remove_file(&link);
        if fs::hard_link(path, &link).is_ok() {
            if fs::rename(&link, &backup).is_ok() {
                return Ok(());
            }
            let _ = fs::remove_file(&link);
        }
    }
    match fs::read(path) {
        Ok(previous) => atomic_write(&backup, &previous),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(SaveError::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

/// How old a temporary file must be before a save removes it: one left by
/// a save that was killed, not one another process is writing right now.
pub(super) const STALE_TEMPORARY_FILE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temporary files (`.NAME.XXXX.tmp`) of saves that were killed
/// long ago. Best effort: a file that cannot be removed stays.
pub(super) fn remove_stale_temporary_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stale = entry
            .metadata()
            .ok()
            .filter(fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMPORARY_FILE);
        if name.starts_with('.') && name.ends_with(".tmp") && stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Creates a new project folder (which may exist if it holds no project).
pub fn create(dir: &Path, project: &Project) -> Result<String, SaveError> {
    if dir.join(PROJECT_FILE).exists() {
        return Err(SaveError::AlreadyAProject(dir.to_owned()));
    }
    fs::create_dir_all(dir).map_err(|source| SaveError::Io {
        path: dir.to_owned(),
        source,
    })?;
    save(dir, project, &Snapshots::default())
}
