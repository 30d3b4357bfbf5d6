//! JSON Lines and JSON: one article per line (streamed, never loaded whole),
//! or a `.json` file holding one object or an array of objects (array
//! elements streamed one at a time).
//!
//! Field names are lenient, covering common dumps (news-please / CC-NEWS,
//! SemEval, Kaggle sets): see the `*_FIELDS` lists. An input `id` (string or
//! number) is kept; without one the id is `content_id` of the body.

use std::io::{BufRead, Cursor, Read};

use herald_core::{Format, RawDoc, Reject, content_id};
use serde::Deserialize;
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::Item;
use crate::sniff::looks_html;
use crate::source::{Line, Source, classify, read_line};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

const ID_FIELDS: &[&str] = &["id", "doc_id", "article_id", "_id", "uuid", "guid"];
const URL_FIELDS: &[&str] = &["url", "link", "uri", "article_url", "canonical_url"];
const TITLE_FIELDS: &[&str] = &["title", "headline", "title_page"];
const PUBLISHED_FIELDS: &[&str] = &[
    "published",
    "date",
    "published_at",
    "publish_date",
    "date_publish",
    "date_published",
    "publication_date",
    "pubdate",
    "datetime",
];
const SITE_FIELDS: &[&str] = &[
    "site",
    "source",
    "domain",
    "source_domain",
    "site_name",
    "sitename",
    "publisher",
    "source_url",
    "outlet",
];
const AUTHOR_FIELDS: &[&str] = &["authors", "author", "byline", "creator"];
const TEXT_FIELDS: &[&str] = &[
    "text",
    "maintext",
    "doc_text",
    "body",
    "content",
    "article",
    "article_text",
    "full_text",
    "fulltext",
];
const HTML_FIELDS: &[&str] = &["html", "raw_html", "content_html", "body_html", "rawhtml"];

/// Reads JSON Lines: every non-blank line is one object (or an array of
/// objects). A bad line is rejected with its number and the next line goes on.
pub(crate) fn read_jsonl(src: Source<'_>, path: &str, max: u64, sink: &mut dyn FnMut(Item)) {
    let Source { mut reader, gz } = src;
    let mut lines = Lines::new(path, max);
    lines.run(&mut reader, gz, None, sink);
    lines.finish(sink);
}

/// Reads a `.json` file (or JSON on stdin): JSON Lines when the first line is
/// a complete JSON value (or, if it is broken, the second one is), otherwise a
/// stream of pretty-printed values (typically one object, or one array).
pub(crate) fn read_json(src: Source<'_>, path: &str, max: u64, sink: &mut dyn FnMut(Item)) {
    let Source { mut reader, gz } = src;
    let mut lines = Lines::new(path, max);
    // Every byte read while deciding, to replay in stream mode.
    let mut raw = Vec::new();
    let first = match lines.next_nonblank(&mut reader, &mut raw) {
        Head::Line(l) => l,
        Head::Eof => return lines.finish(sink),
        Head::Failed(e) => return lines.fail(&e, gz, sink),
        Head::TooLong => {
            // A huge first line can't be replayed: read the file as lines.
            lines.too_long(sink);
            lines.run(&mut reader, gz, None, sink);
            return lines.finish(sink);
        }
    };
    let first = first.strip_prefix(UTF8_BOM).unwrap_or(&first).to_vec();
    if raw.starts_with(UTF8_BOM) {
        raw.drain(..UTF8_BOM.len());
    }
    let t = first.trim_ascii();
    if is_json(t) {
        lines.run(&mut reader, gz, Some(&first), sink);
        return lines.finish(sink);
    }
    // `{` or `[` alone opens a pretty-printed value; otherwise a broken first
    // line may still be followed by good JSON Lines: the second line decides.
    if t != b"{" && t != b"[" {
        let line1 = lines.line;
        let second = lines.next_nonblank(&mut reader, &mut raw);
        let line2 = lines.line;
        let as_lines = match &second {
            Head::Line(l) => is_json(l.trim_ascii()),
            Head::TooLong | Head::Failed(_) => true,
            Head::Eof => false,
        };
        if as_lines {
            lines.line = line1;
            lines.one(&first, sink);
            lines.line = line2;
            match second {
                Head::Line(l) => lines.run(&mut reader, gz, Some(&l), sink),
                Head::TooLong => {
                    lines.too_long(sink);
                    lines.run(&mut reader, gz, None, sink);
                }
                Head::Failed(e) => lines.fail(&e, gz, sink),
                Head::Eof => {}
            }
            return lines.finish(sink);
        }
    }
    read_values(Cursor::new(raw).chain(reader), path, gz, 0, sink);
}

