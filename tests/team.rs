//! Teams in git, end to end: two editors branch the sample project, work in
//! parallel through the real `attest` binary, and merge with a real `git`
//! through the merge driver that `attest git setup` installs.

mod common;

use std::path::PathBuf;
use std::process::Command;

use attest::model::{ClaimId, Project, Stance};
use attest::project::document::Document;
use common::{arg, attest, copy_sample, repo};

/// A git repository holding a copy of the sample project in `story/`,
/// committed on `main`, with the driver set up unless `driver` is false.
struct Repo {
    _tmp: tempfile::TempDir,
    top: PathBuf,
}

impl Repo {
    fn new(driver: bool) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path().join("newsroom");
        std::fs::create_dir_all(&top).unwrap();
        let repo = Self { _tmp: tmp, top };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.email", "desk@example.org"]);
        repo.git(&["config", "user.name", "Desk"]);
        copy_sample(&repo.dir());
        if driver {
            let said = attest(["git", "setup", &arg(&repo.dir())]);
            assert_eq!(said.code, 0, "{}", said.stderr);
            assert!(
                said.stderr.contains("merge.attest.driver"),
                "{}",
                said.stderr
            );
        } else {
            // The attributes travel with the project; the config does not.
            attest(["git", "setup", &arg(&repo.dir())]).ok();
            repo.git(&["config", "--local", "--remove-section", "merge.attest"]);
        }
        repo.commit("The sample story");
        repo
    }

    fn dir(&self) -> PathBuf {
        self.top.join("story")
    }

    /// Runs git; returns whether it succeeded, and its output.
    fn try_git(&self, args: &[&str]) -> (bool, String) {
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.top)
            .args(args)
            .env("GIT_EDITOR", "true")
            .output()
            .expect("git runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    }

    fn git(&self, args: &[&str]) -> String {
        let (ok, text) = self.try_git(args);
        assert!(ok, "git {args:?} failed: {text}");
        text
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Runs an attest command on the project, asserting success; returns
    /// what it printed on standard output.
    fn attest(&self, args: &[&str]) -> String {
        let mut all = vec![args[0].to_owned()];
        let mut rest = args[1..].iter().map(|s| s.to_string());
        if args[0] == "claim" || args[0] == "evidence" || args[0] == "source" {
            all.push(rest.next().unwrap());
        }
        all.push(arg(&self.dir()));
        all.extend(rest);
        attest(&all).ok()
    }

    fn project(&self) -> Project {
        Document::open(&self.dir()).unwrap().project().clone()
    }
}

/// The sample's claim whose text starts with `start`.
fn claim_id(project: &Project, start: &str) -> String {
    project
        .claims()
        .find(|(_, c)| c.text.starts_with(start))
        .unwrap_or_else(|| panic!("no claim starts with {start:?}"))
        .1
        .id
        .to_string()
}

fn sample_claim(start: &str) -> String {
    let doc = Document::open(&repo().join("projects/islamabad-protests")).unwrap();
    claim_id(doc.project(), start)
}

#[test]
fn two_branches_without_overlap_merge_cleanly_with_both_sides_intact() {
    let repo = Repo::new(true);
    let toll = sample_claim("Six people died");
    let lukashenko = sample_claim("The protests coincided");
    let first_source = repo.project().sources[0].id.to_string();

    repo.git(&["checkout", "-q", "-b", "ana"]);
    let ana = repo.attest(&[
        "claim",
        "add",
        "Ana's claim about the march.",
        "--paragraph",
        "1",
    ]);
    let ana_quote = repo.attest(&[
        "cite",
        &ana,
        "--source",
        &first_source,
        "--quote",
        "Government authorities said",
    ]);
    repo.attest(&[
        "claim",
        "edit",
        &toll,
        "Six people died, the government said.",
    ]);
    repo.commit("Ana's work");

    repo.git(&["checkout", "-q", "main"]);
    let ben = repo.attest(&["claim", "add", "Ben's claim about the aftermath."]);
    let toll_quote = repo
        .project()
        .claim(&toll.as_str().into())
        .unwrap()
        .evidence[1]
        .quote
        .to_string();
    repo.attest(&[
        "evidence",
        "edit",
        &toll,
        &toll_quote,
        "--note",
        "Ben checked this figure.",
    ]);
    repo.attest(&["claim", "move", &lukashenko, "--up"]);
    repo.commit("Ben's work");

    let (merged, text) = repo.try_git(&["merge", "ana", "-m", "Merge Ana's work"]);
    assert!(merged, "the driver merges without conflicts: {text}");
    assert!(
        !std::fs::read_to_string(repo.dir().join("project.ron"))
            .unwrap()
            .contains("<<<<<<<")
    );

    let project = repo.project();
    assert!(project.conflicts.is_empty(), "{:?}", project.conflicts);
    let claim = |id: &str| project.claim(&ClaimId::from(id)).unwrap().clone();
    assert_eq!(claim(&ana).text, "Ana's claim about the march.");
    assert_eq!(claim(&ana).evidence[0].quote.as_str(), ana_quote);
    assert_eq!(
        project.claim_place(&ana.as_str().into()).unwrap().paragraph,
        0
    );
    assert_eq!(claim(&ben).text, "Ben's claim about the aftermath.");
    assert_eq!(
        claim(&toll).text,
        "Six people died, the government said.",
        "Ana's edit"
    );
    let toll_claim = claim(&toll);
    let note = &toll_claim
        .evidence
        .iter()
        .find(|e| e.quote.as_str() == toll_quote)
        .unwrap()
        .note;
    assert_eq!(
        note, "Ben checked this figure.",
        "Ben's edit of another field of the same claim"
    );
    // Ben's move: the Lukashenko claim now ends the paragraph before.
    let place = project.claim_place(&lukashenko.as_str().into()).unwrap();
    let before = project.paragraphs[place.paragraph].last().unwrap();
    assert_eq!(before.id.as_str(), lukashenko);
    // Nothing was lost: every claim of both sides is there.
    assert_eq!(project.claims().count(), 11 + 2);
    let check = attest(["check", &arg(&repo.dir())]);
    assert!(!check.stdout.contains("merge-conflict"), "{}", check.stdout);
}

#[test]
fn a_signoff_is_void_after_the_other_side_edits_the_claim() {
    let repo = Repo::new(true);
    let containers = sample_claim("Authorities blocked");
    repo.git(&["checkout", "-q", "-b", "review"]);
    repo.attest(&["signoff", &containers, "--by", "Rita Reviewer"]);
    repo.commit("Review");
    repo.git(&["checkout", "-q", "main"]);
    repo.attest(&[
        "claim",
        "edit",
        &containers,
        "Authorities blocked the capital with containers.",
    ]);
    repo.commit("Edit after review started");

    let (merged, text) = repo.try_git(&["merge", "review", "-m", "Merge review"]);
    assert!(merged, "{text}");
    let project = repo.project();
    let claim = project.claim(&containers.as_str().into()).unwrap();
    let signoff = claim.signoff.as_ref().expect("the sign-off is kept");
    assert_eq!(signoff.by, "Rita Reviewer");
    assert_ne!(
        signoff.hash,
        claim.content_hash(&project),
        "but it no longer matches"
    );
    let show = attest(["show", &arg(&repo.dir())]).ok();
    assert!(
        show.contains("sign-off by Rita Reviewer") && show.contains("is void"),
        "{show}"
    );
}

#[test]
fn the_same_claim_edited_on_both_sides_is_a_conflict_check_blocks_on_and_resolve_settles() {
    let repo = Repo::new(true);
    let toll = sample_claim("Six people died");
    let march = sample_claim("Supporters of the jailed");
    let march_quote = repo
        .project()
        .claim(&march.as_str().into())
        .unwrap()
        .evidence[0]
        .quote
        .to_string();
    repo.git(&["checkout", "-q", "-b", "ana"]);
    repo.attest(&["claim", "edit", &toll, "Ana: six people died."]);
    repo.attest(&[
        "evidence",
        "edit",
        &march,
        &march_quote,
        "--stance",
        "context",
    ]);
    repo.commit("Ana");
    repo.git(&["checkout", "-q", "main"]);
    repo.attest(&["claim", "edit", &toll, "Ben: at least six people died."]);
    repo.attest(&[
        "evidence",
        "edit",
        &march,
        &march_quote,
        "--stance",
        "contradicts",
    ]);
    repo.commit("Ben");

    let (merged, _) = repo.try_git(&["merge", "ana", "-m", "Merge"]);
    assert!(!merged, "git reports the conflict");
    let raw = std::fs::read_to_string(repo.dir().join("project.ron")).unwrap();
    assert!(
        !raw.contains("<<<<<<<"),
        "the driver writes a loadable project, not markers"
    );
    let project = repo.project();
    assert_eq!(project.conflicts.len(), 2, "{:?}", project.conflicts);
    let text = project
        .conflicts
        .iter()
        .find(|c| c.field == "text")
        .unwrap();
    assert_eq!(text.record, toll);
    assert_eq!(text.ours.as_deref(), Some("Ben: at least six people died."));
    assert_eq!(text.theirs.as_deref(), Some("Ana: six people died."));
    assert!(
        text.base
            .as_deref()
            .unwrap()
            .starts_with("Six people died in the clashes")
    );
    assert_eq!(
        project.claim(&toll.as_str().into()).unwrap().text,
        "Ben: at least six people died."
    );

    let check = attest(["check", &arg(&repo.dir())]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains(&format!("¶2 {toll} “Ben: at least six people died.”")),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("blocker  merge-conflict: claim 6, ‘Ben: at least six people died.’"),
        "{}",
        check.stdout
    );
    assert!(
        attest(["show", &arg(&repo.dir())])
            .ok()
            .contains("MERGE CONFLICTS")
    );
    let export = attest([
        "export",
        &arg(&repo.dir()),
        "--format",
        "markdown",
        "--allow-blockers",
    ]);
    assert_eq!(export.code, 1, "no flag lets a conflicted project out");
    assert!(
        export.stderr.contains("merge conflict"),
        "{}",
        export.stderr
    );
    let signoff = attest([
        "signoff",
        &arg(&repo.dir()),
        &sample_claim("Authorities blocked"),
        "--by",
        "Rita",
    ]);
    assert_eq!(signoff.code, 1, "{}", signoff.stderr);

    // A stance is not a text, and an ambiguous record needs --field.
    let refused = attest(["resolve", &arg(&repo.dir()), &march, "--text", "x"]);
    assert!(refused.fails().contains("not a text"));
    repo.attest(&[
        "resolve",
        &toll,
        "--text",
        "Six people died, the government said.",
    ]);
    repo.attest(&["resolve", &march, "--theirs"]);
    let project = repo.project();
    assert!(project.conflicts.is_empty());
    assert_eq!(
        project.claim(&toll.as_str().into()).unwrap().text,
        "Six people died, the government said."
    );
    let stance = project
        .claim(&march.as_str().into())
        .unwrap()
        .evidence_for(&march_quote.as_str().into())
        .unwrap()
        .stance;
    assert_eq!(stance, Stance::Context, "theirs: Ana's stance");
    repo.commit("Merge, resolved");
    assert!(
        !attest(["check", &arg(&repo.dir())])
            .stdout
            .contains("merge-conflict")
    );
}

#[test]
fn a_new_claim_citing_a_quote_deleted_on_the_other_side_brings_it_back_flagged() {
    let repo = Repo::new(true);
    let internet = sample_claim("Authorities shut down");
    let quote = repo
        .project()
        .claim(&internet.as_str().into())
        .unwrap()
        .evidence[0]
        .quote
        .to_string();
    repo.git(&["checkout", "-q", "-b", "ana"]);
    let ana = repo.attest(&["claim", "add", "Ana's claim."]);
    let project = repo.project();
    let q = project.quote(&quote.as_str().into()).unwrap();
    let source = q.source.to_string();
    let text = q.text.clone();
    repo.attest(&["cite", &ana, "--source", &source, "--quote", &text]);
    repo.commit("Ana cites the passage");
    repo.git(&["checkout", "-q", "main"]);
    repo.attest(&["claim", "remove", &internet]);
    // With its only claim gone, the quote goes too (as the app's tidying would).
    let mut doc = Document::open(&repo.dir()).unwrap();
    doc.apply(attest::project::command::Command::RemoveQuote {
        id: quote.as_str().into(),
    })
    .unwrap();
    doc.save().unwrap();
    repo.commit("Ben drops the claim and its quote");

    let (merged, _) = repo.try_git(&["merge", "ana", "-m", "Merge"]);
    assert!(!merged);
    let project = repo.project();
    assert!(
        project.quote(&quote.as_str().into()).is_some(),
        "the quote came back"
    );
    let flag = project
        .conflicts
        .iter()
        .find(|c| c.record == quote)
        .expect("flagged");
    assert_eq!(flag.field, "record");
    assert!(flag.theirs.as_deref().unwrap().contains(&ana), "{flag:?}");
    // Deleting it again is refused while it is cited; keeping it settles it.
    attest(["resolve", &arg(&repo.dir()), &quote, "--ours"]).fails();
    repo.attest(&["resolve", &quote, "--theirs"]);
    assert!(repo.project().conflicts.is_empty());
    assert!(
        repo.project().claim(&internet.as_str().into()).is_none(),
        "Ben's deletion stands"
    );
}

#[test]
fn a_rebase_merges_with_the_sides_swapped_and_says_so() {
    let repo = Repo::new(true);
    let toll = sample_claim("Six people died");
    repo.git(&["checkout", "-q", "-b", "ana"]);
    let ana = repo.attest(&["claim", "add", "Ana's claim."]);
    repo.commit("Ana 1");
    repo.attest(&["claim", "edit", &toll, "Ana: six died."]);
    repo.commit("Ana 2");
    repo.git(&["checkout", "-q", "main"]);
    let ben = repo.attest(&["claim", "add", "Ben's claim."]);
    repo.attest(&["claim", "edit", &toll, "Ben: six died."]);
    repo.commit("Ben");

    repo.git(&["checkout", "-q", "ana"]);
    let (rebased, _) = repo.try_git(&["rebase", "main"]);
    assert!(!rebased, "the second commit conflicts");
    let project = repo.project();
    assert_eq!(project.conflicts.len(), 1);
    let conflict = &project.conflicts[0];
    // During a rebase git's "ours" is the branch rebased onto.
    assert_eq!(conflict.ours.as_deref(), Some("Ben: six died."));
    assert_eq!(conflict.theirs.as_deref(), Some("Ana: six died."));
    assert!(conflict.sides.contains("rebase"), "{}", conflict.sides);
    assert!(
        project.claim(&ana.as_str().into()).is_some()
            && project.claim(&ben.as_str().into()).is_some()
    );
    repo.attest(&["resolve", &toll, "--theirs"]);
    repo.git(&["add", "story/project.ron"]);
    repo.git(&["rebase", "--continue"]);
    let project = repo.project();
    assert_eq!(
        project.claim(&toll.as_str().into()).unwrap().text,
        "Ana: six died."
    );
    assert!(project.conflicts.is_empty());
    assert_eq!(project.claims().count(), 13);
}

#[test]
fn a_merge_without_the_driver_is_never_loaded_silently_wrong() {
    let repo = Repo::new(false);
    let toll = sample_claim("Six people died");
    repo.git(&["checkout", "-q", "-b", "ana"]);
    repo.attest(&["claim", "edit", &toll, "Ana: six died."]);
    repo.commit("Ana");
    repo.git(&["checkout", "-q", "main"]);
    repo.attest(&["claim", "edit", &toll, "Ben: six died."]);
    let ben = repo.attest(&["claim", "add", "Ben's claim."]);
    repo.commit("Ben");
    let (merged, _) = repo.try_git(&["merge", "ana", "-m", "Merge"]);
    assert!(!merged);
    let raw = std::fs::read_to_string(repo.dir().join("project.ron")).unwrap();
    assert!(raw.contains("<<<<<<<"), "git's own line merge ran");
    let show = attest(["show", &arg(&repo.dir())]).fails();
    assert!(
        show.contains("unresolved git merge") && show.contains("attest git resolve"),
        "{show}"
    );

    // After the fact, from the stages git keeps.
    let resolve = attest(["git", "resolve", &arg(&repo.dir())]);
    assert_eq!(resolve.code, 1, "one conflict remains: {}", resolve.stderr);
    let project = repo.project();
    assert_eq!(project.conflicts.len(), 1);
    assert!(project.claim(&ben.as_str().into()).is_some());
    repo.attest(&["resolve", &toll, "--ours"]);
    repo.commit("Merge, resolved");
    assert_eq!(
        repo.project().claim(&toll.as_str().into()).unwrap().text,
        "Ben: six died."
    );
}

#[test]
fn a_committed_line_merge_is_redone_from_the_merge_commit() {
    let repo = Repo::new(false);
    let toll = sample_claim("Six people died");
    repo.git(&["checkout", "-q", "-b", "ana"]);
    repo.attest(&["claim", "edit", &toll, "Ana: six died."]);
    repo.commit("Ana");
    repo.git(&["checkout", "-q", "main"]);
    repo.attest(&["claim", "edit", &toll, "Ben: six died."]);
    repo.commit("Ben");
    // A merge tool that settles a text conflict by keeping both sides'
    // lines, as git's `union` driver does, and commits it.
    std::fs::write(
        repo.top.join(".git/info/attributes"),
        "project.ron merge=union\n",
    )
    .unwrap();
    let (merged, text) = repo.try_git(&["merge", "ana", "-m", "Merge"]);
    assert!(merged, "a union merge never stops: {text}");
    let broken = attest(["check", &arg(&repo.dir())]);
    assert_eq!(
        broken.code, 2,
        "the claim, now twice in the file, is refused: {}",
        broken.stdout
    );
    assert!(broken.stderr.contains("project.ron:"), "{}", broken.stderr);
    assert!(
        broken.stderr.contains("attest git resolve"),
        "{}",
        broken.stderr
    );
    // Redone from the merge commit and its parents.
    let resolve = attest(["git", "resolve", &arg(&repo.dir())]);
    assert_eq!(
        resolve.code, 1,
        "the text conflict is reported: {}",
        resolve.stderr
    );
    let project = repo.project();
    assert_eq!(project.conflicts.len(), 1);
    assert_eq!(project.conflicts[0].record, toll);
    assert_eq!(
        project.conflicts[0].theirs.as_deref(),
        Some("Ana: six died.")
    );
}

#[test]
fn git_setup_is_idempotent_and_says_what_it_did() {
    let repo = Repo::new(true);
    let again = attest(["git", "setup", &arg(&repo.dir())]);
    assert_eq!(again.code, 0);
    assert!(again.stderr.contains("nothing changed"), "{}", again.stderr);
    let attributes = std::fs::read_to_string(repo.dir().join(".gitattributes")).unwrap();
    assert_eq!(
        attributes
            .matches("project.ron merge=attest diff=attest")
            .count(),
        1
    );
    let ignore = std::fs::read_to_string(repo.dir().join(".gitignore")).unwrap();
    assert!(ignore.contains("/project.ron.bak") && ignore.contains("/.attest-journal/"));
    let driver = repo.git(&["config", "--get", "merge.attest.driver"]);
    assert!(
        driver.contains(env!("CARGO_BIN_EXE_attest"))
            && driver.contains("merge-driver %O %A %B %P")
    );
    // The readable diff names claims, not RON.
    let toll = sample_claim("Six people died");
    repo.attest(&["claim", "edit", &toll, "Six died."]);
    let diff = repo.git(&["diff"]);
    assert!(
        diff.contains(&format!("+claim {toll}: Six died.")),
        "{diff}"
    );
    let outside = tempfile::tempdir().unwrap();
    attest(["new", &arg(&outside.path().join("p")), "--title", "T"]).ok();
    let refused = attest(["git", "setup", &arg(&outside.path().join("p"))]).fails();
    assert!(refused.contains("git"), "{refused}");
}

#[test]
fn the_driver_never_leaves_one_side_when_a_version_is_unreadable() {
    let tmp = tempfile::tempdir().unwrap();
    let sample =
        std::fs::read_to_string(repo().join("projects/islamabad-protests/project.ron")).unwrap();
    let write = |name: &str, text: &str| -> PathBuf {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let base = write("base", &sample);
    let ours = write("ours", &sample.replace("Six people died", "Ben: six died"));
    let theirs = write("theirs", "this is not a project\n");
    let run = attest([
        "merge-driver",
        &arg(&base),
        &arg(&ours),
        &arg(&theirs),
        "story/project.ron",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let left = std::fs::read_to_string(&ours).unwrap();
    assert!(
        left.contains("<<<<<<<") && left.contains("this is not a project"),
        "{left}"
    );
    assert!(run.stderr.contains("could not merge"), "{}", run.stderr);
}
