//! Record IDs: a type letter and a generated key (`c4x9kq2mz`), numbered
//! IDs of older projects (`q17`), or a custom ID a user chose; unique
//! prefixes, and the counters older projects keep.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// The characters of a generated key: Crockford's base 32 in lower case
/// (no `i`, `l`, `o` or `u`, so keys read aloud and type without doubt).
pub const KEY_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// How many random characters a generated ID has after its letter: 40 bits,
/// so two branches that each add 5,000 records share an ID with odds of
/// about 1 in 40,000 (and the merge reports it as a conflict if they do).
pub const KEY_CHARS: usize = 8;

/// `count` random keys of [`KEY_CHARS`] characters, for IDs of `kind`. The
/// operating system's randomness is used, unless `ATTEST_ID_SEED` is set:
/// then the keys follow from the seed, `kind` and `salt` (which callers make
/// from the project's state), so a script that builds a project, such as the
/// sample, gets the same file every time.
pub(super) fn random_keys(kind: char, salt: &str, count: usize) -> Vec<String> {
    let seed = std::env::var("ATTEST_ID_SEED").ok();
    let mut bytes = vec![0u8; count * KEY_CHARS];
    match &seed {
        Some(seed) => {
            for (i, chunk) in bytes.chunks_mut(KEY_CHARS).enumerate() {
                let digest = Sha256::digest(format!("{seed}\0{kind}\0{salt}\0{i}"));
                chunk.copy_from_slice(&digest[..KEY_CHARS]);
            }
        }
        None => {
            if getrandom::fill(&mut bytes).is_err() {
                // No randomness from the system: fall back on the time and
                // the process, which still differ between two editors.
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos());
                let process = std::process::id();
                for (i, chunk) in bytes.chunks_mut(KEY_CHARS).enumerate() {
                    let digest = Sha256::digest(format!("{now}\0{process}\0{kind}\0{i}"));
                    chunk.copy_from_slice(&digest[..KEY_CHARS]);
                }
            }
        }
    }
    bytes
        .chunks(KEY_CHARS)
        .map(|chunk| {
            chunk
                .iter()
                .map(|b| KEY_ALPHABET[usize::from(b % 32)] as char)
                .collect()
        })
        .collect()
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The letter generated IDs of this kind start with.
            pub const PREFIX: char = $prefix;

            /// The numbered ID with this number, e.g. `q7`, as projects made
            /// before random keys have them.
            pub fn numbered(n: u32) -> Self {
                Self(format!("{}{n}", $prefix))
            }

            /// The number of a numbered ID (`q7` → 7), `None` for others.
            pub fn number(&self) -> Option<u32> {
                let digits = self.0.strip_prefix($prefix)?;
                if digits.is_empty() || digits.starts_with('0') && digits.len() > 1 {
                    return None;
                }
                digits.parse().ok()
            }

            /// Whether Attest made this ID: numbered (`q7`) or keyed
            /// (`q4x9kq2mz`), as opposed to one a user chose.
            pub fn is_generated(&self) -> bool {
                self.number().is_some() || is_key(self.0.strip_prefix($prefix))
            }

            /// What lists of these records are sorted by: numbered IDs
            /// first, by number, then the others by their text.
            pub fn sort_key(&self) -> (bool, u32, &str) {
                match self.number() {
                    Some(n) => (false, n, ""),
                    None => (true, 0, &self.0),
                }
            }

            /// The ID as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

id_type!(
    /// Identifies a [`Source`](super::Source): `s1`, `s2`, … or a custom ID such as `reuters`.
    SourceId,
    's'
);
id_type!(
    /// Identifies a [`Quote`](super::Quote): `q1`, `q2`, …
    QuoteId,
    'q'
);
id_type!(
    /// Identifies a [`Claim`](super::Claim): `c1`, `c2`, …
    ClaimId,
    'c'
);

/// Whether `key` is a generated key: [`KEY_CHARS`] characters of
/// [`KEY_ALPHABET`], not all digits (so it never reads as a number).
pub(super) fn is_key(key: Option<&str>) -> bool {
    key.is_some_and(|k| {
        k.len() == KEY_CHARS
            && k.bytes().all(|b| KEY_ALPHABET.contains(&b))
            && !k.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Finds the one ID among `ids` that is `wanted` or starts with it, as git
/// accepts a short commit hash.
pub fn find_by_prefix<'a>(
    ids: impl Iterator<Item = &'a str>,
    wanted: &str,
    what: &str,
) -> Result<&'a str, String> {
    let mut found = Vec::new();
    for id in ids {
        if id == wanted {
            return Ok(id);
        }
        if !wanted.is_empty() && id.starts_with(wanted) {
            found.push(id);
        }
    }
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "there is no {what} `{wanted}`; `attest show` lists them"
        )),
        many => {
            let shown: Vec<_> = many.iter().take(5).map(|id| format!("`{id}`")).collect();
            Err(format!(
                "`{wanted}` could be {} {what}s ({}{}); give more of the ID",
                many.len(),
                shown.join(", "),
                if many.len() > 5 { ", …" } else { "" }
            ))
        }
    }
}

/// Checks a user-chosen source ID: 1 to 32 ASCII letters, digits, `-` or `_`,
/// starting with a letter.
pub fn check_custom_id(id: &str) -> Result<(), String> {
    let mut chars = id.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !first_ok || !rest_ok || id.len() > 32 {
        return Err(format!(
            "`{id}` is not a valid ID: use 1 to 32 ASCII letters, digits, `-` or `_`, starting with a letter"
        ));
    }
    Ok(())
}

/// The ID counters of format version 3 and before. They are read and
/// dropped: new IDs are random, so branches need no shared counter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextIds {
    /// Number of the next generated source ID.
    pub source: u32,
    /// Number of the next generated quote ID.
    pub quote: u32,
    /// Number of the next generated claim ID.
    pub claim: u32,
}

impl Default for NextIds {
    fn default() -> Self {
        Self {
            source: 1,
            quote: 1,
            claim: 1,
        }
    }
}
