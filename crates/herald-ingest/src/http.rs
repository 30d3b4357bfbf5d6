//! The HTTP response inside a WARC `response` record: status line, headers,
//! chunked transfer-encoding and gzip/deflate content-encoding. Lenient: a
//! header a crawler left behind but whose transformation it already undid
//! (a "chunked" body that is not chunked, a "gzip" body without the gzip
//! magic) falls back to the raw bytes.

use std::io::Read;

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

use crate::sniff::GZIP_MAGIC;
use crate::source::{Whole, read_bounded};

/// A parsed HTTP response (or a bare payload when the block is not HTTP).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Response<'a> {
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub chunked: bool,
    pub content_encoding: Option<String>,
    pub body: &'a [u8],
}

/// Splits an HTTP response into status, the headers that matter, and body.
/// A block that does not start with `HTTP/` is all body.
pub(crate) fn parse(block: &[u8]) -> Response<'_> {
    if !block.starts_with(b"HTTP/") {
        return Response {
            body: block,
            ..Response::default()
        };
    }
    let mut resp = Response::default();
    let mut pos = 0;
    let mut first = true;
    let mut body_start = block.len();
    while pos < block.len() {
        let end = memchr::memchr(b'\n', &block[pos..]).map_or(block.len(), |i| pos + i + 1);
        let line = trim_eol(&block[pos..end]);
        pos = end;
        if first {
            first = false;
            resp.status = line
                .split(|b| *b == b' ')
                .nth(1)
                .and_then(|s| std::str::from_utf8(s).ok())
                .and_then(|s| s.parse().ok());
            continue;
        }
        if line.is_empty() {
            body_start = pos;
            break;
        }
        let Some(colon) = memchr::memchr(b':', line) else {
            continue;
        };
        let name = line[..colon].trim_ascii();
        let value = String::from_utf8_lossy(line[colon + 1..].trim_ascii()).into_owned();
        if name.eq_ignore_ascii_case(b"content-type") {
            resp.content_type = Some(value);
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            resp.chunked = value.to_ascii_lowercase().contains("chunked");
        } else if name.eq_ignore_ascii_case(b"content-encoding") {
            resp.content_encoding = Some(value.to_ascii_lowercase());
        }
    }
    resp.body = &block[body_start..];
    resp
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// What a `Content-Type` says about the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Payload {
    Html,
    Text,
    /// No (or a generic) type: sniff the bytes.
    Unknown,
    /// Images, scripts, PDFs, JSON, …: not an article.
    Other,
}

pub(crate) fn payload_kind(content_type: Option<&str>) -> Payload {
    let Some(ct) = content_type else {
        return Payload::Unknown;
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "text/html" | "application/xhtml+xml" => Payload::Html,
        "text/plain" => Payload::Text,
        "" | "application/octet-stream" | "unk" => Payload::Unknown,
        _ => Payload::Other,
    }
}

/// Undoes chunked transfer-encoding; `None` when the body is not validly
/// chunked (the caller keeps the raw bytes). A final chunk cut short is kept.
pub(crate) fn dechunk(mut body: &[u8], max: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len().min(max));
    loop {
        let nl = memchr::memchr(b'\n', body)?;
        let size_line = trim_eol(&body[..=nl]);
        let hex = size_line
            .split(|b| *b == b';')
            .next()
            .unwrap_or_default()
            .trim_ascii();
        let size = usize::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
        body = &body[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        let take = size.min(body.len());
        if out.len() + take > max {
            return None;
        }
        out.extend_from_slice(&body[..take]);
        if take < size {
            return Some(out);
        }
        body = &body[take..];
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))
            .unwrap_or(body);
        if body.is_empty() {
            return Some(out);
        }
    }
}

