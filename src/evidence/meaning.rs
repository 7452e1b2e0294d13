//! What a text means, as a vector: the static word-embedding model shipped
//! with the app (`assets/model/`, 256 dimensions, made from the sentence
//! model all-MiniLM-L6-v2 by `scripts/make-meaning-model.py`).
//!
//! A text is cut into the model's tokens (BERT's word pieces, lower-cased),
//! and its vector is the mean of its tokens' vectors, normalised to length
//! 1, so the dot product of two vectors is their
//! cosine similarity. Nothing runs but a lookup and a sum: a passage costs
//! a few microseconds.
//!
//! The model is part of the binary when the cargo feature `meaning` is on
//! (the default) and is read the first time it is needed. A build without
//! it, or a model that does not read, leaves [`model`] an error that says
//! why: evidence is then ranked by words alone.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use half::{f16, slice::HalfFloatSliceExt as _};
use sha2::{Digest as _, Sha256};
use tokenizers::models::wordpiece::WordPiece;
use tokenizers::normalizers::bert::BertNormalizer;
use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
use tokenizers::{Model as _, Tokenizer};

/// The dimensions of every vector.
pub const DIMS: usize = 256;

/// Only the first this many bytes of a text are read for its meaning (a
/// passage is at most 1,000; a claim of 5,000 words is cut).
const MAX_TEXT_BYTES: usize = 8_000;

/// A static word-embedding model: a tokenizer and one vector per token.
pub struct Model {
    tokenizer: Tokenizer,
    /// `rows × DIMS` 16-bit floats: the built-in model's are read where
    /// they lie in the binary, not copied.
    vectors: Cow<'static, [f16]>,
    rows: usize,
    /// What tells this model and this way of reading texts from others.
    id: [u8; 32],
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

/// Bytes aligned for reading as 16-bit floats where they lie.
#[cfg(feature = "meaning")]
#[repr(C, align(8))]
struct Aligned<B: ?Sized>(B);

#[cfg(feature = "meaning")]
static ALIGNED_WEIGHTS: &Aligned<[u8]> = &Aligned(*include_bytes!(
    "../../assets/model/minilm-l6-static-256.safetensors"
));
#[cfg(feature = "meaning")]
const WEIGHTS: Option<&[u8]> = Some(&ALIGNED_WEIGHTS.0);
#[cfg(feature = "meaning")]
const TOKENIZER: Option<&[u8]> = Some(include_bytes!(
    "../../assets/model/minilm-l6-tokenizer.json"
));
#[cfg(not(feature = "meaning"))]
const WEIGHTS: Option<&[u8]> = None;
#[cfg(not(feature = "meaning"))]
const TOKENIZER: Option<&[u8]> = None;

/// The SHA-256 of the built-in model's files (`assets/model/README.md`).
const WEIGHTS_SHA256: &str = "26801b2fd686c5ecf4dd728362d0e85f0556597c1eb28cbee44ecc95274ccf66";
const TOKENIZER_SHA256: &str = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037";

/// How much of the passage before and of the passage after a passage's
/// vector takes in ([`Model::read_passages`]). Chosen on the development
/// half of the claims (`tests/suggest_quality.rs`).
pub const NEIGHBOURS_SHARE: f32 = 0.25;
// Below a half, a passage with its neighbours never sums to nothing.
const _: () = assert!(NEIGHBOURS_SHARE < 0.5);

/// How [`Model::read`] and [`Model::read_passages`] read a text: change it
/// when that changes, so that meaning kept from before is not taken for
/// the new.
const HOW_TEXTS_ARE_READ: &str = "mean of the word pieces of the whole text, first 8,000 bytes; \
                                  a passage with 0.25 of each neighbour's mean";

static MODEL: OnceLock<Result<Model, String>> = OnceLock::new();

/// The shipped model, read on first use; an error says why there is none.
pub fn model() -> Result<&'static Model, &'static str> {
    MODEL
        .get_or_init(|| match (WEIGHTS, TOKENIZER) {
            (Some(weights), Some(tokenizer)) => Model::from_static(weights, tokenizer),
            _ => Err("this build of Attest has no meaning model".to_owned()),
        })
        .as_ref()
        .map_err(String::as_str)
}

/// Why there is no model, once it has been looked for (without waiting
/// for it to be read).
pub fn missing() -> Option<&'static str> {
    MODEL.get()?.as_ref().err().map(String::as_str)
}

