//! Sentence-level event coding: verb patterns, wrappers (intent, appeal,
//! negation), reported speech, source/target choice (dependency tree when
//! present, word order otherwise), compounds, passives, dates and places.

use std::collections::HashMap;

use chrono::NaiveDate;
use herald_core::Event;

use crate::actors::{self, Aliases, Mention};
use crate::cands::{
    candidates, governing_verb, is_passive, is_title_case, negated_before, nounish,
};
use crate::codes::{
    appeal_code, intent_code, negated_code, quad_class, refine_military, unconventional,
};
use crate::cues::{
    ACCUSE, APPEAL, AUX, INTENT, NEGATORS, PLANNED, POSSIBILITY, SAY, THREAT_WRAPPERS, refusing,
};
use crate::dates;
use crate::learned::{self, TriggerModel};
use crate::lexicon::{LEXICON, VerbPattern};
use crate::participants::{Tree, group, participants, participants_dep};
use crate::petrarch::{DICTIONARY, Scope};
use crate::references::{actor, nearest_date, place, place_mention, remember, resolve_references};
use crate::speech::{self, Speech};
use crate::words::{Word, parsed};

/// Article-wide memory while coding sentence by sentence.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub aliases: Aliases,
    /// Code of the last sentence's subject, for a pronoun opening the next one.
    pub last_subject: Option<String>,
    /// (sentence, code) of recent mentions with country and role.
    pub recent: Vec<(usize, String)>,
    /// The speaker of the last attributed quotation, for first-person
    /// words in the sentences that continue it.
    pub quote_speaker: crate::first_person::LastSpeaker,
}

/// How a wrapper changes the action it governs.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Wrap {
    /// Intent, with the wrapper word (`offer`, `want` …) at that token.
    Intent(usize),
    /// Appeal to the mention, by the subject of the wrapper at that token.
    Appeal(usize, usize),
    /// "not" before the action: a refusal when volitional ("will not
    /// join"), else an action not done.
    Negate,
    /// An explicit refusal ("refused to join", "does not want to join").
    Refuse,
}

pub(crate) struct Cand<'p> {
    pub head: usize,
    pub end: usize,
    pub pat: &'p VerbPattern,
}

/// Inputs shared by all the sentences of an article.
pub(crate) struct Ctx<'a> {
    pub article: &'a str,
    pub text: &'a str,
    pub published: Option<NaiveDate>,
    /// The learned trigger model, asked about words no pattern covers.
    pub model: Option<&'a TriggerModel>,
    /// Trigger probability from which the model's candidates are coded.
    pub propose: f32,
    pub context: crate::context::ArticleContext,
}

/// Longest token run coded at once; longer "sentences" (run-on text, lists,
/// splitter misses) are coded piecewise so the work stays linear.
static TRACE: std::sync::LazyLock<bool> =
    std::sync::LazyLock::new(|| std::env::var_os("HERALD_TRACE_EVENTS").is_some());

pub(crate) const MAX_TOKENS: usize = 120;

pub(crate) fn code_sentence(
    ctx: &Ctx,
    index: usize,
    ws: &[Word],
    state: &mut State,
    out: &mut Vec<Event>,
) {
    let mut offset = 0;
    while offset < ws.len() {
        let rest = &ws[offset..];
        // Cut at the last clause punctuation inside the window, else hard.
        let cut = if rest.len() > MAX_TOKENS {
            (MAX_TOKENS / 2..MAX_TOKENS)
                .rev()
                .find(|&j| rest[j].is_any(&[";", ":", ",", "."]))
                .map_or(MAX_TOKENS, |j| j + 1)
        } else {
            rest.len()
        };
        let piece = &rest[..cut];
        let tree = parsed(piece).then(|| Tree::new(piece, offset));
        // Every reader of `Word::head` (the tree walks, the dictionary's
        // slots) sees heads inside the piece: remap them when any points out.
        let remapped: Vec<Word>;
        let piece = match &tree {
            Some(t) if (0..piece.len()).any(|i| piece[i].head != t.head(i)) => {
                remapped = (0..piece.len())
                    .map(|i| Word {
                        head: t.head(i),
                        ..piece[i].clone()
                    })
                    .collect();
                &remapped[..]
            }
            _ => piece,
        };
        code_piece(ctx, index, piece, tree.as_ref(), state, out);
        offset += cut;
    }
}

