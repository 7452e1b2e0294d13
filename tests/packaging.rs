//! What the desktop package installs, checked at its source: the packaging
//! files agree with the app's ID and version, the shell completions and the
//! manual pages come out of the command line's own definition, and a
//! project opens by its `project.ron` as a file manager passes it.
//! (`scripts/package-check.sh` checks the built package itself.)

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use attest::app::APP_ID;
use common::attest;
use common::gui::{harness, project, sample_copy};

fn packaging_file(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/packaging")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The value of `key` in the desktop entry's main group.
fn desktop_value<'a>(entry: &'a str, key: &str) -> &'a str {
    entry
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("the desktop entry has no {key}"))
}

/// The text of every `<tag>…</tag>` in `xml`, in order.
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut found = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let body = &after[after.find('>').expect("a tag ends") + 1..];
        let end = body.find(&close).expect("an element is closed");
        found.push(body[..end].trim());
        rest = &body[end..];
    }
    found
}

#[test]
fn the_desktop_entry_metainfo_and_mime_type_name_the_app_id() {
    let entry = packaging_file(&format!("{APP_ID}.desktop"));
    assert_eq!(desktop_value(&entry, "Exec"), "attest %f");
    assert_eq!(desktop_value(&entry, "Icon"), APP_ID);
    assert_eq!(desktop_value(&entry, "StartupWMClass"), APP_ID);
    assert_eq!(desktop_value(&entry, "StartupNotify"), "true");
    assert_eq!(desktop_value(&entry, "Categories"), "Office;");
    assert_eq!(
        desktop_value(&entry, "MimeType"),
        "application/x-attest-project;"
    );

    let meta = packaging_file(&format!("{APP_ID}.metainfo.xml"));
    assert_eq!(elements(&meta, "id"), [APP_ID]);
    assert_eq!(elements(&meta, "launchable"), [format!("{APP_ID}.desktop")]);
    assert!(elements(&meta, "mediatype").contains(&"application/x-attest-project"));
    let newest = meta
        .split("<release ")
        .nth(1)
        .expect("the metainfo lists releases");
    assert!(
        newest.starts_with(&format!("version=\"{}\"", env!("CARGO_PKG_VERSION"))),
        "the newest release in the metainfo is not this version: {newest}"
    );

    let mime = packaging_file(&format!("{APP_ID}.xml"));
    assert!(mime.contains(r#"<mime-type type="application/x-attest-project">"#));
    assert!(mime.contains(r#"<glob pattern="project.ron""#));
    assert!(mime.contains(r#"<sub-class-of type="text/plain"/>"#));
}

#[test]
fn the_debian_package_installs_each_packaging_file_under_the_app_id() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let deb = &manifest[manifest
        .find("[package.metadata.deb]")
        .expect("Cargo.toml describes the Debian package")..];
    for asset in [
        format!(r#"["assets/packaging/{APP_ID}.desktop", "usr/share/applications/""#),
        format!(r#"["assets/packaging/{APP_ID}.metainfo.xml", "usr/share/metainfo/""#),
        format!(r#"["assets/packaging/{APP_ID}.xml", "usr/share/mime/packages/""#),
        format!(r#""usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg""#),
        format!(r#"["target/release/package/icons/512x512/{APP_ID}.png""#),
    ] {
        assert!(deb.contains(&asset), "the package lacks {asset}");
    }
    // The window stack is loaded with dlopen: its libraries are listed.
    for library in ["libgl1", "libegl1", "libxkbcommon0", "libwayland-client0"] {
        assert!(deb.contains(library), "Depends lacks {library}");
    }
}

#[test]
fn completions_are_generated_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let script = attest(["completions", shell]).ok();
        for command in ["signoff", "source", "export"] {
            assert!(
                script.contains(command),
                "{shell} completion lacks {command}"
            );
        }
    }
    // Bash takes the script and completes attest with it.
    let mut bash = Command::new("bash")
        .args(["-c", "source /dev/stdin && complete -p attest"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("bash runs");
    let script = attest(["completions", "bash"]).ok();
    std::io::Write::write_all(&mut bash.stdin.take().unwrap(), script.as_bytes()).unwrap();
    let out = bash.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("attest"));

    let refused = attest(["completions", "tcsh"]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("bash"), "{}", refused.stderr);
}

#[test]
fn manual_pages_are_written_for_the_program_and_each_command() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("man");
    attest(["manual-pages".as_ref(), dir.as_os_str()]).ok();
    let main = std::fs::read_to_string(dir.join("attest.1")).unwrap();
    assert!(main.contains(".TH attest 1"), "{main}");
    assert!(main.contains("Source\\-grounded summaries"));
    let add = std::fs::read_to_string(dir.join("attest-source-add.1")).unwrap();
    assert!(add.contains("\\-\\-url"), "{add}");
    // A page for every command a user types; none for the hidden ones.
    for page in ["attest-check.1", "attest-export.1", "attest-completions.1"] {
        assert!(dir.join(page).is_file(), "no {page}");
    }
    assert!(!dir.join("attest-manual-pages.1").exists());
}

#[test]
fn the_app_opens_a_project_by_its_project_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let h = harness(tmp.path(), Some(&dir.join("project.ron")));
    let doc = h.state().document().expect("the project is open");
    assert_eq!(doc.dir(), dir);
    assert!(project(&h).claims().count() > 0);
}
