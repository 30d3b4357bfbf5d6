//! Words → hashed term ids: tokenising, a small stopword list, a light
//! stemmer and the proper-noun cue the weighting uses.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use xxhash_rust::xxh3::xxh3_64;

/// Hasher for keys that already are hashes (term ids, story slots): one
/// multiply instead of SipHash.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub type IdBuild = BuildHasherDefault<IdHasher>;
pub type IdMap<K, V> = HashMap<K, V, IdBuild>;

/// English function words plus news filler ("said", "told", "according")
/// that carry no story identity.
const STOPWORDS: &str = "a about above across after again against ago all almost along already also although always am among an and another any anyone anything are around as at away back be became because become been before being below between both but by can cannot could did do does doing done down during each either else even ever every few for from further get gets got had has have having he her here hers herself him himself his how however i if in into is it its itself just last least less like made make many may me might more most much must my myself near neither never new next no nor not now of off often on once one only or other others our ours ourselves out over own per perhaps rather really said same say saying says see seen she should since so some something still such than that the their theirs them themselves then there these they this those though through thus to today told too toward towards under until up upon us very via was we well were what when where whether which while who whom whose why will with within without would yet you your yours yourself also according mr mrs ms dr st week weeks day days year years time times told tell tells reported reports report going go goes went come comes came take takes took including include includes two three four five first second third around way ways lot lots get got make makes want wants need needs know knew think thing things people percent de la le el en http https www com html read share shares copy link image photo video click";

static STOP: LazyLock<HashSet<&'static str, IdBuild>> =
    LazyLock::new(|| STOPWORDS.split_whitespace().collect());

/// True for words that carry no story identity.
pub fn is_stopword(w: &str) -> bool {
    STOP.contains(w)
}

/// Light English suffix folding: plurals and possessives only. Aggressive
/// stemming merges unrelated words; plural folding is what rewrites need
/// ("militants" / "militant").
pub fn stem(w: &str) -> &str {
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        // "countries" → "countr", like "country" below.
        return &w[..n - 3];
    }
    if n > 3 && w.ends_with('y') && !w.ends_with("ay") && !w.ends_with("ey") && !w.ends_with("oy") {
        return &w[..n - 1];
    }
    if n > 4 && (w.ends_with("sses") || w.ends_with("ches") || w.ends_with("shes")) {
        return &w[..n - 2];
    }
    if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return &w[..n - 1];
    }
    w
}

/// Namespaces keep entity and actor ids apart from plain word ids.
pub const NS_WORD: u8 = b'w';
pub const NS_ENTITY: u8 = b'e';

/// 32-bit id of a term in a namespace.
pub fn term_id(ns: u8, term: &str) -> u32 {
    let h = xxh3_64(term.as_bytes()) ^ (u64::from(ns) << 56);
    // Fold the halves so both contribute.
    ((h >> 32) ^ h) as u32
}

/// One word occurrence as the tokenizer sees it.
pub struct Word<'a> {
    /// Lower-cased, stemmed form.
    pub norm: &'a str,
    /// The surface as written.
    pub surface: &'a str,
    /// Capitalised in mid-sentence (a proper-noun cue).
    pub proper: bool,
}

