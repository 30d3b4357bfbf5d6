//! WARC/1.0 and WARC/1.1 (`.warc`, `.warc.gz`, one gzip member per record or
//! one for the whole file): `response` records with an HTML or text payload,
//! and `resource` / `conversion` records of those types (the latter are
//! Common Crawl's WET text extracts), become documents.
//!
//! A small hand parser rather than the `warc` crate (0.4): measured on crafted
//! inputs, that crate yields *zero* records, silently, from a WARC with LF line
//! ends; loses the record before a missing separator with no way to resume;
//! allocates 1 MB per record; and pulls in nom, chrono, url, uuid 0.8 and
//! libflate. This parser reads a header block (bounded line lengths), then
//! exactly `Content-Length` body bytes, and on a malformed record emits a
//! `bad-warc` reject and resynchronises on the next `WARC/` line.

use std::io::{self, BufRead, Read};

use herald_core::{Format, Reject, content_id};

use crate::Item;
use crate::decode::content_type_charset;
use crate::http::{Payload, dechunk, decode_content, parse, payload_kind};
use crate::single::body_to_doc;
use crate::sniff::{Sniffed, sniff};
use crate::source::{Line, Source, classify, read_line};

/// Longest header line kept; longer ones are skipped.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// More header lines than this is not a WARC header block.
const MAX_HEADER_LINES: usize = 1024;

/// The WARC headers the reader needs.
#[derive(Debug, Default)]
struct Headers {
    kind: String,
    length: Option<u64>,
    target_uri: Option<String>,
    content_type: Option<String>,
}

/// Reads every record of a WARC stream; documents and rejects go to `sink`.
pub(crate) fn read_warc(src: Source<'_>, path: &str, max: u64, sink: &mut dyn FnMut(Item)) {
    let Source { mut reader, gz } = src;
    let mut p = Parser {
        reader: &mut *reader,
        path,
        gz,
        max,
        record: 0,
        seen: false,
        skipped: 0,
        line: Vec::with_capacity(256),
    };
    p.run(sink);
}

struct Parser<'r> {
    reader: &'r mut dyn BufRead,
    path: &'r str,
    gz: bool,
    max: u64,
    /// 1-based number of the current record (every record counts).
    record: u64,
    /// Any record or non-blank line met: the file is not empty.
    seen: bool,
    /// Records passed over without a document or a reject.
    skipped: u64,
    line: Vec<u8>,
}

/// Stop reading the file (after emitting a reject).
struct Stop;

