//! Content sniffing: what a byte prefix looks like, for stdin and for files
//! without an extension. Looks at a prefix only, so it costs nothing per file.

/// The gzip magic number (RFC 1952).
pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// How many bytes the sniffers look at.
pub(crate) const SNIFF_LEN: usize = 8192;

/// What a prefix of a stream looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// Nothing but whitespace (or nothing at all).
    Empty,
    Gzip,
    Warc,
    /// First non-space character is `{` or `[`.
    Json,
    Html,
    Text,
    Binary,
}

/// Classifies a prefix. Order matters: gzip and WARC have magic bytes; JSON is
/// decided by its first character; HTML by its tags; what is left is text
/// unless it looks binary.
pub(crate) fn sniff(prefix: &[u8]) -> Sniffed {
    if prefix.starts_with(&GZIP_MAGIC) {
        return Sniffed::Gzip;
    }
    let body = strip_utf8_bom(prefix);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let rest = &body[start..];
    if rest.is_empty() {
        return if looks_binary(prefix) {
            Sniffed::Binary
        } else {
            Sniffed::Empty
        };
    }
    // WARC before the binary check: archives hold images next to pages.
    if rest.starts_with(b"WARC/") {
        return Sniffed::Warc;
    }
    if looks_binary(prefix) {
        return Sniffed::Binary;
    }
    if matches!(rest[0], b'{' | b'[') {
        return Sniffed::Json;
    }
    if looks_html(rest) {
        return Sniffed::Html;
    }
    Sniffed::Text
}

pub(crate) fn strip_utf8_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}

/// A UTF-16 byte-order mark: such text is full of NUL bytes yet not binary.
pub(crate) fn has_utf16_bom(b: &[u8]) -> bool {
    b.starts_with(b"\xFF\xFE") || b.starts_with(b"\xFE\xFF")
}

/// NUL bytes, or more than 10% control characters (other than tab, newlines,
/// form feed and escape), in the first [`SNIFF_LEN`] bytes. Bytes ≥ 0x80 are
/// not counted: legacy 8-bit text is text.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    if has_utf16_bom(bytes) {
        return false;
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    control * 10 > head.len()
}

/// Markup that only HTML pages carry, looked for (case-insensitively) in the
/// first few kilobytes.
const HTML_MARKERS: [&[u8]; 8] = [
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<meta",
    b"<title",
    b"<div",
    b"<p>",
];

/// A document that starts with a tag and carries HTML markup, or mentions
/// `<html`/`<!doctype html` near its start.
pub(crate) fn looks_html(rest: &[u8]) -> bool {
    let head = &rest[..rest.len().min(4096)];
    let lower = head.to_ascii_lowercase();
    let has = |m: &[u8]| memchr::memmem::find(&lower, m).is_some();
    if lower.first() == Some(&b'<') {
        return HTML_MARKERS.iter().any(|m| has(m));
    }
    let near = &lower[..lower.len().min(1024)];
    memchr::memmem::find(near, b"<!doctype html").is_some()
        || memchr::memmem::find(near, b"<html").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_kind() {
        assert_eq!(sniff(b""), Sniffed::Empty);
        assert_eq!(sniff(b" \n\t "), Sniffed::Empty);
        assert_eq!(sniff(&[0x1f, 0x8b, 8, 0]), Sniffed::Gzip);
        assert_eq!(sniff(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n"), Sniffed::Warc);
        assert_eq!(sniff(b"WARC/1.0\r\n\r\n\x89PNG\0\0\0"), Sniffed::Warc);
        assert_eq!(sniff(b"\n  {\"id\": 1}\n"), Sniffed::Json);
        assert_eq!(sniff(b"[{\"id\": 1}]"), Sniffed::Json);
        assert_eq!(sniff(b"<!DOCTYPE html><html><body>x"), Sniffed::Html);
        assert_eq!(sniff(b"<div class=a><p>Hi</p></div>"), Sniffed::Html);
        assert_eq!(sniff(b"\xEF\xBB\xBF<html>"), Sniffed::Html);
        assert_eq!(
            sniff(b"Beijing offers help.\nIraq <b> welcomes"),
            Sniffed::Text
        );
        assert_eq!(sniff(b"abc\0def"), Sniffed::Binary);
        assert_eq!(sniff(b"\x01\x02\x03\x04abc"), Sniffed::Binary);
    }

    #[test]
    fn legacy_8bit_and_utf16_are_not_binary() {
        assert!(!looks_binary(b"caf\xe9 cr\xe8me br\xfbl\xe9e"));
        assert!(!looks_binary(b"\xFF\xFEh\0i\0"));
    }
}