impl Model {
    /// Reads a model from its safetensors weights (one F16 tensor of
    /// `[tokens, DIMS]`) and its tokenizer's JSON.
    pub fn from_bytes(weights: &[u8], tokenizer: &[u8]) -> Result<Self, String> {
        let (rows, data) = tensor(weights)?;
        let hashes = [weights, tokenizer].map(crate::model::sha256_hex);
        Self::with_vectors(Cow::Owned(to_floats(data)), rows, tokenizer, hashes)
    }

    /// [`Model::from_bytes`] for weights that live as long as the program,
    /// read where they lie when they are aligned for it.
    fn from_static(weights: &'static [u8], tokenizer: &[u8]) -> Result<Self, String> {
        let (rows, data) = tensor(weights)?;
        let vectors = match bytemuck::try_cast_slice::<u8, f16>(data) {
            Ok(floats) if cfg!(target_endian = "little") => Cow::Borrowed(floats),
            _ => Cow::Owned(to_floats(data)),
        };
        let hashes = [WEIGHTS_SHA256, TOKENIZER_SHA256].map(str::to_owned);
        Self::with_vectors(vectors, rows, tokenizer, hashes)
    }

    fn with_vectors(
        vectors: Cow<'static, [f16]>,
        rows: usize,
        tokenizer: &[u8],
        [weights_sha256, tokenizer_sha256]: [String; 2],
    ) -> Result<Self, String> {
        let tokenizer = read_tokenizer(tokenizer)
            .map_err(|e| format!("the meaning model's tokenizer does not read: {e}"))?;
        if rows > 1 << 16 {
            return Err("the meaning model has more tokens than this build reads".to_owned());
        }
        if tokenizer.get_vocab_size(false) > rows {
            return Err("the meaning model has fewer vectors than tokens".to_owned());
        }
        let id = Sha256::new()
            .chain_update(weights_sha256)
            .chain_update(tokenizer_sha256)
            .chain_update(HOW_TEXTS_ARE_READ)
            .finalize()
            .into();
        Ok(Self {
            tokenizer,
            vectors,
            rows,
            id,
        })
    }

    /// What tells this model, and the way it reads texts, from others.
    pub fn id(&self) -> [u8; 32] {
        self.id
    }

    /// Whether token `id` has a vector.
    pub fn has_token(&self, id: u16) -> bool {
        usize::from(id) < self.rows
    }

