//! A byte-level HTML tokenizer that feeds html5ever's tree builder.
//!
//! html5ever's own tokenizer walks the input one `char` at a time through a
//! tendril buffer queue; on the ScrapingHub pages it was ~25% of extraction.
//! This one scans bytes with `memchr` and hands whole runs of text, tags
//! and attributes to the unchanged tree builder (so implied end tags,
//! foster parenting and the adoption agency stay exactly html5ever's). It
//! follows the WHATWG tokenizer for everything a page normally holds and
//! declines (returns `None`, the caller then runs html5ever) on the rare
//! inputs it does not model: NUL bytes, CDATA sections, comment-escaped
//! `<script>` content and malformed doctypes.

use std::borrow::Cow;

use ego_tree::Tree;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    CharacterTokens, CommentToken, Doctype, DoctypeToken, EOFToken, EndTag, StartTag, Tag, TagKind,
    TagToken, Token, TokenSink, TokenSinkResult,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{local_name, ns, Attribute, LocalName, QualName};
use memchr::{memchr, memmem};
use scraper::{Html, HtmlTreeSink, Node};

/// How the text after a start tag is tokenised (set by the tree builder).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Data,
    /// Text with character references up to the matching end tag (`title`, `textarea`).
    Rcdata,
    /// Raw text up to the matching end tag (`style`, `iframe`, `script`, ...).
    Rawtext,
    /// Everything to the end is text.
    Plaintext,
}

type Builder = TreeBuilder<ego_tree::NodeId, HtmlTreeSink>;

/// Parses a whole document as html5ever's `parse_document` does, or
/// `None` when the input holds a construct this tokenizer leaves to
/// html5ever.
pub(crate) fn parse(html: &str) -> Option<Tree<Node>> {
    let b = html.as_bytes();
    if memchr(0, b).is_some() || memmem::find(b, b"<![CDATA[").is_some() {
        return None;
    }
    // The input stream's newline normalisation (CRLF and CR become LF).
    let html: Cow<'_, str> = if memchr(b'\r', b).is_some() {
        Cow::Owned(html.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(html)
    };
    let html = html.strip_prefix('\u{feff}').unwrap_or(&html);
    let tb: Builder = TreeBuilder::new(
        HtmlTreeSink::new(Html::new_document()),
        TreeBuilderOpts::default(),
    );
    let mut tok = Tokenizer {
        s: html,
        b: html.as_bytes(),
        pos: 0,
        text: String::new(),
        tb: &tb,
    };
    tok.run()?;
    let _ = tb.process_token(EOFToken, 1);
    tb.end();
    Some(tb.sink.finish().tree)
}

struct Tokenizer<'a> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Pending text (flushed as one character token before any other token).
    text: String,
    tb: &'a Builder,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b' ')
}

