//! Averaged perceptron over hashed features.
//!
//! Training keeps, per feature, a short list of (class, weight, running total,
//! timestamp) so averaging is lazy. The finished model is a compact sparse
//! table: an open-addressing index from 32-bit feature hashes to rows of
//! (class, i16-quantised weight), which is fast to score and small on disk.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Hasher for keys that already are hashes.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy)]
struct Acc {
    class: u8,
    w: f32,
    total: f32,
    ts: u32,
}

/// A perceptron being trained.
pub struct Trainer {
    n_classes: usize,
    weights: IdMap<Vec<Acc>>,
    time: u32,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Self {
        assert!(n_classes <= 256, "at most 256 classes");
        Trainer {
            n_classes,
            weights: IdMap::default(),
            time: 0,
        }
    }

    /// Adds current weights of `feats` into `scores` (length n_classes).
    pub fn score(&self, feats: &[u32], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(row) = self.weights.get(f) {
                for a in row {
                    scores[a.class as usize] += a.w;
                }
            }
        }
    }

    /// Counts one training instance (advances the averaging clock).
    pub fn tick(&mut self) {
        self.time += 1;
    }

    /// Standard update: +1 for `truth`, −1 for `guess`.
    pub fn update(&mut self, feats: &[u32], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for f in feats {
            let row = self.weights.entry(*f).or_default();
            Self::bump(row, truth as u8, 1.0, self.time);
            Self::bump(row, guess as u8, -1.0, self.time);
        }
    }

    /// Adds `delta` to the weights of `feats` for `class` (structured
    /// updates, where the two sides have different features).
    pub fn add(&mut self, feats: &[u32], class: usize, delta: f32) {
        for f in feats {
            let row = self.weights.entry(*f).or_default();
            Self::bump(row, class as u8, delta, self.time);
        }
    }

    fn bump(row: &mut Vec<Acc>, class: u8, delta: f32, time: u32) {
        let a = match row.iter_mut().position(|a| a.class == class) {
            Some(p) => &mut row[p],
            None => {
                row.push(Acc {
                    class,
                    w: 0.0,
                    total: 0.0,
                    ts: time,
                });
                let n = row.len() - 1;
                &mut row[n]
            }
        };
        a.total += (time - a.ts) as f32 * a.w;
        a.ts = time;
        a.w += delta;
    }

    /// Averages the weights and drops those with |w| < `prune`.
    pub fn finish(self, prune: f32) -> Sparse {
        let time = self.time.max(1) as f32;
        let mut rows: Vec<(u32, Vec<(u8, f32)>)> = Vec::with_capacity(self.weights.len());
        for (k, row) in self.weights {
            let mut r: Vec<(u8, f32)> = row
                .iter()
                .map(|a| {
                    let total = a.total + (self.time - a.ts) as f32 * a.w;
                    (a.class, total / time)
                })
                .filter(|(_, w)| w.abs() >= prune)
                .collect();
            if !r.is_empty() {
                r.sort_by_key(|(c, _)| *c);
                rows.push((k, r));
            }
        }
        Sparse::from_rows(self.n_classes, rows)
    }
}

