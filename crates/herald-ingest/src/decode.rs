//! Bytes → text: byte-order marks, declared charsets (HTTP header, HTML
//! `<meta>`), and UTF-8 with replacement as the fallback. Invalid sequences are
//! never fatal: they become U+FFFD and the caller gets a warning sentence.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};

/// Decoded text, with a human sentence when bytes had to be replaced.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

/// Plain text: a BOM decides (UTF-8, UTF-16), else UTF-8 with replacement.
pub(crate) fn decode_text(bytes: Vec<u8>, declared: Option<&str>) -> Decoded {
    let enc = declared.and_then(label_to_encoding);
    decode(bytes, enc)
}

/// HTML: BOM, then the charset the transport declared (HTTP `Content-Type`),
/// then `<meta charset>` / `http-equiv` in the head, else UTF-8.
pub(crate) fn decode_html(bytes: Vec<u8>, declared: Option<&str>) -> Decoded {
    let enc = declared
        .and_then(label_to_encoding)
        .or_else(|| meta_charset(&bytes));
    decode(bytes, enc)
}

fn decode(bytes: Vec<u8>, enc: Option<&'static Encoding>) -> Decoded {
    if let Some((bom_enc, bom_len)) = Encoding::for_bom(&bytes) {
        if bom_enc == UTF_8 {
            let mut bytes = bytes;
            bytes.drain(..bom_len);
            return utf8(bytes);
        }
        return legacy(&bytes[bom_len..], bom_enc);
    }
    match enc {
        Some(e) if e != UTF_8 => legacy(&bytes, e),
        _ => utf8(bytes),
    }
}

/// Resolves a charset label the way browsers do; UTF-16 declared inside an
/// 8-bit stream is a lie (WHATWG prescan rule), `x-user-defined` means 1252.
fn label_to_encoding(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    Some(if enc == UTF_16LE || enc == UTF_16BE {
        UTF_8
    } else if enc == X_USER_DEFINED {
        WINDOWS_1252
    } else {
        enc
    })
}

fn legacy(bytes: &[u8], enc: &'static Encoding) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let warning = had_errors.then(|| {
        format!(
            "bytes invalid in the declared charset {} were replaced with U+FFFD",
            enc.name()
        )
    });
    Decoded {
        text: text.into_owned(),
        warning,
    }
}

/// UTF-8 without a copy when valid; otherwise lossy, naming how many
/// sequences were replaced and where the first one was.
fn utf8(bytes: Vec<u8>) -> Decoded {
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            warning: None,
        },
        Err(e) => {
            let first = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let bad = bytes
                .utf8_chunks()
                .filter(|c| !c.invalid().is_empty())
                .count();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            Decoded {
                text,
                warning: Some(format!(
                    "{bad} invalid UTF-8 sequence{} replaced with U+FFFD (first at byte {first})",
                    if bad == 1 { "" } else { "s" }
                )),
            }
        }
    }
}

/// How far into an HTML page the `<meta>` charset is looked for. Browsers use
/// 1,024 bytes; real pages often declare it later, behind scripts.
const META_SCAN: usize = 16 * 1024;

/// The encoding a page declares in `<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`.
pub(crate) fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + i;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        if let Some(enc) = charset_param(&lower[start..end]) {
            return Some(enc);
        }
        from = end;
    }
    None
}

/// `charset = "label"` inside a tag or a `Content-Type` value.
pub(crate) fn charset_param(tag: &[u8]) -> Option<&'static Encoding> {
    let c = memchr::memmem::find(tag, b"charset")?;
    let mut j = c + "charset".len();
    let skip_ws = |j: &mut usize| {
        while tag.get(*j).is_some_and(|b| b.is_ascii_whitespace()) {
            *j += 1;
        }
    };
    skip_ws(&mut j);
    if tag.get(j) != Some(&b'=') {
        return None;
    }
    j += 1;
    skip_ws(&mut j);
    while matches!(tag.get(j), Some(b'"' | b'\'')) {
        j += 1;
    }
    let label_end = tag[j..]
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .map_or(tag.len(), |p| j + p);
    let label = std::str::from_utf8(&tag[j..label_end]).ok()?;
    label_to_encoding(label)
}

/// The `charset` parameter of an HTTP `Content-Type` value, as a label.
pub(crate) fn content_type_charset(content_type: &str) -> Option<&'static str> {
    charset_param(content_type.to_ascii_lowercase().as_bytes()).map(|e| e.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_utf8_is_kept_without_warning() {
        let d = decode_text("Zürich — Genève".as_bytes().to_vec(), None);
        assert_eq!(d.text, "Zürich — Genève");
        assert!(d.warning.is_none());
    }

    #[test]
    fn invalid_utf8_is_replaced_and_counted() {
        let d = decode_text(b"caf\xe9 and cr\xe8me".to_vec(), None);
        assert_eq!(d.text, "caf\u{FFFD} and cr\u{FFFD}me");
        let w = d.warning.unwrap_or_default();
        assert!(w.starts_with("2 invalid UTF-8 sequences"), "{w}");
        assert!(w.contains("byte 3"), "{w}");
    }

    #[test]
    fn boms_decide_the_encoding() {
        let d = decode_text(b"\xEF\xBB\xBFhi".to_vec(), None);
        assert_eq!(d.text, "hi");
        let d = decode_text(b"\xFF\xFEh\0i\0".to_vec(), None);
        assert_eq!(d.text, "hi");
        assert!(d.warning.is_none());
    }

    #[test]
    fn meta_charset_and_http_equiv() {
        let page = b"<html><head><meta charset=\"ISO-8859-1\"></head><body>caf\xe9</body></html>";
        let d = decode_html(page.to_vec(), None);
        assert!(d.text.contains("café"), "{}", d.text);
        assert!(d.warning.is_none());

        let page = b"<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>";
        let d = decode_html(page.to_vec(), None);
        assert!(d.text.contains("Привет"), "{}", d.text);
    }

    #[test]
    fn http_charset_beats_meta_and_utf16_meta_is_ignored() {
        let page = b"<meta charset=utf-8><p>caf\xe9</p>";
        let d = decode_html(page.to_vec(), Some("iso-8859-1"));
        assert!(d.text.contains("café"));
        let page = b"<meta charset=utf-16><p>ok</p>";
        let d = decode_html(page.to_vec(), None);
        assert!(d.text.contains("<p>ok</p>"));
    }

    #[test]
    fn content_type_charset_param() {
        assert_eq!(
            content_type_charset("text/html; Charset=\"Shift_JIS\""),
            Some("Shift_JIS")
        );
        assert_eq!(content_type_charset("text/html"), None);
    }
}