fn is_json(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
}

/// The next non-blank line while deciding how to read a `.json` file.
enum Head {
    Line(Vec<u8>),
    TooLong,
    Eof,
    Failed(std::io::Error),
}

/// Line-mode state: counters for reject records and the final `empty` check.
struct Lines<'p> {
    path: &'p str,
    limit: usize,
    line: u64,
    nonblank: u64,
}

impl<'p> Lines<'p> {
    fn new(path: &'p str, max: u64) -> Self {
        Lines {
            path,
            limit: usize::try_from(max).unwrap_or(usize::MAX),
            line: 0,
            nonblank: 0,
        }
    }

    /// Reads up to the next non-blank line, counting lines and keeping every
    /// byte read in `raw`.
    fn next_nonblank(&mut self, reader: &mut dyn BufRead, raw: &mut Vec<u8>) -> Head {
        let mut buf = Vec::new();
        loop {
            match read_line(reader, &mut buf, self.limit) {
                Err(e) => return Head::Failed(e),
                Ok(Line::Eof) => return Head::Eof,
                Ok(Line::TooLong) => {
                    self.line += 1;
                    return Head::TooLong;
                }
                Ok(Line::Ok) => {
                    self.line += 1;
                    raw.extend_from_slice(&buf);
                    if !buf.trim_ascii().is_empty() {
                        return Head::Line(buf);
                    }
                }
            }
        }
    }

    /// Reports a read error at the next line.
    fn fail(&mut self, e: &std::io::Error, gz: bool, sink: &mut dyn FnMut(Item)) {
        let (reason, detail) = classify(e, gz);
        let detail = format!("{detail}; lines after {} were lost", self.line);
        sink(Item::Reject(
            Reject::new(self.path, reason, detail).at_line(self.line + 1),
        ));
        // Counted so that a truncated file is not also reported empty.
        self.nonblank += 1;
    }

    /// Processes `first` (already read as line `self.line`), then every
    /// following line of `reader`.
    fn run(
        &mut self,
        reader: &mut dyn BufRead,
        gz: bool,
        first: Option<&[u8]>,
        sink: &mut dyn FnMut(Item),
    ) {
        if let Some(first) = first {
            self.one(first, sink);
        }
        let mut buf = Vec::with_capacity(16 * 1024);
        loop {
            match read_line(reader, &mut buf, self.limit) {
                Err(e) => return self.fail(&e, gz, sink),
                Ok(Line::Eof) => return,
                Ok(Line::TooLong) => {
                    self.line += 1;
                    self.too_long(sink);
                }
                Ok(Line::Ok) => {
                    self.line += 1;
                    self.one(&buf, sink);
                }
            }
        }
    }

    fn too_long(&mut self, sink: &mut dyn FnMut(Item)) {
        self.nonblank += 1;
        sink(Item::Reject(
            Reject::new(
                self.path,
                "too-large",
                format!("line longer than the limit of {} bytes", self.limit),
            )
            .at_line(self.line),
        ));
    }

    fn one(&mut self, raw: &[u8], sink: &mut dyn FnMut(Item)) {
        // Editors on Windows start files with a byte-order mark.
        let raw = if self.line == 1 {
            raw.strip_prefix(UTF8_BOM).unwrap_or(raw)
        } else {
            raw
        };
        let trimmed = raw.trim_ascii();
        if trimmed.is_empty() {
            return;
        }
        self.nonblank += 1;
        let line = self.line;
        let reject = |reason: &str, detail: String| {
            Item::Reject(Reject::new(self.path, reason, detail).at_line(line))
        };
        let (text, warning) = match std::str::from_utf8(trimmed) {
            Ok(s) => (std::borrow::Cow::Borrowed(s), false),
            Err(_) => (String::from_utf8_lossy(trimmed), true),
        };
        let value: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                return sink(reject(
                    "malformed-json",
                    format!("invalid JSON at column {}: {}", e.column(), message(&e)),
                ));
            }
        };
        if warning {
            sink(Item::Reject(
                Reject::new(
                    self.path,
                    "invalid-utf8",
                    "invalid UTF-8 bytes on this line were replaced with U+FFFD; the line was kept",
                )
                .at_line(line)
                .warning(),
            ));
        }
        let input = format!("{}:{line}", self.path);
        match value {
            Value::Object(map) => emit(map, input, self.path, Some(line), sink),
            Value::Array(items) => {
                for (k, item) in items.into_iter().enumerate() {
                    match item {
                        Value::Object(map) => emit(
                            map,
                            format!("{input}#{}", k + 1),
                            self.path,
                            Some(line),
                            sink,
                        ),
                        other => sink(reject(
                            "malformed-json",
                            format!(
                                "array element {} is a JSON {}, not an object",
                                k + 1,
                                type_name(&other)
                            ),
                        )),
                    }
                }
            }
            other => sink(reject(
                "malformed-json",
                format!("the line is a JSON {}, not an object", type_name(&other)),
            )),
        }
    }

    fn finish(&self, sink: &mut dyn FnMut(Item)) {
        if self.nonblank == 0 {
            sink(Item::Reject(Reject::new(
                self.path,
                "empty",
                "no JSON line in the file: nothing to read",
            )));
        }
    }
}

