//! The meaning of each source's passages, kept beside the project between
//! runs (`.attest-cache/`, which git ignores), so that a command does not
//! read every passage with the model again.
//!
//! One file per source text, named by the SHA-256 of the text: a text
//! that changes gets a new file, and files of texts no longer in the
//! project are removed when the index is next brought in step. A file
//! records the model and the way it was read; one made by another model,
//! another version of this code, or a hand, or one that does not read to
//! the last byte, is passed over and made again. Nothing here is ever an
//! error: without the cache the meaning is read as before.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::meaning::{self, DIMS, Kept};
use super::passages::Cut;
use crate::text::anchor::SourceText;

/// The cache's folder in a project folder.
pub const CACHE_DIR: &str = ".attest-cache";

/// What every file starts with: its kind and layout.
const MAGIC: &[u8; 16] = b"attest-meaning-2";

/// A cache file larger than this is not read or written (about 350 bytes
/// per passage: a source of 64 MiB has about half a million).
const MAX_FILE_BYTES: u64 = 256 << 20;

/// Where the meaning of passages is kept.
#[derive(Clone, Debug)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache of the project in `project_dir`.
    pub fn of_project(project_dir: &Path) -> Self {
        Self {
            dir: project_dir.join(CACHE_DIR),
        }
    }

    /// Whether the cache's folder may be used: it is not there yet, or it
    /// is a folder of its own, not a link to one elsewhere (a project from
    /// outside must not make Attest write or remove files there).
    fn usable(&self) -> bool {
        match std::fs::symlink_metadata(&self.dir) {
            Ok(meta) => meta.is_dir(),
            Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        }
    }

    /// The key of a text: the hex SHA-256 of its bytes.
    pub fn key(text: &SourceText) -> String {
        crate::model::sha256_hex(text.as_str().as_bytes())
    }

    fn file(&self, key: &str) -> PathBuf {
        self.dir.join(format!("meaning-{key}.bin"))
    }

    /// The stored meaning of each of `cuts`, in order, when there is a file
    /// for `key` made by this model for exactly these passages.
    pub(super) fn load(
        &self,
        key: &str,
        model: &meaning::Model,
        cuts: &[Cut],
    ) -> Option<Vec<Option<Kept>>> {
        if !self.usable() {
            return None;
        }
        let file = std::fs::File::open(self.file(key)).ok()?;
        let size = file.metadata().ok()?.len();
        if size > MAX_FILE_BYTES {
            return None;
        }
        // Read as it goes: the file of a book is a hundred megabytes.
        let mut r = Reader {
            from: std::io::BufReader::new(file),
            left: size,
            buf: Vec::new(),
        };
        if r.take(MAGIC.len())? != MAGIC || r.take(32)? != model.id() {
            return None;
        }
        let count = r.u32()? as usize;
        if count != cuts.len() {
            return None;
        }
        let mut meanings = Vec::with_capacity(count);
        for cut in cuts {
            let (start, end) = (r.u32()? as usize, r.u32()? as usize);
            if start != cut.chars.start || end != cut.chars.end {
                return None;
            }
            let pieces = r.u32()? as usize;
            if pieces == 0 {
                meanings.push(None);
                continue;
            }
            let pieces: Box<[u16]> = r
                .take(pieces.checked_mul(2)?)?
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect();
            if !pieces.windows(2).all(|w| w[0] < w[1]) || !model.has_token(*pieces.last()?) {
                return None;
            }
            let scale = r.f32()?;
            let steps: Box<[i8]> = r.take(DIMS)?.iter().map(|b| *b as i8).collect();
            meanings.push(Some(Kept::from_parts(scale, steps, pieces)?));
        }
        (r.left == 0).then_some(meanings)
    }

    /// Keeps the meaning of `cuts` for `key`; a failure to write is no
    /// concern of the caller's (the meaning is read again next time).
    pub(super) fn store(&self, key: &str, model: &meaning::Model, cuts: &[Cut]) {
        let _ = self.write(key, model, cuts);
    }

    /// Writes the file of `key` whole or not at all, in a folder that git
    /// ignores, as it goes (the file of a book is a hundred megabytes).
    fn write(&self, key: &str, model: &meaning::Model, cuts: &[Cut]) -> std::io::Result<()> {
        let too_large = || std::io::Error::other("too large to be read back");
        let size: usize = MAGIC.len()
            + 36
            + cuts
                .iter()
                .map(|c| {
                    12 + c
                        .meaning
                        .as_ref()
                        .map_or(0, |m| 2 * m.pieces.len() + 4 + DIMS)
                })
                .sum::<usize>();
        if size as u64 > MAX_FILE_BYTES {
            return Err(too_large());
        }
        if !self.usable() {
            return Err(std::io::Error::other("the cache's folder is a link"));
        }
        if !self.dir.is_dir() {
            std::fs::create_dir_all(&self.dir)?;
            std::fs::write(
                self.dir.join(".gitignore"),
                "# Attest's cache of what sources mean, made again when missing.\n*\n",
            )?;
        }
        let tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
        let mut out = std::io::BufWriter::new(tmp);
        out.write_all(MAGIC)?;
        out.write_all(&model.id())?;
        let number = |n: usize| u32::try_from(n).map_err(|_| too_large());
        out.write_all(&number(cuts.len())?.to_le_bytes())?;
        for cut in cuts {
            out.write_all(&number(cut.chars.start)?.to_le_bytes())?;
            out.write_all(&number(cut.chars.end)?.to_le_bytes())?;
            let Some(m) = &cut.meaning else {
                out.write_all(&0u32.to_le_bytes())?;
                continue;
            };
            out.write_all(&number(m.pieces.len())?.to_le_bytes())?;
            for p in &m.pieces {
                out.write_all(&p.to_le_bytes())?;
            }
            let (scale, steps) = m.parts();
            out.write_all(&scale.to_le_bytes())?;
            let steps: Vec<u8> = steps.iter().map(|s| *s as u8).collect();
            out.write_all(&steps)?;
        }
        let tmp = out.into_inner().map_err(|e| e.into_error())?;
        tmp.persist(self.file(key)).map_err(|e| e.error)?;
        Ok(())
    }

    /// Removes the files of texts whose keys are not in `keep`.
    pub(super) fn prune(&self, keep: &[String]) {
        if !self.usable() {
            return;
        }
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(key) = name
                .to_str()
                .and_then(|n| n.strip_prefix("meaning-"))
                .and_then(|n| n.strip_suffix(".bin"))
            else {
                continue;
            };
            if !keep.iter().any(|k| k == key) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Reads little-endian numbers off the front of a file of `left` bytes.
struct Reader<R> {
    from: R,
    left: u64,
    buf: Vec<u8>,
}

impl<R: std::io::Read> Reader<R> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        self.left = self.left.checked_sub(n as u64)?;
        self.buf.resize(n, 0);
        self.from.read_exact(&mut self.buf).ok()?;
        Some(&self.buf)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

/// The passages of a text with their tokens and meaning, the meaning taken
/// from `cache` when it holds it and kept there when it did not; with the
/// text's key when there is a cache.
pub(super) fn cut_source(
    tokenizer: &bm25::DefaultTokenizer,
    model: Option<&meaning::Model>,
    cache: Option<&Cache>,
    text: &SourceText,
) -> (Vec<Cut>, Option<String>) {
    let (Some(model), Some(cache)) = (model, cache) else {
        return (
            super::passages::tokenized_passages(tokenizer, model, text),
            None,
        );
    };
    let key = Cache::key(text);
    let mut cuts = super::passages::tokenized_passages(tokenizer, None, text);
    match cache.load(&key, model, &cuts) {
        Some(stored) => {
            for (cut, meaning) in cuts.iter_mut().zip(stored) {
                cut.meaning = meaning;
            }
        }
        None => {
            let read = model.read_passages(
                cuts.iter()
                    .map(|cut| text.slice(cut.chars.clone()).unwrap_or_default()),
            );
            for (cut, meaning) in cuts.iter_mut().zip(read) {
                cut.meaning = meaning;
            }
            cache.store(&key, model, &cuts);
        }
    }
    (cuts, Some(key))
}

#[cfg(all(test, feature = "meaning"))]
mod tests {
    use super::*;
    use crate::evidence::{Index, Ranking};
    use crate::model::SourceId;

    const TEXT: &str = "Dozens were injured, including journalists. The budget will be balanced \
                        next year.\nFarm prices rose. 🙂 Москва подписала соглашение.";

    fn cuts(cache: Option<&Cache>, text: &SourceText) -> (Vec<Cut>, Option<String>) {
        let tokenizer = bm25::DefaultTokenizer::new(bm25::Language::English);
        cut_source(&tokenizer, meaning::model().ok(), cache, text)
    }

    fn meanings(cuts: &[Cut]) -> Vec<Option<Kept>> {
        cuts.iter().map(|c| c.meaning.clone()).collect()
    }

    #[test]
    fn meaning_kept_reads_back_the_same_and_is_used() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::of_project(tmp.path());
        let text = SourceText::new(TEXT);
        let (read, key) = cuts(None, &text);
        assert_eq!(key, None);
        let (first, key) = cuts(Some(&cache), &text);
        let key = key.unwrap();
        assert_eq!(meanings(&first), meanings(&read));
        let file = cache.file(&key);
        assert!(file.is_file());
        assert_eq!(
            std::fs::read_to_string(tmp.path().join(CACHE_DIR).join(".gitignore")).unwrap(),
            "# Attest's cache of what sources mean, made again when missing.\n*\n"
        );
        // What is kept is what is read next time (a step changed in the
        // file shows up), and nothing else is written.
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] = 100;
        std::fs::write(&file, &bytes).unwrap();
        let (second, _) = cuts(Some(&cache), &text);
        let kept = second
            .iter()
            .rev()
            .find_map(|c| c.meaning.as_ref())
            .unwrap();
        assert_eq!(kept.parts().1[DIMS - 1], 100);
        assert_eq!(std::fs::read(&file).unwrap(), bytes);
    }

    #[test]
    fn a_file_that_does_not_fit_is_passed_over_and_made_again() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::of_project(tmp.path());
        let text = SourceText::new(TEXT);
        let (read, key) = cuts(Some(&cache), &text);
        let key = key.unwrap();
        let file = cache.file(&key);
        let good = std::fs::read(&file).unwrap();
        let model = meaning::model().unwrap();
        let mut broken: Vec<(&str, Vec<u8>)> = vec![
            ("empty", Vec::new()),
            ("cut short", good[..good.len() - 3].to_vec()),
            ("a byte too many", [&good[..], &[0]].concat()),
            ("garbage", vec![0xff; good.len()]),
        ];
        let mut other_model = good.clone();
        other_model[MAGIC.len()] ^= 1;
        broken.push(("another model", other_model));
        let mut huge_count = good.clone();
        huge_count[MAGIC.len() + 32..MAGIC.len() + 36].copy_from_slice(&u32::MAX.to_le_bytes());
        broken.push(("a count past the end", huge_count));
        let mut moved = good.clone();
        moved[MAGIC.len() + 36] ^= 1;
        broken.push(("a passage elsewhere", moved));
        let mut pieces = good.clone();
        pieces[MAGIC.len() + 44..MAGIC.len() + 48].copy_from_slice(&u32::MAX.to_le_bytes());
        broken.push(("a piece count past the end", pieces));
        // The first passage's scale, after its pieces.
        let first_pieces = u32::from_le_bytes(good[60..64].try_into().unwrap()) as usize;
        let scale_at = 64 + 2 * first_pieces;
        for (what, scale) in [("a scale not a number", f32::NAN), ("a scale of 0", 0.0)] {
            let mut bad = good.clone();
            bad[scale_at..scale_at + 4].copy_from_slice(&scale.to_le_bytes());
            broken.push((what, bad));
        }
        let mut unsorted = good.clone();
        if first_pieces > 1 {
            let (a, b) = (unsorted[64], unsorted[65]);
            unsorted[64] = unsorted[66];
            unsorted[65] = unsorted[67];
            unsorted[66] = a;
            unsorted[67] = b;
            broken.push(("pieces out of order", unsorted));
        }
        for (what, bytes) in broken {
            std::fs::write(&file, &bytes).unwrap();
            let (plain, _) = cuts(None, &text);
            assert!(cache.load(&key, model, &plain).is_none(), "{what} was read");
            let (again, _) = cuts(Some(&cache), &text);
            assert_eq!(meanings(&again), meanings(&read), "{what}");
            assert_eq!(std::fs::read(&file).unwrap(), good, "{what}: made again");
        }
        // A file too large to be one is not read at all.
        std::fs::File::create(&file)
            .unwrap()
            .set_len(MAX_FILE_BYTES + 1)
            .unwrap();
        let (again, _) = cuts(Some(&cache), &text);
        assert_eq!(meanings(&again), meanings(&read));
        assert_eq!(std::fs::read(&file).unwrap(), good);
    }

    #[test]
    fn an_index_with_a_cache_ranks_as_one_without_and_forgets_gone_texts() {
        let tmp = tempfile::tempdir().unwrap();
        let sources = vec![
            (SourceId::from("a"), SourceText::new(TEXT)),
            (
                SourceId::from("b"),
                SourceText::new("The army was called in. Internet services were suspended."),
            ),
        ];
        let plain = Index::build(&sources);
        let ranked = |index: &Index| {
            index
                .suggest_ranked(
                    "Reporters were hurt and the web was cut off.",
                    10,
                    Ranking::Both,
                )
                .unwrap()
                .into_iter()
                .map(|s| (s.source, s.start, s.score))
                .collect::<Vec<_>>()
        };
        for round in ["made", "read"] {
            let mut cached = Index::default();
            cached.keep_meaning_in(Cache::of_project(tmp.path()));
            cached.sync(&sources);
            assert_eq!(ranked(&cached), ranked(&plain), "{round}");
        }
        let files = |dir: &Path| {
            let mut names: Vec<String> = std::fs::read_dir(dir.join(CACHE_DIR))
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .filter(|n| n.ends_with(".bin"))
                .collect();
            names.sort();
            names
        };
        assert_eq!(files(tmp.path()).len(), 2);
        // Source b's text changes: its old file goes, its new one comes.
        let mut cached = Index::default();
        cached.keep_meaning_in(Cache::of_project(tmp.path()));
        cached.sync(&sources);
        let changed = vec![
            sources[0].clone(),
            (SourceId::from("b"), SourceText::new("Troops were sent in.")),
        ];
        cached.sync(&changed);
        let expected: Vec<String> = changed
            .iter()
            .map(|(_, t)| format!("meaning-{}.bin", Cache::key(t)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(files(tmp.path()), expected);
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_folder_that_links_elsewhere_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("meaning-0.bin"), "someone's file").unwrap();
        let project = tmp.path().join("project");
        std::fs::create_dir(&project).unwrap();
        std::os::unix::fs::symlink(&elsewhere, project.join(CACHE_DIR)).unwrap();
        let sources = vec![(SourceId::from("a"), SourceText::new(TEXT))];
        let mut index = Index::default();
        index.keep_meaning_in(Cache::of_project(&project));
        index.sync(&sources);
        assert!(index.has_meaning());
        let mut left: Vec<_> = std::fs::read_dir(&elsewhere)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        left.sort();
        assert_eq!(left, ["meaning-0.bin"], "nothing written, nothing removed");
    }

    #[test]
    fn a_folder_that_cannot_be_written_leaves_the_meaning_read() {
        let tmp = tempfile::tempdir().unwrap();
        // The cache's folder is a file: nothing can be kept in it.
        std::fs::write(tmp.path().join(CACHE_DIR), "not a folder").unwrap();
        let text = SourceText::new(TEXT);
        let (read, _) = cuts(None, &text);
        let (cached, key) = cuts(Some(&Cache::of_project(tmp.path())), &text);
        assert!(key.is_some());
        assert_eq!(meanings(&cached), meanings(&read));
    }
}
