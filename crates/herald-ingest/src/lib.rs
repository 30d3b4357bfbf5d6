//! Readers: turn files, folders and stdin into [`RawDoc`]s or [`Reject`]s.
//!
//! One job: get every input document into memory as text, or say precisely
//! why not. Formats, chosen by extension (a trailing `.gz` is transparent,
//! and gzip is also recognised by its magic bytes):
//!
//! | input | documents | id |
//! |---|---|---|
//! | `.txt`, `.text` | one per file | file stem |
//! | `.html`, `.htm`, `.xhtml` | one per file, charset from BOM / `<meta>` | file stem |
//! | `.jsonl`, `.ndjson` | one per line (streamed) | input `id`, else `content_id(body)` |
//! | `.json` | JSON Lines, one object, or an array of objects | same |
//! | `.warc`, `.wet` | each `response`/`resource`/`conversion` record with an HTML or text payload | `content_id(WARC-Target-URI)` |
//! | no extension, `-` (stdin) | sniffed: gzip, WARC, JSON, HTML, else text | stem (stdin: content id) |
//!
//! A document's `input` says where it came from: the path, `path:line` for a
//! JSON line, `path#N` for the N-th WARC record (1-based, every record
//! counted) or the N-th element of a JSON array. Stdin is named `-`.
//!
//! Folders are walked recursively in sorted order, skipping hidden entries.
//! Other extensions (`.pdf`, `.png`, `.md`, …) are rejected as
//! `unknown-extension`. Bad input never stops the batch: each problem becomes
//! a [`Reject`] with the file, line (JSONL) or record (`path#N`, WARC), a
//! reason (`empty`, `binary`, `invalid-utf8` — a warning, `truncated-gzip`,
//! `not-gzip` (a `.gz` name over data that is not gzip),
//! `malformed-json`, `missing-text`, `too-large`, `unknown-extension`, `io`,
//! `bad-warc`, `special-file` — a FIFO or device inside a folder, `over-budget`
//! — HTML nested too deep or with too many attributes or elements, see
//! [`budget`]) and a sentence.
//!
//! ```
//! use herald_ingest::{Item, ReadOptions, Reader};
//!
//! let jsonl = b"{\"id\": \"a1\", \"title\": \"Help\", \"text\": \"Beijing offers help.\"}\n{oops\n";
//! let mut items = Vec::new();
//! Reader::new(ReadOptions::default()).read_stream("-", &mut &jsonl[..], &mut |i| items.push(i));
//! match &items[..] {
//!     [Item::Doc(doc), Item::Reject(bad)] => {
//!         assert_eq!(doc.id, "a1");
//!         assert_eq!(doc.body, "Beijing offers help.");
//!         assert_eq!((bad.reason.as_str(), bad.line), ("malformed-json", Some(2)));
//!     }
//!     other => panic!("unexpected {other:?}"),
//! }
//! ```

pub mod budget;
mod decode;
mod http;
mod json;
mod kind;
mod single;
mod sniff;
mod source;
mod walk;
mod warc;

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use herald_core::Format;
pub use herald_core::{RawDoc, Reject};

use kind::Kind;
use sniff::Sniffed;
use source::Source;

/// What a reader yields: a document, or a reject record (warnings are
/// rejects with `fatal == false` and come *before* the document they concern).
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Doc(RawDoc),
    Reject(Reject),
}

#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Files (after decompression) larger than this are rejected as `too-large`.
    /// For JSONL it bounds each line, for WARC each record.
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

pub struct Reader {
    pub opts: ReadOptions,
}

impl Reader {
    pub fn new(opts: ReadOptions) -> Self {
        Reader { opts }
    }

    /// Streams every document of `inputs` (files, folders walked recursively
    /// in sorted order, `-` for stdin) to `sink`.
    pub fn read(&self, inputs: &[PathBuf], sink: &mut dyn FnMut(Item)) {
        for input in inputs {
            if input.as_os_str() == "-" {
                self.read_stream("-", &mut io::stdin().lock(), sink);
            } else {
                self.read_path(input, sink);
            }
        }
    }

    /// [`Reader::read`] into a vector (tests, small inputs).
    pub fn read_all(&self, inputs: &[PathBuf]) -> Vec<Item> {
        let mut items = Vec::new();
        self.read(inputs, &mut |i| items.push(i));
        items
    }

    /// Reads one file, or every file under a folder.
    /// Paths are made absolute and canonical first, so one file named two
    /// ways (`news/a.txt`, `/data/news/a.txt`, `./news/../news/a.txt`) is
    /// one input.
    pub fn read_path(&self, path: &Path, sink: &mut dyn FnMut(Item)) {
        let canon = path.canonicalize();
        let path = canon.as_deref().unwrap_or(path);
        let sink = &mut |item| within_budget(item, sink);
        match std::fs::metadata(path) {
            Err(e) => sink(io_reject(path, &e)),
            Ok(m) if m.is_dir() => walk::walk(path, &mut |found| match found {
                walk::Found::File(file) => match special_file(file) {
                    // Opening a FIFO waits for a writer that may never come.
                    Some(what) => sink(Item::Reject(Reject::new(
                        file.display().to_string(),
                        "special-file",
                        format!("{what}, not a regular file: skipped"),
                    ))),
                    None => self.read_file(file, sink),
                },
                walk::Found::Error(dir, e) => sink(io_reject(dir, &e)),
            }),
            Ok(_) => self.read_file(path, sink),
        }
    }