impl Tokenizer<'_> {
    fn run(&mut self) -> Option<()> {
        let mut mode = Mode::Data;
        // Name of the start tag that switched to a raw mode.
        let mut raw_name = String::new();
        while self.pos < self.b.len() {
            match mode {
                Mode::Data => {}
                Mode::Plaintext => {
                    let rest = &self.s[self.pos..];
                    self.text.push_str(rest);
                    self.pos = self.b.len();
                    break;
                }
                Mode::Rcdata | Mode::Rawtext => {
                    let end = self.find_end_tag(&raw_name);
                    if raw_name == "script"
                        && memmem::find(&self.b[self.pos..end], b"<!--").is_some()
                    {
                        // Script data escape states: left to html5ever.
                        return None;
                    }
                    if mode == Mode::Rcdata {
                        self.push_text_decoded(self.pos, end);
                    } else {
                        self.text.push_str(&self.s[self.pos..end]);
                    }
                    self.pos = end;
                    mode = Mode::Data;
                    continue;
                }
            }
            // Data state: text up to the next '<' (character references decoded).
            let lt = memchr(b'<', &self.b[self.pos..]).map_or(self.b.len(), |p| self.pos + p);
            if lt > self.pos {
                self.push_text_decoded(self.pos, lt);
                self.pos = lt;
            }
            if lt >= self.b.len() {
                break;
            }
            let Some(next) = self.b.get(lt + 1).copied() else {
                self.text.push('<');
                self.pos = lt + 1;
                break;
            };
            match next {
                c if c.is_ascii_alphabetic() => {
                    let Some((tag, end)) = self.tag(lt + 1, StartTag) else {
                        // EOF inside a tag: the tag is dropped.
                        self.pos = self.b.len();
                        break;
                    };
                    self.pos = end;
                    let name = tag.name.clone();
                    match self.emit(TagToken(tag)) {
                        TokenSinkResult::RawData(kind) => {
                            raw_name.clear();
                            raw_name.push_str(&name);
                            mode = match kind {
                                RawKind::Rcdata => Mode::Rcdata,
                                _ => Mode::Rawtext,
                            };
                        }
                        TokenSinkResult::Plaintext => mode = Mode::Plaintext,
                        _ => {}
                    }
                }
                b'/' => match self.b.get(lt + 2).copied() {
                    Some(c) if c.is_ascii_alphabetic() => {
                        let Some((tag, end)) = self.tag(lt + 2, EndTag) else {
                            self.pos = self.b.len();
                            break;
                        };
                        self.pos = end;
                        let _ = self.emit(TagToken(tag));
                    }
                    Some(b'>') => self.pos = lt + 3,
                    Some(_) => self.bogus_comment(lt + 2),
                    None => {
                        self.text.push_str("</");
                        self.pos = lt + 2;
                    }
                },
                b'!' => {
                    let rest = &self.b[lt + 2..];
                    if rest.starts_with(b"--") {
                        self.comment(lt + 4);
                    } else if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
                        self.doctype(lt + 9)?;
                    } else {
                        self.bogus_comment(lt + 2);
                    }
                }
                b'?' => self.bogus_comment(lt + 1),
                _ => {
                    self.text.push('<');
                    self.pos = lt + 1;
                }
            }
        }
        self.flush();
        Some(())
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let t = StrTendril::from_slice(&self.text);
            self.text.clear();
            let _ = self.tb.process_token(CharacterTokens(t), 1);
        }
    }

    fn emit(&mut self, token: Token) -> TokenSinkResult<ego_tree::NodeId> {
        self.flush();
        self.tb.process_token(token, 1)
    }

    /// Offset of the appropriate end tag (`</name` then whitespace, `/` or
    /// `>`, ASCII case-insensitive) from `self.pos`, or the input's end.
    fn find_end_tag(&self, name: &str) -> usize {
        let n = name.as_bytes();
        let mut i = self.pos;
        while let Some(p) = memmem::find(&self.b[i..], b"</") {
            let at = i + p;
            let after = at + 2;
            if self.b.len() >= after + n.len()
                && self.b[after..after + n.len()].eq_ignore_ascii_case(n)
                && self
                    .b
                    .get(after + n.len())
                    .is_some_and(|&c| is_ws(c) || c == b'/' || c == b'>')
            {
                return at;
            }
            i = after;
        }
        self.b.len()
    }

    /// Text `from..to` with character references decoded, appended to the
    /// pending text.
    fn push_text_decoded(&mut self, from: usize, to: usize) {
        let mut i = from;
        while let Some(p) = memchr(b'&', &self.b[i..to]) {
            let amp = i + p;
            self.text.push_str(&self.s[i..amp]);
            i = decode_char_ref(self.s, amp, to, false, &mut self.text);
        }
        self.text.push_str(&self.s[i..to]);
    }

    /// A start or end tag whose name begins at `at`; returns the tag and the
    /// offset after its `>`, or `None` at EOF inside the tag.
    fn tag(&self, at: usize, kind: TagKind) -> Option<(Tag, usize)> {
        let b = self.b;
        let mut i = at;
        while i < b.len() && !is_ws(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        let name = lower_atom(&self.s[at..i]);
        let mut tag = Tag {
            kind,
            name,
            self_closing: false,
            attrs: Vec::new(),
            had_duplicate_attributes: false,
        };
        let mut buf = String::new();
        loop {
            // Before attribute name.
            while i < b.len() && is_ws(b[i]) {
                i += 1;
            }
            let c = *b.get(i)?;
            match c {
                b'>' => return Some((tag, i + 1)),
                b'/' => {
                    // Self-closing start tag state.
                    i += 1;
                    if *b.get(i)? == b'>' {
                        tag.self_closing = true;
                        return Some((tag, i + 1));
                    }
                    continue;
                }
                _ => {}
            }
            // Attribute name (a leading '=' belongs to the name).
            let name_start = i;
            i += 1;
            while i < b.len() && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let name_end = i;
            // After attribute name.
            while i < b.len() && is_ws(b[i]) {
                i += 1;
            }
            let mut span = (i, i);
            if *b.get(i)? == b'=' {
                i += 1;
                while i < b.len() && is_ws(b[i]) {
                    i += 1;
                }
                match *b.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let start = i + 1;
                        let end = start + memchr(q, &b[start..])?;
                        span = (start, end);
                        i = end + 1;
                    }
                    b'>' => {}
                    _ => {
                        let start = i;
                        while i < b.len() && !is_ws(b[i]) && b[i] != b'>' {
                            i += 1;
                        }
                        if i >= b.len() {
                            return None;
                        }
                        span = (start, i);
                    }
                }
            }
            let local = lower_atom(&self.s[name_start..name_end]);
            if tag.attrs.iter().any(|a| a.name.local == local) {
                tag.had_duplicate_attributes = true;
            } else {
                // Values without character references are copied once,
                // straight into the tendril.
                let raw = &self.s[span.0..span.1];
                let value = if memchr(b'&', raw.as_bytes()).is_some() {
                    self.attr_value(span.0, span.1, &mut buf);
                    StrTendril::from_slice(&buf)
                } else {
                    StrTendril::from_slice(raw)
                };
                tag.attrs.push(Attribute {
                    name: QualName::new(None, ns!(), local),
                    value,
                });
            }
        }
    }

    fn attr_value(&self, from: usize, to: usize, out: &mut String) {
        out.clear();
        let mut i = from;
        while let Some(p) = memchr(b'&', &self.b[i..to]) {
            let amp = i + p;
            out.push_str(&self.s[i..amp]);
            i = decode_char_ref(self.s, amp, to, true, out);
        }
        out.push_str(&self.s[i..to]);
    }

    /// `<!--` seen; `at` is just after it.
    fn comment(&mut self, at: usize) {
        let b = self.b;
        let (data, end) = if b.get(at) == Some(&b'>') {
            (at..at, at + 1)
        } else if b.get(at..at + 2) == Some(b"->") {
            (at..at, at + 2)
        } else {
            // Ends at the first "-->" or "--!>".
            let mut i = at;
            loop {
                match memmem::find(&b[i..], b"--") {
                    None => break (at..b.len(), b.len()),
                    Some(p) => {
                        let d = i + p;
                        let mut j = d + 2;
                        while b.get(j) == Some(&b'-') {
                            j += 1;
                        }
                        // "--->" ends the comment with one '-' kept in it.
                        let dash_end = j - 2;
                        if b.get(j) == Some(&b'>') {
                            break (at..dash_end, j + 1);
                        }
                        if b.get(j..j + 2) == Some(b"!>") {
                            break (at..dash_end, j + 2);
                        }
                        if j >= b.len() {
                            break (at..b.len(), b.len());
                        }
                        i = d + 1;
                    }
                }
            }
        };
        let t = StrTendril::from_slice(&self.s[data]);
        let _ = self.emit(CommentToken(t));
        self.pos = end;
    }

    /// A bogus comment whose data starts at `at` and runs to the next `>`.
    fn bogus_comment(&mut self, at: usize) {
        let end = memchr(b'>', &self.b[at..]).map_or(self.b.len(), |p| at + p);
        let t = StrTendril::from_slice(&self.s[at..end]);
        let _ = self.emit(CommentToken(t));
        self.pos = (end + 1).min(self.b.len());
    }

    /// `<!DOCTYPE` seen; `at` is just after it. Declines doctypes other
    /// than `name`, `name PUBLIC "id" ["id"]` and `name SYSTEM "id"`.
    fn doctype(&mut self, at: usize) -> Option<()> {
        let b = self.b;
        let end = at + memchr(b'>', &b[at..])?;
        let body = &self.s[at..end];
        let mut words = Vec::new();
        let mut rest = body.trim_start_matches([' ', '\t', '\n', '\x0C']);
        if rest.len() == body.len() && !body.is_empty() {
            return None;
        }
        while !rest.is_empty() {
            let c = rest.as_bytes()[0];
            if c == b'"' || c == b'\'' {
                let close = memchr(c, &rest.as_bytes()[1..])?;
                words.push((true, &rest[1..1 + close]));
                rest = &rest[close + 2..];
            } else {
                let e = rest
                    .bytes()
                    .position(|c| is_ws(c) || c == b'"' || c == b'\'')
                    .unwrap_or(rest.len());
                words.push((false, &rest[..e]));
                rest = &rest[e..];
            }
            rest = rest.trim_start_matches([' ', '\t', '\n', '\x0C']);
        }
        let mut dt = Doctype::default();
        match words.as_slice() {
            [] => dt.force_quirks = true,
            [(false, name), tail @ ..] => {
                dt.name = Some(StrTendril::from_slice(&name.to_ascii_lowercase()));
                match tail {
                    [] => {}
                    [(false, kw), (true, p)] if kw.eq_ignore_ascii_case("public") => {
                        dt.public_id = Some(StrTendril::from_slice(p));
                    }
                    [(false, kw), (true, p), (true, s)] if kw.eq_ignore_ascii_case("public") => {
                        dt.public_id = Some(StrTendril::from_slice(p));
                        dt.system_id = Some(StrTendril::from_slice(s));
                    }
                    [(false, kw), (true, s)] if kw.eq_ignore_ascii_case("system") => {
                        dt.system_id = Some(StrTendril::from_slice(s));
                    }
                    _ => return None,
                }
            }
            _ => return None,
        }
        let _ = self.emit(DoctypeToken(dt));
        self.pos = end + 1;
        Some(())
    }
}

