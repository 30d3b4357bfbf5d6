//! Fallback sentence splitter and tokeniser, used only when the language layer
//! left `article.sentences` empty, so the coder works (and is testable) alone.

use herald_core::{Sentence, Span, Token};

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "st", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "inc",
    "corp", "ltd", "jr", "sr", "vs", "prof", "rev", "maj", "adm", "u.s", "u.k", "u.n", "e.u",
    "a.m", "p.m", "fig", "est",
];

/// Splits `text` into words: punctuation apart, possessive `'s` apart,
/// hyphens apart when the word carries capitals (`US-led` → `US - led`), dotted
/// abbreviations (`U.S.`, `Sept.`) kept whole. Returns byte ranges.
pub(crate) fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for piece in text.split_inclusive(char::is_whitespace) {
        let start = pos;
        pos += piece.len();
        let word = piece.trim_end();
        if !word.is_empty() {
            split_word(word, start, &mut out);
        }
    }
    out
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '`' | '“' | '”' | '‘' | '’' | '«' | '»')
}

fn split_word(word: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    // Leading punctuation.
    let mut s = 0;
    for (i, c) in word.char_indices() {
        if c.is_alphanumeric() {
            break;
        }
        let e = i + c.len_utf8();
        out.push((base + i, base + e));
        s = e;
    }
    if s >= word.len() {
        return;
    }
    // Trailing punctuation (collected in reverse).
    let mut e = word.len();
    let mut trailing = Vec::new();
    while e > s {
        let Some(c) = word[s..e].chars().next_back() else {
            break;
        };
        if c.is_alphanumeric() {
            break;
        }
        let cs = e - c.len_utf8();
        if c == '.' {
            let core = &word[s..cs];
            let lower = core.to_lowercase();
            let dotted = core.contains('.')
                || (core.chars().count() == 1 && core.chars().all(char::is_uppercase));
            if dotted || ABBREVIATIONS.contains(&lower.as_str()) {
                break; // keep the period on the abbreviation
            }
        }
        trailing.push((base + cs, base + e));
        e = cs;
    }
    let core = &word[s..e];
    split_core(core, base + s, out);
    out.extend(trailing.into_iter().rev());
}

fn split_core(core: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    // Possessive 's / ’s.
    for suffix in ["'s", "’s", "'S", "’S"] {
        if core.len() > suffix.len() && core.ends_with(suffix) {
            let cut = core.len() - suffix.len();
            split_hyphens(&core[..cut], base, out);
            out.push((base + cut, base + core.len()));
            return;
        }
    }
    // Contraction n't.
    for suffix in ["n't", "n’t"] {
        if core.len() > suffix.len() && core.to_lowercase().ends_with(suffix) {
            let cut = core.len() - suffix.len();
            split_hyphens(&core[..cut], base, out);
            out.push((base + cut, base + core.len()));
            return;
        }
    }
    split_hyphens(core, base, out);
}

fn split_hyphens(core: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    if core.is_empty() {
        return;
    }
    let has_upper = core.chars().any(char::is_uppercase);
    if !has_upper || !core.contains('-') || core.starts_with('-') {
        out.push((base, base + core.len()));
        return;
    }
    let mut s = 0;
    for (i, c) in core.char_indices() {
        if c == '-' {
            if i > s {
                out.push((base + s, base + i));
            }
            out.push((base + i, base + i + 1));
            s = i + 1;
        }
    }
    if s < core.len() {
        out.push((base + s, base + core.len()));
    }
}

/// Sentences and tokens of `text`: lines are hard breaks; within a line a
/// `.`, `!` or `?` token (not part of an abbreviation) ends a sentence when a
/// word or quote follows.
pub(crate) fn sentences(text: &str) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let base = line_start;
        line_start += line.len();
        let words = word_spans(line);
        let mut cur: Vec<Token> = Vec::new();
        for (k, &(s, e)) in words.iter().enumerate() {
            let w = &line[s..e];
            cur.push(Token {
                span: Span::new(base + s, base + e),
                text: w.to_string(),
                ..Token::default()
            });
            // A lone period (abbreviations keep theirs) ends a sentence before
            // any word — lower-cased corpora have no capitals to go by.
            let ends = matches!(w, "." | "!" | "?")
                && words.get(k + 1).is_none_or(|&(ns, ne)| {
                    let next = &line[ns..ne];
                    next.chars()
                        .next()
                        .is_some_and(|c| c.is_alphanumeric() || is_quote(c))
                });
            if ends {
                // A closing quote right after the period stays with the sentence.
                push_sentence(&mut out, std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            push_sentence(&mut out, cur);
        }
    }
    out
}

fn push_sentence(out: &mut Vec<Sentence>, tokens: Vec<Token>) {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return;
    };
    let span = Span::new(first.span.start, last.span.end);
    out.push(Sentence {
        index: out.len(),
        span,
        tokens,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        word_spans(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn splits_punctuation_possessives_and_capital_hyphens() {
        assert_eq!(
            words("China’s offer, the US-led coalition (ISIS)."),
            [
                "China",
                "’s",
                "offer",
                ",",
                "the",
                "US",
                "-",
                "led",
                "coalition",
                "(",
                "ISIS",
                ")",
                "."
            ]
        );
        assert_eq!(
            words("U.S. officials co-operate"),
            ["U.S.", "officials", "co-operate"]
        );
        assert_eq!(
            words("on Sept. 21 it won't"),
            ["on", "Sept.", "21", "it", "wo", "n't"]
        );
    }

    #[test]
    fn sentences_respect_abbreviations_and_lines() {
        let text = "The U.S. Army met Mr. Wang in Sept. 2014. China agreed.\nNext line here";
        let s = sentences(text);
        assert_eq!(s.len(), 3);
        assert_eq!(
            s[0].span.slice(text),
            "The U.S. Army met Mr. Wang in Sept. 2014."
        );
        assert_eq!(s[1].span.slice(text), "China agreed.");
        assert_eq!(s[2].index, 2);
    }

    proptest::proptest! {
        #[test]
        fn spans_are_in_order_and_on_boundaries(text in "\\PC{0,80}") {
            let mut last = 0;
            for s in sentences(&text) {
                for t in &s.tokens {
                    proptest::prop_assert!(t.span.start >= last);
                    proptest::prop_assert!(text.is_char_boundary(t.span.start));
                    proptest::prop_assert!(text.is_char_boundary(t.span.end));
                    proptest::prop_assert_eq!(t.span.slice(&text), t.text.as_str());
                    last = t.span.end;
                }
            }
        }
    }
}
