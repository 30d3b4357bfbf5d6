//! Sentence segmentation over tokens.
//!
//! A sentence ends at a line break, at a terminal mark (". ! ? …") followed by
//! something that can start a sentence, at an abbreviation followed by a
//! typical sentence opener ("in the U.S. The …"), and after a news dateline
//! ("BAMAKO, Mali (AP) —").

use std::ops::Range;

use herald_core::Span;

/// Groups `tokens` (spans into `text`) into sentences: ranges of token indices.
pub fn segment(text: &str, tokens: &[Span]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i].slice(text);
        let mut end_here = false;
        // Dateline at the start of a paragraph.
        if i == start
            && (start == 0 || gap_has_newline(text, tokens, start - 1))
            && let Some(k) = dateline_end(text, tokens, i)
        {
            out.push(start..k + 1);
            start = k + 1;
            i = k + 1;
            continue;
        }
        let mut last = i;
        if is_terminal(tok) {
            // Closing quotes and brackets stay with the sentence they close.
            while last + 1 < tokens.len()
                && is_closer(tokens[last + 1].slice(text))
                && (tokens[last].end == tokens[last + 1].start
                    || !matches!(tokens[last + 1].slice(text), "\"" | "'"))
                && !gap_has_newline(text, tokens, last)
            {
                last += 1;
            }
            end_here = match tokens.get(last + 1) {
                None => true,
                // After a closing quote a lower-case word continues the
                // sentence ("Why?" he asked); after a bare full stop it
                // starts a new (sloppy) one, unless the mark is an ellipsis.
                Some(n) => {
                    let next = n.slice(text);
                    can_start(next)
                        || (last == i
                            && !matches!(tok, "..." | "…")
                            && next.starts_with(char::is_lowercase))
                }
            };
        } else if tok.len() > 1
            && tok.ends_with('.')
            && let Some(n) = tokens.get(i + 1)
        {
            end_here = abbreviation_ends_sentence(tok, n.slice(text));
        }
        if !end_here && gap_has_newline(text, tokens, last) {
            end_here = true;
        }
        if end_here || last + 1 >= tokens.len() {
            out.push(start..last + 1);
            start = last + 1;
        }
        i = last + 1;
    }
    out
}

/// Whether the whitespace after token `i` contains a line break.
fn gap_has_newline(text: &str, tokens: &[Span], i: usize) -> bool {
    let from = tokens[i].end;
    let to = tokens.get(i + 1).map_or(text.len(), |t| t.start);
    text.get(from..to).is_some_and(|g| g.contains('\n'))
}

fn is_terminal(tok: &str) -> bool {
    matches!(tok, "." | "!" | "?" | "…" | "...")
        || (tok.len() > 1 && tok.chars().all(|c| c == '!' || c == '?' || c == '.'))
}

fn is_closer(tok: &str) -> bool {
    matches!(tok, "\"" | "”" | "’" | "'" | ")" | "]" | "»" | "''")
}

/// Whether a token can open a sentence.
fn can_start(tok: &str) -> bool {
    let Some(c) = tok.chars().next() else {
        return false;
    };
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '"' | '“' | '‘' | '\'' | '(' | '[' | '—' | '–' | '-' | '•' | '*'
        )
        || !c.is_alphabetic() && !c.is_ascii_punctuation() && !c.is_whitespace()
}

/// Words that almost never open a sentence right after them: titles and
/// initials.
fn never_final(stem: &str) -> bool {
    let lower = stem.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "prof"
            | "gen"
            | "sen"
            | "rep"
            | "reps"
            | "gov"
            | "lt"
            | "col"
            | "maj"
            | "capt"
            | "cpt"
            | "sgt"
            | "cpl"
            | "adm"
            | "cmdr"
            | "st"
            | "rev"
            | "hon"
            | "pres"
            | "supt"
            | "insp"
            | "det"
            | "atty"
            | "messrs"
            | "vs"
            | "no"
            | "nos"
            | "mt"
            | "ft"
            | "fig"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    ) || (stem.chars().count() == 1 && stem.chars().all(char::is_uppercase))
}

/// Frequent sentence openers: after "U.S." or "p.m." they signal a new
/// sentence, while a name ("U.S. Army") continues the current one.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "There",
    "Some",
    "Many",
    "Most",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "If",
    "Officials",
    "Police",
    "No",
    "Not",
    "So",
    "Yet",
    "Then",
    "Meanwhile",
    "However",
    "Still",
    "Also",
    "For",
    "By",
    "With",
    "One",
    "Two",
    "Three",
    "Both",
    "Each",
    "All",
    "Earlier",
    "Later",
    "Last",
    "Next",
    "Since",
    "Although",
    "Though",
    "What",
    "Why",
    "How",
    "Where",
    "Who",
    "Such",
    "Other",
    "More",
    "Several",
    "Among",
    "According",
    "Under",
    "Over",
    "From",
    "To",
    "Despite",
];