/// The tag or attribute name `raw` lowercased (ASCII) as an atom. Common
/// short names are matched as one packed integer (no hashing or interning
/// lookup).
fn lower_atom(raw: &str) -> LocalName {
    let b = raw.as_bytes();
    if !b.is_empty() && b.len() <= 8 {
        let mut k = 0u64;
        for (i, &c) in b.iter().enumerate() {
            k |= u64::from(c.to_ascii_lowercase()) << (8 * i);
        }
        if let Some(a) = known_atom(k) {
            return a;
        }
    }
    if b.iter().any(u8::is_ascii_uppercase) {
        LocalName::from(raw.to_ascii_lowercase())
    } else {
        LocalName::from(raw)
    }
}

/// Up to 8 bytes packed little-endian (names hold no NUL: the input has none).
const fn pack(s: &[u8]) -> u64 {
    let mut k = 0u64;
    let mut i = 0;
    while i < s.len() {
        k |= (s[i] as u64) << (8 * i);
        i += 1;
    }
    k
}

const K_HTML: u64 = pack(b"html");
const K_HEAD: u64 = pack(b"head");
const K_BODY: u64 = pack(b"body");
const K_TITLE: u64 = pack(b"title");
const K_META: u64 = pack(b"meta");
const K_LINK: u64 = pack(b"link");
const K_SCRIPT: u64 = pack(b"script");
const K_STYLE: u64 = pack(b"style");
const K_DIV: u64 = pack(b"div");
const K_SPAN: u64 = pack(b"span");
const K_P: u64 = pack(b"p");
const K_A: u64 = pack(b"a");
const K_IMG: u64 = pack(b"img");
const K_BR: u64 = pack(b"br");
const K_LI: u64 = pack(b"li");
const K_UL: u64 = pack(b"ul");
const K_OL: u64 = pack(b"ol");
const K_H1: u64 = pack(b"h1");
const K_H2: u64 = pack(b"h2");
const K_H3: u64 = pack(b"h3");
const K_H4: u64 = pack(b"h4");
const K_H5: u64 = pack(b"h5");
const K_H6: u64 = pack(b"h6");
const K_SECTION: u64 = pack(b"section");
const K_ARTICLE: u64 = pack(b"article");
const K_HEADER: u64 = pack(b"header");
const K_FOOTER: u64 = pack(b"footer");
const K_NAV: u64 = pack(b"nav");
const K_MAIN: u64 = pack(b"main");
const K_ASIDE: u64 = pack(b"aside");
const K_FIGURE: u64 = pack(b"figure");
const K_PICTURE: u64 = pack(b"picture");
const K_SOURCE: u64 = pack(b"source");
const K_TIME: u64 = pack(b"time");
const K_TABLE: u64 = pack(b"table");
const K_TR: u64 = pack(b"tr");
const K_TD: u64 = pack(b"td");
const K_TH: u64 = pack(b"th");
const K_TBODY: u64 = pack(b"tbody");
const K_THEAD: u64 = pack(b"thead");
const K_STRONG: u64 = pack(b"strong");
const K_EM: u64 = pack(b"em");
const K_B: u64 = pack(b"b");
const K_I: u64 = pack(b"i");
const K_U: u64 = pack(b"u");
const K_SMALL: u64 = pack(b"small");
const K_BUTTON: u64 = pack(b"button");
const K_FORM: u64 = pack(b"form");
const K_INPUT: u64 = pack(b"input");
const K_LABEL: u64 = pack(b"label");
const K_SELECT: u64 = pack(b"select");
const K_OPTION: u64 = pack(b"option");
const K_IFRAME: u64 = pack(b"iframe");
const K_SVG: u64 = pack(b"svg");
const K_NOSCRIPT: u64 = pack(b"noscript");
const K_PRE: u64 = pack(b"pre");
const K_CODE: u64 = pack(b"code");
const K_HR: u64 = pack(b"hr");
const K_SUP: u64 = pack(b"sup");
const K_SUB: u64 = pack(b"sub");
const K_DL: u64 = pack(b"dl");
const K_DT: u64 = pack(b"dt");
const K_DD: u64 = pack(b"dd");
const K_ABBR: u64 = pack(b"abbr");
const K_CITE: u64 = pack(b"cite");
const K_Q: u64 = pack(b"q");
const K_S: u64 = pack(b"s");
const K_DEL: u64 = pack(b"del");
const K_INS: u64 = pack(b"ins");
const K_MARK: u64 = pack(b"mark");
const K_WBR: u64 = pack(b"wbr");
const K_VIDEO: u64 = pack(b"video");
const K_AUDIO: u64 = pack(b"audio");
const K_BASE: u64 = pack(b"base");
const K_CLASS: u64 = pack(b"class");
const K_ID: u64 = pack(b"id");
const K_HREF: u64 = pack(b"href");
const K_SRC: u64 = pack(b"src");
const K_REL: u64 = pack(b"rel");
const K_CONTENT: u64 = pack(b"content");
const K_NAME: u64 = pack(b"name");
const K_PROPERTY: u64 = pack(b"property");
const K_TYPE: u64 = pack(b"type");
const K_ALT: u64 = pack(b"alt");
const K_WIDTH: u64 = pack(b"width");
const K_HEIGHT: u64 = pack(b"height");
const K_ITEMPROP: u64 = pack(b"itemprop");
const K_ITEMTYPE: u64 = pack(b"itemtype");
const K_DATETIME: u64 = pack(b"datetime");
const K_TARGET: u64 = pack(b"target");
const K_LANG: u64 = pack(b"lang");
const K_CHARSET: u64 = pack(b"charset");
const K_VALUE: u64 = pack(b"value");
const K_ROLE: u64 = pack(b"role");
const K_DIR: u64 = pack(b"dir");
const K_LOADING: u64 = pack(b"loading");
const K_MEDIA: u64 = pack(b"media");
const K_ACTION: u64 = pack(b"action");
const K_METHOD: u64 = pack(b"method");
const K_FOR: u64 = pack(b"for");
const K_HIDDEN: u64 = pack(b"hidden");
const K_COLSPAN: u64 = pack(b"colspan");
const K_ROWSPAN: u64 = pack(b"rowspan");
const K_ASYNC: u64 = pack(b"async");
const K_DEFER: u64 = pack(b"defer");
const K_SIZES: u64 = pack(b"sizes");

