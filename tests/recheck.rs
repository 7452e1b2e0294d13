//! `attest recheck` through the real binary, against pages a test server on
//! 127.0.0.1 changes: unchanged (and not modified), a figure changed in a
//! cited sentence, a cited paragraph removed, an uncited part changed, a
//! redirect, a 404 and a stalled server. The project changes only by the
//! recorded outcomes; the review and the exports read them.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Site, arg, attest, attest_with_env, repo};

/// The news page of the import corpus (a readable article with comments
/// and a footer around it).
fn news() -> String {
    fs::read_to_string(repo().join("tests/import/news.html")).unwrap()
}

const CITED: &str = "Six people died when the river burst its banks on Tuesday night";
const SECOND: &str =
    "Four of the victims were crossing a footbridge near the old mill when it collapsed.";

/// A project with the news page added from `site` at `/news`, one claim
/// citing CITED, and one citing SECOND too. Returns (tempdir, dir, source).
fn project_with_page(site: &Site) -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("story");
    attest(["new", &arg(&dir), "--title", "Floods"]).ok();
    let source = attest(["source", "add", &arg(&dir), "--url", &site.url("/news")]).ok();
    let first = attest(["claim", "add", &arg(&dir), "Six people died in the floods."]).ok();
    let second = attest(["claim", "add", &arg(&dir), "A footbridge collapsed."]).ok();
    for (claim, quote) in [(&first, CITED), (&second, SECOND), (&second, CITED)] {
        attest([
            "cite",
            &arg(&dir),
            claim.as_str(),
            "--source",
            source.as_str(),
            "--quote",
            quote,
        ])
        .ok();
    }
    (tmp, dir, source)
}

/// A new project with one source added from each of `paths` on `site`.
fn project_of_pages(site: &Site, paths: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("story");
    attest(["new", &arg(&dir), "--title", "Floods"]).ok();
    for path in paths {
        attest([
            "source",
            "add",
            &arg(&dir),
            "--url",
            &site.url(path),
            "--duplicate",
        ])
        .ok();
    }
    (tmp, dir)
}

/// A project quoting the news page as [`project_with_page`] makes it,
/// whose live page then says `to` where it said `from`.
fn quoted_then_changed(from: &str, to: &str) -> (Site, tempfile::TempDir, PathBuf, String) {
    let site = Site::start();
    site.html("/news", &news());
    let (tmp, dir, source) = project_with_page(&site);
    site.html("/news", &news().replace(from, to));
    (site, tmp, dir, source)
}

fn recheck(dir: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["recheck".to_owned(), arg(dir)];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    attest(args)
}

/// `project.ron` without its `rechecks` list.
fn without_rechecks(dir: &Path) -> String {
    let text = fs::read_to_string(dir.join("project.ron")).unwrap();
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        if line == "    rechecks: [" {
            skipping = true;
        } else if skipping && line == "    ]," {
            skipping = false;
        } else if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn an_unchanged_page_is_reported_and_recorded_and_nothing_else_changes() {
    let site = Site::start();
    site.html("/news", &news());
    let (_tmp, dir, source) = project_with_page(&site);
    let before = fs::read_to_string(dir.join("project.ron")).unwrap();
    let files_before = fs::read_dir(dir.join("sources/originals")).unwrap().count();

    let run = recheck(&dir, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains(": unchanged."), "{}", run.stdout);
    assert_eq!(without_rechecks(&dir), before);
    // Nothing kept: the page is the one recorded.
    assert_eq!(
        fs::read_dir(dir.join("sources/originals")).unwrap().count(),
        files_before
    );
    let loaded = attest::project::store::load(&dir).unwrap();
    let recorded = &loaded.project.rechecks;
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].source.as_str(), source);
    assert_eq!(recorded[0].outcome, attest::model::LiveOutcome::Unchanged);
    assert_eq!(recorded[0].version, loaded.project.sources[0].sha256);

    let show = attest(["show", &arg(&dir)]).ok();
    assert!(
        show.contains(&format!(
            "checked against the live page on {}: unchanged",
            &recorded[0].checked[..10]
        )),
        "{show}"
    );
    // The request named Attest and its version, and carried no cookie.
    let requests = site.requests_for("/news");
    assert_eq!(requests.len(), 2, "one to add, one to recheck");
    let last = requests.last().unwrap().to_ascii_lowercase();
    assert!(
        last.contains(&format!("user-agent: attest/{}", env!("CARGO_PKG_VERSION"))),
        "{last}"
    );
    assert!(!last.contains("cookie"), "{last}");
}