    /// The model's tokens of a text (lower-cased, split into words and
    /// punctuation, each word into the longest pieces the vocabulary has).
    fn tokens(&self, text: &str) -> Vec<u32> {
        let mut cut = text.len().min(MAX_TEXT_BYTES);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = &text[..cut];
        // The tokenizer reads any text (a word it cannot cut is one
        // unknown token); a panic in it must not take the app down.
        let ids = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if text.is_ascii() {
                Ok(self.ascii_tokens(text))
            } else {
                self.tokenizer
                    .encode_fast(text, false)
                    .map(|encoding| encoding.get_ids().to_vec())
            }
        }));
        match ids {
            Ok(Ok(ids)) => ids,
            _ => Vec::new(),
        }
    }

    /// [`Model::tokens`] of ASCII text, as the tokenizer's normaliser and
    /// word splitter read it, without their Unicode tables (most of the
    /// time a passage takes): control characters are left out, tabs and
    /// line breaks are spaces, letters lower-cased, and each punctuation
    /// mark is a word of its own.
    fn ascii_tokens(&self, text: &str) -> Vec<u32> {
        let model = self.tokenizer.get_model();
        let mut ids = Vec::new();
        let mut word = String::new();
        let mut flush = |word: &mut String| {
            if !word.is_empty() {
                if let Ok(tokens) = model.tokenize(word) {
                    ids.extend(tokens.into_iter().map(|t| t.id));
                }
                word.clear();
            }
        };
        for c in text.chars() {
            match c {
                '\t' | '\n' | '\r' | ' ' => flush(&mut word),
                c if c.is_ascii_control() => {}
                c if c.is_ascii_punctuation() => {
                    flush(&mut word);
                    word.push(c);
                    flush(&mut word);
                }
                c => word.push(c.to_ascii_lowercase()),
            }
        }
        flush(&mut word);
        ids
    }

    /// The text's vector (length 1), or `None` when it has no tokens.
    pub fn embed(&self, text: &str) -> Option<Box<[f32]>> {
        self.read(text).map(|m| m.vector)
    }

    /// What a text means: its vector and its distinct tokens, or `None`
    /// when it has no tokens.
    pub fn read(&self, text: &str) -> Option<Meaning> {
        let mut sum = [0f32; DIMS];
        let mut row = [0f32; DIMS];
        let mut pieces = Vec::new();
        for id in self.tokens(text) {
            if id as usize >= self.rows {
                continue;
            }
            self.row(id, &mut row);
            for (s, v) in sum.iter_mut().zip(&row) {
                *s += v;
            }
            // A model has at most 65,536 tokens (`with_vectors`).
            pieces.push(id as u16);
        }
        let norm = sum.iter().map(|v| v * v).sum::<f32>().sqrt();
        if pieces.is_empty() || norm == 0.0 || !norm.is_finite() {
            return None;
        }
        pieces.sort_unstable();
        pieces.dedup();
        Some(Meaning {
            vector: sum.iter().map(|v| v / norm).collect(),
            pieces: pieces.into_boxed_slice(),
        })
    }

    /// What each of a text's passages means in its place, in order: its
    /// own mean vector with [`NEIGHBOURS_SHARE`] of the passage before it
    /// and of the one after it added, so that a sentence whose subject is
    /// in the sentence before ("It has fallen three years in a row") is
    /// still near a claim that names it. Its tokens are its own. A passage
    /// without tokens means nothing and lends nothing.
    pub fn read_passages<'t>(&self, texts: impl IntoIterator<Item = &'t str>) -> Vec<Option<Kept>> {
        let mut texts = texts.into_iter().map(|t| self.read(t));
        let mut out = Vec::new();
        let mut before: Option<Box<[f32]>> = None;
        let mut here = texts.next();
        while let Some(this) = here {
            let next = texts.next();
            let after = next.as_ref().and_then(Option::as_ref).map(|m| &*m.vector);
            let own = this.as_ref().map(|m| m.vector.clone());
            out.push(this.map(|m| Kept::new(m.among(before.as_deref(), after))));
            before = own;
            here = next;
        }
        out
    }

    /// Token `id`'s vector, as 32-bit floats.
    fn row(&self, id: u32, out: &mut [f32; DIMS]) {
        let id = id as usize;
        self.vectors[id * DIMS..(id + 1) * DIMS].convert_to_f32_slice(out);
    }

    /// Token `id`'s vector scaled to length 1, `None` for a token without one.
    fn unit_row(&self, id: u32) -> Option<[f32; DIMS]> {
        let mut row = [0f32; DIMS];
        if id as usize >= self.rows {
            return None;
        }
        self.row(id, &mut row);
        let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt();
        if norm == 0.0 || !norm.is_finite() {
            return None;
        }
        row.iter_mut().for_each(|v| *v /= norm);
        Some(row)
    }

    /// How close a claim comes to each passage token by token: for each of
    /// the claim's tokens (`claim`, with its `weight`), the cosine of the
    /// passage's closest token, averaged by weight. It finds "reporters"
    /// in a passage that says "journalists" though the rest of the passage
    /// is about something else, which the mean of its vectors drowns.
    pub fn token_by_token(&self, claim: &[(u16, f32)], passages: &[&[u16]]) -> Vec<f32> {
        let claim: Vec<([f32; DIMS], f32)> = claim
            .iter()
            .filter_map(|&(id, w)| Some((self.unit_row(id.into())?, w)))
            .collect();
        let total: f32 = claim.iter().map(|(_, w)| w).sum();
        if claim.is_empty() || total <= 0.0 {
            return vec![0.0; passages.len()];
        }
        // Each distinct passage token is compared with the claim once.
        let mut close: HashMap<u16, Box<[f32]>> = HashMap::new();
        passages
            .iter()
            .map(|pieces| {
                let mut best = vec![f32::MIN; claim.len()];
                for &id in pieces.iter() {
                    let sims = close
                        .entry(id)
                        .or_insert_with(|| match self.unit_row(id.into()) {
                            Some(row) => claim.iter().map(|(c, _)| similarity(c, &row)).collect(),
                            None => vec![f32::MIN; claim.len()].into_boxed_slice(),
                        });
                    for (b, s) in best.iter_mut().zip(sims.iter()) {
                        *b = b.max(*s);
                    }
                }
                let sum: f32 = best
                    .iter()
                    .zip(&claim)
                    .map(|(b, (_, w))| if *b > f32::MIN { b * w } else { 0.0 })
                    .sum();
                sum / total
            })
            .collect()
    }
}