    /// Reads a stream whose format is unknown (stdin): gzip is decompressed,
    /// then the content is sniffed — WARC, JSON (first non-space character `{`
    /// or `[`), HTML, else plain text. A text or HTML stream is one document
    /// whose id is `content_id` of its body. `name` is used as the input name.
    pub fn read_stream(&self, name: &str, reader: &mut dyn Read, sink: &mut dyn FnMut(Item)) {
        let sink = &mut |item| within_budget(item, sink);
        self.dispatch(Source::open(reader), name, Kind::Sniff, None, 0, sink);
    }

    fn read_file(&self, path: &Path, sink: &mut dyn FnMut(Item)) {
        let (kind, stem) = kind::classify(path);
        let name = path.display().to_string();
        if let Kind::Unknown(ext) = &kind {
            sink(Item::Reject(Reject::new(
                name,
                "unknown-extension",
                format!(
                    "'.{ext}' is not a readable input type (known: txt, html, htm, jsonl, json, warc, each optionally .gz; or no extension)"
                ),
            )));
            return;
        }
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => return sink(io_reject(path, &e)),
        };
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len == 0 {
            sink(Item::Reject(Reject::new(
                name,
                "empty",
                "zero bytes: nothing to read",
            )));
            return;
        }
        let src = Source::open(file);
        let named_gz = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        if named_gz && !src.gz {
            sink(Item::Reject(Reject::new(
                name,
                "not-gzip",
                "named .gz but not gzip data (it does not start with the gzip magic bytes 1f 8b): recompress it or drop the .gz",
            )));
            return;
        }
        self.dispatch(src, &name, kind, Some(&stem), len, sink);
    }

    /// Sends a source to the reader its kind calls for, sniffing when needed.
    fn dispatch(
        &self,
        src: Source<'_>,
        name: &str,
        kind: Kind,
        stem: Option<&str>,
        len: u64,
        sink: &mut dyn FnMut(Item),
    ) {
        let max = self.opts.max_bytes;
        let (kind, src) = if kind == Kind::Sniff {
            let (prefix, failed, src) = src.peek();
            let kind = match sniff::sniff(&prefix) {
                // A read error cut the prefix: let the reader report it.
                Sniffed::Empty if failed => Kind::Text,
                Sniffed::Empty => {
                    let detail = if prefix.is_empty() {
                        "zero bytes: nothing to read"
                    } else {
                        "whitespace only: nothing to read"
                    };
                    sink(Item::Reject(Reject::new(name, "empty", detail)));
                    return;
                }
                Sniffed::Binary | Sniffed::Gzip => {
                    sink(Item::Reject(Reject::new(
                        name,
                        "binary",
                        "NUL bytes or control characters in the first 8 KB: this is binary data, not text",
                    )));
                    return;
                }
                Sniffed::Warc => Kind::Warc,
                Sniffed::Json => Kind::Json,
                Sniffed::Html => Kind::Html,
                Sniffed::Text => Kind::Text,
            };
            (kind, src)
        } else {
            (kind, src)
        };
        match kind {
            Kind::Text | Kind::Html => {
                let format = if kind == Kind::Html {
                    Format::Html
                } else {
                    Format::Text
                };
                if !src.gz && len > max {
                    sink(Item::Reject(Reject::new(
                        name,
                        "too-large",
                        format!("{len} bytes exceed the limit of {max} bytes for one document"),
                    )));
                    return;
                }
                single::read_single(src, name, stem, format, len, max, sink);
            }
            Kind::Jsonl => json::read_jsonl(src, name, max, sink),
            Kind::Json => json::read_json(src, name, max, sink),
            Kind::Warc => warc::read_warc(src, name, max, sink),
            // Sniffing above resolves these two.
            Kind::Sniff | Kind::Unknown(_) => {}
        }
    }
}

/// Passes `item` on, or an `over-budget` reject for an HTML document that
/// exceeds a budget of [`budget`] (nesting depth, attributes per element,
/// elements).
fn within_budget(item: Item, sink: &mut dyn FnMut(Item)) {
    match item {
        Item::Doc(d) if d.format == herald_core::Format::Html => {
            match budget::check_html(&d.body) {
                Ok(()) => sink(Item::Doc(d)),
                Err(why) => sink(Item::Reject(Reject::new(
                    d.input,
                    "over-budget",
                    format!("HTML with {why}: not parsed"),
                ))),
            }
        }
        other => sink(other),
    }
}

/// What a folder entry is when it is neither a regular file nor a folder
/// (named pipe, device, socket), else `None`.
fn special_file(path: &Path) -> Option<&'static str> {
    let t = std::fs::metadata(path).ok()?.file_type();
    if t.is_file() || t.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

fn io_reject(path: &Path, e: &io::Error) -> Item {
    let what = match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder",
        io::ErrorKind::PermissionDenied => "permission denied",
        _ => "can't read it",
    };
    Item::Reject(Reject::new(
        path.display().to_string(),
        "io",
        format!("{what} ({e})"),
    ))
}