/// Calls `f` for every content word of `text` (stopwords, one-letter words and
/// pure numbers shorter than 4 digits dropped). `buf` is scratch space reused
/// between calls to avoid allocating per word.
pub fn for_each_word(text: &str, buf: &mut String, mut f: impl FnMut(Word<'_>)) {
    let mut sentence_start = true;
    let mut start: Option<usize> = None;
    let bytes_len = text.len();
    let mut iter = text.char_indices().peekable();
    loop {
        let next = iter.next();
        let is_word = matches!(next, Some((_, c)) if c.is_alphanumeric());
        match (start, is_word) {
            (None, true) => start = next.map(|(i, _)| i),
            (Some(s), false) => {
                let end = next.map_or(bytes_len, |(i, _)| i);
                let surface = &text[s..end];
                emit(surface, sentence_start, buf, &mut f);
                sentence_start = false;
                start = None;
            }
            _ => {}
        }
        match next {
            None => break,
            Some((_, c)) => {
                if matches!(c, '.' | '!' | '?' | '\n' | ':' | '"' | '“' | '—') {
                    sentence_start = true;
                }
            }
        }
    }
}

fn emit(surface: &str, sentence_start: bool, buf: &mut String, f: &mut impl FnMut(Word<'_>)) {
    let mut chars = surface.chars();
    let Some(first) = chars.next() else { return };
    let count = surface.chars().count();
    if count < 2 {
        return;
    }
    if surface.bytes().all(|b| b.is_ascii_digit()) && surface.len() < 4 {
        return;
    }
    buf.clear();
    if surface.is_ascii() {
        buf.push_str(surface);
        buf.make_ascii_lowercase();
    } else {
        for c in surface.chars() {
            buf.extend(c.to_lowercase());
        }
    }
    if is_stopword(buf) {
        return;
    }
    let upper = first.is_uppercase();
    // ALL-CAPS runs (transcripts, shouted headlines) are not a proper-noun
    // cue unless short (acronyms: ISIS, UN, NATO).
    let has_lower = surface.chars().any(char::is_lowercase);
    let proper = upper && !sentence_start && (has_lower || count <= 5);
    let norm = stem(buf);
    f(Word {
        norm,
        surface,
        proper,
    });
}

/// First sentence-like line of `text` with at least eight words, cut at 300
/// bytes on a character boundary: a story summary candidate.
pub fn lead_sentence(text: &str) -> String {
    for line in text.lines() {
        let line = line.trim();
        if line.split_whitespace().count() < 8 {
            continue;
        }
        let mut end = line.len();
        for (i, c) in line.char_indices() {
            if matches!(c, '.' | '!' | '?') && i > 40 {
                let after = line[i + c.len_utf8()..].chars().next();
                if after.is_none_or(char::is_whitespace) {
                    // Skip abbreviations like "U.S." (letter right before).
                    let prev = line[..i].chars().last();
                    let prev2 = line[..i].chars().rev().nth(1);
                    let abbrev = prev.is_some_and(char::is_uppercase)
                        && prev2.is_none_or(|p| p == '.' || p == ' ');
                    if !abbrev {
                        end = i + c.len_utf8();
                        break;
                    }
                }
            }
        }
        let mut cut = end.min(300);
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        return line[..cut].to_string();
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, bool)> {
        let mut buf = String::new();
        let mut out = Vec::new();
        for_each_word(text, &mut buf, |w| out.push((w.norm.to_string(), w.proper)));
        out
    }

    #[test]
    fn drops_stopwords_and_folds_plurals() {
        let w = words("The militants said they fought Iraqi forces.");
        let norms: Vec<&str> = w.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(norms, ["militant", "fought", "iraqi", "force"]);
    }

    #[test]
    fn proper_noun_cue_skips_sentence_starts() {
        let w = words("China offered help. Beijing said Wang Yi met Jafari.");
        let proper: Vec<&str> = w
            .iter()
            .filter(|(_, p)| *p)
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(proper, ["wang", "yi", "jafari"]);
    }

    #[test]
    fn unicode_and_short_numbers() {
        let w = words("Zürich won 3 games in 2020 — “Genève” lost");
        let norms: Vec<&str> = w.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(norms, ["zürich", "won", "game", "2020", "genève", "lost"]);
    }

    #[test]
    fn plural_forms_share_an_id() {
        assert_eq!(stem("countries"), stem("country"));
        assert_eq!(stem("offers"), "offer");
        assert_eq!(stem("crisis"), "crisis");
        assert_ne!(term_id(NS_WORD, "iraq"), term_id(NS_ENTITY, "iraq"));
    }

    #[test]
    fn lead_sentence_skips_chrome_and_abbreviations() {
        let t = "Share this\nThe U.S. Navy said on Monday that a ship sank off the coast. More text follows here.";
        assert_eq!(
            lead_sentence(t),
            "The U.S. Navy said on Monday that a ship sank off the coast."
        );
        assert_eq!(lead_sentence(""), "");
    }
}