/// The rows and the bytes of the one F16 `[tokens, DIMS]` tensor of a
/// safetensors file.
fn tensor(weights: &[u8]) -> Result<(usize, &[u8]), String> {
    let tensors = safetensors::SafeTensors::deserialize(weights)
        .map_err(|e| format!("the meaning model does not read: {e}"))?;
    let names = tensors.names();
    let [name] = names.as_slice() else {
        return Err("the meaning model should hold one tensor".to_owned());
    };
    let view = tensors
        .tensor(name)
        .map_err(|e| format!("the meaning model does not read: {e}"))?;
    let (safetensors::Dtype::F16, &[rows, DIMS]) = (view.dtype(), view.shape()) else {
        return Err(format!(
            "the meaning model's vectors are {:?} {:?}, not F16 [tokens, {DIMS}]",
            view.dtype(),
            view.shape()
        ));
    };
    Ok((rows, view.data()))
}

/// A tokenizer's JSON (Hugging Face's `tokenizer.json`) read as the
/// built-in model's kind: BERT's normalisation and splitting into words
/// and a word-piece vocabulary. A tokenizer of another kind is refused
/// rather than read differently from how the model was made.
fn read_tokenizer(json: &[u8]) -> Result<Tokenizer, String> {
    #[derive(serde::Deserialize)]
    struct File {
        normalizer: BertNormalizer,
        pre_tokenizer: BertPreTokenizer,
        model: WordPiece,
    }
    let file: File = serde_json::from_slice(json).map_err(|e| e.to_string())?;
    let mut tokenizer = Tokenizer::new(file.model);
    tokenizer
        .with_normalizer(Some(file.normalizer))
        .with_pre_tokenizer(Some(file.pre_tokenizer));
    Ok(tokenizer)
}

/// Little-endian 16-bit floats, copied out of bytes at any alignment.
fn to_floats(data: &[u8]) -> Vec<f16> {
    data.chunks_exact(2)
        .map(|b| f16::from_le_bytes([b[0], b[1]]))
        .collect()
}

/// What a text means ([`Model::read`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Meaning {
    /// The mean of its tokens' vectors, of length 1.
    pub vector: Box<[f32]>,
    /// Its distinct tokens, sorted.
    pub pieces: Box<[u16]>,
}

