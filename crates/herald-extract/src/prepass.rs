//! A byte-level pre-pass that drops what main-content extraction throws
//! away anyway, before the HTML parser has to tokenise it: scripts (except
//! JSON-LD and settings JSON, which metadata reads), styles, inline SVG,
//! `<noscript>`, comments, `<nav>` menus, and attributes nothing reads (`data-*`, `style`,
//! `on*`, `srcset`, `sizes`, `aria-*`, the value of `<a href>`). On the
//! ScrapingHub pages these are ~65% of the bytes, and the DOM parse is the
//! largest single cost of extraction.

use memchr::{memchr, memmem};

/// Elements removed with their content. The content of each is raw text
/// (or, for SVG, markup the extractor discards), so the first matching end
/// tag closes it.
const DROPPED: [&[u8]; 4] = [b"script", b"style", b"svg", b"noscript"];

/// Script types whose content the metadata pass reads.
const KEPT_SCRIPT_TYPES: [&[u8]; 2] = [b"application/ld+json", b"application/settings+json"];

/// `html` without dropped elements and comments. Returns the input
/// unchanged (borrowed) when there is nothing to drop.
pub(crate) fn strip(html: &str) -> std::borrow::Cow<'_, str> {
    let b = html.as_bytes();
    let mut out: Option<String> = None;
    // Start of the bytes not yet copied to `out`.
    let mut kept_from = 0;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        let rest = &b[lt + 1..];
        let end = if rest.starts_with(b"!--") {
            // A comment ends at the first "-->" (an unclosed one runs to the end).
            Some(memmem::find(&rest[3..], b"-->").map_or(b.len(), |p| lt + 4 + p + 3))
        } else {
            end_of_dropped(b, lt)
        };
        match end {
            Some(end) => {
                let o = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
                // Cuts fall on ASCII '<' and after ASCII '>', so both slices are
                // char boundaries.
                o.push_str(html.get(kept_from..lt).unwrap_or(""));
                kept_from = end;
                i = end;
            }
            None if rest.first().is_some_and(u8::is_ascii_alphabetic) => {
                // A start tag: drop its unused attributes.
                let (tag_end, cuts) = unused_attributes(b, lt);
                for (from, to) in cuts {
                    let o = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
                    o.push_str(html.get(kept_from..from).unwrap_or(""));
                    kept_from = to;
                }
                i = tag_end;
                // A kept (JSON) script's content is copied untouched.
                if rest.len() > 6 && rest[..6].eq_ignore_ascii_case(b"script") && i < b.len() {
                    i = find_end_tag(&b[i..], b"script").map_or(b.len(), |p| i + p);
                }
            }
            None => i = lt + 1,
        }
        if i >= b.len() {
            break;
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(html.get(kept_from..).unwrap_or(""));
            std::borrow::Cow::Owned(o)
        }
    }
}

/// If a dropped element opens at `lt`, the offset just past its end tag.
fn end_of_dropped(b: &[u8], lt: usize) -> Option<usize> {
    let rest = &b[lt + 1..];
    if let Some(name) = DROPPED_CONTAINERS.into_iter().find(|n| starts_tag(rest, n)) {
        return end_of_container(b, lt, name);
    }
    let name = DROPPED.into_iter().find(|n| {
        rest.len() > n.len()
            && rest[..n.len()].eq_ignore_ascii_case(n)
            && matches!(
                rest[n.len()],
                b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'
            )
    })?;
    let open_end = lt + 1 + memchr(b'>', rest)?;
    if name == b"script" {
        let open = &b[lt..open_end];
        if KEPT_SCRIPT_TYPES.iter().any(|t| find_ci(open, t).is_some()) {
            return None;
        }
    }
    // A self-closed `<svg .../>` has no content.
    if name == b"svg" && b[open_end - 1] == b'/' {
        return Some(open_end + 1);
    }
    let body = open_end + 1;
    let close = find_end_tag(&b[body..], name).map_or(b.len(), |p| body + p);
    Some(close)
}

