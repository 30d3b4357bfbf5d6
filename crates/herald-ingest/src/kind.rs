//! What a file name says about its content: the reader to use and the id stem.
//!
//! A trailing `.gz` is transparent (`x.jsonl.gz` is JSONL). Known extensions:
//! `.txt`/`.text`, `.html`/`.htm`/`.xhtml`, `.jsonl`/`.ndjson`, `.json`,
//! `.warc` (and `.wet`). A name without an extension is sniffed (many dumps name files by
//! id alone). Any other extension is rejected as `unknown-extension`: reading
//! a `.pdf` or `.docx` as text would feed garbage downstream.

use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Html,
    /// One JSON object per line.
    Jsonl,
    /// JSON lines, one object, or an array of objects.
    Json,
    Warc,
    /// No extension: decide from the content.
    Sniff,
    /// The extension, lower-cased.
    Unknown(String),
}

/// The kind and the id stem of a file name (`000_ab.txt` → `000_ab`,
/// `x.txt.gz` → `x`).
pub(crate) fn classify(path: &Path) -> (Kind, String) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = strip_suffix_ci(&name, ".gz").unwrap_or(&name);
    let Some(dot) = base.rfind('.').filter(|&d| d > 0) else {
        return (Kind::Sniff, base.to_string());
    };
    let stem = base[..dot].to_string();
    let ext = base[dot + 1..].to_ascii_lowercase();
    let kind = match ext.as_str() {
        "txt" | "text" => Kind::Text,
        "html" | "htm" | "xhtml" => Kind::Html,
        "jsonl" | "ndjson" => Kind::Jsonl,
        "json" => Kind::Json,
        // Common Crawl's WET files are WARC with `conversion` records.
        "warc" | "wet" => Kind::Warc,
        _ => Kind::Unknown(ext),
    };
    (kind, stem)
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    (s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(suffix) && cut > 0).then(|| &s[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(name: &str) -> (Kind, String) {
        classify(Path::new(name))
    }

    #[test]
    fn stems_and_kinds() {
        assert_eq!(
            c("seeds/000_db3df2d47e7df971.txt"),
            (Kind::Text, "000_db3df2d47e7df971".into())
        );
        assert_eq!(c("x.txt.gz"), (Kind::Text, "x".into()));
        assert_eq!(c("a/Page.HTM"), (Kind::Html, "Page".into()));
        assert_eq!(c("d.jsonl.GZ"), (Kind::Jsonl, "d".into()));
        assert_eq!(c("d.json"), (Kind::Json, "d".into()));
        assert_eq!(
            c("CC-NEWS-2024.warc.gz"),
            (Kind::Warc, "CC-NEWS-2024".into())
        );
        assert_eq!(
            c("CC-MAIN-1.warc.wet.gz"),
            (Kind::Warc, "CC-MAIN-1.warc".into())
        );
        assert_eq!(c("README"), (Kind::Sniff, "README".into()));
        assert_eq!(c("1234.gz"), (Kind::Sniff, "1234".into()));
        assert_eq!(c("doc.pdf"), (Kind::Unknown("pdf".into()), "doc".into()));
        assert_eq!(c(".gz"), (Kind::Sniff, ".gz".into()));
    }
}