impl Parser<'_> {
    fn run(&mut self, sink: &mut dyn FnMut(Item)) {
        let mut at_version = false;
        loop {
            if !at_version {
                match self.next_version_line(sink) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(Stop) => return,
                }
            }
            at_version = false;
            self.seen = true;
            self.record += 1;
            match self.record_after_version(sink) {
                Ok(Next::Record) => {}
                Ok(Next::Resync) => match self.resync() {
                    Ok(true) => at_version = true,
                    Ok(false) => break,
                    Err(e) => return self.io_reject_at(self.record + 1, &e, sink),
                },
                Err(Stop) => return,
            }
        }
        tracing::debug!(
            path = self.path,
            records = self.record,
            skipped = self.skipped,
            "WARC read; skipped records are not articles (requests, metadata, images, non-2xx)"
        );
        if !self.seen {
            sink(Item::Reject(Reject::new(
                self.path,
                "empty",
                "no WARC record in the file: nothing to read",
            )));
        }
    }

    fn input(&self) -> String {
        format!("{}#{}", self.path, self.record)
    }

    fn reject(&self, reason: &str, detail: String, sink: &mut dyn FnMut(Item)) {
        sink(Item::Reject(Reject::new(self.input(), reason, detail)));
    }

    /// A read error inside the current record.
    fn io_reject(&self, e: &io::Error, sink: &mut dyn FnMut(Item)) {
        self.io_reject_at(self.record.max(1), e, sink);
    }

    /// A read error in record `n` (between records: the next one).
    fn io_reject_at(&self, n: u64, e: &io::Error, sink: &mut dyn FnMut(Item)) {
        let (reason, detail) = classify(e, self.gz);
        let detail = format!(
            "{detail} in record {n}; the {} record(s) before it were read",
            n - 1
        );
        sink(Item::Reject(Reject::new(
            format!("{}#{n}", self.path),
            reason,
            detail,
        )));
    }

    /// Skips blank lines to the next `WARC/` version line. Anything else is
    /// reported once and skipped up to the next version line.
    fn next_version_line(&mut self, sink: &mut dyn FnMut(Item)) -> Result<bool, Stop> {
        loop {
            match read_line(self.reader, &mut self.line, MAX_HEADER_LINE) {
                Err(e) => {
                    self.io_reject_at(self.record + 1, &e, sink);
                    return Err(Stop);
                }
                Ok(Line::Eof) => return Ok(false),
                Ok(_) if self.line.trim_ascii().is_empty() => continue,
                Ok(_) if self.line.starts_with(b"WARC/") => return Ok(true),
                Ok(_) => {
                    self.seen = true;
                    let shown = String::from_utf8_lossy(&self.line[..self.line.len().min(60)])
                        .trim_end()
                        .to_string();
                    sink(Item::Reject(Reject::new(
                        format!("{}#{}", self.path, self.record + 1),
                        "bad-warc",
                        format!(
                            "expected a 'WARC/1.x' version line, found {shown:?}; skipping to the next record"
                        ),
                    )));
                    return match self.resync() {
                        Ok(found) => Ok(found),
                        Err(e) => {
                            self.io_reject_at(self.record + 1, &e, sink);
                            Err(Stop)
                        }
                    };
                }
            }
        }
    }

    /// Reads lines until one starts with `WARC/`.
    fn resync(&mut self) -> io::Result<bool> {
        loop {
            match read_line(self.reader, &mut self.line, MAX_HEADER_LINE)? {
                Line::Eof => return Ok(false),
                _ if self.line.starts_with(b"WARC/") => return Ok(true),
                _ => {}
            }
        }
    }

    fn read_headers(&mut self, sink: &mut dyn FnMut(Item)) -> Result<Option<Headers>, Stop> {
        let mut h = Headers::default();
        for _ in 0..MAX_HEADER_LINES {
            match read_line(self.reader, &mut self.line, MAX_HEADER_LINE) {
                Err(e) => {
                    self.io_reject(&e, sink);
                    return Err(Stop);
                }
                Ok(Line::Eof) => {
                    self.reject(
                        if self.gz {
                            "truncated-gzip"
                        } else {
                            "bad-warc"
                        },
                        "the file ends inside the record's header block".to_string(),
                        sink,
                    );
                    return Err(Stop);
                }
                Ok(Line::TooLong) => continue,
                Ok(Line::Ok) => {}
            }
            let line = self.line.trim_ascii_end();
            if line.is_empty() {
                return Ok(Some(h));
            }
            let Some(colon) = memchr::memchr(b':', line) else {
                continue;
            };
            let name = line[..colon].trim_ascii();
            let value = || String::from_utf8_lossy(line[colon + 1..].trim_ascii()).into_owned();
            if name.eq_ignore_ascii_case(b"WARC-Type") {
                h.kind = value().to_ascii_lowercase();
            } else if name.eq_ignore_ascii_case(b"Content-Length") {
                h.length = value().parse().ok();
            } else if name.eq_ignore_ascii_case(b"WARC-Target-URI") {
                // WARC/1.0's grammar wrapped the URI in <>; some writers still do.
                let v = value();
                let v = v
                    .strip_prefix('<')
                    .and_then(|v| v.strip_suffix('>'))
                    .unwrap_or(&v);
                h.target_uri = Some(v.to_string()).filter(|v| !v.is_empty());
            } else if name.eq_ignore_ascii_case(b"Content-Type") {
                h.content_type = Some(value());
            }
        }
        Ok(None)
    }

    fn record_after_version(&mut self, sink: &mut dyn FnMut(Item)) -> Result<Next, Stop> {
        let Some(h) = self.read_headers(sink)? else {
            self.reject(
                "bad-warc",
                format!("more than {MAX_HEADER_LINES} header lines: not a WARC header block"),
                sink,
            );
            return Ok(Next::Resync);
        };
        let Some(len) = h.length else {
            self.reject(
                "bad-warc",
                "the record has no valid Content-Length; skipping to the next record".to_string(),
                sink,
            );
            return Ok(Next::Resync);
        };
        let wanted = matches!(h.kind.as_str(), "response" | "resource" | "conversion");
        if !wanted || len > self.max {
            if !wanted {
                self.skipped += 1;
            } else {
                self.reject(
                    "too-large",
                    format!(
                        "the record's {len} bytes exceed the limit of {} bytes",
                        self.max
                    ),
                    sink,
                );
            }
            self.skip_body(len, sink)?;
            return Ok(Next::Record);
        }
        let body = self.read_body(len, sink)?;
        self.record_to_doc(&h, body, sink);
        Ok(Next::Record)
    }

    fn read_body(&mut self, len: u64, sink: &mut dyn FnMut(Item)) -> Result<Vec<u8>, Stop> {
        let mut body = Vec::with_capacity(len.min(1 << 20) as usize);
        match (&mut *self.reader).take(len).read_to_end(&mut body) {
            Ok(n) if n as u64 == len => Ok(body),
            Ok(n) => {
                self.truncated(len, n as u64, sink);
                Err(Stop)
            }
            Err(e) => {
                self.io_reject(&e, sink);
                Err(Stop)
            }
        }
    }

    fn skip_body(&mut self, len: u64, sink: &mut dyn FnMut(Item)) -> Result<(), Stop> {
        match io::copy(&mut (&mut *self.reader).take(len), &mut io::sink()) {
            Ok(n) if n == len => Ok(()),
            Ok(n) => {
                self.truncated(len, n, sink);
                Err(Stop)
            }
            Err(e) => {
                self.io_reject(&e, sink);
                Err(Stop)
            }
        }
    }

    fn truncated(&self, len: u64, got: u64, sink: &mut dyn FnMut(Item)) {
        self.reject(
            if self.gz { "truncated-gzip" } else { "bad-warc" },
            format!(
                "the record is truncated: Content-Length says {len} bytes but the file ends after {got}; the {} record(s) before it were read",
                self.record.saturating_sub(1)
            ),
            sink,
        );
    }

    /// Turns a `response`/`resource` block into a document when its payload is
    /// HTML or text; other payloads (images, scripts, redirects) are skipped
    /// without a reject: they are not articles.
    fn record_to_doc(&mut self, h: &Headers, block: Vec<u8>, sink: &mut dyn FnMut(Item)) {
        let input = self.input();
        let (status, content_type, chunked, encoding, payload) = if h.kind == "response" {
            let r = parse(&block);
            // Not HTTP (e.g. Heritrix `dns:` responses): the WARC header's
            // type describes the block.
            let content_type = if r.status.is_none() {
                h.content_type
                    .clone()
                    .filter(|ct| !ct.to_ascii_lowercase().starts_with("application/http"))
            } else {
                r.content_type
            };
            (
                r.status,
                content_type,
                r.chunked,
                r.content_encoding,
                r.body,
            )
        } else {
            (None, h.content_type.clone(), false, None, &block[..])
        };
        if status.is_some_and(|s| !(200..300).contains(&s)) {
            tracing::debug!(%input, ?status, "skipping non-2xx response");
            self.skipped += 1;
            return;
        }
        let mut kind = payload_kind(content_type.as_deref());
        if kind == Payload::Other {
            tracing::debug!(%input, ?content_type, "skipping non-text payload");
            self.skipped += 1;
            return;
        }
        let max = usize::try_from(self.max).unwrap_or(usize::MAX);
        let bytes = if chunked {
            dechunk(payload, max).unwrap_or_else(|| payload.to_vec())
        } else {
            payload.to_vec()
        };
        let bytes = match decode_content(bytes, encoding.as_deref(), self.max) {
            Ok(b) => b,
            Err((reason, detail)) => return self.reject(reason, detail, sink),
        };
        if kind == Payload::Unknown {
            kind = match sniff(&bytes) {
                Sniffed::Html => Payload::Html,
                Sniffed::Text | Sniffed::Json | Sniffed::Empty | Sniffed::Binary => Payload::Text,
                Sniffed::Gzip | Sniffed::Warc => Payload::Other,
            };
            if kind == Payload::Other {
                self.skipped += 1;
                return;
            }
        }
        let format = if kind == Payload::Html {
            Format::Html
        } else {
            Format::Text
        };
        let charset = content_type.as_deref().and_then(content_type_charset);
        if let Some(mut doc) = body_to_doc(bytes, &input, format, charset, None, sink) {
            if let Some(uri) = &h.target_uri {
                doc.id = content_id(uri);
                doc.url = Some(uri.clone());
            }
            sink(Item::Doc(doc));
        }
    }
}

