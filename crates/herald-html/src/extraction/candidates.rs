//! Herald: which match of each content rule to extract.
//!
//! Upstream takes each rule's first match in document order. A small box
//! that happens to carry a body-like class ("article-cta-box", a tooltip,
//! a "checking our work" note) then wins over the real body that a later
//! match or a later rule holds. Here a match is taken only when its
//! paragraph text is a fair share of the largest paragraph text any content
//! rule matched: a box with a sixth of it or less is passed over for the
//! rule's next match, or the next rule. A body split into sibling modules
//! (text blocks between galleries, entries of a list) is taken whole.

use std::collections::HashMap;

use crate::dom::{Document, NodeId};
use crate::selector::Rule;
use crate::utils::FnvBuild;

/// Below this many characters of paragraph text in the best match, every
/// first match stands (short pages, bodies without `<p>`).
const MIN_BEST_CHARS: usize = 1000;

/// A match must hold more than `1 / SHARE_DIVISOR` of the best match's
/// paragraph text.
const SHARE_DIVISOR: usize = 6;

/// Characters of `<p>` text inside each of `ids`: one pass over the page's
/// paragraphs, each counted once and added to its matched ancestors.
fn paragraph_chars(doc: &Document, ids: &[NodeId]) -> HashMap<NodeId, usize, FnvBuild> {
    let mut chars: HashMap<NodeId, usize, FnvBuild> = ids.iter().map(|&id| (id, 0)).collect();
    for p in doc.iter(doc.root(), &["p"]) {
        let n = doc.text_content(p).chars().count();
        let mut cur = Some(p);
        while let Some(id) = cur {
            if let Some(c) = chars.get_mut(&id) {
                *c += n;
            }
            cur = doc.parent(id);
        }
    }
    chars
}

/// Tag, first class token and depth: what sibling modules of one body share.
fn signature(doc: &Document, id: NodeId) -> (&str, &str, usize) {
    let class = doc.class_name(id).split_whitespace().next().unwrap_or("");
    let mut depth = 0;
    let mut cur = id;
    while let Some(p) = doc.parent(cur) {
        depth += 1;
        cur = p;
    }
    (doc.tag_name(id), class, depth)
}

/// The chosen match and the other matches of the same rule that look like
/// further modules of the same body (a body split into text blocks between
/// galleries or ads, a list of entries): the same tag, first class token and
/// depth. Not when several of them carry an `<h1>` (separate stories, as on
/// an endless-scroll page), nor for a classless match.
fn modules(doc: &Document, matches: &[NodeId], chosen: NodeId) -> Vec<NodeId> {
    let sig = signature(doc, chosen);
    if sig.1.is_empty() {
        return vec![chosen];
    }
    let group: Vec<NodeId> = matches
        .iter()
        .copied()
        .filter(|&id| id == chosen || signature(doc, id) == sig)
        .collect();
    let h1s = group
        .iter()
        .filter(|&&id| !doc.iter(id, &["h1"]).is_empty())
        .count();
    if h1s > 1 {
        return vec![chosen];
    }
    group
}

/// Per content rule (in order), the match to extract with its sibling
/// modules (empty when the rule has none worth taking).
pub(crate) fn choose(doc: &Document, rules: &[Rule]) -> Vec<Vec<NodeId>> {
    let mut matches: Vec<Vec<NodeId>> = vec![Vec::new(); rules.len()];
    for id in doc.get_elements_by_tag_name(doc.root(), "*") {
        for (i, rule) in rules.iter().enumerate() {
            if rule(doc, id) {
                matches[i].push(id);
            }
        }
    }
    let all: Vec<NodeId> = matches.iter().flatten().copied().collect();
    let chars = paragraph_chars(doc, &all);
    let p = |id: NodeId| chars.get(&id).copied().unwrap_or(0);
    let best = matches.iter().flatten().map(|&id| p(id)).max().unwrap_or(0);
    matches
        .iter()
        .map(|m| {
            let chosen = if best < MIN_BEST_CHARS {
                m.first().copied()
            } else {
                m.iter().copied().find(|&id| p(id) * SHARE_DIVISOR > best)
            };
            chosen.map_or_else(Vec::new, |c| modules(doc, m, c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selector::content::CONTENT;

    fn para(n: usize) -> String {
        "<p>The council met on Tuesday and voted on the new flood barrier plan. </p>".repeat(n)
    }

    #[test]
    fn small_box_with_body_class_is_passed_over() {
        let html = format!(
            r#"<html><body><div class="article-cta-box"><p>Enjoyed this piece? We need your help to keep publishing.</p></div>
<div class="main-page-wrapper"><h1>Title</h1>{}</div></body></html>"#,
            para(30)
        );
        let doc = Document::parse(&html);
        let chosen = choose(&doc, CONTENT);
        // Rule 3 ("article…" class) matched only the box: skipped.
        assert!(chosen
            .iter()
            .flatten()
            .all(|&id| doc.class_name(id) != "article-cta-box"));
        // The wrapper (rule 5, "main…") is taken.
        assert!(chosen
            .iter()
            .flatten()
            .any(|&id| doc.class_name(id) == "main-page-wrapper"));
    }

    #[test]
    fn first_match_stands_when_it_holds_the_body() {
        let html = format!(
            r#"<html><body><main><div class="article-body">{}</div><aside>{}</aside></main></body></html>"#,
            para(20),
            para(10)
        );
        let doc = Document::parse(&html);
        let chosen = choose(&doc, CONTENT);
        assert_eq!(doc.class_name(chosen[0][0]), "article-body");
        assert_eq!(doc.tag_name(chosen[4][0]), "main");
    }

    #[test]
    fn short_pages_keep_the_first_match() {
        let html = r#"<html><body><div class="article-body"><p>Short.</p></div><main><p>Also short.</p></main></body></html>"#;
        let doc = Document::parse(html);
        let chosen = choose(&doc, CONTENT);
        assert_eq!(doc.class_name(chosen[0][0]), "article-body");
    }

    #[test]
    fn sibling_modules_are_taken_together() {
        let block = |c: &str| {
            format!(
                r#"<div class="block"><div class="{c}">{}</div></div>"#,
                para(6)
            )
        };
        let html = format!(
            r#"<html><body><article><h1>Title</h1>{}<div class="gallery"><img src="a.jpg"></div>{}{}</article></body></html>"#,
            block("article-text dropcap"),
            block("article-text"),
            block("article-text wide")
        );
        let doc = Document::parse(&html);
        assert_eq!(choose(&doc, CONTENT)[0].len(), 3);
    }

    #[test]
    fn separate_stories_are_not_merged() {
        let story = format!(
            r#"<article class="post"><h1>Story</h1>{}</article>"#,
            para(20)
        );
        let html = format!("<html><body><main>{story}{story}</main></body></html>");
        let doc = Document::parse(&html);
        assert!(choose(&doc, CONTENT).iter().all(|g| g.len() <= 1));
    }
}
