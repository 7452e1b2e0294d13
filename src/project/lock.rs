//! Who has a project open: a lock file in the project folder.
//!
//! The desktop app writes `.attest.lock` (its process ID, host and start
//! time) while a project is open, and removes it when it lets go. Another
//! window or a command-line command that finds a lock held by a live process
//! warns that the project is open elsewhere. A lock whose process is gone
//! (same host, no such process) is stale and is taken over silently. The
//! lock only warns; what keeps two writers from losing each other's work is
//! that a save never overwrites a `project.ron` changed since it was loaded
//! (see [`crate::project::document::Document::save`]).

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// The lock file's name in the project folder.
pub const LOCK_FILE: &str = ".attest.lock";

/// Who holds a lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    /// Process ID.
    pub pid: u32,
    /// Host name.
    pub host: String,
    /// When it was taken, RFC 3339.
    pub since: String,
}

impl Holder {
    fn me() -> Self {
        Self {
            pid: std::process::id(),
            host: host_name(),
            since: crate::util::now_utc(),
        }
    }

    fn parse(text: &str) -> Option<Self> {
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
                .map(str::trim)
        };
        Some(Self {
            pid: field("pid")?.parse().ok()?,
            host: field("host")?.to_owned(),
            since: field("since").unwrap_or_default().to_owned(),
        })
    }

    fn to_text(&self) -> String {
        format!(
            "pid={}\nhost={}\nsince={}\n",
            self.pid, self.host, self.since
        )
    }

    /// Whether the holder still runs: always assumed for another host.
    pub fn is_alive(&self) -> bool {
        if self.host != host_name() {
            return true;
        }
        if self.pid == std::process::id() {
            return true;
        }
        // On Linux every live process has a folder in /proc.
        !Path::new("/proc/self").exists() || Path::new(&format!("/proc/{}", self.pid)).exists()
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "process {} on {}", self.pid, self.host)?;
        if !self.since.is_empty() {
            write!(f, ", since {}", self.since)?;
        }
        Ok(())
    }
}

fn host_name() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// The live holder of the project's lock other than this process, if any.
pub fn held_elsewhere(dir: &Path) -> Option<Holder> {
    let text = fs::read_to_string(dir.join(LOCK_FILE)).ok()?;
    let holder = Holder::parse(&text)?;
    let mine = holder.pid == std::process::id() && holder.host == host_name();
    (!mine && holder.is_alive()).then_some(holder)
}

/// A lock this process holds; removed when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    me: Holder,
}

impl Lock {
    /// Takes the project's lock, unless a live process holds it: then the
    /// lock stays theirs and its holder is returned to warn about.
    pub fn acquire(dir: &Path) -> Result<Self, Holder> {
        if let Some(holder) = held_elsewhere(dir) {
            return Err(holder);
        }
        let me = Holder::me();
        let path = dir.join(LOCK_FILE);
        // Best effort: a read-only folder only loses the warning.
        let _ = crate::project::store::atomic_write(&path, me.to_text().as_bytes());
        Ok(Self { path, me })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let ours = fs::read_to_string(&self.path)
            .ok()
            .and_then(|t| Holder::parse(&t))
            .is_some_and(|h| h.pid == self.me.pid && h.host == self.me.host);
        if ours {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The warning for a project open elsewhere.
pub fn warning(dir: &Path, holder: &Holder) -> String {
    format!(
        "{} is open in Attest elsewhere ({holder}); changes made in both places will conflict. Attest will not overwrite changes saved by the other one",
        dir.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_taken_released_and_seen_by_others() {
        let dir = tempfile::tempdir().unwrap();
        let lock = Lock::acquire(dir.path()).unwrap();
        assert!(dir.path().join(LOCK_FILE).exists());
        // This process's own lock is not "elsewhere".
        assert_eq!(held_elsewhere(dir.path()), None);
        drop(lock);
        assert!(!dir.path().join(LOCK_FILE).exists());
    }

    #[test]
    fn a_live_holder_keeps_the_lock_and_a_dead_one_loses_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let live = Holder {
            pid: child.id(),
            host: host_name(),
            since: "2026-01-01T00:00:00Z".into(),
        };
        fs::write(dir.path().join(LOCK_FILE), live.to_text()).unwrap();
        assert_eq!(held_elsewhere(dir.path()), Some(live.clone()));
        let err = Lock::acquire(dir.path()).unwrap_err();
        assert_eq!(err, live);
        assert!(warning(dir.path(), &err).contains(&format!("process {} on", child.id())));
        child.kill().unwrap();
        child.wait().unwrap();
        // The process is gone: the lock is stale and taken over.
        assert_eq!(held_elsewhere(dir.path()), None);
        let lock = Lock::acquire(dir.path()).unwrap();
        let text = fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap();
        assert!(text.contains(&format!("pid={}", std::process::id())));
        drop(lock);
    }

    #[test]
    fn another_host_is_assumed_alive_and_garbage_is_stale() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join(LOCK_FILE),
            "pid=1\nhost=elsewhere.example\nsince=x\n",
        )
        .unwrap();
        assert!(held_elsewhere(dir.path()).is_some());
        fs::write(dir.path().join(LOCK_FILE), "\0\0garbage").unwrap();
        assert!(held_elsewhere(dir.path()).is_none());
    }
}