fn code_piece(
    ctx: &Ctx,
    index: usize,
    ws: &[Word],
    tree: Option<&Tree>,
    state: &mut State,
    out: &mut Vec<Event>,
) {
    if ws.is_empty() {
        return;
    }
    // PETRARCH2's discards: sport and entertainment are not coded.
    let text = ws[0].span.cover(&ws[ws.len() - 1].span).slice(ctx.text);
    if DICTIONARY.discarded(text, Scope::Sentence) {
        return;
    }
    let mut ms = actors::find(ws, &mut state.aliases, ctx.published);
    ctx.context.add_names(ws, &mut ms, &mut state.aliases);
    resolve_references(ws, index, &mut ms, state);
    ctx.context.fill_countries(&mut ms);
    crate::first_person::resolve(ws, index, &mut ms, &mut state.quote_speaker);
    let n = ws.len();
    let mut in_mention = vec![None; n];
    for (k, m) in ms.iter().enumerate() {
        for slot in in_mention.iter_mut().take(m.end.min(n)).skip(m.start) {
            *slot = Some(k);
        }
    }
    let title_case = is_title_case(ws);
    let rule_cands = candidates(ws, &in_mention, title_case);
    let (model_at, model_pats) =
        learned::coding::model_candidates(ctx, ws, &ms, &in_mention, &rule_cands);
    let mut cands: Vec<Cand> = rule_cands;
    // "X claimed that Y …": an accusation even without a lexicon pattern —
    // unless Y is X itself (then the inner action is X's own claim).
    for i in 0..n {
        let acc =
            ACCUSE.contains(&ws[i].lemma.as_str()) && ws.get(i + 1).is_some_and(|x| x.is("that"));
        if acc
            && in_mention[i].is_none()
            && !cands.iter().any(|c| c.head == i)
            && !self_reference(ws, &ms, i)
        {
            cands.push(Cand {
                head: i,
                end: i,
                pat: &ACCUSE_PATTERN,
            });
        }
    }
    // Zones look for an earlier verb among the patterns only.
    let mut rule_at = vec![false; n];
    for c in &cands {
        rule_at[c.head] = true;
    }
    let is_rule_cand = |i: usize| rule_at.get(i).copied().unwrap_or(false);
    cands.extend(
        model_at
            .iter()
            .zip(&model_pats)
            .map(|(&(head, _), pat)| Cand {
                head,
                end: head,
                pat,
            }),
    );
    cands.sort_by_key(|c| c.head);
    let mut cand_at = vec![false; n];
    for c in &cands {
        cand_at[c.head] = true;
    }
    let is_cand = |i: usize| cand_at.get(i).copied().unwrap_or(false);
    let model_prob = |i: usize| model_at.iter().find(|&&(h, _)| h == i).map(|&(_, p)| p);

    // Zones: a leading "X said (that)" opens a new zone; a trailing
    // ", X said Wednesday" or "according to X" is attribution (-1).
    let mut zone = vec![0i32; n];
    let mut lead_speakers: HashMap<i32, usize> = HashMap::new();
    let mut lead_verbs: HashMap<i32, usize> = HashMap::new();
    let mut accusation: Vec<(usize, usize, usize)> = Vec::new(); // (verb, content start, end)
    let mut speeches: Vec<Speech> = Vec::new();
    let mut next_zone = 1;
    for i in 0..n {
        let w = &ws[i];
        if w.is("according") && ws.get(i + 1).is_some_and(|x| x.is("to")) {
            let mut s = i;
            if s > 0 && ws[s - 1].is(",") {
                s -= 1;
            }
            let e = (i + 2..n).find(|&j| ws[j].is(",")).unwrap_or(n);
            zone[s..e].fill(-1);
            continue;
        }
        let is_say = w.is_any(&[]) || SAY.contains(&w.lemma.as_str());
        let is_acc =
            ACCUSE.contains(&w.lemma.as_str()) && ws.get(i + 1).is_some_and(|x| x.is("that"));
        if !(is_say || is_acc) || in_mention[i].is_some() || nounish(ws, i, &in_mention) {
            continue;
        }
        let Some(sp) = speaker(ws, &ms, i) else {
            continue;
        };
        let m = &ms[sp];
        let before_quote = m.start > 0 && {
            let mut p = m.start - 1;
            while p > 0 && is_quote(ws[p].surface) {
                p -= 1;
            }
            ws[p].is(",") || is_quote(ws[m.start - 1].surface)
        };
        let earlier_verb = (0..m.start).any(is_rule_cand);
        if is_say && before_quote {
            // "…, she said": the words before the attribution.
            let quoted_end = (0..m.start)
                .rev()
                .find(|&j| !(is_quote(ws[j].surface) || ws[j].is(",")))
                .map_or(0, |j| j + 1);
            speeches.push(Speech {
                speaker: sp,
                verb: i,
                content: 0..quoted_end,
            });
        }
        if is_say && before_quote && earlier_verb {
            let mut s = m.start - 1;
            while s > 0 && (is_quote(ws[s].surface) || ws[s].is(",")) && zone[s - 1] >= 0 {
                if ws[s].is(",") {
                    break;
                }
                s -= 1;
            }
            let e = (i + 1..n).find(|&j| ws[j].is(",")).unwrap_or(n);
            zone[s..e].fill(-1);
        } else {
            let mut c = i + 1;
            if w.lemma == "tell"
                && let Some(obj) = ms.iter().find(|x| x.start == c)
            {
                c = obj.end;
            }
            if ws.get(c).is_some_and(|x| x.is("that")) {
                c += 1;
            }
            if is_acc && !self_reference(ws, &ms, i) {
                let e = (c..n).find(|&j| ws[j].is_any(&[";", "but"])).unwrap_or(n);
                accusation.push((i, c, e));
            }
            if is_say && !before_quote {
                let e = (c..n).find(|&j| ws[j].is_any(&[";"])).unwrap_or(n);
                speeches.push(Speech {
                    speaker: sp,
                    verb: i,
                    content: c..e,
                });
            }
            for z in zone.iter_mut().skip(c) {
                if *z >= 0 {
                    *z = next_zone;
                }
            }
            lead_speakers.insert(next_zone, sp);
            lead_verbs.insert(next_zone, i);
            next_zone += 1;
        }
    }
    // Hypothetical clauses ("whether China was supplying …") are not events.
    let mut hypothetical = vec![false; n];
    for i in 0..n {
        let refusal_to_speak = NEGATORS.contains(&ws[i].lemma.as_str())
            && ws.get(i + 1).is_some_and(|w| w.is("to"))
            && ws.get(i + 2).is_some_and(|w| {
                w.is_any(&["comment", "say", "speak", "discuss", "elaborate", "confirm"])
            });
        // "the risk that Israel will launch …", "an opening for X to attack":
        // what might happen is not an event.
        let possibility = ws[i].is_any(POSSIBILITY)
            && ws
                .get(i + 1)
                .is_some_and(|w| w.is_any(&["that", "to", "for", "of"]));
        // "were scheduled to visit", "is expected to sign": planned, not yet done.
        let planned = ws[i].is_any(PLANNED)
            && ws.get(i + 1).is_some_and(|w| w.is("to"))
            && i > 0
            && ws[i - 1].lemma == "be";
        if ws[i].is_any(&["whether", "unless"])
            || (ws[i].is("if") && i > 0)
            || refusal_to_speak
            || possibility
            || planned
        {
            // Up to the next clause that is asserted again.
            let e = (i + 1..n)
                .find(|&j| ws[j].is(";") || (ws[j].is("but") && j > 0 && ws[j - 1].is(",")))
                .unwrap_or(n);
            hypothetical[i..e].fill(true);
        }
    }

    // Wrappers.
    let mut wrap: Vec<Option<Wrap>> = vec![None; n];
    let mut suppressed = vec![false; n];
    for i in 0..n {
        let l = ws[i].lemma.as_str();
        let find_to_verb = |from: usize| -> Option<usize> {
            let mut j = from;
            while j < n
                && (ws[j].is_any(&["also", "not", "further", "formally", "actively"])
                    || is_quote(ws[j].surface))
            {
                j += 1;
            }
            if !ws.get(j).is_some_and(|w| w.is("to") || w.is("in")) {
                return None;
            }
            j += 1;
            while j < n && ws[j].lower.ends_with("ly") {
                j += 1;
            }
            is_cand(j).then_some(j)
        };
        if APPEAL.contains(&l) && !nounish(ws, i, &in_mention) {
            let mut j = i + 1;
            if ws.get(j).is_some_and(|w| w.is_any(&["on", "upon", "to"])) {
                j += 1;
            }
            if let Some(obj) = ms.iter().position(|m| m.start == j)
                && let Some(v) = find_to_verb(ms[obj].end)
            {
                wrap[v] = Some(Wrap::Appeal(obj, i));
                suppressed[i] = true;
                continue;
            }
        }
        if (INTENT.contains(&l) || ws[i].is_any(INTENT))
            && let Some(v) = find_to_verb(i + 1)
        {
            wrap[v] = Some(Wrap::Intent(i));
            suppressed[i] = true;
            if negated_before(ws, i) {
                wrap[v] = Some(Wrap::Refuse);
            }
            continue;
        }
        if NEGATORS.contains(&l) {
            if let Some(v) = find_to_verb(i + 1) {
                wrap[v] = Some(Wrap::Refuse);
                suppressed[i] = true;
            } else if ws.get(i + 1).is_some_and(|w| w.is("to")) {
                suppressed[i] = true; // "refused to comment": nothing to code
            }
        }
    }
    for i in 0..n {
        if wrap[i].is_none() && is_cand(i) && negated_before(ws, i) {
            wrap[i] = Some(Wrap::Negate);
        }
        // "Israel announced it would free …": a reported future is an intent.
        if wrap[i].is_none() && is_cand(i) && zone[i] > 0 && lead_speakers.contains_key(&zone[i]) {
            let lo = i.saturating_sub(2);
            if (lo..i).any(|j| ws[j].is_any(&["will", "would", "'ll"])) {
                wrap[i] = Some(Wrap::Intent(i));
            }
        }
    }

    let trace = *TRACE;
    if trace {
        let m: Vec<String> = ms
            .iter()
            .map(|m| format!("{}[{}..{}]", m.code, m.start, m.end))
            .collect();
        let c: Vec<String> = cands
            .iter()
            .map(|c| {
                format!(
                    "{}@{}:{}",
                    ws[c.head].lower,
                    c.head,
                    c.pat.code.clone().unwrap_or_default()
                )
            })
            .collect();
        eprintln!(
            "TRACE\t{}\t{}\tM {}\tC {}",
            ctx.article,
            text.replace(['\t', '\n'], " "),
            m.join(" "),
            c.join(" ")
        );
    }
    let dates = dates::find(ws, ctx.published);
    let mut consumed = vec![false; n];
    let mut emitted_any = false;
    let first_event = out.len();
    // Events of this sentence already coded (an earlier piece).
    let mut count = out.iter().rev().take_while(|e| e.sentence == index).count();
    for c in &cands {
        let v = c.head;
        if consumed[v] || suppressed[v] || hypothetical[v] || zone[v] < 0 {
            if trace {
                eprintln!(
                    "TRACE-SKIP\t{}\t{} c{} s{} h{} z{}",
                    ctx.article, ws[v].lower, consumed[v], suppressed[v], hypothetical[v], zone[v]
                );
            }
            continue;
        }
        // "made an offer to help", "expressed interest to assist": the
        // wrapped action is the event, not the light verb.
        if c.end > v && suppressed[c.end] {
            continue;
        }
        if accusation.iter().any(|&(_, s, e)| (s..e).contains(&v)) {
            continue;
        }
        // "..., killing at least eight people": an elaboration of the event before.
        if emitted_any && ws[v].lower.ends_with("ing") && v > 0 && ws[v - 1].is(",") {
            continue;
        }
        // Consume the complement verb ("help Iraq fight", "offered to support").
        consume_complement(ws, &ms, c, &cands, &wrap, &mut consumed);
        let Some(base) = c.pat.code.clone() else {
            continue;
        };
        let (code, negated) = match wrap[v] {
            Some(Wrap::Intent(w)) => {
                let conflict = base.get(..2).is_some_and(|r| r >= "09");
                if conflict && !THREAT_WRAPPERS.contains(&ws[w].lemma.as_str()) {
                    (base.clone(), false)
                } else {
                    (intent_code(&base), false)
                }
            }
            Some(Wrap::Appeal(..)) => (appeal_code(&base), false),
            // A refusal is a REJECT; an action reported as not done is kept
            // for provenance only (the codebook codes no negated action).
            Some(Wrap::Negate) => match negated_code(&base).filter(|_| refusing(ws, v)) {
                Some(r) => (r, false),
                None => (base.clone(), true),
            },
            Some(Wrap::Refuse) => match negated_code(&base) {
                Some(r) => (r, false),
                None => (base.clone(), true),
            },
            None => (base.clone(), false),
        };
        let mut code = refine_military(ws, v, c.end, code);
        // "X attempted to assassinate Y": the dictionary's verb-on-verb rules.
        if wrap[v].is_none()
            && let Some(g) = governing_verb(ws, v, &in_mention)
            && let Some((t, _)) = DICTIONARY.transform(&ws[g], &code, None)
        {
            code = t;
        }
        // "the video was released": no actor; "attacked his policy": criticism.
        match crate::patients::fits(ws, v, &code, &|t| in_mention[t].is_some()) {
            crate::patients::Patient::Misfit => continue,
            crate::patients::Patient::Idea => code = "111".into(),
            crate::patients::Patient::Fits => {}
        }
        let passive = is_passive(ws, v);
        let acc = accusation.iter().find(|&&(a, _, _)| a == v).copied();
        let subject_at = match wrap[v] {
            Some(Wrap::Intent(w)) | Some(Wrap::Appeal(_, w)) => w,
            _ => v,
        };
        let dep = tree
            .filter(|_| acc.is_none())
            .and_then(|t| participants_dep(ws, t, &ms, c, passive));
        let (mut srcs, mut tgts) =
            dep.unwrap_or_else(|| participants(ws, &ms, &zone, c, subject_at, passive, acc));
        if let Some(Wrap::Appeal(obj, _)) = wrap[v] {
            tgts = group(ws, &ms, obj);
        }
        if c.pat.reverse {
            std::mem::swap(&mut srcs, &mut tgts);
        }
        // "X said that Y attacked Z": an accusation by X against Y (or X's
        // claim of responsibility when Y is X) — the dictionary's
        // transformations first, then Herald's own rule for roots 18-20.
        if let (Some(&sp), Some(&s0)) = (lead_speakers.get(&zone[v]), srcs.first()) {
            let root = code.get(..2).unwrap_or("");
            let spk = ms[sp].code.clone();
            let same = ms[s0].code == spk;
            let dict = lead_verbs
                .get(&zone[v])
                .and_then(|&o| DICTIONARY.transform(&ws[o], &code, Some(same)))
                .filter(|(t, by_src)| *t != code || *by_src);
            if let Some((t, tgt_is_inner_src)) = dict.filter(|_| !negated && !spk.is_empty()) {
                if tgt_is_inner_src {
                    tgts = group(ws, &ms, s0);
                }
                srcs = group(ws, &ms, sp);
                code = t;
            } else if matches!(root, "18" | "19" | "20") && !negated && !spk.is_empty() {
                if ms[s0].code == spk {
                    code = "015".into();
                    srcs = group(ws, &ms, sp);
                } else {
                    code = "112".into();
                    tgts = group(ws, &ms, s0);
                    srcs = group(ws, &ms, sp);
                }
            }
        }
        // A protest, or a claim of responsibility, in a place targets it.
        if tgts.is_empty()
            && (code.starts_with("14") || code.starts_with("09") || code == "015" || code == "018")
            && let Some(p) = place_mention(&ms, &zone, v)
        {
            tgts = vec![p];
        }
        let pairwise = tgts.is_empty() && c.pat.symmetric && srcs.len() >= 2;
        // Actors the action implies ("was arrested": by the police; "protesters
        // marched": against the government), in the article's home country.
        if let Some(home) = ctx.context.home.as_deref()
            && !negated
        {
            if srcs.is_empty()
                && passive
                && let Some(role) = crate::context::implied_source(&code)
            {
                ms.push(Mention::implied(v, format!("{home}{role}")));
                srcs = vec![ms.len() - 1];
            }
            if tgts.is_empty()
                && !pairwise
                && !srcs.is_empty()
                && let Some(role) = crate::context::implied_target(&code)
            {
                ms.push(Mention::implied(v, format!("{home}{role}")));
                tgts = vec![ms.len() - 1];
            }
        }
        if srcs.is_empty() || (tgts.is_empty() && !pairwise) {
            // Herald codes dyadic events only: no target, no event.
            if trace {
                eprintln!(
                    "TRACE-NOACT\t{}\t{} src{} tgt{}",
                    ctx.article,
                    ws[v].lower,
                    srcs.len(),
                    tgts.len()
                );
            }
            continue;
        }
        let mut pairs: Vec<(usize, Option<usize>)> = Vec::new();
        if pairwise {
            for &a in &srcs {
                for &b in &srcs {
                    if a != b {
                        pairs.push((a, Some(b)));
                    }
                }
            }
        } else if tgts.is_empty() {
            pairs.extend(srcs.iter().map(|&s| (s, None)));
        } else {
            for &s in &srcs {
                for &t in &tgts {
                    pairs.push((s, Some(t)));
                }
            }
        }
        let span = ws[v].span.cover(&ws[c.end.min(n - 1)].span);
        let date = nearest_date(&dates, &zone, v);
        // Background: an action dated over a year before publication.
        if let (Some(d), Some(p)) = (&date, ctx.published)
            && dates::is_background(d, p)
        {
            continue;
        }
        let place = place(ws, &ms, &zone, v, ctx.text);
        let expanded: Vec<(usize, Option<usize>, String)> = pairs
            .iter()
            .flat_map(|&(s, t)| {
                std::iter::once(ms[s].code.clone())
                    .chain(ms[s].extra.iter().cloned())
                    .map(move |code| (s, t, code))
            })
            .collect();
        // Civilians, people, refugees hit in a named place are that place's
        // ("four children were killed … in the Gaza Strip" → PSECVL).
        let victim_country = ms
            .iter()
            .filter(|m| {
                m.place
                    && matches!(m.prep.as_deref(), Some("in" | "at" | "of" | "near"))
                    && zone.get(m.start) == zone.get(v)
            })
            .min_by_key(|m| m.start.abs_diff(v))
            .and_then(|m| m.country().map(str::to_string));
        for (s, t, scode) in expanded {
            let sm = &ms[s];
            if scode.is_empty() {
                continue;
            }
            let mut tcode = t.map(|t| ms[t].code.clone()).unwrap_or_default();
            if let (Some(c), Some("---")) = (&victim_country, tcode.get(..3))
                && matches!(tcode.get(3..6), Some("CVL" | "PPL" | "REF"))
            {
                tcode = format!("{c}{}", &tcode[3..]);
            }
            let code = unconventional(&code, &scode, &tcode);
            // One actor on both sides is no dyad; two actors of one code are
            // ("a man stabbed five people": USACVL → USACVL, as coders code it).
            let same_actor = || t.is_none_or(|t| t == s || same_words(ws, &ms[t], sm));
            if (tcode == scode && same_actor()) || (t.is_some() && tcode.is_empty()) {
                continue;
            }
            let dup = out[first_event..]
                .iter()
                .any(|e| e.source.code == scode && e.target.code == tcode && e.cameo == code);
            if dup {
                continue;
            }
            let mut source = actor(ws, sm, ctx.text);
            if source.code != scode {
                source.country = scode.get(..3).map(str::to_string);
                source.role = scode.get(3..6).map(str::to_string);
                source.code = scode.clone();
            }
            let info = LEXICON.cameo_info(&code);
            out.push(Event {
                id: format!("{}:{}:{}", ctx.article, index, count),
                article: ctx.article.to_string(),
                sentence: index,
                span,
                date: date.clone(),
                source,
                target: {
                    let mut a = t.map(|t| actor(ws, &ms[t], ctx.text)).unwrap_or_default();
                    if a.code != tcode {
                        a.country = tcode.get(..3).map(str::to_string);
                        a.code = tcode.clone();
                    }
                    a
                },
                plover: info.map(|i| i.plover.clone()).unwrap_or_default(),
                quad_class: quad_class(&code),
                goldstein: info.map(|i| i.goldstein).unwrap_or(0.0),
                cameo: code.clone(),
                negated,
                place: place.clone(),
                pattern: match wrap[v] {
                    Some(Wrap::Intent(_)) => format!("intent+{}", c.pat.text),
                    Some(Wrap::Appeal(..)) => format!("appeal+{}", c.pat.text),
                    Some(Wrap::Negate | Wrap::Refuse) => format!("not+{}", c.pat.text),
                    None => c.pat.text.clone(),
                },
                confidence: model_prob(v).unwrap_or(1.0),
            });
            count += 1;
        }
        emitted_any = true;
    }
    // Judgements in reported speech with no action of their own.
    for sp in &speeches {
        let spk = &ms[sp.speaker];
        if spk.code.is_empty() || out[first_event..].iter().any(|e| e.source.code == spk.code) {
            continue;
        }
        let Some((code, t)) = speech::judgement(ws, &ms, sp, ctx.text, is_cand) else {
            continue;
        };
        let info = LEXICON.cameo_info(code);
        out.push(Event {
            id: format!("{}:{}:{}", ctx.article, index, count),
            article: ctx.article.to_string(),
            sentence: index,
            span: ws[sp.verb].span,
            date: nearest_date(&dates, &zone, sp.verb),
            source: actor(ws, spk, ctx.text),
            target: actor(ws, &ms[t], ctx.text),
            plover: info.map(|i| i.plover.clone()).unwrap_or_default(),
            quad_class: quad_class(code),
            goldstein: info.map(|i| i.goldstein).unwrap_or(0.0),
            cameo: code.to_string(),
            negated: false,
            place: None,
            pattern: format!("speech+{}", ws[sp.verb].lemma),
            // A verdict read from tone: weaker evidence than a verb pattern.
            confidence: speech::CONFIDENCE,
        });
        count += 1;
    }
    remember(index, &ms, state);
}