/// Streams top-level JSON values: objects become documents, arrays are walked
/// element by element without building the array. A syntax error stops the
/// file (JSON can't be resynchronised) after the documents already read.
fn read_values(
    reader: impl Read,
    path: &str,
    gz: bool,
    skipped_lines: u64,
    sink: &mut dyn FnMut(Item),
) {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut count = 0u64;
    let result = loop {
        if de.end().is_ok() {
            break Ok(());
        }
        let mut each = |v: Value| {
            count += 1;
            let input = format!("{path}#{count}");
            match v {
                Value::Object(map) => emit(map, input, path, None, sink),
                other => sink(Item::Reject(Reject::new(
                    input,
                    "malformed-json",
                    format!("element is a JSON {}, not an object", type_name(&other)),
                ))),
            }
        };
        if let Err(e) = serde::Deserializer::deserialize_any(&mut de, Each(&mut each)) {
            break Err(e);
        }
    };
    if let Err(e) = result {
        let line = e.line() as u64 + skipped_lines;
        let kept = format!("{count} element(s) before it were read");
        let item = if e.is_io() {
            let io = std::io::Error::other(e.to_string());
            let (reason, detail) = classify(&io, gz);
            Reject::new(path, reason, format!("{detail}; {kept}"))
        } else {
            Reject::new(
                path,
                "malformed-json",
                format!(
                    "invalid JSON at line {line}, column {}: {}; the rest of the file can't be read; {kept}",
                    e.column(),
                    message(&e)
                ),
            )
        };
        sink(Item::Reject(item.at_line(line)));
    } else if count == 0 {
        sink(Item::Reject(Reject::new(
            path,
            "empty",
            "the JSON holds no object: nothing to read",
        )));
    }
}

/// A serde visitor that hands each object (or each element of an array) to a
/// callback, so a large array is never held in memory.
struct Each<'f>(&'f mut dyn FnMut(Value));

impl<'de> Visitor<'de> for Each<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object or an array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(v) = seq.next_element::<Value>()? {
            (self.0)(v);
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let v = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        (self.0)(v);
        Ok(())
    }
}

/// serde_json's message without its " at line L column C" tail (the line is
/// reported separately and, for JSON Lines, would always say 1).
fn message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn emit(
    map: Map<String, Value>,
    input: String,
    path: &str,
    line: Option<u64>,
    sink: &mut dyn FnMut(Item),
) {
    match object_to_doc(map, input) {
        Ok(doc) => sink(Item::Doc(doc)),
        Err(input) => {
            let mut r = Reject::new(
                if line.is_some() { path } else { &input },
                "missing-text",
                "no non-empty text field (text, maintext, content, body, …) or html field",
            );
            r.line = line;
            sink(Item::Reject(r));
        }
    }
}

/// Maps one JSON object to a document; `Err(input)` when it has no body.
pub(crate) fn object_to_doc(mut map: Map<String, Value>, input: String) -> Result<RawDoc, String> {
    let (body, format) = match take_string(&mut map, TEXT_FIELDS) {
        Some(t) => {
            let format = if t.trim_start().starts_with('<') && looks_html(t.trim_start().as_bytes())
            {
                Format::Html
            } else {
                Format::Text
            };
            (t, format)
        }
        None => match take_string(&mut map, HTML_FIELDS) {
            Some(h) => (h, Format::Html),
            None => return Err(input),
        },
    };
    let id = take_string(&mut map, ID_FIELDS).unwrap_or_else(|| content_id(&body));
    let mut doc = RawDoc::new(id, input, format, body);
    doc.url = take_string(&mut map, URL_FIELDS);
    doc.title = take_string(&mut map, TITLE_FIELDS);
    doc.published = take_string(&mut map, PUBLISHED_FIELDS);
    doc.site = take_string(&mut map, SITE_FIELDS).map(site_name);
    doc.authors = take_authors(&mut map);
    Ok(doc)
}

