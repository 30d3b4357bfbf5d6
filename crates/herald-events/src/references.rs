//! Mentions across sentences and what an event reports of them: pronouns
//! and definite roles resolved against the article so far, the actor record,
//! the date and the place nearest the action.

use herald_core::Actor;

use crate::actors::Mention;
use crate::coder::State;
use crate::dates::DateExpr;
use crate::participants::group;
use crate::words::Word;

pub(crate) fn resolve_references(ws: &[Word], index: usize, ms: &mut [Mention], state: &State) {
    for k in 0..ms.len() {
        if ms[k].pronoun {
            let usable = |p: usize| !ms[p].pronoun && !ms[p].code.is_empty();
            let prev = (0..k)
                .rev()
                .find(|&p| usable(p) && ms[p].prep.is_none())
                .or_else(|| (0..k).rev().find(|&p| usable(p)));
            let code = match prev {
                Some(p) => Some(ms[p].code.clone()),
                None => state.last_subject.clone(),
            };
            if let Some(c) = code {
                ms[k].code = c;
            }
            // "Obama and Putin said they …": a plural pronoun stands for the group.
            if let Some(p) = prev.filter(|_| ws[ms[k].start].is("they")) {
                let g = group(ws, ms, p);
                ms[k].extra = g
                    .iter()
                    .filter(|&&x| x != p)
                    .map(|&x| ms[x].code.clone())
                    .collect();
            }
        } else if ms[k].definite_role_only {
            let Some(role) = ms[k].role().map(str::to_string) else {
                continue;
            };
            let found = state
                .recent
                .iter()
                .rev()
                .take_while(|(s, _)| index.saturating_sub(*s) <= 5)
                .find(|(_, c)| c.get(3..6) == Some(role.as_str()));
            if let Some((_, c)) = found {
                ms[k].code = c.clone();
            }
        }
    }
}

pub(crate) fn remember(index: usize, ms: &[Mention], state: &mut State) {
    if let Some(m) = ms.iter().find(|m| m.prep.is_none() && !m.code.is_empty()) {
        state.last_subject = Some(m.code.clone());
    }
    for m in ms.iter().filter(|m| m.start < m.end) {
        if m.country().is_some() && m.role().is_some() {
            state.recent.push((index, m.code.clone()));
        }
    }
    if state.recent.len() > 64 {
        state.recent.drain(..32);
    }
}

pub(crate) fn actor(ws: &[Word], m: &Mention, text: &str) -> Actor {
    if m.start >= m.end {
        // Implied by the action: no words name it.
        return Actor {
            text: String::new(),
            code: m.code.clone(),
            country: m.country().map(str::to_string),
            role: m.role().map(str::to_string),
        };
    }
    // `cover`, not `new`: spans of a given analysis may be out of order.
    let span = ws[m.start].span.cover(&ws[m.end - 1].span);
    Actor {
        text: span.slice(text).to_string(),
        code: m.code.clone(),
        country: m.country().map(str::to_string),
        role: m.role().map(str::to_string),
    }
}

pub(crate) fn nearest_date(dates: &[DateExpr], zone: &[i32], v: usize) -> Option<String> {
    dates
        .iter()
        .filter(|d| zone.get(d.pos) == zone.get(v))
        .min_by_key(|d| d.pos.abs_diff(v))
        .map(|d| d.iso.clone())
}

pub(crate) fn place_mention(ms: &[Mention], zone: &[i32], v: usize) -> Option<usize> {
    (0..ms.len())
        .filter(|&k| {
            let m = &ms[k];
            m.place
                && matches!(m.prep.as_deref(), Some("in" | "at"))
                && zone.get(m.start) == zone.get(v)
        })
        .min_by_key(|&k| ms[k].start.abs_diff(v))
}

pub(crate) fn place(
    ws: &[Word],
    ms: &[Mention],
    zone: &[i32],
    v: usize,
    text: &str,
) -> Option<String> {
    place_mention(ms, zone, v).map(|k| &ms[k]).map(|m| {
        let s = if ws[m.start].is("the") && m.end > m.start + 1 {
            m.start + 1
        } else {
            m.start
        };
        let surface = ws[s].span.cover(&ws[m.end - 1].span).slice(text);
        // "Bamako, Mali" when the gazetteer knows it; the surface otherwise.
        crate::geo::resolve_place(surface, None)
            .map(|p| p.label())
            .unwrap_or_else(|| surface.to_string())
    })
}
