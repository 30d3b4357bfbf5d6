//! Tokenisation shared by fingerprints and `compare`: words with byte spans,
//! sentence numbers, light stems for content words and "rare term" flags
//! (capitalised or numeric tokens — a cheap proxy for named entities,
//! numbers and facts).

use std::sync::LazyLock;

use rustc_hash::FxHashSet;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

/// One word of the text: a maximal run of alphanumeric characters (the same
/// rule as `herald_core::normalize_for_hash`, so exact hashes agree).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: u32,
    pub end: u32,
    /// Hash of the lower-cased word.
    pub hash: u64,
    /// Hash of the light stem for content words; 0 for stop words and
    /// one- or two-letter words.
    pub stem: u32,
    /// 0-based sentence number.
    pub sent: u32,
    /// Starts with an upper-case letter and is not the first word of its sentence.
    pub cap: bool,
    /// First word of its sentence (its capital says nothing).
    pub first: bool,
    /// Contains a digit.
    pub num: bool,
}

/// Common English function words: never content words, never rare terms.
static STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "among",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "last",
    "like",
    "many",
    "may",
    "me",
    "meanwhile",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "new",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "per",
    "said",
    "same",
    "say",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "to",
    "too",
    "two",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
    "your",
];

/// Stop words by the hash of their lower-cased form (the hash is computed
/// for every word anyway).
static STOP_HASHES: LazyLock<FxHashSet<u64>> =
    LazyLock::new(|| STOP.iter().map(|w| xxh3_64(w.as_bytes())).collect());

/// Abbreviations after which a full stop does not end a sentence.
fn is_abbrev(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"mr"
            | b"mrs"
            | b"ms"
            | b"dr"
            | b"st"
            | b"gen"
            | b"sen"
            | b"rep"
            | b"gov"
            | b"lt"
            | b"col"
            | b"sgt"
            | b"jan"
            | b"feb"
            | b"aug"
            | b"sept"
            | b"sep"
            | b"oct"
            | b"nov"
            | b"dec"
            | b"no"
            | b"vs"
            | b"inc"
            | b"corp"
            | b"co"
            | b"jr"
            | b"sr"
            | b"prof"
    ) || lower.len() == 1
}

/// Strips a few inflectional suffixes and keeps at most 7 bytes, so that
/// "offered"/"offer" and "ministers"/"minister" share a stem.
fn stem(lower: &[u8]) -> &[u8] {
    let mut w = lower;
    for suf in [&b"ing"[..], b"ed", b"es", b"s", b"ly"] {
        if w.len() > suf.len() + 3 && w.ends_with(suf) {
            w = &w[..w.len() - suf.len()];
            break;
        }
    }
    &w[..w.len().min(7)]
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// Splits `text` into tokens. Never panics; empty or word-less text gives
/// an empty vector.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    tokenize_hashed(text).0
}

/// Tokens and, in the same pass, the exact-duplicate hash: xxh3 of the
/// lower-cased words joined by single spaces, which is what
/// `herald_core::normalize_for_hash` + `content_hash` compute.
pub(crate) fn tokenize_hashed(text: &str) -> (Vec<Token>, u64) {
    let mut whole = Xxh3::new();
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut lower: Vec<u8> = Vec::with_capacity(64);
    let bytes = text.as_bytes();
    let mut sent: u32 = 0;
    let mut sent_open = false; // a token has been seen in the current sentence
    let mut gap_end = false; // the gap since the last token may end a sentence
    let mut gap_newline = false;
    let mut last_abbrev = false;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !is_word_char(c) {
            match c {
                '\n' => gap_newline = true,
                '.' | '!' | '?' | '…' => gap_end = true,
                _ => {}
            }
            continue;
        }
        // A word starts at i.
        let start = i;
        let mut end = i + c.len_utf8();
        let upper_start = c.is_uppercase();
        let mut num = c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric());
        while let Some(&(j, d)) = it.peek() {
            if !is_word_char(d) {
                break;
            }
            num |= d.is_ascii_digit();
            end = j + d.len_utf8();
            it.next();
        }
        let word = &bytes[start..end];
        lower.clear();
        if word.is_ascii() {
            lower.extend(word.iter().map(u8::to_ascii_lowercase));
        } else {
            let mut s = String::with_capacity(word.len());
            for ch in text[start..end].chars() {
                s.extend(ch.to_lowercase());
            }
            lower.extend_from_slice(s.as_bytes());
        }
        // Sentence boundary: a newline, or an end mark before a capital/digit
        // (not after an abbreviation or initial).
        if sent_open
            && (gap_newline
                || (gap_end && !last_abbrev && (upper_start || num || !c.is_alphabetic())))
        {
            sent += 1;
            sent_open = false;
        }
        let first = !sent_open;
        sent_open = true;
        gap_end = false;
        gap_newline = false;
        if !out.is_empty() {
            whole.update(b" ");
        }
        whole.update(&lower);
        let hash = xxh3_64(&lower);
        let stop = STOP_HASHES.contains(&hash);
        last_abbrev = is_abbrev(&lower) && !num;
        let stem_hash = if stop || (lower.len() < 3 && !num) {
            0
        } else {
            (xxh3_64(stem(&lower)) as u32).max(1)
        };
        out.push(Token {
            start: start as u32,
            end: end as u32,
            hash,
            stem: stem_hash,
            sent,
            cap: upper_start && !first && !stop,
            first,
            num,
        });
    }
    (out, whole.digest())
}

