//! Per-document budgets for HTML: a page nested tens of thousands of
//! elements deep, or one element with hundreds of thousands of attributes,
//! costs the DOM parser and main-text extraction time quadratic in the
//! excess (40,000 nested `<div>`s took 20–114 s, 200,000 attributes 69 s
//! and more), an unclosed `<textarea>` before 1.3 MB of markup took 21.6 GB,
//! and no real article looks like that. One linear scan of the bytes finds
//! such pages before they are parsed; the reader rejects them as
//! `over-budget`, naming the limit.

use memchr::memchr;

/// Deepest element nesting accepted (real pages stay under ~100).
pub const MAX_DEPTH: usize = 1_000;
/// Most attributes on one element.
pub const MAX_ATTRIBUTES: usize = 1_000;
/// Most elements in one page.
pub const MAX_ELEMENTS: usize = 500_000;
/// Most bytes of text inside one `<textarea>`, `<title>` or `<xmp>`: an
/// unclosed `<textarea>` swallows the rest of the page as one text, and
/// extracting from 1.3 MB of that took 21.6 GB before the kernel killed it.
pub const MAX_RCDATA: usize = 256 * 1024;

/// Elements with no end tag, or whose end tag is optional and implied by
/// the next sibling (`<p>`, `<li>`): they do not deepen the nesting.
const FLAT: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"option",
    b"optgroup",
    b"tr",
    b"td",
    b"th",
    b"thead",
    b"tbody",
    b"tfoot",
    b"rp",
    b"rt",
    b"colgroup",
    b"caption",
];
/// Elements whose content is raw text up to their end tag.
const RAW: &[&[u8]] = &[
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
];

/// Raw-text elements whose text ends up in the extracted page.
const RCDATA: &[&[u8]] = &[b"textarea", b"title", b"xmp"];

/// `Err(reason)` when the page exceeds a budget.
pub fn check_html(html: &str) -> Result<(), String> {
    let b = html.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    let mut elements = 0usize;
    while let Some(off) = memchr(b'<', &b[i..]) {
        i += off + 1;
        let rest = &b[i..];
        if rest.starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if rest.first().is_some_and(|&c| c == b'!' || c == b'?') {
            i = memchr(b'>', rest).map_or(b.len(), |e| i + e + 1);
            continue;
        }
        let end_tag = rest.first() == Some(&b'/');
        let start = i + usize::from(end_tag);
        let name_len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_len == 0 || !b[start].is_ascii_alphabetic() {
            continue; // a '<' in text
        }
        let name = b[start..start + name_len].to_ascii_lowercase();
        let (attrs, close, self_closing) = attributes(b, start + name_len);
        i = close;
        if end_tag {
            if !FLAT.contains(&name.as_slice()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        elements += 1;
        if attrs > MAX_ATTRIBUTES {
            return Err(format!(
                "an element <{}> with {attrs} attributes (limit {MAX_ATTRIBUTES})",
                String::from_utf8_lossy(&name)
            ));
        }
        if elements > MAX_ELEMENTS {
            return Err(format!("more than {MAX_ELEMENTS} elements"));
        }
        if RAW.contains(&name.as_slice()) {
            // Raw text runs to the end tag (or to the end of the page).
            let mut pat = b"</".to_vec();
            pat.extend_from_slice(&name);
            let end = find_ci(b, i, &pat);
            let len = end.unwrap_or(b.len()) - i;
            if RCDATA.contains(&name.as_slice()) && len > MAX_RCDATA {
                return Err(format!(
                    "a <{}> holding {len} bytes of text{} (limit {MAX_RCDATA})",
                    String::from_utf8_lossy(&name),
                    if end.is_none() { ", never closed" } else { "" }
                ));
            }
            i = end.unwrap_or(b.len());
            continue;
        }
        if !self_closing && !FLAT.contains(&name.as_slice()) {
            depth += 1;
            if depth > MAX_DEPTH {
                return Err(format!(
                    "elements nested more than {MAX_DEPTH} deep (at <{}>, byte {})",
                    String::from_utf8_lossy(&name),
                    start - 1
                ));
            }
        }
    }
    Ok(())
}

/// Counts the attributes of a tag whose name ends at `i`; returns the count,
/// the offset after its `>` and whether it ends with `/>`.
fn attributes(b: &[u8], mut i: usize) -> (usize, usize, bool) {
    let mut n = 0;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (n, b.len(), false);
        }
        if b[i] == b'>' {
            return (n, i + 1, i > 0 && b[i - 1] == b'/');
        }
        // A name, then perhaps `=` and a value.
        n += 1;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    i = memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e + 1);
                }
                _ => {
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                }
            }
        }
    }
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    memchr::memmem::find(&b[from.min(b.len())..], pat).map(|e| from + e)
}

/// `pat` (lower-case) in `b` from `from`, ASCII case-insensitively.
fn find_ci(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(off) = memchr(b'<', &b[i.min(b.len())..]) {
        let at = i + off;
        if b.len() - at >= pat.len() && b[at..at + pat.len()].eq_ignore_ascii_case(pat) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_pass() {
        let page = "<!doctype html><html><head><title>A <b> title</title><script>if (a < b) {}</script></head>\
            <body><div class=\"x\" id=y><p>One<p>Two<br><img src=a.png/><ul><li>a<li>b</ul>\
            <!-- <div><div> --></div></body></html>";
        assert_eq!(check_html(page), Ok(()));
        // Thousands of unclosed paragraphs and list items are siblings.
        let flat = "<div>".to_string() + &"<p>text".repeat(5_000) + &"<li>x".repeat(5_000);
        assert_eq!(check_html(&flat), Ok(()));
    }

    #[test]
    fn deep_nesting_and_attribute_floods_are_over_budget() {
        let deep = "<div>".repeat(MAX_DEPTH + 1);
        let e = check_html(&deep).unwrap_err();
        assert!(e.contains("nested more than 1000 deep"), "{e}");
        assert_eq!(check_html(&"<div>".repeat(MAX_DEPTH)), Ok(()));
        let attrs: Vec<String> = (0..=MAX_ATTRIBUTES).map(|i| format!("a{i}='v'")).collect();
        let e = check_html(&format!("<p {}>x</p>", attrs.join(" "))).unwrap_err();
        assert!(e.contains("1001 attributes"), "{e}");
        let many = "<span>x</span>".repeat(MAX_ELEMENTS + 1);
        assert!(check_html(&many).unwrap_err().contains("elements"));
        let rest = "<p>Paragraph about the flood.</p>\n".repeat(10_000);
        let e = check_html(&format!("<form><textarea name=x>{rest}</body>")).unwrap_err();
        assert!(
            e.contains("<textarea> holding") && e.contains("never closed"),
            "{e}"
        );
        // Large scripts are common and harmless: their text is dropped.
        let script = format!(
            "<script>{}</script><p>x</p>",
            "var a = 1;\n".repeat(100_000)
        );
        assert_eq!(check_html(&script), Ok(()));
    }

    #[test]
    fn truncated_markup_does_not_panic() {
        for s in [
            "<",
            "<a",
            "<a b",
            "<a b=",
            "<a b='",
            "<!--",
            "<!",
            "</",
            "<textarea>",
            "<A\u{e9}>",
        ] {
            let _ = check_html(s);
        }
    }
}