/// Containers of boilerplate the extractor removes anyway, dropped with
/// their content (see [`end_of_container`]). `<aside>` too cost two
/// htmldate pages (721 → 719 correct); `<footer>` holds dates.
const DROPPED_CONTAINERS: [&[u8]; 1] = [b"nav"];

/// Whether `rest` (the bytes after a `<`) opens a `name` tag.
fn starts_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(
            rest[name.len()],
            b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'
        )
}

/// Elements that keep a `<nav>`: content (`<p>`, `<article>`, `<main>`,
/// `<h1>`) or a date (`<time>`); so does any `itemprop` attribute.
const NAV_KEEPERS: [&[u8]; 5] = [b"p", b"article", b"main", b"h1", b"time"];

/// Containers whose start and end tags must balance inside a dropped
/// `<nav>` (an unbalanced end tag would close an outer element there).
const NAV_BALANCED: [&[u8]; 5] = [b"div", b"section", b"ul", b"header", b"span"];

/// A `<nav>` (site menus: a fifth of the tags on the ScrapingHub pages)
/// opening at `lt`: the offset past its matching `</nav>`. The extractor
/// drops `<nav>` anyway; kept when unclosed, when it holds content or
/// date/author markup, or when its containers do not balance (misnested
/// markup, where the parser would end it elsewhere).
fn end_of_container(b: &[u8], lt: usize, name: &[u8]) -> Option<usize> {
    let body = lt + 1 + memchr(b'>', &b[lt + 1..])? + 1;
    let mut depth = 1;
    let mut i = body;
    let close = loop {
        let at = i + memchr(b'<', &b[i..])?;
        let rest = &b[at + 1..];
        if starts_tag(rest, name) {
            depth += 1;
        } else if rest.first() == Some(&b'/') && starts_tag(&rest[1..], name) {
            depth -= 1;
            if depth == 0 {
                break at;
            }
        }
        i = at + 1;
    };
    let inner = &b[body..close];
    if memmem::find(inner, b"itemprop").is_some() {
        return None;
    }
    // One pass over the tags inside: keepers, and container balance.
    let mut open = [0i32; NAV_BALANCED.len()];
    let mut j = 0;
    while let Some(p) = memchr(b'<', &inner[j..]) {
        let at = j + p + 1;
        let rest = &inner[at..];
        if NAV_KEEPERS.iter().any(|k| starts_tag(rest, k)) {
            return None;
        }
        let (closing, name_at) = match rest.first() {
            Some(b'/') => (true, &rest[1..]),
            _ => (false, rest),
        };
        if let Some(k) = NAV_BALANCED.iter().position(|n| starts_tag(name_at, n)) {
            if closing {
                open[k] -= 1;
                if open[k] < 0 {
                    return None;
                }
            } else {
                open[k] += 1;
            }
        }
        j = at;
    }
    if open.iter().any(|&o| o != 0) {
        return None;
    }
    Some(close + 2 + memchr(b'>', &b[close + 2..]).map_or(b.len() - close - 2, |q| q + 1))
}

/// Attributes no extraction step reads, by prefix: `data-*` (except the
/// ones below), inline styles and event handlers. Pages carry many of them
/// (a tenth of the bytes after scripts go) and each costs an allocation.
fn unused_attribute(name: &[u8]) -> bool {
    const KEPT_DATA: [&[u8]; 5] = [
        b"data-src",
        b"data-testid",
        b"data-utime",
        b"data-component",
        b"data-lp-replacement-content",
    ];
    const KEPT_DATA_EXACT: &[u8] = b"data-preloaded";
    let lower = |n: &[u8], p: &[u8]| n.len() >= p.len() && n[..p.len()].eq_ignore_ascii_case(p);
    if lower(name, b"data-") {
        // Date guessing reads stamps from attributes like `data-published`.
        let dated = [&b"date"[..], b"time", b"publish"]
            .iter()
            .any(|w| find_ci(name, w).is_some());
        return !(dated
            || KEPT_DATA.iter().any(|k| lower(name, k))
            || name.eq_ignore_ascii_case(KEPT_DATA_EXACT));
    }
    // Responsive-image lists and accessibility labels: long, never read
    // (`aria-hidden` marks hidden boilerplate and is kept).
    if lower(name, b"aria-") {
        return !name.eq_ignore_ascii_case(b"aria-hidden");
    }
    name.eq_ignore_ascii_case(b"style")
        || name.eq_ignore_ascii_case(b"srcset")
        || name.eq_ignore_ascii_case(b"sizes")
        || (lower(name, b"on") && name.len() > 2)
}

