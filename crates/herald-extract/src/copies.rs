//! Layout copies of a page's body: responsive page builders render one
//! body several times (a desktop and a mobile variant, a "gated" and an
//! open variant), and the copies the stylesheet hides are still in the
//! HTML. A run of consecutive blocks repeated later in the extracted text
//! is such a copy when it is a large part of the page (at least
//! [`MIN_SHARE`] of its words) and reads as prose: [`MIN_RUN`] blocks or
//! more, [`MIN_WORDS`] words, several distinct paragraphs of
//! [`LONG_BLOCK`] words. Repeated list items, table rows, menu entries and
//! quoted paragraphs stay: they are short runs, or short lines, or a small
//! part of the page.

/// Fewest consecutive blocks in a copy.
const MIN_RUN: usize = 3;
/// Fewest words in a copy.
const MIN_WORDS: usize = 60;
/// A copy's words as a share of the page's words.
const MIN_SHARE: f64 = 0.15;
/// Words of a block that counts as a paragraph of prose.
const LONG_BLOCK: usize = 15;
/// Distinct prose paragraphs a copy needs.
const MIN_LONG: usize = 2;

/// Lowercase words of a block joined by one space: blocks that differ only
/// in punctuation, case or spacing compare equal.
fn key(block: &str) -> String {
    let mut k = String::with_capacity(block.len());
    for w in block
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !k.is_empty() {
            k.push(' ');
        }
        k.extend(w.chars().flat_map(char::to_lowercase));
    }
    k
}

fn words(k: &str) -> usize {
    if k.is_empty() {
        0
    } else {
        k.split(' ').count()
    }
}

/// For each block, whether it belongs to a later copy of an earlier run.
pub(crate) fn layout_copies(blocks: &[&str]) -> Vec<bool> {
    let keys: Vec<String> = blocks.iter().map(|b| key(b)).collect();
    let n = keys.len();
    let mut copy = vec![false; n];
    let total: usize = keys.iter().map(|k| words(k)).sum();
    if n < 2 * MIN_RUN || total == 0 {
        return copy;
    }
    let mut seen: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    let mut j = 0;
    while j < n {
        // The longest earlier run (ending before `j`) that block `j` starts again.
        let mut best = 0;
        if !keys[j].is_empty() {
            for &i in seen.get(keys[j].as_str()).map_or(&[][..], Vec::as_slice) {
                let mut len = 0;
                while j + len < n && i + len < j && keys[i + len] == keys[j + len] {
                    len += 1;
                }
                best = best.max(len);
            }
        }
        if best >= MIN_RUN && is_copy(&keys[j..j + best], total) {
            for (t, c) in copy.iter_mut().enumerate().skip(j).take(best) {
                *c = true;
                seen.entry(keys[t].as_str()).or_default().push(t);
            }
            j += best;
            continue;
        }
        seen.entry(keys[j].as_str()).or_default().push(j);
        j += 1;
    }
    copy
}

fn is_copy(run: &[String], total: usize) -> bool {
    let w: usize = run.iter().map(|k| words(k)).sum();
    let distinct: std::collections::HashSet<&str> = run
        .iter()
        .map(String::as_str)
        .filter(|k| !k.is_empty())
        .collect();
    let long = distinct.iter().filter(|k| words(k) >= LONG_BLOCK).count();
    distinct.len() >= MIN_RUN
        && long >= MIN_LONG
        && w >= MIN_WORDS
        && w as f64 >= MIN_SHARE * total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const P1: &str = "The council voted on Tuesday to build a new flood barrier along the river, ending months of debate.";
    const P2: &str = "Work is expected to start in the spring, and the barrier should be finished within two years.";
    const P3: &str = "Residents who live close to the river welcomed the decision, saying the floods had ruined homes.";
    const P4: &str = "The barrier will cost twelve million pounds, shared between the county and the national agency.";

    #[test]
    fn a_second_rendering_of_the_body_is_a_copy() {
        let blocks = [
            "Flood barrier approved",
            P1,
            P2,
            P3,
            P4,
            "Subscribe",
            "Flood barrier approved",
            P1,
            P2,
            P3,
            P4,
        ];
        let copy = layout_copies(&blocks);
        assert_eq!(copy.iter().filter(|&&c| c).count(), 5);
        assert!(copy[6..].iter().all(|&c| c));
        assert!(copy[..6].iter().all(|&c| !c));
    }

    #[test]
    fn repeated_list_items_and_single_paragraphs_stay() {
        // A menu whose short lines repeat (two meal plans), and one paragraph
        // quoted again: no run of prose paragraphs repeats.
        let blocks = [
            "Breakfast",
            "Eat within an hour of waking",
            "Two eggs and toast",
            "Lunch",
            P1,
            P2,
            "Breakfast",
            "Eat within an hour of waking",
            "Two eggs and toast",
            "Dinner",
            P3,
            P1,
        ];
        assert!(layout_copies(&blocks).iter().all(|&c| !c));
    }

    #[test]
    fn a_small_repeated_box_on_a_long_page_stays() {
        let long: Vec<String> = (0..40)
            .map(|i| format!("{P1} Paragraph {i} adds its own distinct words about item {i}."))
            .collect();
        let mut blocks: Vec<&str> = vec![P1, P2, P3];
        blocks.extend(long.iter().map(String::as_str));
        blocks.extend([P1, P2, P3]);
        assert!(layout_copies(&blocks).iter().all(|&c| !c));
    }
}