impl Meaning {
    /// This meaning with [`NEIGHBOURS_SHARE`] of each neighbour's vector
    /// added, of length 1 again.
    fn among(mut self, before: Option<&[f32]>, after: Option<&[f32]>) -> Self {
        if before.is_none() && after.is_none() {
            return self;
        }
        for neighbour in [before, after].into_iter().flatten() {
            for (s, n) in self.vector.iter_mut().zip(neighbour) {
                *s += NEIGHBOURS_SHARE * n;
            }
        }
        // At least 1 − 2 × the share long: all three have length 1.
        let norm = self.vector.iter().map(|v| v * v).sum::<f32>().sqrt();
        self.vector.iter_mut().for_each(|v| *v /= norm);
        self
    }
}

/// A passage's meaning as the index keeps it: its vector in 8-bit steps
/// (a quarter of the memory of 32-bit floats: 260 bytes a passage, where
/// a book of 64 MiB has half a million passages; a cosine moves by less
/// than 0.01), and its distinct tokens.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    /// The size of one step.
    scale: f32,
    /// The vector, as multiples of `scale`.
    steps: Box<[i8]>,
    /// Its distinct tokens, sorted.
    pub pieces: Box<[u16]>,
}

impl Kept {
    /// A meaning, kept.
    pub fn new(meaning: Meaning) -> Self {
        let largest = meaning.vector.iter().fold(0f32, |m, v| m.max(v.abs()));
        let scale = if largest > 0.0 { largest / 127.0 } else { 1.0 };
        Self {
            scale,
            steps: meaning
                .vector
                .iter()
                .map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8)
                .collect(),
            pieces: meaning.pieces,
        }
    }

    /// A kept meaning from its parts (as [`Kept::parts`] gives them), if
    /// they make one: `DIMS` steps and a finite, positive scale.
    pub fn from_parts(scale: f32, steps: Box<[i8]>, pieces: Box<[u16]>) -> Option<Self> {
        (scale.is_finite() && scale > 0.0 && steps.len() == DIMS).then_some(Self {
            scale,
            steps,
            pieces,
        })
    }

    /// Its scale and steps.
    pub fn parts(&self) -> (f32, &[i8]) {
        (self.scale, &self.steps)
    }

    /// The cosine similarity of a vector of length 1 with this one.
    pub fn similarity(&self, other: &[f32]) -> f32 {
        let sum: f32 = self
            .steps
            .iter()
            .zip(other)
            .map(|(s, o)| f32::from(*s) * o)
            .sum();
        sum * self.scale
    }
}

/// The cosine similarity of two vectors of length 1.
pub fn similarity(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(all(test, feature = "meaning"))]
mod tests {
    use super::*;

    fn close(a: &str, b: &str) -> f32 {
        let m = model().unwrap();
        similarity(&m.embed(a).unwrap(), &m.embed(b).unwrap())
    }

    #[test]
    fn a_paraphrase_is_closer_than_an_unrelated_text() {
        let claim = "Reporters were among the dozens hurt.";
        let source =
            "Dozens were injured, including journalists, and police arrested several people.";
        let other = "The budget deficit will be about thirty billion dollars.";
        let (near, far) = (close(claim, source), close(claim, other));
        println!("{near} {far}");
        assert!(near > far + 0.2, "{near} against {far}");
    }