/// Why a content-encoded body could not be decoded: reason and sentence.
pub(crate) type DecodeError = (&'static str, String);

/// Undoes `Content-Encoding` (gzip, deflate), bounded by `max` bytes.
pub(crate) fn decode_content(
    body: Vec<u8>,
    encoding: Option<&str>,
    max: u64,
) -> Result<Vec<u8>, DecodeError> {
    let enc = encoding.unwrap_or("").trim();
    let bounded = |r: &mut dyn Read| match read_bounded(r, max, 0) {
        Whole::Bytes(b) => Ok(b),
        Whole::TooLarge => Err((
            "too-large",
            format!("the decompressed HTTP body exceeds the limit of {max} bytes"),
        )),
        Whole::Failed { err, .. } => Err((
            "bad-warc",
            format!("the HTTP body's {enc} content-encoding is corrupt: {err}"),
        )),
    };
    match enc {
        "" | "identity" | "none" => Ok(body),
        "gzip" | "x-gzip" => {
            if body.starts_with(&GZIP_MAGIC) {
                bounded(&mut MultiGzDecoder::new(&body[..]))
            } else {
                Ok(body)
            }
        }
        "deflate" => {
            // RFC says zlib-wrapped; some servers send raw deflate.
            if let Ok(b) = bounded(&mut ZlibDecoder::new(&body[..])) {
                return Ok(b);
            }
            match bounded(&mut DeflateDecoder::new(&body[..])) {
                Ok(b) => Ok(b),
                Err(_) => Ok(body),
            }
        }
        other => Err((
            "bad-warc",
            format!("unsupported HTTP Content-Encoding '{other}': the body can't be decoded"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn parses_status_headers_and_body() {
        let r = parse(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nContent-Encoding: GZIP\r\n\r\nBODY");
        assert_eq!(r.status, Some(200));
        assert_eq!(r.content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert!(r.chunked);
        assert_eq!(r.content_encoding.as_deref(), Some("gzip"));
        assert_eq!(r.body, b"BODY");

        let r = parse(b"HTTP/1.0 404 Not Found\nContent-Type: text/plain\n\nnope");
        assert_eq!(r.status, Some(404));
        assert_eq!(r.body, b"nope");

        let r = parse(b"<html>bare</html>");
        assert_eq!(r.status, None);
        assert_eq!(r.body, b"<html>bare</html>");
    }

    #[test]
    fn payload_kinds() {
        assert_eq!(payload_kind(Some("text/html; charset=x")), Payload::Html);
        assert_eq!(payload_kind(Some("TEXT/PLAIN")), Payload::Text);
        assert_eq!(payload_kind(Some("image/png")), Payload::Other);
        assert_eq!(payload_kind(None), Payload::Unknown);
    }

    #[test]
    fn dechunks() {
        assert_eq!(
            dechunk(b"5\r\nHello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n", 100).as_deref(),
            Some(&b"Hello, world"[..])
        );
        assert_eq!(dechunk(b"<html>not chunked</html>", 100), None);
        assert_eq!(dechunk(b"a\r\nshort", 100).as_deref(), Some(&b"short"[..]));
    }

    #[test]
    fn decodes_gzip_and_deflate_and_rejects_brotli() {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = e.write_all(b"<p>zipped</p>");
        let gz = e.finish().unwrap_or_default();
        assert_eq!(
            decode_content(gz, Some("gzip"), 1000).ok().as_deref(),
            Some(&b"<p>zipped</p>"[..])
        );
        // Already decoded by the crawler: kept as is.
        assert_eq!(
            decode_content(b"<p>plain</p>".to_vec(), Some("gzip"), 1000)
                .ok()
                .as_deref(),
            Some(&b"<p>plain</p>"[..])
        );
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = z.write_all(b"deflated");
        let z = z.finish().unwrap_or_default();
        assert_eq!(
            decode_content(z, Some("deflate"), 1000).ok().as_deref(),
            Some(&b"deflated"[..])
        );
        assert!(matches!(
            decode_content(b"x".to_vec(), Some("br"), 1000),
            Err(("bad-warc", _))
        ));
    }

    proptest::proptest! {
        #[test]
        fn http_helpers_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..1024)) {
            let r = parse(&data);
            let _ = dechunk(r.body, 4096);
            let _ = dechunk(&data, 16);
            for enc in ["gzip", "deflate", "br"] {
                let _ = decode_content(data.clone(), Some(enc), 4096);
            }
        }
    }
}