fn known_atom(k: u64) -> Option<LocalName> {
    Some(match k {
        K_HTML => local_name!("html"),
        K_HEAD => local_name!("head"),
        K_BODY => local_name!("body"),
        K_TITLE => local_name!("title"),
        K_META => local_name!("meta"),
        K_LINK => local_name!("link"),
        K_SCRIPT => local_name!("script"),
        K_STYLE => local_name!("style"),
        K_DIV => local_name!("div"),
        K_SPAN => local_name!("span"),
        K_P => local_name!("p"),
        K_A => local_name!("a"),
        K_IMG => local_name!("img"),
        K_BR => local_name!("br"),
        K_LI => local_name!("li"),
        K_UL => local_name!("ul"),
        K_OL => local_name!("ol"),
        K_H1 => local_name!("h1"),
        K_H2 => local_name!("h2"),
        K_H3 => local_name!("h3"),
        K_H4 => local_name!("h4"),
        K_H5 => local_name!("h5"),
        K_H6 => local_name!("h6"),
        K_SECTION => local_name!("section"),
        K_ARTICLE => local_name!("article"),
        K_HEADER => local_name!("header"),
        K_FOOTER => local_name!("footer"),
        K_NAV => local_name!("nav"),
        K_MAIN => local_name!("main"),
        K_ASIDE => local_name!("aside"),
        K_FIGURE => local_name!("figure"),
        K_PICTURE => local_name!("picture"),
        K_SOURCE => local_name!("source"),
        K_TIME => local_name!("time"),
        K_TABLE => local_name!("table"),
        K_TR => local_name!("tr"),
        K_TD => local_name!("td"),
        K_TH => local_name!("th"),
        K_TBODY => local_name!("tbody"),
        K_THEAD => local_name!("thead"),
        K_STRONG => local_name!("strong"),
        K_EM => local_name!("em"),
        K_B => local_name!("b"),
        K_I => local_name!("i"),
        K_U => local_name!("u"),
        K_SMALL => local_name!("small"),
        K_BUTTON => local_name!("button"),
        K_FORM => local_name!("form"),
        K_INPUT => local_name!("input"),
        K_LABEL => local_name!("label"),
        K_SELECT => local_name!("select"),
        K_OPTION => local_name!("option"),
        K_IFRAME => local_name!("iframe"),
        K_SVG => local_name!("svg"),
        K_NOSCRIPT => local_name!("noscript"),
        K_PRE => local_name!("pre"),
        K_CODE => local_name!("code"),
        K_HR => local_name!("hr"),
        K_SUP => local_name!("sup"),
        K_SUB => local_name!("sub"),
        K_DL => local_name!("dl"),
        K_DT => local_name!("dt"),
        K_DD => local_name!("dd"),
        K_ABBR => local_name!("abbr"),
        K_CITE => local_name!("cite"),
        K_Q => local_name!("q"),
        K_S => local_name!("s"),
        K_DEL => local_name!("del"),
        K_INS => local_name!("ins"),
        K_MARK => local_name!("mark"),
        K_WBR => local_name!("wbr"),
        K_VIDEO => local_name!("video"),
        K_AUDIO => local_name!("audio"),
        K_BASE => local_name!("base"),
        K_CLASS => local_name!("class"),
        K_ID => local_name!("id"),
        K_HREF => local_name!("href"),
        K_SRC => local_name!("src"),
        K_REL => local_name!("rel"),
        K_CONTENT => local_name!("content"),
        K_NAME => local_name!("name"),
        K_PROPERTY => local_name!("property"),
        K_TYPE => local_name!("type"),
        K_ALT => local_name!("alt"),
        K_WIDTH => local_name!("width"),
        K_HEIGHT => local_name!("height"),
        K_ITEMPROP => local_name!("itemprop"),
        K_ITEMTYPE => local_name!("itemtype"),
        K_DATETIME => local_name!("datetime"),
        K_TARGET => local_name!("target"),
        K_LANG => local_name!("lang"),
        K_CHARSET => local_name!("charset"),
        K_VALUE => local_name!("value"),
        K_ROLE => local_name!("role"),
        K_DIR => local_name!("dir"),
        K_LOADING => local_name!("loading"),
        K_MEDIA => local_name!("media"),
        K_ACTION => local_name!("action"),
        K_METHOD => local_name!("method"),
        K_FOR => local_name!("for"),
        K_HIDDEN => local_name!("hidden"),
        K_COLSPAN => local_name!("colspan"),
        K_ROWSPAN => local_name!("rowspan"),
        K_ASYNC => local_name!("async"),
        K_DEFER => local_name!("defer"),
        K_SIZES => local_name!("sizes"),
        _ => return None,
    })
}