/// 32-bit hashes of the rare terms of a token stream: numbers, capitalised
/// words that do not open a sentence, and pairs of adjacent capitalised words
/// ("Hong Lei", "Foreign Minister"). Sorted and deduplicated.
pub(crate) fn rare_terms(text: &str, tokens: &[Token]) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.num && t.end - t.start >= 2 || t.cap {
            out.push(mix32(t.hash));
        }
        if let Some(n) = tokens.get(i + 1) {
            let cap_a = t.cap || (t.first && starts_upper(bytes, t.start));
            let cap_b = n.cap;
            let adjacent = n.sent == t.sent
                && bytes
                    .get(t.end as usize..n.start as usize)
                    .is_some_and(|g| g.iter().all(|b| *b == b' '));
            if cap_a && cap_b && adjacent {
                out.push(mix32(t.hash.rotate_left(17) ^ n.hash));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn starts_upper(bytes: &[u8], at: u32) -> bool {
    bytes
        .get(at as usize)
        .is_some_and(|b| b.is_ascii_uppercase())
}

/// Folds a 64-bit hash to 32 bits (never 0, which marks "none").
#[inline]
pub(crate) fn mix32(h: u64) -> u32 {
    (((h ^ (h >> 32)) as u32).wrapping_mul(0x9E37_79B1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_list_is_sorted_for_binary_search() {
        assert!(STOP.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn tokens_carry_byte_spans_and_sentences() {
        let text = "Mr. Wang met Hong Lei in Zürich. They talked.\nNext line";
        let toks = tokenize(text);
        let words: Vec<&str> = toks
            .iter()
            .map(|t| &text[t.start as usize..t.end as usize])
            .collect();
        assert_eq!(
            words,
            [
                "Mr", "Wang", "met", "Hong", "Lei", "in", "Zürich", "They", "talked", "Next",
                "line"
            ]
        );
        // "Mr." does not end the sentence; "Zürich." and the newline do.
        let sents: Vec<u32> = toks.iter().map(|t| t.sent).collect();
        assert_eq!(sents, [0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2]);
        assert!(toks[3].cap && !toks[0].cap && toks[0].first);
    }

    #[test]
    fn stems_join_inflections_and_drop_stop_words() {
        let a = tokenize("offered ministers the");
        let b = tokenize("offer minister of");
        assert_eq!(a[0].stem, b[0].stem);
        assert_eq!(a[1].stem, b[1].stem);
        assert_eq!(a[2].stem, 0);
    }

    #[test]
    fn rare_terms_find_names_and_numbers() {
        let text = "China said Hong Lei met 800 people.";
        let toks = tokenize(text);
        let rare = rare_terms(text, &toks);
        // Hong, Lei, "Hong Lei", 800 (China opens the sentence, alone).
        assert_eq!(rare.len(), 4);
    }

    #[test]
    fn streamed_hash_is_core_content_hash() {
        for t in [
            "China offers help.\n\nIraq  welcomes it!",
            "Zürich — Genève, ÉTÉ 2014",
            "",
            "  ...",
        ] {
            let (_, h) = tokenize_hashed(t);
            assert_eq!(format!("{h:016x}"), herald_core::content_hash(t), "{t:?}");
        }
    }

    #[test]
    fn no_words_no_tokens() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" .,;— \n").is_empty());
    }
}