/// An inline style that hides its element (`display: none`, `visibility:
/// hidden`) is kept: the extractor drops hidden elements (a collapsed
/// copy of the body, a hidden form, an off-screen variant of a box).
fn hides(name: &[u8], value: &[u8]) -> bool {
    if !name.eq_ignore_ascii_case(b"style")
        || (find_ci(value, b"none").is_none() && find_ci(value, b"hidden").is_none())
    {
        return false;
    }
    let squeezed: Vec<u8> = value
        .iter()
        .filter(|c| !c.is_ascii_whitespace())
        .map(u8::to_ascii_lowercase)
        .collect();
    memmem::find(&squeezed, b"display:none").is_some()
        || memmem::find(&squeezed, b"visibility:hidden").is_some()
}

/// The start tag opening at `lt`: the offset just past it, and the byte
/// ranges of its unused attributes (each with its leading whitespace). A
/// tag that does not close gives no cuts.
fn unused_attributes(b: &[u8], lt: usize) -> (usize, Vec<(usize, usize)>) {
    let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut cuts = Vec::new();
    let mut i = lt + 1;
    while i < b.len() && !is_space(b[i]) && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    // A link's target is never read (links are unwrapped to their text;
    // canonical URLs come from `<link>`), but some rules test that `href`
    // is present: `<a>` keeps a bare `href`. URLs are a seventh of a page's
    // bytes after scripts go, and the tokenizer reads attribute values one
    // character at a time.
    let is_link = i == lt + 2 && b[lt + 1].eq_ignore_ascii_case(&b'a');
    loop {
        let ws = i;
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (b.len(), Vec::new());
        }
        if b[i] == b'>' {
            return (i + 1, cuts);
        }
        let name_start = i;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'>' | b'=' | b'/') {
            i += 1;
        }
        let name = &b[name_start..i];
        let name_end = i;
        let mut j = i;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => match memchr(q, &b[j + 1..]) {
                    Some(p) => j = j + 1 + p + 1,
                    None => return (b.len(), Vec::new()),
                },
                _ => {
                    while j < b.len() && !is_space(b[j]) && b[j] != b'>' {
                        j += 1;
                    }
                }
            }
            i = j;
        }
        if ws < name_start && unused_attribute(name) && !hides(name, &b[name_end..i]) {
            cuts.push((ws, i));
        } else if is_link && i > name_end && name.eq_ignore_ascii_case(b"href") {
            cuts.push((name_end, i));
        }
        if i == name_start {
            // No progress (a stray character): give up on this tag.
            return (i + 1, cuts);
        }
    }
}

