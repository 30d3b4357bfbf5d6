//! Penn/UD-style tokenisation of raw text into byte spans.
//!
//! The text is first cut at whitespace; each chunk is then split into
//! punctuation, words, clitics ("China's" → "China" + "'s", "don't" → "do" +
//! "n't") and numbers. Abbreviations ("Sept.", "U.S.", "a.m.", initials) keep
//! their period so the sentence splitter can tell them from full stops.

use herald_core::Span;

/// Tokenises `text`, returning byte spans (always on char boundaries).
pub fn tokenize(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut chunks: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = char_at(text, i);
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        while i < text.len() {
            let c = char_at(text, i);
            if c.is_whitespace() {
                break;
            }
            i += c.len_utf8();
        }
        chunks.push((start, i));
    }
    for (k, &(s, e)) in chunks.iter().enumerate() {
        let next = chunks.get(k + 1).map(|&(a, b)| &text[a..b]);
        split_chunk(text, s, e, next, &mut out);
    }
    out
}

#[inline]
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// Characters that always form a token of their own.
fn is_hard_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '”'
            | '„'
            | '«'
            | '»'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | ';'
            | '!'
            | '?'
            | '—'
            | '–'
            | '…'
            | '*'
            | '|'
            | '•'
            | '`'
    )
}

fn is_apos(c: char) -> bool {
    c == '\'' || c == '’' || c == '‘'
}

fn split_chunk(text: &str, s: usize, e: usize, next: Option<&str>, out: &mut Vec<Span>) {
    let chunk = &text[s..e];
    // URLs and e-mail addresses stay whole, minus trailing punctuation.
    let lower_start = chunk.trim_start_matches(|c: char| is_hard_punct(c) || is_apos(c));
    if lower_start.starts_with("http://")
        || lower_start.starts_with("https://")
        || lower_start.starts_with("www.")
        || (lower_start.contains('@') && lower_start.contains('.') && lower_start.len() > 5)
    {
        let lead = chunk.len() - lower_start.len();
        let mut ls = s;
        for c in chunk[..lead].chars() {
            out.push(Span::new(ls, ls + c.len_utf8()));
            ls += c.len_utf8();
        }
        let core = lower_start.trim_end_matches(|c: char| {
            is_hard_punct(c) || is_apos(c) || matches!(c, '.' | ',' | ':')
        });
        if !core.is_empty() {
            out.push(Span::new(ls, ls + core.len()));
        }
        let mut ts = ls + core.len();
        for c in text[ts..e].chars() {
            out.push(Span::new(ts, ts + c.len_utf8()));
            ts += c.len_utf8();
        }
        return;
    }
    // Cut at hard punctuation and at commas/colons not between digits.
    let mut seg_start = s;
    let mut i = s;
    while i < e {
        let c = char_at(text, i);
        let cl = c.len_utf8();
        let hard = if is_hard_punct(c) {
            true
        } else if c == ',' || c == ':' {
            let prev_digit = i > s && text.as_bytes()[i - 1].is_ascii_digit();
            let next_digit = i + 1 < e && text.as_bytes()[i + 1].is_ascii_digit();
            !(prev_digit && next_digit)
        } else {
            c == '-' && text[i..e].starts_with("--")
        };
        if hard {
            if seg_start < i {
                split_word(text, seg_start, i, next_after(text, i, e, next), out);
            }
            // Group runs of the same mark ("--", "!!", "?!", "...").
            let mut j = i + cl;
            if c == '-' || c == '!' || c == '?' {
                while j < e {
                    let d = char_at(text, j);
                    if d == c || (c != '-' && (d == '!' || d == '?')) {
                        j += d.len_utf8();
                    } else {
                        break;
                    }
                }
            }
            out.push(Span::new(i, j));
            i = j;
            seg_start = j;
        } else {
            i += cl;
        }
    }
    if seg_start < e {
        split_word(text, seg_start, e, next, out);
    }
}

/// What follows a word inside a chunk (for "No. 5"-style look-ahead).
fn next_after<'a>(text: &'a str, i: usize, e: usize, next: Option<&'a str>) -> Option<&'a str> {
    if i < e { Some(&text[i..e]) } else { next }
}

const CLITICS: [&str; 7] = ["s", "re", "ve", "ll", "d", "m", "S"];

