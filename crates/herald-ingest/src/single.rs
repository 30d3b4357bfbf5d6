//! One document per input: `.txt` and `.html` files, sniffed stdin, and the
//! payload of a WARC record. Checks size, emptiness and binary content, then
//! decodes.

use herald_core::{Format, RawDoc, Reject, content_id};

use crate::Item;
use crate::decode::{decode_html, decode_text};
use crate::sniff::looks_binary;
use crate::source::{Source, Whole, classify, read_bounded};

/// Reads a whole single-document source (at most `max` bytes) and emits a
/// document or a reject. `id` is the file stem; `None` means "derive it from
/// the content" (stdin).
pub(crate) fn read_single(
    src: Source<'_>,
    input: &str,
    id: Option<&str>,
    format: Format,
    size_hint: u64,
    max: u64,
    sink: &mut dyn FnMut(Item),
) {
    let Source { mut reader, gz } = src;
    let bytes = match read_bounded(&mut reader, max, size_hint as usize) {
        Whole::Bytes(b) => b,
        Whole::TooLarge => {
            let what = if gz { "decompressed size" } else { "size" };
            sink(Item::Reject(Reject::new(
                input,
                "too-large",
                format!("{what} exceeds the limit of {max} bytes for one document"),
            )));
            return;
        }
        Whole::Failed { err, read } => {
            let (reason, detail) = classify(&err, gz);
            sink(Item::Reject(Reject::new(
                input,
                reason,
                format!("{detail} after {read} bytes; the incomplete document was not kept"),
            )));
            return;
        }
    };
    if let Some(mut doc) = body_to_doc(bytes, input, format, None, None, sink) {
        if let Some(id) = id {
            doc.id = id.to_string();
        }
        sink(Item::Doc(doc));
    }
}

/// Turns raw bytes into a document, emitting `empty`/`binary` rejects or an
/// `invalid-utf8` warning (before the document, which the caller emits).
/// `reject_line` is the line of a line-oriented container, when known.
pub(crate) fn body_to_doc(
    bytes: Vec<u8>,
    input: &str,
    format: Format,
    charset: Option<&str>,
    reject_line: Option<u64>,
    sink: &mut dyn FnMut(Item),
) -> Option<RawDoc> {
    let mut reject = |reason: &str, detail: String, fatal: bool| {
        let mut r = Reject::new(input, reason, detail);
        r.line = reject_line;
        r.fatal = fatal;
        sink(Item::Reject(r));
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let detail = if bytes.is_empty() {
            "zero bytes: nothing to read".to_string()
        } else {
            format!("{} bytes of whitespace only: no text", bytes.len())
        };
        reject("empty", detail, true);
        return None;
    }
    if looks_binary(&bytes) {
        reject(
            "binary",
            "NUL bytes or control characters in the first 8 KB: this is binary data, not text"
                .to_string(),
            true,
        );
        return None;
    }
    let decoded = match format {
        Format::Html => decode_html(bytes, charset),
        Format::Text => decode_text(bytes, charset),
    };
    if decoded.text.trim().is_empty() {
        reject(
            "empty",
            "only whitespace after decoding: no text".to_string(),
            true,
        );
        return None;
    }
    if let Some(w) = decoded.warning {
        reject("invalid-utf8", format!("{w}; the document was kept"), false);
    }
    let id = content_id(&decoded.text);
    Some(RawDoc::new(id, input, format, decoded.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(bytes: &[u8], format: Format, max: u64) -> Vec<Item> {
        let mut items = Vec::new();
        read_single(
            Source::open(bytes),
            "in.txt",
            Some("in"),
            format,
            0,
            max,
            &mut |i| items.push(i),
        );
        items
    }

    fn reasons(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Item::Doc(d) => format!("doc:{}", d.id),
                Item::Reject(r) => r.reason.clone(),
            })
            .collect()
    }

    #[test]
    fn text_document_keeps_the_stem_id() {
        let items = run(b"Beijing offers help.\n", Format::Text, 1000);
        assert_eq!(reasons(&items), ["doc:in"]);
        if let Item::Doc(d) = &items[0] {
            assert_eq!(d.body, "Beijing offers help.\n");
            assert_eq!(d.format, Format::Text);
        }
    }

    #[test]
    fn each_single_document_reject() {
        assert_eq!(reasons(&run(b"", Format::Text, 100)), ["empty"]);
        assert_eq!(reasons(&run(b" \n\t\n", Format::Text, 100)), ["empty"]);
        assert_eq!(
            reasons(&run(b"PK\x03\x04\0\0", Format::Text, 100)),
            ["binary"]
        );
        assert_eq!(
            reasons(&run(&[b'a'; 101], Format::Text, 100)),
            ["too-large"]
        );
        let items = run(b"caf\xe9", Format::Text, 100);
        assert_eq!(reasons(&items), ["invalid-utf8", "doc:in"]);
        if let Item::Reject(r) = &items[0] {
            assert!(!r.fatal);
        }
    }
}
