//! Byte sources: peeking a prefix without losing it, transparent gzip, reads
//! bounded by a size limit, and bounded line reads. Every reader of the crate
//! sits on these, so a gzip bomb or a 100 MB line can't exhaust memory.

use std::io::{self, BufRead, BufReader, Read};

use flate2::read::MultiGzDecoder;

use crate::sniff::{GZIP_MAGIC, SNIFF_LEN};

/// Buffer size for file and decoder readers.
pub(crate) const BUF_SIZE: usize = 64 * 1024;

/// A reader that replays a peeked prefix, then continues with the inner
/// reader. An error met while peeking is replayed after the prefix, so data
/// read before a truncation is still delivered.
pub(crate) struct Prefixed<R> {
    prefix: Vec<u8>,
    pos: usize,
    pending: Option<io::Error>,
    inner: R,
}

impl<R: Read> Prefixed<R> {
    /// Reads up to `len` bytes of `inner` (fewer only at end of stream or on
    /// an error, which is kept for later).
    pub(crate) fn peek(mut inner: R, len: usize) -> Self {
        let mut prefix = Vec::with_capacity(len.min(SNIFF_LEN));
        let mut pending = None;
        match (&mut inner).take(len as u64).read_to_end(&mut prefix) {
            Ok(_) => {}
            Err(e) => pending = Some(e),
        }
        Prefixed {
            prefix,
            pos: 0,
            pending,
            inner,
        }
    }

    pub(crate) fn prefix(&self) -> &[u8] {
        &self.prefix[self.pos..]
    }

    /// Peeking met an error (replayed after the prefix).
    pub(crate) fn failed(&self) -> bool {
        self.pending.is_some()
    }
}

impl<R: Read> Read for Prefixed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos < self.prefix.len() {
            let n = (self.prefix.len() - self.pos).min(buf.len());
            buf[..n].copy_from_slice(&self.prefix[self.pos..self.pos + n]);
            self.pos += n;
            return Ok(n);
        }
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        self.inner.read(buf)
    }
}

/// An opened input: a buffered reader over the (decompressed) bytes.
pub(crate) struct Source<'a> {
    pub reader: Box<dyn BufRead + 'a>,
    /// The bytes are gunzipped: read errors then mean a truncated or corrupt
    /// gzip stream.
    pub gz: bool,
}

impl<'a> Source<'a> {
    /// Wraps `raw`, decompressing it when it starts with the gzip magic,
    /// whatever its name says.
    pub(crate) fn open(raw: impl Read + 'a) -> Self {
        let peeked = Prefixed::peek(raw, GZIP_MAGIC.len());
        if peeked.prefix() == GZIP_MAGIC {
            Source {
                reader: Box::new(BufReader::with_capacity(
                    BUF_SIZE,
                    MultiGzDecoder::new(BufReader::with_capacity(BUF_SIZE, peeked)),
                )),
                gz: true,
            }
        } else {
            Source {
                reader: Box::new(BufReader::with_capacity(BUF_SIZE, peeked)),
                gz: false,
            }
        }
    }

    /// Peeks the first [`SNIFF_LEN`] decompressed bytes for sniffing; the
    /// returned source still yields them. The flag says a read error cut the
    /// prefix short (it is replayed to the next reader).
    pub(crate) fn peek(self) -> (Vec<u8>, bool, Source<'a>) {
        let peeked = Prefixed::peek(self.reader, SNIFF_LEN);
        let prefix = peeked.prefix().to_vec();
        let failed = peeked.failed();
        (
            prefix,
            failed,
            Source {
                reader: Box::new(BufReader::with_capacity(BUF_SIZE, peeked)),
                gz: self.gz,
            },
        )
    }
}

/// Why reading failed, as a reject reason and a sentence.
pub(crate) fn classify(err: &io::Error, gz: bool) -> (&'static str, String) {
    if gz && err.kind() != io::ErrorKind::PermissionDenied {
        (
            "truncated-gzip",
            format!("the gzip stream is truncated or corrupt ({err})"),
        )
    } else {
        ("io", format!("read error: {err}"))
    }
}

/// Result of a bounded read of a whole stream.
pub(crate) enum Whole {
    Bytes(Vec<u8>),
    /// More than the limit; nothing beyond `limit + 1` bytes was read.
    TooLarge,
    /// A read error after `read` bytes.
    Failed {
        err: io::Error,
        read: usize,
    },
}