/// Decodes the character reference at `amp` (an `&`) within `..end`,
/// appending its expansion (or the literal `&`) to `out`; returns the
/// offset to continue from. Follows html5ever's `CharRefTokenizer`.
fn decode_char_ref(s: &str, amp: usize, end: usize, in_attr: bool, out: &mut String) -> usize {
    let b = &s.as_bytes()[..end];
    let i = amp + 1;
    match b.get(i) {
        Some(b'#') => {
            let (base, mut j) = match b.get(i + 1) {
                Some(b'x' | b'X') => (16, i + 2),
                _ => (10, i + 1),
            };
            let start = j;
            let mut num: u32 = 0;
            let mut too_big = false;
            while let Some(d) = b.get(j).and_then(|&c| (c as char).to_digit(base)) {
                num = num.wrapping_mul(base);
                if num > 0x10FFFF {
                    too_big = true;
                }
                num = num.wrapping_add(d);
                j += 1;
            }
            if j == start {
                out.push('&');
                return i;
            }
            if b.get(j) == Some(&b';') {
                j += 1;
            }
            out.push(numeric_char(num, too_big));
            j
        }
        Some(c) if c.is_ascii_alphanumeric() => {
            let mut j = i;
            let mut matched: Option<(usize, (u32, u32))> = None;
            // Extend while the name is a prefix of some entity (the map
            // holds every prefix, mapped to (0, 0)).
            while j < b.len() {
                let Some(&m) = s
                    .get(i..j + 1)
                    .and_then(|k| html5ever::data::NAMED_ENTITIES.get(k))
                else {
                    break;
                };
                j += 1;
                if m.0 != 0 {
                    matched = Some((j, m));
                }
            }
            let Some((mend, (c1, c2))) = matched else {
                out.push('&');
                return i;
            };
            if in_attr
                && b[mend - 1] != b';'
                && b.get(mend)
                    .is_some_and(|&c| c == b'=' || c.is_ascii_alphanumeric())
            {
                out.push('&');
                return i;
            }
            out.extend(char::from_u32(c1));
            if c2 != 0 {
                out.extend(char::from_u32(c2));
            }
            mend
        }
        _ => {
            out.push('&');
            i
        }
    }
}

