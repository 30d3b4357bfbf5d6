//! Where the coder meets the trigger model: the words the verb patterns
//! cover (for training) and the model's candidates where they run out.

use crate::actors::Mention;
use crate::cands::{candidates, is_title_case};
use crate::coder::{Cand, Ctx};
use crate::cues::{ACCUSE, APPEAL, INTENT, NEGATORS, SAY};
use crate::learned;
use crate::lexicon::VerbPattern;
use crate::words::{Word, parsed};

/// Tokens the verb patterns cover, with the pattern's code: (head, end, code).
pub(crate) fn pattern_spans(ws: &[Word], ms: &[Mention]) -> Vec<(usize, usize, Option<String>)> {
    let mut in_mention = vec![None; ws.len()];
    for (k, m) in ms.iter().enumerate() {
        for slot in in_mention
            .iter_mut()
            .take(m.end.min(ws.len()))
            .skip(m.start)
        {
            *slot = Some(k);
        }
    }
    candidates(ws, &in_mention, is_title_case(ws))
        .into_iter()
        .map(|c| (c.head, c.end, c.pat.code.clone()))
        .collect()
}

/// Words no verb pattern covers that the trigger model codes with a root:
/// (token, probability) and a pattern per token (`model:<lemma>`, the
/// root's base code).
pub(crate) fn model_candidates(
    ctx: &Ctx,
    ws: &[Word],
    ms: &[Mention],
    in_mention: &[Option<usize>],
    rule_cands: &[Cand],
) -> (Vec<(usize, f32)>, Vec<VerbPattern>) {
    let (mut at, mut pats) = (Vec::new(), Vec::new());
    let Some(model) = ctx.model else {
        return (at, pats);
    };
    if !parsed(ws) {
        return (at, pats);
    }
    for i in 0..ws.len() {
        let l = ws[i].lemma.as_str();
        let wrapper = [SAY, ACCUSE, INTENT, APPEAL, NEGATORS]
            .iter()
            .any(|list| list.contains(&l));
        if in_mention[i].is_some()
            || wrapper
            || rule_cands.iter().any(|c| c.head <= i && i <= c.end)
            // "agreed to lift sanctions": the pattern's verb is the event,
            // the model's word above it must not take its complement.
            || rule_cands.iter().any(|c| {
                ws[c.head].head == Some(i) && matches!(ws[c.head].deprel, "xcomp" | "ccomp")
            })
            || !learned::is_candidate(ws, i, model)
            // A verb neither Herald's table nor PETRARCH2's ~1,700 verbs
            // know ("vary", "drape", "walk") is no event the model can name:
            // its guesses there are the commonest root from context alone
            // (realnews-dev F1 0.466 / 0.453 → 0.471 / 0.455, recall equal).
            || (ws[i].upos == "VERB"
                && !crate::lexicon::LEXICON.verbs.contains_key(l)
                && !crate::petrarch::DICTIONARY.knows(&ws[i]))
        {
            continue;
        }
        let p = model.predict(ws, i, ms);
        if p.prob < ctx.propose {
            continue;
        }
        at.push((i, p.prob));
        pats.push(VerbPattern {
            text: format!("model:{l}"),
            head: l.to_string(),
            rest: Vec::new(),
            code: Some(learned::base_code(p.root)),
            symmetric: false,
            noun: ws[i].upos == "NOUN",
            reverse: false,
            inflected: false,
            target_preps: Vec::new(),
        });
    }
    (at, pats)
}