/// Splits a chunk free of hard punctuation: quotes, periods, clitics,
/// currency and percent signs.
fn split_word(text: &str, mut s: usize, mut e: usize, next: Option<&str>, out: &mut Vec<Span>) {
    let mut tail: Vec<Span> = Vec::new();
    // Leading apostrophe-quotes, unless a clitic ("'s") or a year ("'90s").
    loop {
        if s >= e {
            break;
        }
        let c = char_at(text, s);
        if is_apos(c) {
            let rest = &text[s + c.len_utf8()..e];
            let clitic = !rest.is_empty()
                && CLITICS
                    .iter()
                    .any(|k| rest.eq_ignore_ascii_case(k) || rest.eq_ignore_ascii_case("re"));
            let year = rest.as_bytes().first().is_some_and(u8::is_ascii_digit);
            if clitic || year || rest.is_empty() {
                break;
            }
            out.push(Span::new(s, s + c.len_utf8()));
            s += c.len_utf8();
        } else if matches!(c, '$' | '£' | '€' | '¥')
            && text.as_bytes()[s + c.len_utf8()..e]
                .first()
                .is_some_and(u8::is_ascii_digit)
        {
            out.push(Span::new(s, s + c.len_utf8()));
            s += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing apostrophes, periods and percent signs, peeled right to left.
    loop {
        if s >= e {
            break;
        }
        let word = &text[s..e];
        let last = word.chars().next_back().unwrap_or(' ');
        if is_apos(last) && word.len() > last.len_utf8() {
            tail.push(Span::new(e - last.len_utf8(), e));
            e -= last.len_utf8();
        } else if last == '%' && word.len() > 1 {
            tail.push(Span::new(e - 1, e));
            e -= 1;
        } else if last == '.' {
            if word.ends_with("..") {
                let mut k = e;
                while k > s && text.as_bytes()[k - 1] == b'.' {
                    k -= 1;
                }
                tail.push(Span::new(k, e));
                e = k;
                continue;
            }
            if is_abbreviation(word, if tail.is_empty() { next } else { None }) {
                break;
            }
            tail.push(Span::new(e - 1, e));
            e -= 1;
        } else {
            break;
        }
    }
    if s < e {
        split_clitics(text, s, e, out);
    }
    out.extend(tail.into_iter().rev());
}

/// "don't" → "do" "n't"; "China's" → "China" "'s"; "cannot" → "can" "not".
fn split_clitics(text: &str, s: usize, e: usize, out: &mut Vec<Span>) {
    let word = &text[s..e];
    let lower_len = word.len();
    // n't
    for nt in ["n't", "n’t", "N'T", "N’T"] {
        if lower_len > nt.len() && word.ends_with(nt) {
            let cut = e - nt.len();
            out.push(Span::new(s, cut));
            out.push(Span::new(cut, e));
            return;
        }
    }
    if word.eq_ignore_ascii_case("cannot") {
        out.push(Span::new(s, s + 3));
        out.push(Span::new(s + 3, e));
        return;
    }
    if word.eq_ignore_ascii_case("gonna") || word.eq_ignore_ascii_case("wanna") {
        out.push(Span::new(s, s + 3));
        out.push(Span::new(s + 3, e));
        return;
    }
    // 's 're 've 'll 'd 'm with either apostrophe.
    if let Some(pos) = word.rfind(['\'', '’']) {
        let apos_len = if word[pos..].starts_with('’') { 3 } else { 1 };
        let suffix = &word[pos + apos_len..];
        if pos > 0
            && CLITICS.iter().any(|k| suffix.eq_ignore_ascii_case(k))
            && word[..pos]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            out.push(Span::new(s, s + pos));
            out.push(Span::new(s + pos, e));
            return;
        }
    }
    out.push(Span::new(s, e));
}

/// Abbreviations whose period belongs to the word.
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "reps", "gov", "lt", "col", "maj",
    "capt", "cpt", "sgt", "cpl", "adm", "cmdr", "st", "ste", "jr", "sr", "rev", "hon", "pres",
    "supt", "insp", "det", "atty", "inc", "corp", "co", "ltd", "bros", "plc", "vs", "etc", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "ave", "blvd", "rd", "mt", "ft", "fig", "figs",
    "vol", "approx", "dept", "univ", "assn", "est", "ala", "ariz", "ark", "calif", "colo", "conn",
    "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la", "md", "mass", "mich", "minn",
    "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash",
    "wis", "wyo", "messrs", "mmes", "esq", "ph.d", "pvt", "drs", "ext", "dept", "govt", "intl",
    "no", "nos", "op", "pp", "cf", "al",
];