fn numeric_char(num: u32, too_big: bool) -> char {
    match num {
        n if n > 0x10FFFF || too_big => '\u{fffd}',
        0x00 | 0xD800..=0xDFFF => '\u{fffd}',
        0x80..=0x9F => html5ever::data::C1_REPLACEMENTS[(num - 0x80) as usize]
            .unwrap_or_else(|| char::from_u32(num).unwrap_or('\u{fffd}')),
        n => char::from_u32(n).unwrap_or('\u{fffd}'),
    }
}

/// Serialises a tree for comparison (names, attributes, text, comments).
pub(crate) fn dump(tree: &Tree<Node>) -> String {
    let mut out = String::new();
    for edge in tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) => match n.value() {
                Node::Element(e) => {
                    out.push('<');
                    out.push_str(&e.name.local);
                    if e.name.ns != ns!(html) {
                        out.push_str(&format!(" ns={}", &*e.name.ns));
                    }
                    for (k, v) in e.attrs() {
                        out.push_str(&format!(" {k}={v:?}"));
                    }
                    out.push('>');
                }
                Node::Text(t) => out.push_str(&format!("{:?}", &*t.text)),
                Node::Comment(c) => out.push_str(&format!("<!--{:?}-->", &*c.comment)),
                Node::Doctype(d) => out.push_str(&format!(
                    "<!DOCTYPE {} {:?} {:?}>",
                    d.name(),
                    d.public_id(),
                    d.system_id()
                )),
                _ => {}
            },
            ego_tree::iter::Edge::Close(n) => {
                if let Node::Element(e) = n.value() {
                    out.push_str(&format!("</{}>", &*e.name.local));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_html5ever(html: &str) {
        let fast = parse(html).expect("fast path declined");
        let slow = Html::parse_document(html).tree;
        let d = dump(&fast);
        assert!(html.is_empty() || d.contains("<html>"), "{d}");
        assert_eq!(d, dump(&slow), "input: {html:?}");
    }

    #[test]
    fn matches_html5ever_on_tricky_markup() {
        for html in [
            "",
            "plain text",
            "<!DOCTYPE html><html><head><title>A &amp; B</title></head><body><p>x</p></body></html>",
            "<!doctype html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\"><p>a<table><tr><td>1</table>",
            "<p>unclosed <b>bold <i>both</p> after</b> tail",
            "<ul><li>one<li>two</ul><select><option>a<option>b</select>",
            "<div class=a id='b' data-x=\"1\" CLASS=dup>caps <SPAN>x</SPAN></div>",
            "<p>&copy; &notin &notit; &amp &lt;3 &#169; &#xA9; &#x; &#; &#0; &#128; &#x110000; &bogus; a&b</p>",
            "<a href=\"?a=1&copy=2&amp;b=3\" title=&lt;x&gt;>link</a>",
            "<img src=a.jpg/><br/><input disabled value=x>",
            "<textarea>\n<b>not bold</b> &amp;</textarea><title>T &lt; U</title>",
            "<style>p > a { x: '</p>' }</style><p>after",
            "<iframe><p>raw</p></iframe><p>after</p>",
            "<script type=\"application/ld+json\">{\"a\": \"</b>\"}</script><p>x",
            "<!-- c --><!----><!--><!---><!-- a -- b --><!-- x --!><p>y",
            "<?xml version=\"1.0\"?><!foo><p>bogus</p></ br>x</>",
            "a < b and c <3 d <",
            "<p>line\r\nbreak\rhere</p>",
            "\u{feff}<p>bom</p>",
            "<svg><title>t</title><circle r=1 /></svg><math><mi>x</mi></math>",
            "<table><p>foster</p><tr><td>c</td></tr></table>",
            "<p id=\"x\" id=\"y\" >dup</p><p/ >z<div a b=c d='e'f>q</div>",
            "<head><meta charset=utf-8><link rel=x></head><frameset></frameset>",
            "<plaintext><p>all text</p>",
            "<div attr=\"unterminated>text</div>",
            "<div",
            "<p>&Eacute;l&eacute;ve &NotEqualTilde; &nbsp;x&nbspy</p>",
            "<P CLASS=\"Upper\">x</P><noscript><p>n</p></noscript>",
        ] {
            same_as_html5ever(html);
        }
    }

    #[test]
    fn declines_what_it_does_not_model() {
        assert!(parse("<p>a\0b</p>").is_none());
        assert!(parse("<svg><![CDATA[x]]></svg>").is_none());
        assert!(parse("<script><!--<script>x</script>--></script>").is_none());
        assert!(parse("<!DOCTYPE html BOGUS>").is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Random tag soup: whenever the fast tokenizer takes the input,
        /// the tree is html5ever's.
        #[test]
        fn same_tree_as_html5ever_on_tag_soup(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "<p>", "</p>", "<div class=a>", "</div>", "<b>", "</b>", "<i>", "</i>",
                "<table>", "<tr>", "<td>", "</td>", "</table>", "<li>", "<ul>", "</ul>",
                "<title>", "</title>", "<textarea>", "</textarea>", "<style>", "</style>",
                "<script>", "</script>", "<svg>", "</svg>", "<math>", "<br/>", "<img src=x>",
                "<a href='u'>", "</a>", "<select>", "<option>", "<head>", "<body>", "<html>",
                "<!--c-->", "<!---->", "<!doctype html>", "<?x?>", "</>", "</ br>", "<",
                ">", "&", "&amp;", "&amp", "&#65;", "&#x41", "&notin;", "&noti", "=", "\"",
                "'", "/", " ", "\n", "\r\n", "x", "é", "<p id=\"a&amp;b\" id=c>",
                "<P CLASS=Z>", "<frameset>", "<plaintext>", "<iframe>", "</iframe>",
                "<noscript>", "</noscript>", "<template>", "</template>", "<form>", "</form>",
            ]), 0..40)
        ) {
            let html: String = parts.concat();
            if let Some(fast) = parse(&html) {
                let slow = Html::parse_document(&html).tree;
                proptest::prop_assert_eq!(dump(&fast), dump(&slow), "input: {:?}", html);
            }
        }
    }
}