impl Sparse {
    /// Quantises float rows (feature key, sorted (class, weight) pairs).
    fn from_rows(n_classes: usize, mut rows: Vec<(u32, Vec<(u8, f32)>)>) -> Sparse {
        rows.sort_by_key(|(k, _)| *k);
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter().map(|(_, w)| w.abs()))
            .fold(0.0f32, f32::max)
            .max(1e-6);
        let scale = max / 32767.0;
        let mut keys = Vec::with_capacity(rows.len());
        let mut starts = Vec::with_capacity(rows.len() + 1);
        let mut classes = Vec::new();
        let mut weights = Vec::new();
        for (k, r) in rows {
            keys.push(k);
            starts.push(classes.len() as u32);
            for (c, w) in r {
                classes.push(c);
                weights.push((w / scale).round() as i16);
            }
        }
        starts.push(classes.len() as u32);
        Sparse::from_parts(n_classes, scale, keys, starts, classes, weights)
    }

    /// The average of models with the same classes (their scores averaged,
    /// at the cost of one model): an ensemble of perceptrons trained on
    /// different shuffles, which varies less than any one of them.
    pub fn average(models: &[Sparse]) -> Option<Sparse> {
        let first = models.first()?;
        if models.iter().any(|m| m.n_classes != first.n_classes) {
            return None;
        }
        let mut sum: IdMap<Vec<(u8, f32)>> = IdMap::default();
        let k = models.len() as f32;
        for m in models {
            for (r, &key) in m.keys.iter().enumerate() {
                let row = sum.entry(key).or_default();
                for i in m.starts[r] as usize..m.starts[r + 1] as usize {
                    let (c, w) = (m.classes[i], f32::from(m.raw[i]) * m.scale / k);
                    match row.iter_mut().find(|(rc, _)| *rc == c) {
                        Some(e) => e.1 += w,
                        None => row.push((c, w)),
                    }
                }
            }
        }
        let rows = sum
            .into_iter()
            .map(|(key, mut r)| {
                r.sort_by_key(|(c, _)| *c);
                (key, r)
            })
            .collect();
        Some(Sparse::from_rows(first.n_classes, rows))
    }
}

/// One slot of the open-addressing index, 8 bytes so that the table stays
/// small: the feature key and `v`, which is 0 for an empty slot, the row's
/// only entry tagged with the `INLINE` bit (most rows have one), or `start << 9 |
/// (len - 1)` for a row in `entries`.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u32,
    v: u32,
}

/// Bit 8 is free in an entry (class in bits 0-7, weight in 16-31).
const INLINE: u32 = 1 << 8;
/// Rows must start below 2^23 (bits 9-31 of `v`): 8M entries, far above
/// what pruned models hold.
const MAX_START: usize = 1 << 23;

/// One (class, weight) entry of a row: class in the low byte, the quantised
/// weight in the high 16 bits.
type Entry = u32;

#[inline]
fn entry(class: u8, raw: i16) -> Entry {
    u32::from(class) | (u32::from(raw as u16) << 16)
}

#[inline]
fn add(acc: &mut [i32; 256], e: Entry) {
    acc[(e & 0xff) as usize] += i32::from((e >> 16) as u16 as i16);
}

/// A finished, averaged perceptron.
#[derive(Debug, Clone)]
pub struct Sparse {
    n_classes: usize,
    scale: f32,
    slots: Vec<Slot>,
    entries: Vec<Entry>,
    keys: Vec<u32>,
    starts: Vec<u32>,
    classes: Vec<u8>,
    raw: Vec<i16>,
}

/// Keys are uniform hashes: their low bits index the table.
#[inline]
fn slot_of(key: u32, cap: usize) -> usize {
    key as usize & (cap - 1)
}