/// Offset just past the first `</name ...>` in `hay`.
fn find_end_tag(hay: &[u8], name: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(p) = memmem::find(&hay[i..], b"</") {
        let at = i + p + 2;
        let tail = &hay[at..];
        if tail.len() >= name.len() && tail[..name.len()].eq_ignore_ascii_case(name) {
            let after = at + name.len();
            if hay
                .get(after)
                .is_none_or(|c| matches!(c, b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/'))
            {
                return Some(memchr(b'>', &hay[after..]).map_or(hay.len(), |q| after + q + 1));
            }
        }
        i = at;
    }
    None
}

/// Case-insensitive search of an ASCII needle.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_styles_svg_and_comments() {
        let html = "<html><head><SCRIPT src=x></SCRIPT><style>p{}</style>\
            <script type=\"application/ld+json\">{\"datePublished\":\"2020-01-02\"}</script></head>\
            <body><!-- ad slot --><p>One <svg viewBox=\"0 0 1 1\"><path d=\"M0\"/></svg>two</p>\
            <script>if (a < b) { x = \"</p>\"; }</script ><noscript><img src=t></noscript><p>three</p></body></html>";
        assert_eq!(
            strip(html),
            "<html><head>\
            <script type=\"application/ld+json\">{\"datePublished\":\"2020-01-02\"}</script></head>\
            <body><p>One two</p><p>three</p></body></html>"
        );
    }

    #[test]
    fn keeps_styles_that_hide() {
        let html = "<div style=\"Display : NONE\">a</div><p style='color:red;visibility: hidden'>b</p>\
            <p style=\"overflow:hidden;color:red\">c</p><p style=\"display:block\">d</p>";
        assert_eq!(
            strip(html),
            "<div style=\"Display : NONE\">a</div><p style='color:red;visibility: hidden'>b</p>\
            <p>c</p><p>d</p>"
        );
    }

    #[test]
    fn drops_unused_attributes() {
        let html = "<div class=\"a\" data-track='{\"x\":\">\"}' style=\"color:red\" data-src=\"i.jpg\" \
            onclick=go() id=b><p DATA-X=1>é</p><img data-testid=\"c\" alt=\"d\"/></div>";
        assert_eq!(
            strip(html),
            "<div class=\"a\" data-src=\"i.jpg\" id=b><p>é</p><img data-testid=\"c\" alt=\"d\"/></div>"
        );
        assert_eq!(
            strip(
                "<a href=\"/x?y=1\" class=k>t</a><link rel=canonical href=\"u\"><abbr href=z>\
                <img src=i srcset=\"i 1x, j 2x\" sizes=9 aria-label=\"L\" aria-hidden=true>"
            ),
            "<a href class=k>t</a><link rel=canonical href=\"u\"><abbr href=z>\
                <img src=i aria-hidden=true>"
        );
        // An unclosed tag is left alone.
        assert_eq!(strip("<p style=\"x"), "<p style=\"x");
    }

    #[test]
    fn drops_menus_but_not_content_navs() {
        assert_eq!(
            strip(
                "<div><nav class=m><ul><li><a href=/>Home</a></li></ul><nav>x</nav></nav ><p>Body</p></div>"
            ),
            "<div><p>Body</p></div>"
        );
        for kept in [
            "<nav><p>Story</p></nav>",
            "<nav><time datetime=2020-01-01>x</time></nav>",
            "<nav><span itemprop=author>A</span></nav>",
            "<div><nav><ul><li>a</div></nav>",
            "<nav><ul><li>unclosed",
        ] {
            assert_eq!(strip(kept), kept);
        }
        // `<path>` and `<picture>` are not paragraphs; a `<navbar>` is not a nav.
        assert_eq!(strip("<nav><picture>i</picture></nav>x"), "x");
        assert_eq!(strip("<navbar>a</navbar>"), "<navbar>a</navbar>");
    }

    #[test]
    fn leaves_lookalikes_and_clean_pages_alone() {
        let html = "<p class=x>a <scripted> b <styles> <svgx> 3 < 4</p>";
        assert!(matches!(strip(html), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn unclosed_elements_run_to_the_end() {
        assert_eq!(strip("<p>a</p><script>var x"), "<p>a</p>");
        assert_eq!(strip("<p>a</p><!-- x"), "<p>a</p>");
        assert_eq!(strip("<p>a</p><script"), "<p>a</p><script");
        assert_eq!(strip("<svg/><p>é</p>"), "<p>é</p>");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_never_grows(
            s in "(<|>|/|!|-|=|\"|'|script|style|svg|data-x|onclick|é|a| ){0,60}"
        ) {
            let out = strip(&s);
            proptest::prop_assert!(out.len() <= s.len());
        }
    }
}
