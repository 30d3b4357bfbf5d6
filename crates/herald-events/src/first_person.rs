//! First-person words in quoted speech stand for the speaker: in
//! "“We strongly condemn the vandalism,” a bank spokesman said" the bank
//! condemns, in "“I think the allegations are not credible,” Volker said"
//! Volker judges. The speaker is the attribution of the same sentence
//! ("X said", "said X") or, for a quotation running over several
//! sentences, the speaker attributed in the sentence just before.

use crate::actors::Mention;
use crate::coder::speaker;
use crate::cues::SAY;
use crate::words::Word;

/// How many sentences a quotation's speaker carries over to.
const CARRY: usize = 2;

/// The last quoted speaker: (sentence, code).
pub(crate) type LastSpeaker = Option<(usize, String)>;

/// Adds a mention with the speaker's code for each first-person subject or
/// object ("we", "I", "us", "me") inside quotation marks, and remembers
/// this sentence's speaker for the sentences that continue the quote.
pub(crate) fn resolve(ws: &[Word], index: usize, ms: &mut Vec<Mention>, last: &mut LastSpeaker) {
    let n = ws.len();
    let quotes: Vec<usize> = (0..n).filter(|&i| is_double_quote(ws[i].surface)).collect();
    let own = attribution(ws, ms);
    if let Some(code) = &own {
        *last = Some((index, code.clone()));
    }
    if quotes.is_empty() {
        return;
    }
    let code = match own {
        Some(c) => c,
        None => match last {
            Some((s, c)) if index > *s && index - *s <= CARRY => c.clone(),
            _ => return,
        },
    };
    let mut covered = vec![false; n];
    for m in ms.iter() {
        for c in covered.iter_mut().take(m.end.min(n)).skip(m.start) {
            *c = true;
        }
    }
    let inside = quoted(ws, &quotes);
    let mut added = false;
    for j in 0..n {
        if inside[j] && !covered[j] && ws[j].is_any(&["we", "i", "us", "me"]) {
            ms.push(Mention {
                end: j + 1,
                ..Mention::implied(j, code.clone())
            });
            added = true;
        }
    }
    if added {
        ms.sort_by_key(|m| m.start);
    }
}

/// The code of the speaker a saying verb of this sentence names, before it
/// ("the ministry said") or right after it ("said a company spokesperson").
fn attribution(ws: &[Word], ms: &[Mention]) -> Option<String> {
    for (i, w) in ws.iter().enumerate() {
        if !SAY.contains(&w.lemma.as_str()) || ms.iter().any(|m| (m.start..m.end).contains(&i)) {
            continue;
        }
        let k = speaker(ws, ms, i).or_else(|| {
            ms.iter()
                .position(|m| m.start > i && m.start <= i + 3 && !m.code.is_empty())
                .filter(|&k| {
                    ws[i + 1..ms[k].start]
                        .iter()
                        .all(|x| x.is_any(&["a", "an", "the", "by"]))
                })
        });
        if let Some(k) = k.filter(|&k| !ms[k].code.is_empty()) {
            return Some(ms[k].code.clone());
        }
    }
    None
}

/// Which tokens lie inside quotation marks. Marks pair up in order; a
/// closing mark with no opening one ends a quote begun in an earlier
/// sentence, and an unpaired opening one runs to the sentence's end.
fn quoted(ws: &[Word], quotes: &[usize]) -> Vec<bool> {
    let n = ws.len();
    let mut inside = vec![false; n];
    let mut marks = quotes.to_vec();
    let first = marks[0];
    let opens = |q: usize| match ws[q].surface {
        "“" | "``" => true,
        "”" | "''" => false,
        // A straight mark opens at the start, after a colon or "that", or
        // after a saying verb.
        _ => q == 0 || ws[q - 1].is_any(&[":", "that"]) || SAY.contains(&ws[q - 1].lemma.as_str()),
    };
    if first > 0 && !opens(first) && (marks.len() % 2 == 1 || ws[first].surface == "”") {
        inside[..first].fill(true);
        marks.remove(0);
    }
    for pair in marks.chunks(2) {
        let end = pair.get(1).copied().unwrap_or(n);
        inside[pair[0]..end].fill(true);
    }
    inside
}

/// Double quotation marks (single ones double as apostrophes).
fn is_double_quote(s: &str) -> bool {
    matches!(s, "\"" | "“" | "”" | "``" | "''")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::{Aliases, find};
    use crate::text::sentences;
    use crate::words::words;

    /// Codes of the mentions of each sentence, first-person words resolved.
    fn coded(text: &str) -> Vec<Vec<(String, String)>> {
        let mut aliases = Aliases::new();
        let mut last = None;
        sentences(text)
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let ws = words(s);
                let mut ms = find(&ws, &mut aliases, None);
                resolve(&ws, i, &mut ms, &mut last);
                ms.iter()
                    .map(|m| (ws[m.start].lower.clone(), m.code.clone()))
                    .collect()
            })
            .collect()
    }

    fn has(got: &[(String, String)], word: &str, code: &str) -> bool {
        got.iter().any(|(w, c)| w == word && c == code)
    }

    #[test]
    fn first_person_in_quotes_is_the_speaker() {
        // Attribution after the quote, before it, and inverted.
        let got = coded("\"We condemn the attack on Iraq,\" the Pentagon said.");
        assert!(has(&got[0], "we", "USAMIL"), "{got:?}");
        let got = coded("The Pentagon said: \"We will help Iraq.\"");
        assert!(has(&got[0], "we", "USAMIL"), "{got:?}");
        let got = coded("\"I met the Iraqi minister,\" said the French ambassador.");
        assert!(has(&got[0], "i", "FRAGOV"), "{got:?}");
        // A quote running on into the next sentence keeps its speaker.
        let got =
            coded("\"We condemn the attack,\" the Pentagon said. \"We will help Iraq rebuild.\"");
        assert!(has(&got[1], "we", "USAMIL"), "{got:?}");
    }

    #[test]
    fn first_person_outside_quotes_or_without_a_speaker_stays_unresolved() {
        // Not quoted: the writer's "we".
        let got = coded("We asked the Pentagon about Iraq.");
        assert!(!got[0].iter().any(|(w, _)| w == "we"), "{got:?}");
        // Quoted, but nobody is named as saying it.
        let got = coded("\"We will help Iraq,\" a sign read.");
        assert!(!got[0].iter().any(|(w, _)| w == "we"), "{got:?}");
        // A speaker three sentences back no longer carries.
        let got = coded(
            "\"We won,\" the Pentagon said. Iraq voted. Iran voted. Syria voted. \"We won.\"",
        );
        assert!(!got[4].iter().any(|(w, _)| w == "we"), "{got:?}");
    }
}
