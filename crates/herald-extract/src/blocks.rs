//! Cleaned article HTML → text blocks (one per paragraph, heading, list
//! item), with entities decoded and whitespace collapsed. The input is the
//! small, well-formed HTML the content extractor emits, so a tag scanner is
//! enough (and far cheaper than a second DOM parse).

/// Tags that start or end a block of text.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "blockquote"
            | "pre"
            | "tr"
            | "table"
            | "br"
            | "hr"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "figure"
            | "figcaption"
            | "dl"
            | "dt"
            | "dd"
            | "head"
            | "quote"
            | "list"
            | "item"
            | "lb"
            | "row"
            | "main"
    )
}

/// Accumulates blocks from a stream of tags and text: a block tag (open
/// or close) ends the current block, any other tag separates words.
#[derive(Default)]
struct Builder {
    blocks: Vec<String>,
    cur: String,
    pending: bool,
}

impl Builder {
    /// A tag named `name` (lower-case; only its leading alphanumerics count,
    /// as the tag scanner reads them).
    fn tag(&mut self, name: &str) {
        let end = name
            .bytes()
            .position(|c| !c.is_ascii_alphanumeric())
            .unwrap_or(name.len());
        if is_block(&name[..end]) {
            self.pending = false;
            flush(&mut self.cur, &mut self.blocks);
        } else {
            // Cells separate words, and serialisers often drop the
            // space around inline tags ("for<strong>Larry</strong>"):
            // any tag separates, unless punctuation follows.
            self.pending = true;
        }
    }

    fn finish(mut self) -> Vec<String> {
        flush(&mut self.cur, &mut self.blocks);
        self.blocks
    }
}

/// Text blocks of an HTML fragment, in document order.
pub(crate) fn html_to_blocks(html: &str) -> Vec<String> {
    let mut b = Builder::default();
    let mut skip_depth: Option<&str> = None;
    let mut rest = html;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => {
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                let tag = &rest[..end];
                rest = &rest[end..];
                if tag.starts_with("<!--") {
                    if !tag.ends_with("-->") {
                        rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
                    }
                    continue;
                }
                let closing = tag.starts_with("</");
                let name: String = tag
                    .trim_start_matches(['<', '/'])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                if let Some(skip) = skip_depth {
                    if closing && name == skip {
                        skip_depth = None;
                    }
                    continue;
                }
                if !closing && matches!(name.as_str(), "script" | "style" | "template") {
                    skip_depth = Some(match name.as_str() {
                        "script" => "script",
                        "style" => "style",
                        _ => "template",
                    });
                    continue;
                }
                b.tag(&name);
            }
            Some(i) => {
                if skip_depth.is_none() {
                    push_text(&mut b.cur, &rest[..i], &mut b.pending, true);
                }
                rest = &rest[i..];
            }
            None => {
                if skip_depth.is_none() {
                    push_text(&mut b.cur, rest, &mut b.pending, true);
                }
                rest = "";
            }
        }
    }
    b.finish()
}

/// Text blocks of the children of `id` in an extracted content tree: the
/// blocks [`html_to_blocks`] reads from the tree's serialised HTML, without
/// serialising it.
pub(crate) fn dom_blocks(
    doc: &trafilatura::dom::Document,
    id: trafilatura::dom::NodeId,
) -> Vec<String> {
    use trafilatura::dom::Walk;
    let mut b = Builder::default();
    // Inside a script, style or template: (name, nesting depth).
    let mut skip: Option<(&str, usize)> = None;
    doc.walk(id, &mut |w| match (w, &mut skip) {
        (Walk::Open(n), Some((s, depth))) if n == *s => *depth += 1,
        (Walk::Close(n), Some((s, depth))) if n == *s => {
            *depth -= 1;
            if *depth == 0 {
                skip = None;
            }
        }
        (_, Some(_)) => {}
        (Walk::Open(n @ ("script" | "style" | "template")), None) => skip = Some((n, 1)),
        (Walk::Open(n) | Walk::Close(n), None) => b.tag(n),
        (Walk::Text(t), None) => push_text(&mut b.cur, t, &mut b.pending, false),
    });
    b.finish()
}

/// The visible text of a whole page, one block element per line: the
/// `<body>` (or the whole input when there is none) minus scripts, styles
/// and templates. Used to feed HTML-derived text to the plain-text path.
pub fn page_text(html: &str) -> String {
    let body = find_ci(html, "<body").map_or(html, |i| &html[i..]);
    html_to_blocks(body).join("\n")
}

/// Byte offset of an ASCII needle, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn flush(cur: &mut String, blocks: &mut Vec<String>) {
    let t = cur.trim();
    if !t.is_empty() {
        blocks.push(t.to_string());
    }
    cur.clear();
}