    #[test]
    fn a_passage_is_read_with_its_neighbours() {
        let m = model().unwrap();
        let texts = [
            "Violent crime in our cities has come down.",
            "It has fallen three years in a row.",
            "🙂",
            "The budget will be balanced next year.",
        ];
        let read = m.read_passages(texts);
        assert_eq!(read.len(), 4);
        let claim = m
            .embed("Lawbreaking dropped for three straight years.")
            .unwrap();
        let alone = Kept::new(m.read(texts[1]).unwrap());
        let placed = read[1].clone().unwrap();
        assert!(
            placed.similarity(&claim) > alone.similarity(&claim) + 0.02,
            "{} in place against {} alone",
            placed.similarity(&claim),
            alone.similarity(&claim)
        );
        // Its tokens are its own; a passage without tokens means nothing
        // and lends nothing to its neighbours.
        assert_eq!(placed.pieces, alone.pieces);
        assert_eq!(read[2], None);
        assert_eq!(read[3], Some(Kept::new(m.read(texts[3]).unwrap())));
        assert_eq!(
            m.read_passages([texts[0]]),
            vec![Some(Kept::new(m.read(texts[0]).unwrap()))]
        );
        assert_eq!(m.read_passages([]), vec![]);
    }

    #[test]
    fn words_are_cut_into_the_tokens_the_tokenizer_gives_the_whole_text() {
        let m = model().unwrap();
        // The `tokenizers` crate's own reading of the whole tokenizer
        // (its generic reader), against the tokenizer put together here
        // from its parts: every passage of the evidence test's sixty
        // sources and of the sample's reports, and odd text.
        let mut whole = tokenizers::Tokenizer::from_bytes(TOKENIZER.unwrap()).unwrap();
        // The file pads and cuts texts to 128 tokens for the sentence
        // model; a static model reads them whole.
        whole.with_padding(None).with_truncation(None).unwrap();
        let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/evidence");
        let mut texts: Vec<String> = vec![
            "Dozens were injured, including journalists; Lukashenko's two-day visit (2024) went on."
                .into(),
            "Москва подписала соглашение 東京 🙂🙂 naïve café ﬁnance \u{202e}x\u{1}y".into(),
            "x".repeat(3_000),
            // ASCII, which is read without the tokenizer's Unicode tables.
            "x\u{1}y a\tb\u{b}c\u{c}d\r\ne \u{7f}f\0g".into(),
            "C++ e-mail (a)[b]{c} $5.00 50% #tag @user ~x^y`z|w\\v \"q\" it's;:<=>?!".into(),
            format!("{} unbelievably", "word".repeat(30)),
            "  ...leading and trailing...  ".into(),
        ];
        for dir in ["sources", "distractors"] {
            for file in std::fs::read_dir(format!("{data}/{dir}")).unwrap() {
                let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
                let passages = crate::evidence::passages(&text);
                texts.extend(passages.into_iter().map(|p| text[p].to_owned()));
            }
        }
        texts.extend(
            include_str!("../../assets/seeds/000_2ad3952750dd1f93.txt")
                .lines()
                .map(str::to_owned),
        );
        let mut compared = 0;
        for text in texts {
            // Only the first 8,000 bytes are read.
            if text.is_empty() || text.len() > MAX_TEXT_BYTES {
                continue;
            }
            let expected = whole.encode(text.as_str(), false).unwrap();
            assert_eq!(m.tokens(&text), expected.get_ids(), "{text}");
            compared += 1;
        }
        assert!(compared > 5_000, "{compared} texts");
    }

    #[test]
    fn any_text_gives_a_unit_vector_or_none() {
        let m = model().unwrap();
        let long = "word ".repeat(5_000);
        for text in [
            "",
            "   ",
            "🙂🙂🙂",
            "Россия и Беларусь",
            "東京",
            &long,
            "\u{202e}x\0y",
        ] {
            if let Some(v) = m.embed(text) {
                let norm: f32 = v.iter().map(|x| x * x).sum();
                assert!((norm - 1.0).abs() < 1e-3, "{text:?}: {norm}");
                assert_eq!(v.len(), DIMS);
            } else {
                // Blank text has no tokens; emoji are one unknown token
                // each, which has no vector.
                assert!(
                    text.trim().is_empty() || text.starts_with('🙂'),
                    "{text:?} has tokens"
                );
            }
        }
    }

