//! Mixing words and meaning: the passages a claim's words (BM25) and its
//! meaning (the model's vectors) rank highest, in one order.

use super::*;

/// Within meaning's part of a mixed score, the share of the claim's
/// closeness token by token ([`meaning::Model::token_by_token`]), the rest
/// being the cosine of the mean vectors. Chosen with [`WORDS_WEIGHT`] on
/// the development half of the claims (`tests/suggest_quality.rs`).
pub const TOKEN_BY_TOKEN_WEIGHT: f32 = 0.7;

/// How far above the rest, in standard deviations of all passages'
/// closeness to a claim (the cosine of the mean vectors), a passage must
/// stand to be called close in meaning: "similar meaning" where it shares
/// at most one word with the claim. Below it a passage is only the best of
/// a poor lot ("Police used tear gas" is not another way of saying "six
/// people died"). A round value under the lowest of the development half's
/// gold passages so labelled (2.3; `tests/suggest_quality.rs`).
pub const SIMILAR_MEANING: f32 = 2.0;

/// Among fewer passages than this, no spread singles one out (of n
/// passages none can stand more than √(n − 1) deviations above the mean),
/// and every passage counts as close in meaning.
const FEW_PASSAGES: usize = 20;

impl Index {
    /// The `pool` best passages for a claim's `meaning` mixed with its
    /// words' BM25 `matches`: `weight` × BM25 + (1 − `weight`) × meaning,
    /// each scaled to 0..1. All passages are ranked by the cosine of their
    /// mean vectors first; the best `pool` are then ranked again with
    /// [`TOKEN_BY_TOKEN_WEIGHT`] of meaning given to how close the claim
    /// comes to them token by token. Each comes with its score and whether
    /// it stands out from the rest in meaning (see [`SIMILAR_MEANING`]).
    pub(super) fn mixed(
        &self,
        meaning: &meaning::Meaning,
        matches: &[bm25::ScoredDocument<u32>],
        (weight, by_token): (f32, f32),
        pool: usize,
    ) -> Vec<(u32, f32, bool)> {
        let words: HashMap<u32, f32> = matches.iter().map(|m| (m.id, m.score)).collect();
        let top = matches.iter().map(|m| m.score).fold(0.0, f32::max);
        let by_words = |k: u32| {
            if top > 0.0 {
                words.get(&k).copied().unwrap_or(0.0) / top
            } else {
                0.0
            }
        };
        let close: Vec<(u32, f32)> = self
            .passages
            .iter()
            .filter_map(|(&k, p)| Some((k, p.meaning.as_ref()?.similarity(&meaning.vector))))
            .collect();
        let scale = min_max(close.iter().map(|c| c.1));
        let stands_out = stands_out(close.iter().map(|c| c.1));
        let mut first: Vec<(u32, f32, f32)> = close
            .into_iter()
            .map(|(k, c)| (k, weight * by_words(k) + (1.0 - weight) * scale(c), c))
            .collect();
        first.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        first.truncate(pool);
        let Some(model) = meaning::model().ok().filter(|_| by_token > 0.0) else {
            return first
                .into_iter()
                .map(|(k, s, c)| (k, s, stands_out(c)))
                .collect();
        };
        let pieces: Vec<&[u16]> = first
            .iter()
            .map(|(k, _, _)| {
                self.passages
                    .get(k)
                    .and_then(|p| p.meaning.as_ref())
                    .map_or(&[][..], |m| &m.pieces)
            })
            .collect();
        let token_close = model.token_by_token(&self.piece_weights(&meaning.pieces), &pieces);
        let by_mean = min_max(first.iter().map(|f| f.2));
        let by_tokens = min_max(token_close.iter().copied());
        let mut mixed: Vec<(u32, f32, bool)> = first
            .iter()
            .zip(&token_close)
            .map(|(&(k, _, c), &t)| {
                let meant = (1.0 - by_token) * by_mean(c) + by_token * by_tokens(t);
                (
                    k,
                    weight * by_words(k) + (1.0 - weight) * meant,
                    stands_out(c),
                )
            })
            .collect();
        mixed.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        mixed
    }

    /// Each of a claim's tokens with its weight: rarer in the indexed
    /// passages weighs more (inverse document frequency), so "the" counts
    /// for little and "journalists" for much.
    fn piece_weights(&self, pieces: &[u16]) -> Vec<(u16, f32)> {
        let passages = self.passages.len() as f32;
        pieces
            .iter()
            .map(|p| {
                let holding = self.pieces.get(p).copied().unwrap_or(0) as f32;
                (*p, ((passages + 1.0) / (holding + 0.5)).ln().max(0.0))
            })
            .collect()
    }
}

/// Whether a closeness stands [`SIMILAR_MEANING`] standard deviations or
/// more above the mean of `values`: a long claim is close to everything and
/// a short one to little, so a cosine alone says little.
fn stands_out(values: impl Iterator<Item = f32> + Clone) -> Box<dyn Fn(f32) -> bool> {
    let (n, sum) = values
        .clone()
        .fold((0usize, 0.0f32), |(n, s), v| (n + 1, s + v));
    if n < FEW_PASSAGES {
        return Box::new(|_| true);
    }
    let mean = sum / n as f32;
    let spread = (values.map(|v| (v - mean).powi(2)).sum::<f32>() / n as f32).sqrt();
    Box::new(move |v| spread > 0.0 && v >= mean + SIMILAR_MEANING * spread)
}

/// Scales values to 0..1 by the lowest and highest of `values`.
fn min_max(values: impl Iterator<Item = f32>) -> Box<dyn Fn(f32) -> f32> {
    let (lo, hi) = values.fold((f32::MAX, f32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    Box::new(move |v| if hi > lo { (v - lo) / (hi - lo) } else { 0.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_passage_far_above_the_rest_stands_out() {
        // Forty passages near 0.5 and one at 0.8: only the one stands out,
        // whether the claim is close to all (long) or to little (short).
        for base in [0.2, 0.5] {
            let values: Vec<f32> = (0..40)
                .map(|i| base + 0.01 * (i % 5) as f32)
                .chain([base + 0.3])
                .collect();
            let stands = stands_out(values.iter().copied());
            assert!(stands(base + 0.3));
            assert!(!stands(base + 0.04));
        }
    }

    #[test]
    fn among_few_passages_every_one_stands_out() {
        let stands = stands_out([0.1, 0.2, 0.9].into_iter());
        assert!(stands(0.1) && stands(0.9));
        let stands = stands_out(std::iter::empty());
        assert!(stands(0.0));
        // Many, all alike: none stands above the rest.
        let stands = stands_out(std::iter::repeat_n(0.5, 30));
        assert!(!stands(0.5));
    }
}