/// Appends text (its entities decoded when `decode`), collapsing runs of
/// whitespace to one space.
fn push_text(cur: &mut String, raw: &str, pending: &mut bool, decode: bool) {
    let mut rest = raw;
    while !rest.is_empty() {
        let (ch, used) = if let Some(stripped) = rest.strip_prefix('&').filter(|_| decode) {
            match decode_entity(stripped) {
                Some((c, n)) => (c, n + 1),
                None => ('&', 1),
            }
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        };
        rest = &rest[used.min(rest.len())..];
        if ch.is_whitespace() || ch == '\u{a0}' {
            if !cur.is_empty() && !cur.ends_with(' ') {
                cur.push(' ');
            }
        } else {
            if *pending
                && !cur.is_empty()
                && !cur.ends_with([' ', '(', '[', '“', '‘', '$', '#', '@', '/', '-'])
                && !matches!(
                    ch,
                    ',' | '.'
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '’'
                        | '”'
                        | '\''
                        | '%'
                        | '/'
                        | '-'
                )
            {
                cur.push(' ');
            }
            *pending = false;
            cur.push(ch);
        }
    }
}

/// Decodes the entity after `&`; returns the char and bytes consumed.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    // Bytes, not a `str` slice: 12 bytes may end inside a character.
    let semi = s.as_bytes()[..12.min(s.len())]
        .iter()
        .position(|&c| c == b';')?;
    let name = &s[..semi];
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse().ok()?
        };
        char::from_u32(code)?
    } else {
        match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "laquo" => '«',
            "raquo" => '»',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            "euro" => '€',
            "pound" => '£',
            "middot" => '·',
            "bull" => '•',
            "eacute" => 'é',
            "egrave" => 'è',
            "aacute" => 'á',
            "agrave" => 'à',
            "ouml" => 'ö',
            "uuml" => 'ü',
            "auml" => 'ä',
            "szlig" => 'ß',
            "ccedil" => 'ç',
            "ntilde" => 'ñ',
            _ => return None,
        }
    };
    Some((c, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn blocks_and_entities() {
        let html = "<h2>Big  news</h2><p>Tom &amp; Jerry&#8217;s <b>day</b>\n out, 2 for<b>Larry</b>.</p>\
                    <!-- note --><ul><li>one</li><li>two&nbsp;items</li></ul><script>var x;</script><p>A&lt;B &bogus; &#x263A;</p><table><tr><td>1</td><td>Kyle</td></tr></table>";
        assert_eq!(
            html_to_blocks(html),
            vec![
                "Big news",
                "Tom & Jerry’s day out, 2 for Larry.",
                "one",
                "two items",
                "A<B &bogus; ☺",
                "1 Kyle"
            ]
        );
    }

    #[test]
    fn dom_walk_gives_the_same_blocks() {
        let html = "<h2>Big  news</h2><p>Tom &amp;amp; Jerry&#8217;s <b>day</b>\n out, 2 for<b>Larry</b>.</p>\
                    <!-- note --><ul><li>one</li><li>two&nbsp;items<br>three</li></ul><p>A&lt;B &#x263A;</p>\
                    <table><tr><td>1</td><td>Kyle</td></tr></table><protected-a>x</protected-a>, y";
        let doc = trafilatura::dom::Document::parse(html);
        let Some(body) = doc.body() else {
            panic!("no body")
        };
        let walked = dom_blocks(&doc, body);
        assert_eq!(walked, html_to_blocks(&doc.inner_html(body)));
        assert_eq!(walked[1], "Tom &amp; Jerry’s day out, 2 for Larry.");
    }

    #[test]
    fn page_text_skips_head_and_scripts() {
        let html = "<html><HEAD><title>T</title></head><BODY><nav>Home</nav><script>x()</script>\
                    <div>One <b>two</b></div><p>Three</p></body></html>";
        assert_eq!(page_text(html), "Home\nOne two\nThree");
        assert_eq!(page_text("plain words"), "plain words");
        assert_eq!(page_text(""), "");
    }

    proptest! {
        #[test]
        fn never_panics(s in ".{0,200}") {
            let _ = html_to_blocks(&s);
        }

        #[test]
        fn dom_walk_matches_the_scanner(
            s in "(<p>|</p>|<b>|</b>|<br>|<li>|<td>|<span>|<div>|</div>|&amp;|&nbsp;| |  |\n|a|é|,|\\.|x y){0,30}"
        ) {
            let doc = trafilatura::dom::Document::parse(&s);
            if let Some(body) = doc.body() {
                prop_assert_eq!(dom_blocks(&doc, body), html_to_blocks(&doc.inner_html(body)));
            }
        }

        #[test]
        fn plain_text_survives(s in "[a-z ]{0,80}") {
            let joined = html_to_blocks(&s).join(" ");
            let words: Vec<&str> = s.split_whitespace().collect();
            prop_assert_eq!(joined, words.join(" "));
        }
    }
}