    #[test]
    fn a_kept_meaning_is_a_quarter_of_the_size_and_as_close() {
        let m = model().unwrap();
        let texts = [
            "Dozens were injured, including journalists.",
            "Reporters were among those hurt.",
            "The budget deficit will be about thirty billion dollars.",
            "東京 🙂",
        ];
        for a in texts {
            let exact = m.read(a).unwrap();
            let kept = Kept::new(exact.clone());
            assert_eq!(kept.pieces, exact.pieces);
            for b in texts {
                let other = m.embed(b).unwrap();
                let (close, near) = (similarity(&exact.vector, &other), kept.similarity(&other));
                assert!(
                    (close - near).abs() < 0.01,
                    "{a} / {b}: {close} against {near}"
                );
            }
        }
        let kept = Kept::new(m.read(texts[0]).unwrap());
        let (scale, steps) = kept.parts();
        assert!(Kept::from_parts(scale, steps.into(), Box::new([])).is_some());
        assert!(Kept::from_parts(f32::NAN, steps.into(), Box::new([])).is_none());
        assert!(Kept::from_parts(0.0, steps.into(), Box::new([])).is_none());
        assert!(Kept::from_parts(scale, steps[1..].into(), Box::new([])).is_none());
    }

    #[test]
    fn token_by_token_finds_the_one_word_the_mean_drowns() {
        let m = model().unwrap();
        let pieces = |text: &str| m.read(text).map_or_else(Vec::new, |r| r.pieces.into());
        let claim: Vec<(u16, f32)> = pieces("reporters hurt")
            .into_iter()
            .map(|p| (p, 1.0))
            .collect();
        let near = pieces(
            "The march went on through the night; several journalists were injured near the square.",
        );
        let far = pieces("The budget deficit will be about thirty billion dollars next year.");
        let close = m.token_by_token(&claim, &[&near, &far, &[]]);
        assert!(close[0] > close[1] + 0.1, "{close:?}");
        assert_eq!(
            close[2], 0.0,
            "a passage without tokens is close to nothing"
        );
        // A claim without tokens, or whose weights are all zero, is close to nothing.
        assert_eq!(m.token_by_token(&[], &[&near]), [0.0]);
        let weightless: Vec<(u16, f32)> = claim.iter().map(|(p, _)| (*p, 0.0)).collect();
        assert_eq!(m.token_by_token(&weightless, &[&near]), [0.0]);
        // Token numbers the model has no vector for are passed over.
        assert_eq!(m.token_by_token(&[(u16::MAX, 1.0)], &[&near]), [0.0]);
        assert!(m.token_by_token(&claim, &[&[u16::MAX]])[0] == 0.0);
    }

    #[test]
    fn the_built_in_vectors_are_read_where_they_lie() {
        let m = model().unwrap();
        assert!(matches!(m.vectors, Cow::Borrowed(_)), "copied");
        let copy = Model::from_bytes(WEIGHTS.unwrap(), TOKENIZER.unwrap()).unwrap();
        assert!(matches!(copy.vectors, Cow::Owned(_)));
        assert_eq!(m.vectors, copy.vectors);
        // The built-in model's recorded hashes are those of its files.
        assert_eq!(m.id(), copy.id());
    }

    #[test]
    fn a_model_that_does_not_read_is_an_error_that_says_so() {
        let tokenizer = include_bytes!("../../assets/model/minilm-l6-tokenizer.json");
        let weights = WEIGHTS.unwrap();
        for (bytes, tokens, says) in [
            (&b"not a model"[..], &tokenizer[..], "does not read"),
            (
                &weights[..weights.len() / 2],
                &tokenizer[..],
                "does not read",
            ),
            (weights, &b"{\"model\": 3}"[..], "tokenizer does not read"),
        ] {
            let err = Model::from_bytes(bytes, tokens).unwrap_err();
            assert!(err.contains(says), "{err}");
        }
    }
}