/// Reads at most `limit` bytes; one byte more means [`Whole::TooLarge`].
pub(crate) fn read_bounded(r: &mut dyn Read, limit: u64, size_hint: usize) -> Whole {
    let mut buf = Vec::with_capacity(size_hint.min(limit as usize).saturating_add(1));
    match r.take(limit.saturating_add(1)).read_to_end(&mut buf) {
        Ok(_) if buf.len() as u64 > limit => Whole::TooLarge,
        Ok(_) => Whole::Bytes(buf),
        Err(err) => Whole::Failed {
            err,
            read: buf.len(),
        },
    }
}

/// Outcome of [`read_line`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    Eof,
    /// A line (with its `\n`, unless the stream ended without one) is in the buffer.
    Ok,
    /// The line was longer than the limit: it was skipped up to its `\n` and
    /// the buffer holds only its first `limit` bytes.
    TooLong,
}

/// Reads one line into `buf` (cleared first), keeping at most `limit` bytes,
/// so a file without newlines never fills memory.
pub(crate) fn read_line(r: &mut dyn BufRead, buf: &mut Vec<u8>, limit: usize) -> io::Result<Line> {
    buf.clear();
    let mut total = 0usize;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(match total {
                0 => Line::Eof,
                t if t > limit => Line::TooLong,
                _ => Line::Ok,
            });
        }
        let (take, done) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        let room = limit.saturating_sub(buf.len());
        buf.extend_from_slice(&avail[..take.min(room)]);
        total += take;
        r.consume(take);
        if done {
            return Ok(if total > limit {
                Line::TooLong
            } else {
                Line::Ok
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = e.write_all(data);
        e.finish().unwrap_or_default()
    }

    #[test]
    fn gzip_is_detected_by_magic() {
        let data = gz(b"hello gzip");
        let mut s = Source::open(&data[..]);
        assert!(s.gz);
        let mut out = String::new();
        assert!(s.reader.read_to_string(&mut out).is_ok());
        assert_eq!(out, "hello gzip");

        let mut s = Source::open(&b"plain"[..]);
        assert!(!s.gz);
        let mut out = String::new();
        assert!(s.reader.read_to_string(&mut out).is_ok());
        assert_eq!(out, "plain");
    }

    #[test]
    fn concatenated_gzip_members_are_all_read() {
        let mut data = gz(b"one ");
        data.extend(gz(b"two"));
        let mut s = Source::open(&data[..]);
        let mut out = String::new();
        assert!(s.reader.read_to_string(&mut out).is_ok());
        assert_eq!(out, "one two");
    }

    #[test]
    fn truncated_gzip_errors_after_the_good_bytes() {
        let big: Vec<u8> = (0..200_000u32)
            .flat_map(|i| format!("{i} ").into_bytes())
            .collect();
        let data = gz(&big);
        let cut = &data[..data.len() / 2];
        let mut s = Source::open(cut);
        match read_bounded(&mut s.reader, u64::MAX, 0) {
            Whole::Failed { read, .. } => assert!(read > 0),
            _ => panic!("a truncated gzip must fail"),
        }
    }

    #[test]
    fn peek_keeps_the_prefix() {
        let s = Source::open(&b"abcdef"[..]);
        let (prefix, failed, mut s) = s.peek();
        assert!(!failed);
        assert_eq!(prefix, b"abcdef");
        let mut out = String::new();
        assert!(s.reader.read_to_string(&mut out).is_ok());
        assert_eq!(out, "abcdef");
    }

    #[test]
    fn bounded_read_reports_too_large() {
        let mut r = &b"0123456789"[..];
        assert!(matches!(read_bounded(&mut r, 5, 0), Whole::TooLarge));
        let mut r = &b"01234"[..];
        assert!(matches!(read_bounded(&mut r, 5, 0), Whole::Bytes(b) if b == b"01234"));
    }

    #[test]
    fn long_lines_are_cut_and_skipped() {
        let mut r = BufReader::with_capacity(4, &b"short\nthis line is long\nok"[..]);
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut r, &mut buf, 8).ok(), Some(Line::Ok));
        assert_eq!(buf, b"short\n");
        assert_eq!(read_line(&mut r, &mut buf, 8).ok(), Some(Line::TooLong));
        assert_eq!(buf, b"this lin");
        assert_eq!(read_line(&mut r, &mut buf, 8).ok(), Some(Line::Ok));
        assert_eq!(buf, b"ok");
        assert_eq!(read_line(&mut r, &mut buf, 8).ok(), Some(Line::Eof));
    }
}