impl Sparse {
    fn from_parts(
        n_classes: usize,
        scale: f32,
        keys: Vec<u32>,
        starts: Vec<u32>,
        classes: Vec<u8>,
        raw: Vec<i16>,
    ) -> Sparse {
        // Power-of-two table at load factor <= 1/2: most lookups miss, and
        // a miss probes up to a gap.
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); cap];
        let entries: Vec<Entry> = classes
            .iter()
            .zip(&raw)
            .map(|(&c, &w)| entry(c, w))
            .collect();
        for (r, &k) in keys.iter().enumerate() {
            let (a, b) = (starts[r] as usize, starts[r + 1] as usize);
            if b == a || b - a > 256 || b > entries.len() || a >= MAX_START {
                continue; // cannot happen for models this crate trains
            }
            let mut s = slot_of(k, cap);
            while slots[s].v != 0 {
                s = (s + 1) & (cap - 1);
            }
            let v = if b - a == 1 {
                INLINE | entries[a]
            } else {
                ((a as u32) << 9) | (b - a - 1) as u32
            };
            slots[s] = Slot { key: k, v };
        }
        Sparse {
            n_classes,
            scale,
            slots,
            entries,
            keys,
            starts,
            classes,
            raw,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Sums the weights of `feats` into `scores` (cleared first).
    ///
    /// Lookups are random accesses into tables larger than the cache, so
    /// all first-probe slots are loaded before any is used: the loads are
    /// independent and the CPU overlaps their misses.
    pub fn score(&self, feats: &[u32], scores: &mut [f32]) {
        const CHUNK: usize = 96;
        let cap = self.slots.len();
        if feats.len() <= 8 {
            // Short lists (the entity tagger's transition features, scored
            // once per previous class) skip the batch buffers below, whose
            // set-up costs more than the few lookups.
            self.score_short(feats, scores);
            return;
        }
        let mut first = [Slot::default(); CHUNK];
        let mut pos = [0usize; CHUNK];
        let mut acc = [0i32; 256];
        let mut rows = [0u32; CHUNK];
        for chunk in feats.chunks(CHUNK) {
            let mut n_rows = 0;
            let mut touch = 0u32;
            for (k, &f) in chunk.iter().enumerate() {
                let s = slot_of(f, cap);
                pos[k] = s;
                first[k] = self.slots[s];
            }
            for (k, &f) in chunk.iter().enumerate() {
                let mut slot = first[k];
                let mut s = pos[k];
                while slot.v != 0 && slot.key != f {
                    s = (s + 1) & (cap - 1);
                    slot = self.slots[s];
                }
                if slot.v & INLINE != 0 {
                    add(&mut acc, slot.v & !INLINE);
                } else if slot.v != 0 {
                    // Longer rows: load their first entry now (independent
                    // loads overlap) and sum them below.
                    let a = (slot.v >> 9) as usize;
                    touch ^= self.entries.get(a).copied().unwrap_or(0);
                    rows[n_rows] = slot.v;
                    n_rows += 1;
                }
            }
            std::hint::black_box(touch);
            for &v in &rows[..n_rows] {
                let a = (v >> 9) as usize;
                let n = (v & 0xff) as usize + 1;
                for &e in self.entries.get(a..a + n).unwrap_or(&[]) {
                    add(&mut acc, e);
                }
            }
        }
        for (s, a) in scores.iter_mut().zip(&acc) {
            *s = *a as f32 * self.scale;
        }
    }

    /// [`Sparse::score`] for a few features, summed in floats.
    fn score_short(&self, feats: &[u32], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        let cap = self.slots.len();
        let mut put = |e: Entry| {
            if let Some(s) = scores.get_mut((e & 0xff) as usize) {
                *s += f32::from((e >> 16) as u16 as i16) * self.scale;
            }
        };
        for &f in feats {
            let mut s = slot_of(f, cap);
            let mut slot = self.slots[s];
            while slot.v != 0 && slot.key != f {
                s = (s + 1) & (cap - 1);
                slot = self.slots[s];
            }
            if slot.v & INLINE != 0 {
                put(slot.v & !INLINE);
            } else if slot.v != 0 {
                let a = (slot.v >> 9) as usize;
                let n = (slot.v & 0xff) as usize + 1;
                for &e in self.entries.get(a..a + n).unwrap_or(&[]) {
                    put(e);
                }
            }
        }
    }

    /// Rows and entries (for size reports).
    pub fn size(&self) -> (usize, usize) {
        (self.keys.len(), self.raw.len())
    }

    /// A copy without weights below `min_abs` (in weight units).
    pub fn pruned(&self, min_abs: f32) -> Sparse {
        let q = (min_abs / self.scale).round() as i32;
        let mut keys = Vec::new();
        let mut starts = vec![0u32];
        let mut classes = Vec::new();
        let mut raw = Vec::new();
        for (r, &k) in self.keys.iter().enumerate() {
            let before = raw.len();
            for i in self.starts[r] as usize..self.starts[r + 1] as usize {
                if i32::from(self.raw[i]).abs() >= q {
                    classes.push(self.classes[i]);
                    raw.push(self.raw[i]);
                }
            }
            if raw.len() > before {
                keys.push(k);
                starts.push(raw.len() as u32);
            }
        }
        Sparse::from_parts(self.n_classes, self.scale, keys, starts, classes, raw)
    }

    /// Serialises to bytes (little endian).
    pub fn write(&self, out: &mut Vec<u8>) {
        put_u32(out, self.n_classes as u32);
        out.extend_from_slice(&self.scale.to_le_bytes());
        put_u32(out, self.keys.len() as u32);
        put_u32(out, self.classes.len() as u32);
        // Keys are sorted: store deltas as varints (much smaller).
        let mut prev = 0u32;
        for &k in &self.keys {
            put_varint(out, k - prev);
            prev = k;
        }
        for r in 0..self.keys.len() {
            put_varint(out, self.starts[r + 1] - self.starts[r]);
        }
        out.extend_from_slice(&self.classes);
        for &w in &self.raw {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }

    /// Reads what [`Sparse::write`] wrote.
    pub fn read(r: &mut Reader<'_>) -> Option<Sparse> {
        let n_classes = r.u32()? as usize;
        let scale = f32::from_le_bytes(r.bytes(4)?.try_into().ok()?);
        let n_rows = r.u32()? as usize;
        let n_entries = r.u32()? as usize;
        let mut keys = Vec::with_capacity(n_rows);
        let mut prev = 0u32;
        for _ in 0..n_rows {
            prev = prev.checked_add(r.varint()?)?;
            keys.push(prev);
        }
        let mut starts = Vec::with_capacity(n_rows + 1);
        let mut acc = 0u32;
        starts.push(0);
        for _ in 0..n_rows {
            acc = acc.checked_add(r.varint()?)?;
            starts.push(acc);
        }
        if acc as usize != n_entries {
            return None;
        }
        let classes = r.bytes(n_entries)?.to_vec();
        let raw: Vec<i16> = r
            .bytes(n_entries * 2)?
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(Sparse::from_parts(
            n_classes, scale, keys, starts, classes, raw,
        ))
    }
}

pub fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// A bounds-checked byte reader (never panics on bad input).
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.buf.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes(4)?.try_into().ok()?))
    }

    pub fn varint(&mut self) -> Option<u32> {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let b = *self.bytes(1)?.first()?;
            if shift > 28 {
                return None;
            }
            v |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
            shift += 7;
        }
    }

    pub fn string(&mut self) -> Option<String> {
        let n = self.varint()? as usize;
        String::from_utf8(self.bytes(n)?.to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averaged_models_score_the_mean() {
        let mut a = Trainer::new(2);
        a.tick();
        a.add(&[7, 8], 0, 2.0);
        a.tick();
        let mut b = Trainer::new(2);
        b.tick();
        b.add(&[7], 1, 4.0);
        b.tick();
        let (a, b) = (a.finish(0.0), b.finish(0.0));
        let (mut sa, mut sb, mut s) = (vec![0.0; 2], vec![0.0; 2], vec![0.0; 2]);
        a.score(&[7, 8], &mut sa);
        b.score(&[7, 8], &mut sb);
        let m = Sparse::average(&[a, b]).expect("same classes");
        m.score(&[7, 8], &mut s);
        for c in 0..2 {
            let mean = (sa[c] + sb[c]) / 2.0;
            assert!(
                mean.abs() > 0.1 && (s[c] - mean).abs() < 1e-3,
                "{s:?} {sa:?} {sb:?}"
            );
        }
        assert!(Sparse::average(&[]).is_none());
        assert!(Sparse::average(&[m, Trainer::new(3).finish(0.0)]).is_none());
    }

    #[test]
    fn learns_separable_data_and_round_trips() {
        let mut t = Trainer::new(3);
        let data = [(vec![1u32, 10], 0usize), (vec![2, 10], 1), (vec![3, 10], 2)];
        let mut scores = vec![0.0; 3];
        for _ in 0..5 {
            for (f, y) in &data {
                t.tick();
                t.score(f, &mut scores);
                let guess = argmax(&scores);
                t.update(f, *y, guess);
            }
        }
        let m = t.finish(0.0);
        let mut buf = Vec::new();
        m.write(&mut buf);
        let m2 = Sparse::read(&mut Reader::new(&buf)).unwrap();
        for (f, y) in &data {
            m2.score(f, &mut scores);
            assert_eq!(argmax(&scores), *y);
        }
        assert!(Sparse::read(&mut Reader::new(&buf[..buf.len() - 1])).is_none());
    }

    fn argmax(s: &[f32]) -> usize {
        let mut best = 0;
        for (i, v) in s.iter().enumerate() {
            if *v > s[best] {
                best = i;
            }
        }
        best
    }
}
