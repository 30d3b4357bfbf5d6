use xxhash_rust::xxh3::xxh3_64;

/// Normalises text for exact-duplicate hashing: lower case, every run of
/// non-alphanumeric characters becomes one space. Two copies that differ only
/// in whitespace, punctuation or case hash the same.
pub fn normalize_for_hash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            for l in c.to_lowercase() {
                out.push(l);
            }
        } else {
            gap = true;
        }
    }
    out
}

/// 64-bit hash of the normalised text, as 16 hex digits.
pub fn content_hash(text: &str) -> String {
    format!("{:016x}", xxh3_64(normalize_for_hash(text).as_bytes()))
}

/// An id for an input that brings none: a hash of its raw bytes.
pub fn content_id(raw: &str) -> String {
    format!("{:016x}", xxh3_64(raw.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_case_space_and_punctuation() {
        assert_eq!(
            content_hash("China offers help.\n\nIraq  welcomes it!"),
            content_hash("china offers help iraq welcomes it")
        );
        assert_ne!(
            content_hash("China offers help"),
            content_hash("China refuses help")
        );
    }

    #[test]
    fn normalize_keeps_unicode_letters() {
        assert_eq!(normalize_for_hash("Zürich — Genève"), "zürich genève");
    }
}