#[test]
fn a_page_whose_server_says_not_modified_costs_no_download() {
    let site = Site::start();
    site.tagged("/news", "\"v1\"", &news());
    let (_tmp, dir, _) = project_with_page(&site);
    let loaded = attest::project::store::load(&dir).unwrap();
    assert_eq!(
        loaded.project.sources[0].original.as_ref().unwrap().etag,
        "\"v1\""
    );
    let run = recheck(&dir, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("unchanged (the server says not modified)"),
        "{}",
        run.stdout
    );
    let last = site.requests_for("/news").pop().unwrap();
    assert!(
        last.to_ascii_lowercase().contains("if-none-match: \"v1\""),
        "{last}"
    );
}

#[test]
fn a_figure_changed_in_a_cited_sentence_is_shown_with_its_claims_and_blocks_the_claim_it_alone_supports()
 {
    let (site, _tmp, dir, source) = quoted_then_changed(
        "Six people died when the river",
        "Seven people died when the river",
    );
    let run = recheck(&dir, &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let out = &run.stdout;
    assert!(out.contains("changed since quoted"), "{out}");
    assert!(out.contains("1 cited passage changed or went"), "{out}");
    assert!(out.contains(&format!("was: “{CITED}”")), "{out}");
    assert!(out.contains("now: “Seven people died"), "{out}");
    assert!(out.contains("claim 1, ‘Six people died"), "{out}");
    assert!(
        out.contains("claim 2, ‘A footbridge collapsed.’ (supports)"),
        "{out}"
    );
    assert!(
        run.stderr.contains("attest source update"),
        "{}",
        run.stderr
    );

    // The changed page is kept beside the one quoted.
    let loaded = attest::project::store::load(&dir).unwrap();
    let kept = loaded.project.rechecks[0].original.clone().unwrap();
    let bytes = fs::read(dir.join(&kept.file)).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("Seven people died"));

    // The review: a blocker on the claim the passage alone supports, a
    // warning on the claim another passage still supports.
    let check = attest(["check", &arg(&dir), "--format", "json"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let findings: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "changed-at-source")
        .collect();
    let severities: Vec<&str> = findings
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities.len(), 2, "{findings:?}");
    assert!(severities.contains(&"blocker") && severities.contains(&"warning"));
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("now reads “Seven people died")
    );

    // The export says so beside the source.
    let html = attest(["export", &arg(&dir), "--format", "html", "--allow-blockers"]).ok();
    assert!(
        html.contains("changed since quoted, 1 cited passage affected"),
        "{html}"
    );
    // Taking the new version stays a deliberate act, through the update.
    let update = attest([
        "source",
        "update",
        &arg(&dir),
        source.as_str(),
        "--url",
        &site.url("/news"),
    ])
    .ok();
    assert!(update.contains("changed"), "{update}");
}