/// Whether two mentions are the same words (two implied actors, no words,
/// count as one): how two mentions of one code are told apart.
fn same_words(ws: &[Word], a: &Mention, b: &Mention) -> bool {
    let words = |m: &Mention| ws.get(m.start..m.end.min(ws.len())).unwrap_or(&[]);
    let (x, y) = (words(a), words(b));
    x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.lower == q.lower)
}

/// Builds the coder's own patterns now ([`crate::preload`]).
pub(crate) fn preload() {
    std::sync::LazyLock::force(&ACCUSE_PATTERN);
}

static ACCUSE_PATTERN: std::sync::LazyLock<VerbPattern> =
    std::sync::LazyLock::new(|| VerbPattern {
        text: "claim|allege that".into(),
        head: "claim".into(),
        rest: Vec::new(),
        code: Some("112".into()),
        symmetric: false,
        noun: false,
        reverse: false,
        inflected: false,
        target_preps: Vec::new(),
    });

/// "The US claimed that they …": the complement's subject is the speaker.
fn self_reference(ws: &[Word], ms: &[Mention], v: usize) -> bool {
    let Some(subj) = ms.iter().find(|m| m.start == v + 2) else {
        return false;
    };
    let speaker = ms.iter().rfind(|m| m.end <= v && !m.code.is_empty());
    subj.pronoun
        && ws[subj.start].is_any(&["they", "it", "he", "she"])
        && speaker.is_some_and(|s| s.code == subj.code)
}

