use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into an article's clean text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers, or `""` when the span does not fit `text`
    /// (a stale span must never panic a reader of the data).
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Smallest span covering both (and a valid one even when a span given
    /// from outside has its ends swapped).
    pub fn cover(&self, other: &Span) -> Span {
        let start = self.start.min(other.start).min(self.end).min(other.end);
        let end = self.end.max(other.end).max(self.start).max(other.start);
        Span::new(start, end)
    }

    /// Converts byte offsets into character (Unicode scalar) offsets of `text`,
    /// the form public JSON uses.
    pub fn to_chars(&self, text: &str) -> Span {
        let start = char_offset(text, self.start);
        let end = start + char_offset(text.get(self.start..).unwrap_or(""), self.len());
        Span::new(start, end)
    }
}

fn char_offset(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    // Count chars in the longest prefix that ends on a boundary.
    let mut b = byte;
    while b > 0 && !text.is_char_boundary(b) {
        b -= 1;
    }
    text[..b].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_multibyte_once() {
        let text = "China’s offer"; // ’ is 3 bytes
        let byte_start = text.find("offer").unwrap();
        let s = Span::new(byte_start, byte_start + 5);
        assert_eq!(s.slice(text), "offer");
        let c = s.to_chars(text);
        assert_eq!(c, Span::new(8, 13));
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[c.start..c.end].iter().collect::<String>(), "offer");
    }

    #[test]
    fn out_of_range_slice_is_empty() {
        assert_eq!(Span::new(5, 50).slice("short"), "");
        let swapped = Span { start: 9, end: 2 };
        assert_eq!(swapped.cover(&Span::new(4, 6)), Span::new(2, 9));
        assert_eq!(Span::new(4, 6).cover(&Span::new(1, 5)), Span::new(1, 6));
    }
}
