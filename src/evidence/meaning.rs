//! What a text means, as a vector: the static word-embedding model shipped
//! with the app (`assets/model/`, WordLlama's `l2_supercat`, 256
//! dimensions).
//!
//! A text is cut into the model's tokens (Llama 2's byte-pair encoding,
//! word by word), and its vector is the mean of its tokens' vectors,
//! normalised to length 1, so the dot product of two vectors is their
//! cosine similarity. Nothing runs but a lookup and a sum: a passage costs
//! a few microseconds.
//!
//! The model is part of the binary when the cargo feature `meaning` is on
//! (the default) and is read the first time it is needed. A build without
//! it, or a model that does not read, leaves [`model`] an error that says
//! why: evidence is then ranked by words alone.

use std::sync::OnceLock;

use half::{f16, slice::HalfFloatSliceExt as _};
use tokenizers::{Model as _, Tokenizer};

/// The dimensions of every vector.
pub const DIMS: usize = 256;

/// Only the first this many bytes of a text are read for its meaning (a
/// passage is at most 1,000; a claim of 5,000 words is cut).
const MAX_TEXT_BYTES: usize = 8_000;

/// A static word-embedding model: a tokenizer and one vector per token.
pub struct Model {
    tokenizer: Tokenizer,
    /// `rows × DIMS` 16-bit floats (half the memory of 32-bit ones).
    vectors: Vec<f16>,
    rows: usize,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "meaning")]
const WEIGHTS: Option<&[u8]> = Some(include_bytes!(
    "../../assets/model/wordllama-l2-supercat-256.safetensors"
));
#[cfg(feature = "meaning")]
const TOKENIZER: Option<&[u8]> = Some(include_bytes!(
    "../../assets/model/wordllama-l2-supercat-tokenizer.json"
));
#[cfg(not(feature = "meaning"))]
const WEIGHTS: Option<&[u8]> = None;
#[cfg(not(feature = "meaning"))]
const TOKENIZER: Option<&[u8]> = None;

static MODEL: OnceLock<Result<Model, String>> = OnceLock::new();

/// The shipped model, read on first use; an error says why there is none.
pub fn model() -> Result<&'static Model, &'static str> {
    MODEL
        .get_or_init(|| match (WEIGHTS, TOKENIZER) {
            (Some(weights), Some(tokenizer)) => Model::from_bytes(weights, tokenizer),
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
        let vectors = view
            .data()
            .chunks_exact(2)
            .map(|b| f16::from_le_bytes([b[0], b[1]]))
            .collect();
        let tokenizer = Tokenizer::from_bytes(tokenizer)
            .map_err(|e| format!("the meaning model's tokenizer does not read: {e}"))?;
        if tokenizer.get_vocab_size(true) > rows {
            return Err("the meaning model has fewer vectors than tokens".to_owned());
        }
        Ok(Self {
            tokenizer,
            vectors,
            rows,
        })
    }

    /// The model's tokens of a text, word by word (as the tokenizer reads
    /// a text: each word after a `▁`).
    fn tokens(&self, text: &str) -> Vec<u32> {
        let mut cut = text.len().min(MAX_TEXT_BYTES);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = &text[..cut];
        let mut ids = Vec::new();
        let mut word = String::new();
        for piece in text.split_whitespace() {
            word.clear();
            word.push('▁');
            word.push_str(piece);
            // The byte-pair model reads any text (unknown characters fall
            // back to bytes); a panic in it must not take the app down.
            let tokens = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.tokenizer.get_model().tokenize(&word)
            }));
            if let Ok(Ok(tokens)) = tokens {
                ids.extend(tokens.into_iter().map(|t| t.id));
            }
        }
        ids
    }

    /// The text's vector (length 1), or `None` when it has no tokens.
    pub fn embed(&self, text: &str) -> Option<Box<[f32]>> {
        let mut sum = [0f32; DIMS];
        let mut row = [0f32; DIMS];
        let mut count = 0;
        for id in self.tokens(text) {
            let id = id as usize;
            if id >= self.rows {
                continue;
            }
            self.vectors[id * DIMS..(id + 1) * DIMS].convert_to_f32_slice(&mut row);
            for (s, v) in sum.iter_mut().zip(&row) {
                *s += v;
            }
            count += 1;
        }
        let norm = sum.iter().map(|v| v * v).sum::<f32>().sqrt();
        (count > 0 && norm > 0.0 && norm.is_finite())
            .then(|| sum.iter().map(|v| v / norm).collect())
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
    fn words_are_cut_into_the_tokens_the_tokenizer_gives_the_whole_text() {
        let m = model().unwrap();
        let text = "Dozens were injured, including journalists; Lukashenko's two-day visit (2024) went on.";
        let whole = m.tokenizer.encode(text, false).unwrap();
        assert_eq!(m.tokens(text), whole.get_ids());
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
                assert!(text.trim().is_empty(), "{text:?} has tokens");
            }
        }
    }

    #[test]
    fn a_model_that_does_not_read_is_an_error_that_says_so() {
        let tokenizer = include_bytes!("../../assets/model/wordllama-l2-supercat-tokenizer.json");
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
