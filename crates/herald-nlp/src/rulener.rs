//! Rule-based entities: capitalised sequences typed by word lists and cues.
//! Used when no learned model is available, and for nationalities (Norp),
//! which the training data does not mark.

use herald_core::{MentionKind, Span};

use crate::gazetteer::{is_norp, is_not_name, is_org_cue, is_person_cue, is_place};

/// An entity as token range `[start, end)` within a sentence plus its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenEntity {
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_alphabetic)
}

/// Finds entities in one sentence's tokens (`words` are the token texts).
pub fn rule_entities(words: &[&str]) -> Vec<TokenEntity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if !capitalised(w) || (is_not_name(w) && !is_person_cue(w)) {
            i += 1;
            continue;
        }
        // Titles introduce a person: "Foreign Minister Ibrahim Jafari".
        let mut j = i;
        let mut person_cue = false;
        while j < words.len()
            && capitalised(words[j])
            && (!is_not_name(words[j]) || is_person_cue(words[j]))
        {
            j += 1;
            // Allow "of" inside organisation names: "Bank of England".
            if j + 1 < words.len()
                && matches!(words[j], "of" | "for" | "&")
                && capitalised(words[j + 1])
                && !is_not_name(words[j + 1])
            {
                j += 1;
            }
        }
        let span = &words[i..j];
        if span.len() == 1 && is_norp(span[0]) {
            out.push(TokenEntity {
                start: i,
                end: j,
                kind: MentionKind::Norp,
            });
            i = j;
            continue;
        }
        // Strip leading titles and nationality words for persons.
        let mut s = i;
        while s < j && (is_person_cue(words[s]) || is_norp(words[s]) || title_word(words[s])) {
            if is_person_cue(words[s]) {
                person_cue = true;
            }
            s += 1;
        }
        let kind = if span.iter().any(|w| is_org_cue(w)) {
            MentionKind::Organization
        } else if person_cue && s < j {
            MentionKind::Person
        } else if span.iter().all(|w| is_place(w) || *w == "of")
            || span.last().is_some_and(|w| is_place(w))
        {
            MentionKind::Place
        } else if (i > 0 && is_person_cue(words[i - 1])) || j - i >= 2 {
            MentionKind::Person
        } else {
            MentionKind::Other
        };
        let start = if kind == MentionKind::Person { s } else { i };
        if start < j {
            out.push(TokenEntity {
                start,
                end: j,
                kind,
            });
        }
        i = j.max(i + 1);
    }
    out
}

fn title_word(w: &str) -> bool {
    matches!(
        w,
        "Foreign"
            | "Defense"
            | "Defence"
            | "Prime"
            | "Vice"
            | "Interior"
            | "Deputy"
            | "Finance"
            | "State"
            | "Former"
            | "Acting"
            | "Supreme"
    )
}

/// Converts token entities to byte spans given token spans.
pub fn to_span(tokens: &[Span], e: &TokenEntity) -> Option<Span> {
    Some(
        tokens
            .get(e.start)?
            .cover(tokens.get(e.end.checked_sub(1)?)?),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ents(s: &str) -> Vec<(String, MentionKind)> {
        let words: Vec<&str> = s.split(' ').collect();
        rule_entities(&words)
            .into_iter()
            .map(|e| (words[e.start..e.end].join(" "), e.kind))
            .collect()
    }

    #[test]
    fn titles_places_orgs_and_norp() {
        assert_eq!(
            ents("Iraqi Foreign Minister Ibrahim Jafari met the Bank of England in Brazil ."),
            vec![
                ("Ibrahim Jafari".to_string(), MentionKind::Person),
                ("Bank of England".to_string(), MentionKind::Organization),
                ("Brazil".to_string(), MentionKind::Place),
            ]
        );
        assert_eq!(
            ents("The Chinese army fired"),
            vec![("Chinese".to_string(), MentionKind::Norp)]
        );
    }
}
