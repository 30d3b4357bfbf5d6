//! Allocation-free feature hashing.
//!
//! Each token's string properties (lower-cased form, affixes, shape) are
//! hashed once per sentence; a feature is then a cheap mix of a template id
//! with one to three such hashes.

#[inline]
fn fold(h: u64, c: u32) -> u64 {
    (h ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01b3)
}

#[inline]
fn finalize(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

/// Feature key from a template id and one value.
#[inline]
pub fn f1(t: u32, a: u64) -> u32 {
    (finalize(a.wrapping_add(u64::from(t).wrapping_mul(0x9E37_79B9_7F4A_7C15))) >> 32) as u32
}

#[inline]
pub fn f2(t: u32, a: u64, b: u64) -> u32 {
    f1(t, a.rotate_left(21) ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F))
}

#[inline]
pub fn f3(t: u32, a: u64, b: u64, c: u64) -> u32 {
    f2(
        t,
        a.rotate_left(13) ^ b.wrapping_mul(0x1656_67B1_9E37_79F9),
        c,
    )
}

/// Hashed properties of one word.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordInfo {
    /// Case-sensitive form (digits normalised).
    pub form: u64,
    /// Lower-cased form (digits normalised to 0).
    pub lower: u64,
    pub suf1: u64,
    pub suf2: u64,
    pub suf3: u64,
    pub suf4: u64,
    pub pre1: u64,
    pub pre3: u64,
    pub shape: u64,
    /// Coarse flags: title-case, all-caps, has digit, has hyphen, first char.
    pub flags: u64,
    /// Word classes, coarse to fine ([`crate::clusters`]); 0 at sentence edges.
    pub cl: [u64; crate::clusters::LEVELS],
}

/// Normalises a char for hashing: digits → '0', curly quotes → straight.
#[inline]
fn norm(c: char) -> char {
    match c {
        '0'..='9' => '0',
        '’' | '‘' => '\'',
        '“' | '”' => '"',
        _ => c,
    }
}

#[inline]
fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// The hash of a word's lower-cased form, as [`WordInfo::lower`].
pub fn lower_hash(word: &str) -> u64 {
    word.chars().fold(0xcbf2_9ce4_8422_2325u64, |h, c| {
        fold(h, lower(norm(c)) as u32)
    })
}

pub fn word_info(word: &str) -> WordInfo {
    let mut form = 0xcbf2_9ce4_8422_2325u64;
    let mut low = form;
    let mut shape = form;
    let mut last_shape = ' ';
    let mut run = 0;
    let mut n = 0usize;
    let mut upper = 0;
    let mut digit = false;
    let mut hyphen = false;
    let mut first_upper = false;
    let mut pre1 = 0u64;
    let mut pre3 = form;
    // Last four lower-cased chars, for suffixes.
    let mut tail = ['\0'; 4];
    for c in word.chars() {
        let c = norm(c);
        let l = lower(c);
        form = fold(form, c as u32);
        low = fold(low, l as u32);
        if n < 3 {
            pre3 = fold(pre3, l as u32);
        }
        if n == 0 {
            pre1 = fold(0x55, l as u32);
            first_upper = c.is_uppercase();
        }
        let s = if c.is_uppercase() {
            upper += 1;
            'X'
        } else if c.is_alphabetic() {
            'x'
        } else if c == '0' {
            digit = true;
            'd'
        } else {
            if c == '-' {
                hyphen = true;
            }
            c
        };
        if s == last_shape {
            run += 1;
        } else {
            run = 0;
            last_shape = s;
        }
        if run < 2 {
            shape = fold(shape, s as u32);
        }
        tail = [tail[1], tail[2], tail[3], l];
        n += 1;
    }
    let suf = |k: usize| {
        let mut h = 0x1234u64 + k as u64;
        for &c in &tail[4 - k.min(n).min(4)..] {
            h = fold(h, c as u32);
        }
        h
    };
    let flags = u64::from(first_upper)
        | u64::from(upper == n && n > 0) << 1
        | if digit { DIGIT } else { 0 }
        | u64::from(hyphen) << 3
        | u64::from(n > 0 && upper == 0) << 4;
    WordInfo {
        form,
        lower: low,
        suf1: suf(1),
        suf2: suf(2),
        suf3: suf(3),
        suf4: suf(4),
        pre1,
        pre3,
        shape,
        flags,
        cl: crate::clusters::values(low),
    }
}

/// [`WordInfo::flags`] bit of a word with a digit.
pub(crate) const DIGIT: u64 = 1 << 2;

/// The hash used for the "no word here" slot (sentence edges).
pub const NONE: u64 = 0x0bad_cafe_dead_beef;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_and_digits_normalise() {
        assert_eq!(word_info("Brazil").lower, word_info("brazil").lower);
        assert_ne!(word_info("Brazil").form, word_info("brazil").form);
        assert_eq!(word_info("1999").form, word_info("2014").form);
        assert_eq!(word_info("talks").suf1, word_info("rebels").suf1);
        assert_eq!(word_info("It’s").lower, word_info("it's").lower);
        assert_ne!(f2(1, 2, 3), f2(1, 3, 2));
        let _ = word_info("");
        for w in ["Brazil", "It’s", "1999", "Ärzte", ""] {
            assert_eq!(lower_hash(w), word_info(w).lower);
        }
    }
}