fn abbreviation_ends_sentence(tok: &str, next: &str) -> bool {
    let stem = tok.trim_end_matches('.');
    if never_final(stem.rsplit('.').next().unwrap_or(stem)) && !stem.contains('.') {
        return false;
    }
    if stem.chars().count() == 1 {
        return false;
    }
    OPENERS.contains(&next) || next.starts_with(['"', '“'])
}

/// A dateline at token `i`: CAPS words, optional ", Place", optional date
/// (", Oct. 2, 2012"), optional "(AGENCY)", then a dash. Returns the dash's
/// index.
fn dateline_end(text: &str, tokens: &[Span], i: usize) -> Option<usize> {
    let first = tokens.get(i)?.slice(text);
    let is_caps = |t: &str| {
        t.chars().any(char::is_alphabetic)
            && t.chars()
                .all(|c| c.is_uppercase() || c == '.' || c == '-' || c == '\'' || c == '’')
    };
    if !is_caps(first) || first.len() < 2 {
        return None;
    }
    let mut k = i + 1;
    let limit = (i + 12).min(tokens.len());
    while k < limit {
        let t = tokens[k].slice(text);
        if gap_has_newline(text, tokens, k - 1) {
            return None;
        }
        match t {
            "—" | "–" | "--" | "-" => return (k > i).then_some(k),
            "," | "(" | ")" => {}
            _ if t.starts_with(|c: char| c.is_uppercase()) => {}
            // The day and year of a dated dateline.
            _ if t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) => {}
            _ => return None,
        }
        k += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn sents(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        segment(text, &toks)
            .into_iter()
            .map(|r| text[toks[r.start].start..toks[r.end - 1].end].to_string())
            .collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents(
                "Gen. J. R. Allen arrived on Sept. 21 at 3 p.m. on Monday. Mr. Smith met U.S. officials."
            ),
            vec![
                "Gen. J. R. Allen arrived on Sept. 21 at 3 p.m. on Monday.",
                "Mr. Smith met U.S. officials."
            ]
        );
    }

    #[test]
    fn abbreviation_at_sentence_end() {
        assert_eq!(
            sents("He lives in the U.S. The talks end at 5 p.m. He left."),
            vec![
                "He lives in the U.S.",
                "The talks end at 5 p.m.",
                "He left."
            ]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            sents("“We will fight,” he said. “Never.” Then he left! Why? \"Stop,\" she asked."),
            vec![
                "“We will fight,” he said.",
                "“Never.”",
                "Then he left!",
                "Why?",
                "\"Stop,\" she asked."
            ]
        );
    }

    #[test]
    fn sloppy_lower_case_sentences_split_after_a_full_stop() {
        assert_eq!(
            sents("It was great. the food was cold... but cheap."),
            vec!["It was great.", "the food was cold... but cheap."]
        );
    }

    #[test]
    fn question_inside_quote_continues() {
        assert_eq!(
            sents("\"Why?\" he asked. Done."),
            vec!["\"Why?\" he asked.", "Done."]
        );
    }

    #[test]
    fn line_breaks_and_datelines() {
        assert_eq!(
            sents(
                "Headline without stop\nBAMAKO, Mali (AP) — Rebels attacked a base.\n\nWASHINGTON — Talks failed."
            ),
            vec![
                "Headline without stop",
                "BAMAKO, Mali (AP) —",
                "Rebels attacked a base.",
                "WASHINGTON —",
                "Talks failed."
            ]
        );
        // A dated dateline is cut off too, so its place never becomes the
        // subject of the story's first verb.
        assert_eq!(
            sents("BAMAKO, Mali, Oct. 2, 2012 — China has offered to support Mali's army."),
            vec![
                "BAMAKO, Mali, Oct. 2, 2012 —",
                "China has offered to support Mali's army."
            ]
        );
        // Numbers inside an ordinary sentence are no dateline.
        assert_eq!(
            sents("NATO sent 300 troops - and more came."),
            vec!["NATO sent 300 troops - and more came."]
        );
    }

    #[test]
    fn empty_and_odd_input() {
        assert!(sents("").is_empty());
        assert_eq!(sents("..."), vec!["..."]);
        assert_eq!(sents("\n\n a \n"), vec!["a"]);
    }
}