#[test]
fn a_cited_paragraph_removed_is_gone() {
    let site = Site::start();
    site.html("/news", &news());
    let (_tmp, dir, _) = project_with_page(&site);
    let page = news();
    let start = page.find("<p>Four of the victims").unwrap();
    let end = start + page[start..].find("<p>Rescue teams").unwrap();
    site.html("/news", &format!("{}{}", &page[..start], &page[end..]));
    let run = recheck(&dir, &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let quotes = report[0]["quotes"].as_array().unwrap();
    let gone: Vec<_> = quotes.iter().filter(|q| q["status"] == "gone").collect();
    assert_eq!(gone.len(), 1, "{quotes:?}");
    assert_eq!(gone[0]["was"], SECOND);
    assert_eq!(gone[0]["claims"][0]["stance"], "supports");
    assert!(
        quotes
            .iter()
            .any(|q| q["status"] == "still there" || q["status"] == "moved")
    );
}

#[test]
fn a_change_outside_the_cited_passages_is_reported_and_affects_none() {
    let (_site, _tmp, dir, _) = quoted_then_changed(
        "More than 200 homes were flooded",
        "More than 300 homes were flooded",
    );
    let run = recheck(&dir, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("changed since quoted (")
            && run.stdout.contains("every cited passage still stands"),
        "{}",
        run.stdout
    );
    let check = attest(["check", &arg(&dir)]);
    assert!(
        !check.stdout.contains("changed-at-source"),
        "{}",
        check.stdout
    );
}

#[test]
fn a_redirect_a_404_and_a_stalled_server_are_told_apart() {
    let site = Site::start();
    for path in ["/moving", "/vanishing", "/stalling"] {
        site.html(path, &news());
    }
    let (_tmp, dir) = project_of_pages(&site, &["/moving", "/vanishing", "/stalling"]);
    site.set(
        "/moving",
        common::http("301 Moved Permanently", "Location: /moved\r\n", b""),
    );
    site.html("/moved", &news());
    site.set("/vanishing", common::http("404 Not Found", "", b""));
    site.set("/stalling", Vec::new());
    let before = without_rechecks(&dir);
    let run = attest_with_env(
        ["recheck".to_owned(), arg(&dir)],
        &[("ATTEST_FETCH_TIMEOUT", "2")],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    let out = &run.stdout;
    assert!(
        out.contains(&format!("(now redirected to {})", site.url("/moved"))),
        "{out}"
    );
    assert!(out.contains("answered 404"), "{out}");
    assert!(out.contains("did not answer in time"), "{out}");
    assert_eq!(without_rechecks(&dir), before);
    let loaded = attest::project::store::load(&dir).unwrap();
    assert_eq!(loaded.project.rechecks.len(), 3);
}

#[test]
fn only_sources_with_an_address_and_not_retrieved_lately_are_fetched() {
    let site = Site::start();
    site.html("/news", &news());
    let (tmp, dir, source) = project_with_page(&site);
    let file = tmp.path().join("notes.txt");
    fs::write(&file, "Notes from the phone call with the council.\n").unwrap();
    let local = attest(["source", "add", &arg(&dir), &arg(&file)]).ok();

    // Retrieved today: --since 1 skips it.
    let run = recheck(&dir, &["--since", "1"]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("Nothing to recheck"), "{}", run.stderr);
    assert_eq!(site.requests_for("/news").len(), 1);

    // A source without an address is never fetched; named, it is said so.
    let run = recheck(&dir, &[local.as_str()]);
    assert!(run.stderr.contains("has no web address"), "{}", run.stderr);
    let run = recheck(&dir, &[source.as_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(site.requests_for("/news").len(), 2);
}

#[test]
fn the_app_checks_sources_against_the_web_reports_and_offers_the_new_version() {
    use attest::app::ui::dialogs::Dialog;
    use common::gui::{harness, menu, project, run_until};
    use egui_kittest::kittest::Queryable as _;

    let (_site, tmp, dir, source) = quoted_then_changed(
        "Six people died when the river",
        "Seven people died when the river",
    );
    let mut h = harness(tmp.path(), Some(&dir));
    menu(&mut h, "Sources", "Check Sources Against the Web");
    run_until(&mut h, "the recheck's report", |h| {
        h.query_by_label_contains("Sources checked against the web")
            .is_some()
    });
    // Recorded in the project, as one step Undo can take back.
    let rechecks = &project(&h).rechecks;
    assert_eq!(rechecks.len(), 1);
    assert_eq!(rechecks[0].source.as_str(), source);
    assert_eq!(rechecks[0].affected().len(), 1);
    h.get_by_label_contains("1 cited passage(s) changed or went");
    h.get_by_label(&format!("was: “{CITED}”"));
    h.get_by_label_contains("now: “Seven people died");
    h.get_by_label_contains("changed — cited by claim 1, ‘Six people died");

    // The new version is taken only through the update, which compares
    // first.
    h.get_by_label("Take the New Version…").click();
    h.run_steps(4);
    assert!(matches!(
        h.state().state.dialog,
        Some(Dialog::UpdateSource { .. })
    ));
    h.key_press(egui::Key::Escape);
    h.run_steps(4);
    // The source list marks the source.
    h.get_by_label_contains("⚠ cited text changed on the web");
    assert_eq!(project(&h).sources[0].sha256, rechecks_version(&dir));
}

/// The version the recorded recheck compared with, from the file on disk
/// (the app has not saved yet, so it is the one added).
fn rechecks_version(dir: &Path) -> String {
    attest::project::store::load(dir).unwrap().project.sources[0]
        .sha256
        .clone()
}

#[test]
fn stop_in_the_app_reports_and_records_what_finished_without_waiting_for_a_stalled_server() {
    use common::gui::{harness, menu, project, run_until};
    use egui_kittest::kittest::Queryable as _;

    let site = Site::start();
    site.html("/news", &news());
    site.html("/stalling", &news());
    let (tmp, dir) = project_of_pages(&site, &["/news", "/stalling"]);
    site.set("/stalling", Vec::new());
    let mut h = harness(tmp.path(), Some(&dir));
    menu(&mut h, "Sources", "Check Sources Against the Web");
    run_until(&mut h, "the page that answers", |h| {
        h.query_by_label("unchanged").is_some()
    });
    let started = std::time::Instant::now();
    h.get_by_label("Stop").click();
    run_until(&mut h, "the report after Stop", |h| {
        h.query_by_label_contains("Sources checked against the web")
            .is_some()
    });
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "Stop waited for the stalled server"
    );
    h.get_by_label_contains("1 source(s): 0 with cited passages changed");
    let rechecks = &project(&h).rechecks;
    assert_eq!(rechecks.len(), 1, "only the page that answered is recorded");
}