enum Next {
    Record,
    Resync,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8], lf_only: bool) -> Vec<u8> {
        let nl = if lf_only { "\n" } else { "\r\n" };
        let mut out = format!(
            "WARC/1.1{nl}WARC-Type: {kind}{nl}WARC-Target-URI: {uri}{nl}WARC-Record-ID: <urn:uuid:x>{nl}Content-Type: application/http; msgtype=response{nl}Content-Length: {}{nl}{nl}",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(format!("{nl}{nl}").as_bytes());
        out
    }

    fn run(data: &[u8]) -> Vec<Item> {
        let mut items = Vec::new();
        read_warc(Source::open(data), "a.warc", 1 << 20, &mut |i| {
            items.push(i)
        });
        items
    }

    fn summary(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Item::Doc(d) => format!("doc:{}", d.input),
                Item::Reject(r) => format!("{}:{}", r.reason, r.input),
            })
            .collect()
    }

    const PAGE: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>News.</p></body></html>";

    #[test]
    fn reads_response_records_only() {
        let mut data =
            b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 9\r\n\r\nsoftware:\r\n\r\n"
                .to_vec();
        data.extend(record(
            "request",
            "https://x.org/a",
            b"GET /a HTTP/1.1\r\n\r\n",
            false,
        ));
        data.extend(record("response", "https://x.org/a", PAGE, false));
        data.extend(record(
            "response",
            "https://x.org/img",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
            false,
        ));
        data.extend(record(
            "response",
            "https://x.org/moved",
            b"HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\n\r\n<p>moved</p>",
            false,
        ));
        let items = run(&data);
        assert_eq!(summary(&items), ["doc:a.warc#3"]);
        let Item::Doc(d) = &items[0] else {
            panic!("doc expected")
        };
        assert_eq!(d.id, content_id("https://x.org/a"));
        assert_eq!(d.url.as_deref(), Some("https://x.org/a"));
        assert_eq!(d.format, Format::Html);
        assert_eq!(d.body, "<html><body><p>News.</p></body></html>");
    }

    #[test]
    fn lf_only_line_ends_work() {
        let data = record("response", "<https://x.org/lf>", PAGE, true);
        let items = run(&data);
        assert_eq!(summary(&items), ["doc:a.warc#1"]);
        let Item::Doc(d) = &items[0] else {
            panic!("doc expected")
        };
        assert_eq!(d.url.as_deref(), Some("https://x.org/lf"));
    }

    #[test]
    fn truncated_last_record_keeps_earlier_ones() {
        let mut data = record("response", "https://x.org/1", PAGE, false);
        let second = record("response", "https://x.org/2", PAGE, false);
        data.extend_from_slice(&second[..second.len() - 30]);
        assert_eq!(summary(&run(&data)), ["doc:a.warc#1", "bad-warc:a.warc#2"]);
    }

    #[test]
    fn garbage_and_missing_length_resync() {
        let mut data = b"garbage line\r\nmore\r\n".to_vec();
        data.extend(record("response", "https://x.org/1", PAGE, false));
        data.extend(b"WARC/1.0\r\nWARC-Type: response\r\n\r\nno length here\r\n\r\n");
        data.extend(record("response", "https://x.org/3", PAGE, false));
        assert_eq!(
            summary(&run(&data)),
            [
                "bad-warc:a.warc#1",
                "doc:a.warc#1",
                "bad-warc:a.warc#2",
                "doc:a.warc#3"
            ]
        );
    }

    #[test]
    fn chunked_gzip_and_charset() {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = e.write_all(b"<html><body>caf\xe9</body></html>");
        let gz = e.finish().unwrap_or_default();
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend(format!("{:x}\r\n", gz.len()).as_bytes());
        block.extend(&gz);
        block.extend(b"\r\n0\r\n\r\n");
        let items = run(&record("response", "https://x.org/c", &block, false));
        let Some(Item::Doc(d)) = items.first() else {
            panic!("doc expected: {items:?}")
        };
        assert_eq!(d.body, "<html><body>café</body></html>");
    }

    #[test]
    fn resource_record_with_text_plain() {
        let mut data = b"WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: file:///n.txt\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nPlain news.\r\n\r\n".to_vec();
        data.extend(b"WARC/1.1\r\nWARC-Type: resource\r\nContent-Type: image/jpeg\r\nContent-Length: 3\r\n\r\n\xff\xd8\xff\r\n\r\n");
        let items = run(&data);
        assert_eq!(summary(&items), ["doc:a.warc#1"]);
        let Item::Doc(d) = &items[0] else {
            panic!("doc expected")
        };
        assert_eq!(d.format, Format::Text);
        assert_eq!(d.body, "Plain news.");
    }

    #[test]
    fn non_http_response_uses_the_warc_content_type() {
        let data = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: dns:x.org\r\nContent-Type: text/dns\r\nContent-Length: 26\r\n\r\n20260301\r\nx.org. 60 IN A 1\r\n\r\n";
        assert!(run(data).is_empty());
    }

    #[test]
    fn wet_conversion_record() {
        let data = b"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://x.org/w\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nWET text.\r\n\r\n";
        let items = run(data);
        assert_eq!(summary(&items), ["doc:a.warc#1"]);
        let Item::Doc(d) = &items[0] else {
            panic!("doc expected")
        };
        assert_eq!(d.body, "WET text.");
        assert_eq!(d.format, Format::Text);
    }

    #[test]
    fn oversized_record_is_rejected_and_skipped() {
        let big = [b'a'; 2000];
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n".to_vec();
        block.extend(big);
        let mut data = record("response", "https://x.org/big", &block, false);
        data.extend(record("response", "https://x.org/ok", PAGE, false));
        let mut items = Vec::new();
        read_warc(Source::open(&data[..]), "a.warc", 1000, &mut |i| {
            items.push(i)
        });
        assert_eq!(summary(&items), ["too-large:a.warc#1", "doc:a.warc#2"]);
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = run(&data);
        }

        #[test]
        fn arbitrary_after_a_version_line_never_panic(
            tail in proptest::collection::vec(proptest::num::u8::ANY, 0..2048),
            len in 0u64..3000,
        ) {
            let mut data = format!("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: {len}\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n").into_bytes();
            data.extend(tail);
            let _ = run(&data);
        }

        #[test]
        fn valid_records_always_come_through(bodies in proptest::collection::vec("[a-zA-Z ]{1,200}", 1..8)) {
            let mut data = Vec::new();
            for (i, b) in bodies.iter().enumerate() {
                let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n{b}");
                data.extend(record("response", &format!("https://x.org/{i}"), block.as_bytes(), i % 2 == 1));
            }
            let items = run(&data);
            let docs = items.iter().filter(|i| matches!(i, Item::Doc(_))).count();
            let blank = bodies.iter().filter(|b| b.trim().is_empty()).count();
            proptest::prop_assert_eq!(docs + blank, bodies.len());
        }
    }
}