/// The first field among `names` holding a non-blank string, a number, or an
/// object with a `name` (publisher objects).
fn take_string(map: &mut Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match map.remove(*n)? {
        Value::String(s) if !s.trim().is_empty() => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(mut o) => match o.remove("name") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
            _ => None,
        },
        _ => None,
    })
}

fn take_authors(map: &mut Map<String, Value>) -> Vec<String> {
    let Some(v) = AUTHOR_FIELDS.iter().find_map(|n| map.remove(*n)) else {
        return Vec::new();
    };
    let name = |v: Value| match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Object(mut o) => match o.remove("name") {
            Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            _ => None,
        },
        _ => None,
    };
    match v {
        Value::Array(items) => items.into_iter().filter_map(name).collect(),
        other => name(other).into_iter().collect(),
    }
}

/// `https://www.example.com/` → `www.example.com`; anything else unchanged.
fn site_name(s: String) -> String {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(r) => r.split('/').next().unwrap_or(r).to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(data: &[u8]) -> Vec<Item> {
        let mut items = Vec::new();
        read_jsonl(Source::open(data), "d.jsonl", 1 << 20, &mut |i| {
            items.push(i)
        });
        items
    }

    fn json(data: &[u8]) -> Vec<Item> {
        let mut items = Vec::new();
        read_json(Source::open(data), "d.json", 1 << 20, &mut |i| {
            items.push(i)
        });
        items
    }

    fn summary(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Item::Doc(d) => format!("doc:{}@{}", d.id, d.input),
                Item::Reject(r) => format!("{}:{}", r.reason, r.line.unwrap_or(0)),
            })
            .collect()
    }

    #[test]
    fn jsonl_keeps_ids_and_rejects_bad_lines() {
        let data = b"{\"id\": \"a1\", \"text\": \"One.\", \"url\": \"https://x.org/1\"}\n\
            \n\
            {\"id\": 42, \"text\": \"Two.\"}\n\
            {not json\n\
            {\"id\": \"c\", \"title\": \"no body\"}\n\
            [1, 2]\n\
            {\"text\": \"Three.\"}\n";
        let items = jsonl(data);
        assert_eq!(
            summary(&items),
            [
                "doc:a1@d.jsonl:1",
                "doc:42@d.jsonl:3",
                "malformed-json:4",
                "missing-text:5",
                "malformed-json:6",
                "malformed-json:6",
                &format!("doc:{}@d.jsonl:7", content_id("Three.")),
            ]
        );
    }

    #[test]
    fn lenient_field_names() {
        let line = br#"{"maintext": "Body.", "date_publish": "2024-01-02 10:00:00", "source_domain": "bbc.co.uk", "title": "T", "authors": ["A B", "", "C D"], "url": "https://bbc.co.uk/x"}"#;
        let items = jsonl(line);
        let Some(Item::Doc(d)) = items.first() else {
            panic!("expected a document, got {items:?}");
        };
        assert_eq!(d.body, "Body.");
        assert_eq!(d.published.as_deref(), Some("2024-01-02 10:00:00"));
        assert_eq!(d.site.as_deref(), Some("bbc.co.uk"));
        assert_eq!(d.title.as_deref(), Some("T"));
        assert_eq!(d.authors, ["A B", "C D"]);
        assert_eq!(d.url.as_deref(), Some("https://bbc.co.uk/x"));

        let items = jsonl(br#"{"doc_id": 11, "doc_text": "x", "source_url": "https://www.wmtw.com", "author": "Jo"}"#);
        let Some(Item::Doc(d)) = items.first() else {
            panic!("expected a document, got {items:?}");
        };
        assert_eq!(d.id, "11");
        assert_eq!(d.site.as_deref(), Some("www.wmtw.com"));
        assert_eq!(d.authors, ["Jo"]);
    }

    #[test]
    fn html_field_and_html_in_content() {
        let items = jsonl(br#"{"id": "h", "html": "<html><body><p>Hi</p></body></html>"}"#);
        let Some(Item::Doc(d)) = items.first() else {
            panic!("expected a document");
        };
        assert_eq!(d.format, Format::Html);
        let items = jsonl(br#"{"id": "c", "content": "<div><p>Hi</p></div>"}"#);
        let Some(Item::Doc(d)) = items.first() else {
            panic!("expected a document");
        };
        assert_eq!(d.format, Format::Html);
    }

    #[test]
    fn invalid_utf8_line_is_a_warning_before_the_doc() {
        let items = jsonl(b"{\"id\": \"u\", \"text\": \"caf\xe9\"}\n");
        assert_eq!(summary(&items), ["invalid-utf8:1", "doc:u@d.jsonl:1"]);
        assert!(matches!(&items[0], Item::Reject(r) if !r.fatal));
    }

    #[test]
    fn byte_order_mark_on_the_first_line_is_ignored() {
        let data = b"\xEF\xBB\xBF{\"id\": \"bom\", \"text\": \"x\"}\n";
        assert_eq!(summary(&jsonl(data)), ["doc:bom@d.jsonl:1"]);
        assert_eq!(summary(&json(data)), ["doc:bom@d.json:1"]);
        let data = b"\xEF\xBB\xBF[\n{\"id\": \"arr\", \"text\": \"x\"}\n]";
        assert_eq!(summary(&json(data)), ["doc:arr@d.json#1"]);
    }

    #[test]
    fn blank_jsonl_is_empty() {
        assert_eq!(summary(&jsonl(b"\n  \n")), ["empty:0"]);
    }

    #[test]
    fn json_array_pretty_and_single_object() {
        let data = b"[\n  {\"id\": \"a\", \"text\": \"One\"},\n  {\"id\": \"b\", \"html\": \"<p>Two</p>\"},\n  {\"id\": \"c\"}\n]\n";
        assert_eq!(
            summary(&json(data)),
            ["doc:a@d.json#1", "doc:b@d.json#2", "missing-text:0"]
        );
        let data = b"{\n  \"id\": \"solo\",\n  \"text\": \"Alone.\"\n}\n";
        assert_eq!(summary(&json(data)), ["doc:solo@d.json#1"]);
        // A .json file that is really JSON Lines.
        let data = b"{\"id\": \"l1\", \"text\": \"x\"}\n{\"id\": \"l2\", \"text\": \"y\"}\n";
        assert_eq!(summary(&json(data)), ["doc:l1@d.json:1", "doc:l2@d.json:2"]);
    }

    #[test]
    fn broken_first_line_of_json_lines_is_not_fatal() {
        let data = b"{\"id\": \"a\", \"text\": \n\n{\"id\": \"b\", \"text\": \"ok\"}\n{\"id\": \"c\", \"text\": \"ok\"}\n";
        assert_eq!(
            summary(&json(data)),
            ["malformed-json:1", "doc:b@d.json:3", "doc:c@d.json:4"]
        );
        // A lone broken line is reported once.
        assert_eq!(summary(&json(b"{\"id\": ")), ["malformed-json:1"]);
        // An array written one element per line is still an array.
        let data = b"[\n{\"id\": \"a\", \"text\": \"x\"}\n]\n";
        assert_eq!(summary(&json(data)), ["doc:a@d.json#1"]);
        // Pretty JSON after blank lines keeps true line numbers.
        let data = b"\n\n{\n \"id\": \"p\",\n \"text\": oops\n}";
        assert_eq!(summary(&json(data)), ["malformed-json:5"]);
    }

    #[test]
    fn json_syntax_error_keeps_earlier_elements() {
        let data = b"[\n {\"id\": \"a\", \"text\": \"One\"},\n {\"id\": \"b\", \"text\": oops}\n]";
        assert_eq!(summary(&json(data)), ["doc:a@d.json#1", "malformed-json:3"]);
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = jsonl(&data);
            let _ = json(&data);
        }

        #[test]
        fn jsonish_lines_never_panic(lines in proptest::collection::vec("[{}\\[\\]\":,a-z0-9 \\\\\n]{0,40}", 0..20)) {
            let data = lines.join("\n");
            let items = jsonl(data.as_bytes());
            // Every non-blank line is accounted for: a document or a reject.
            let nonblank = data.lines().filter(|l| !l.trim().is_empty()).count();
            proptest::prop_assert!(items.len() >= nonblank.min(1));
            let _ = json(data.as_bytes());
        }
    }
}
