// Port of go-trafilatura/internal/selector/utils.go

use crate::dom::{Document, NodeId};

/// Returns all ancestor elements of `id` that match `ancestor_tag`.
///
/// Port of `getNodeAncestors`.
pub(crate) fn get_node_ancestors(doc: &Document, id: NodeId, ancestor_tag: &str) -> Vec<NodeId> {
    let mut ancestors = Vec::new();
    let mut cur = id;
    while let Some(parent) = doc.parent(cur) {
        if doc.tag_name(parent) == ancestor_tag {
            ancestors.push(parent);
        }
        cur = parent;
    }
    ancestors
}

/// Results of a pure attribute rule keyed by the attribute values it reads
/// (herald: menus repeat the same `class`/`id` hundreds of times per page,
/// and a rule tests dozens of substrings each time).
#[derive(Default)]
pub(crate) struct Memo {
    key: String,
    map: std::collections::HashMap<String, bool, crate::utils::FnvBuild>,
}

/// `f()`, or its remembered result for the same `parts`. `f` must depend
/// on nothing but `parts`.
pub(crate) fn memoized(
    slot: &'static std::thread::LocalKey<std::cell::RefCell<Memo>>,
    parts: &[&str],
    f: impl FnOnce() -> bool,
) -> bool {
    slot.with(|m| {
        let mut m = m.borrow_mut();
        let m = &mut *m;
        m.key.clear();
        for p in parts {
            m.key.push_str(p);
            // Separator: a NUL never survives parsing into an attribute.
            m.key.push('\0');
        }
        if let Some(&hit) = m.map.get(m.key.as_str()) {
            return hit;
        }
        let v = f();
        if m.map.len() >= 4096 {
            m.map.clear();
        }
        m.map.insert(m.key.clone(), v);
        v
    })
}

/// Port of Go's `contains(s, substr)`.
///
/// Herald: the selector rules test dozens of needles against short
/// `class`/`id` values (mostly empty) for every element; `str::contains`
/// sets up a two-way searcher per call, which cost more than the search.
#[inline]
pub(crate) fn contains(s: &str, substr: &str) -> bool {
    let (h, n) = (s.as_bytes(), substr.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    if n.len() > h.len() {
        return false;
    }
    // Plain loop: the haystacks are a few dozen bytes, too short for
    // memchr's vector set-up to pay; the last byte is tested before the
    // middle is compared.
    let last = n[n.len() - 1];
    (0..=h.len() - n.len())
        .any(|at| h[at] == first && h[at + n.len() - 1] == last && &h[at + 1..at + n.len()] == rest)
}

/// Port of Go's `startsWith(s, prefix)`.
#[inline]
pub(crate) fn starts_with(s: &str, prefix: &str) -> bool {
    s.starts_with(prefix)
}

/// Port of Go's `lower(s)`.
#[inline]
pub(crate) fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    // Herald: most class/id values are already lower-case ASCII; the rules
    // lower several of them for every element.
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::contains;

    #[test]
    fn contains_agrees_with_str_contains() {
        let hays = [
            "",
            "a",
            "nav",
            "main-nav navbar",
            "ananas",
            "share-",
            "xnavx",
            "é-nav",
            "navé",
        ];
        let needles = [
            "", "a", "nav", "ana", "nas", "navbar", "share-", "é", "-nav", "x", "ananasx",
        ];
        for h in hays {
            for n in needles {
                assert_eq!(contains(h, n), h.contains(n), "{h:?} {n:?}");
            }
        }
    }
}