pub(crate) fn is_quote(s: &str) -> bool {
    matches!(s, "\"" | "'" | "`" | "``" | "''" | "“" | "”" | "‘" | "’")
}

pub(crate) fn speaker(ws: &[Word], ms: &[Mention], v: usize) -> Option<usize> {
    // "The Observatory, a UK-based group that tracks the war, said": skip
    // the appositive between commas.
    if v >= 2
        && ws[v - 1].is(",")
        && let Some(open) = (0..v - 1).rev().take(14).find(|&j| ws[j].is(","))
        && let Some(k) = ms.iter().position(|m| m.end == open && !m.code.is_empty())
    {
        return Some(k);
    }
    let mut best = None;
    for (k, m) in ms.iter().enumerate() {
        if m.end > v || m.code.is_empty() {
            continue;
        }
        let gap = &ws[m.end..v];
        let ok = gap.len() <= 6 && gap.iter().all(|w| w.cap || w.is_any(AUX));
        if ok {
            best = Some(k);
        }
    }
    best
}

fn consume_complement(
    ws: &[Word],
    ms: &[Mention],
    c: &Cand,
    cands: &[Cand],
    wrap: &[Option<Wrap>],
    consumed: &mut [bool],
) {
    let n = ws.len();
    let take = |k: usize, consumed: &mut [bool]| {
        if wrap[k].is_none() && !consumed[k] {
            consumed[k] = true;
            if let Some(next) = cands.iter().find(|x| x.head == k) {
                consume_complement(ws, ms, next, cands, wrap, consumed);
            }
        }
    };
    let mut j = c.end + 1;
    if let Some(m) = ms.iter().find(|m| m.start == j) {
        j = m.end;
        // "help Iraq fight": a bare verb after the object.
        if c.pat.head == "help" && cands.iter().any(|x| x.head == j) {
            take(j, consumed);
            return;
        }
    }
    if c.pat.head == "help" && cands.iter().any(|x| x.head == j) {
        take(j, consumed);
        return;
    }
    // The first "to VERB" of the clause is the action's purpose or
    // complement ("send a team … to help", "met X Tuesday to discuss").
    while j < n
        && !ws[j].is_any(&[
            ";", ",", "but", "while", "because", "who", "which", "that", "and",
        ])
    {
        if ws[j].is("to") {
            let mut k = j + 1;
            while k < n && ws[k].lower.ends_with("ly") {
                k += 1;
            }
            if cands.iter().any(|x| x.head == k) {
                take(k, consumed);
                return;
            }
        }
        j += 1;
    }
}