/// Whether `word` (ending in '.') keeps its period.
fn is_abbreviation(word: &str, next: Option<&str>) -> bool {
    let stem = &word[..word.len() - 1];
    if stem.is_empty() {
        return false;
    }
    // Initials and dotted acronyms: "J.", "U.S.", "a.m.", "e.g.".
    let mut letters = 0;
    let mut dotted = true;
    for (k, part) in stem.split('.').enumerate() {
        let n = part.chars().count();
        if n == 1 && part.chars().all(char::is_alphabetic) {
            letters += 1;
        } else if !(k > 0 && part.is_empty()) {
            dotted = false;
        }
    }
    if dotted && letters >= 1 {
        // A lone lower-case letter at a sentence end ("plan b.") is rare;
        // a capital initial is an initial.
        return letters > 1 || stem.chars().all(char::is_uppercase);
    }
    let lower = stem.to_ascii_lowercase();
    if lower == "no" || lower == "nos" || lower == "op" || lower == "pp" || lower == "fig" {
        // "No. 5" but "said no."
        return next.is_some_and(|n| n.as_bytes().first().is_some_and(u8::is_ascii_digit));
    }
    if lower == "ill" || lower == "miss" || lower == "wash" || lower == "del" || lower == "la" {
        // Words in their own right: only an abbreviation when capitalised
        // and followed by more text on the line.
        return stem.starts_with(|c: char| c.is_uppercase())
            && next.is_some_and(|n| !n.starts_with(|c: char| c.is_uppercase()));
    }
    ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn splits_punctuation_and_clitics() {
        assert_eq!(
            toks("China's offer, he said, wasn't \"enough.\""),
            vec![
                "China", "'s", "offer", ",", "he", "said", ",", "was", "n't", "\"", "enough", ".",
                "\""
            ]
        );
    }

    #[test]
    fn curly_quotes_and_apostrophes() {
        assert_eq!(
            toks("“We’re ready,” Obama’s aide said."),
            vec![
                "“", "We", "’re", "ready", ",", "”", "Obama", "’s", "aide", "said", "."
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_numbers_and_hyphens() {
        assert_eq!(
            toks("Mr. Smith paid $1,250.50 on Sept. 21 for U.S.-led talks at 3 p.m. today."),
            vec![
                "Mr.", "Smith", "paid", "$", "1,250.50", "on", "Sept.", "21", "for", "U.S.-led",
                "talks", "at", "3", "p.m.", "today", "."
            ]
        );
    }

    #[test]
    fn initials_and_datelines() {
        assert_eq!(
            toks("BAMAKO, Mali (AP) — J. R. Smith left."),
            vec![
                "BAMAKO", ",", "Mali", "(", "AP", ")", "—", "J.", "R.", "Smith", "left", "."
            ]
        );
    }

    #[test]
    fn percent_possessive_plural_and_ellipsis() {
        assert_eq!(
            toks("up 5% in the students' area... No. 5 said no."),
            vec![
                "up", "5", "%", "in", "the", "students", "'", "area", "...", "No.", "5", "said",
                "no", "."
            ]
        );
    }

    #[test]
    fn urls_stay_whole() {
        assert_eq!(
            toks("See https://example.com/a.b, now."),
            vec!["See", "https://example.com/a.b", ",", "now", "."]
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_ordered_valid_spans(text in "(\\PC|[ \n.’'\"—-]){0,80}") {
            let toks = tokenize(&text);
            let mut prev = 0;
            for s in &toks {
                proptest::prop_assert!(s.start >= prev && s.start < s.end);
                proptest::prop_assert!(text.get(s.start..s.end).is_some());
                prev = s.end;
            }
            let sents = crate::segment::segment(&text, &toks);
            let covered: usize = sents.iter().map(|r| r.len()).sum();
            proptest::prop_assert_eq!(covered, toks.len());
        }
    }

    #[test]
    fn spans_are_on_char_boundaries_for_any_input() {
        for text in [
            "’’’",
            "‘a’",
            "...",
            "—’s",
            "'",
            "$",
            "n't",
            "a.’.",
            "\u{feff}x",
        ] {
            for s in tokenize(text) {
                assert!(text.get(s.start..s.end).is_some(), "{text:?} {s:?}");
                assert!(!s.is_empty());
            }
        }
    }
}
