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
    /// 64-bit keys are finished hashes (word hashes of
    /// [`crate::features::word_info`]): used as they are.
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by feature hashes.
pub type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHasher>>;

/// A map keyed by finished 64-bit word hashes, which need no rehashing
/// (word lists and word classes, looked up per token).
pub type WordMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy)]
struct Acc {
    class: u8,
    w: f32,
    total: f32,
    ts: u32,
}

/// Rows longer than this become dense (when there are many classes):
/// frequent features of the parser and tagger touch most classes, and
/// a dense row scores with straight vector adds.
const DENSE_AFTER: usize = 16;

/// One feature's weights during training.
enum Row {
    Sparse(Vec<Acc>),
    /// Per class: weight, running total, timestamp; `touched` marks the
    /// classes ever updated (as a sparse row would list them).
    Dense {
        w: Vec<f32>,
        total: Vec<f32>,
        ts: Vec<u32>,
        touched: [u64; 4],
    },
}

/// A perceptron being trained.
pub struct Trainer {
    n_classes: usize,
    weights: IdMap<Row>,
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

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Adds current weights of `feats` into `scores` (length n_classes).
    ///
    /// Per class the additions run in feature order whatever the row
    /// layout, so scores do not depend on which rows are dense.
    pub fn score(&self, feats: &[u32], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            match self.weights.get(f) {
                Some(Row::Sparse(row)) => {
                    for a in row {
                        scores[a.class as usize] += a.w;
                    }
                }
                Some(Row::Dense { w, .. }) => {
                    for (s, w) in scores.iter_mut().zip(w) {
                        *s += *w;
                    }
                }
                None => {}
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
        let dense = self.n_classes >= 64;
        for f in feats {
            let row = self.weights.entry(*f).or_insert(Row::Sparse(Vec::new()));
            Self::bump(row, truth as u8, 1.0, self.time, dense, self.n_classes);
            Self::bump(row, guess as u8, -1.0, self.time, dense, self.n_classes);
        }
    }

    /// Adds `delta` to the weights of `feats` for `class` (structured
    /// updates, where the two sides have different features).
    pub fn add(&mut self, feats: &[u32], class: usize, delta: f32) {
        let dense = self.n_classes >= 64;
        for f in feats {
            let row = self.weights.entry(*f).or_insert(Row::Sparse(Vec::new()));
            Self::bump(row, class as u8, delta, self.time, dense, self.n_classes);
        }
    }

    fn bump(row: &mut Row, class: u8, delta: f32, time: u32, dense: bool, n_classes: usize) {
        if let Row::Sparse(r) = row
            && dense
            && r.len() >= DENSE_AFTER
            && !r.iter().any(|a| a.class == class)
        {
            let mut w = vec![0.0; n_classes];
            let mut total = vec![0.0; n_classes];
            let mut ts = vec![0; n_classes];
            let mut touched = [0u64; 4];
            for a in r.iter() {
                let c = a.class as usize;
                w[c] = a.w;
                total[c] = a.total;
                ts[c] = a.ts;
                touched[c / 64] |= 1 << (c % 64);
            }
            *row = Row::Dense {
                w,
                total,
                ts,
                touched,
            };
        }
        match row {
            Row::Sparse(r) => {
                let a = match r.iter_mut().position(|a| a.class == class) {
                    Some(p) => &mut r[p],
                    None => {
                        r.push(Acc {
                            class,
                            w: 0.0,
                            total: 0.0,
                            ts: time,
                        });
                        let n = r.len() - 1;
                        &mut r[n]
                    }
                };
                a.total += (time - a.ts) as f32 * a.w;
                a.ts = time;
                a.w += delta;
            }
            Row::Dense {
                w,
                total,
                ts,
                touched,
            } => {
                let c = class as usize;
                if c >= w.len() {
                    return;
                }
                if touched[c / 64] & (1 << (c % 64)) == 0 {
                    touched[c / 64] |= 1 << (c % 64);
                    ts[c] = time;
                }
                total[c] += (time - ts[c]) as f32 * w[c];
                ts[c] = time;
                w[c] += delta;
            }
        }
    }

    /// Averages the weights and drops those with |w| < `prune`.
    pub fn finish(self, prune: f32) -> Sparse {
        let time = self.time.max(1) as f32;
        let now = self.time;
        let mut rows: Vec<(u32, Vec<(u8, f32)>)> = Vec::with_capacity(self.weights.len());
        let avg = |total: f32, ts: u32, w: f32| (total + (now - ts) as f32 * w) / time;
        for (k, row) in self.weights {
            let mut r: Vec<(u8, f32)> = match row {
                Row::Sparse(row) => row
                    .iter()
                    .map(|a| (a.class, avg(a.total, a.ts, a.w)))
                    .filter(|(_, w)| w.abs() >= prune)
                    .collect(),
                Row::Dense {
                    w,
                    total,
                    ts,
                    touched,
                } => (0..w.len())
                    .filter(|&c| touched[c / 64] & (1 << (c % 64)) != 0)
                    .map(|c| (c as u8, avg(total[c], ts[c], w[c])))
                    .filter(|(_, w)| w.abs() >= prune)
                    .collect(),
            };
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
/// only entry tagged with the `INLINE` bit (most rows have one), `start << 9 |
/// (len - 1)` for a row in `entries`, or `index << 9 | DENSE` for a long row
/// kept dense (one weight per class) in `dense`.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u32,
    v: u32,
}

/// Bit 8 is free in an entry (class in bits 0-7, weight in 16-31).
const INLINE: u32 = 1 << 8;
/// Marks a dense row: a sparse row has at most 255 entries (dense rows are
/// only built with fewer than 256 classes), so its `len - 1` is never 255.
const DENSE: u32 = 0xff;
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

#[inline(always)]
fn add(acc: &mut [i32; 256], e: Entry) {
    acc[(e & 0xff) as usize] += i32::from((e >> 16) as u16 as i16);
}

/// Asks the CPU to bring the cache line at `p` closer; never faults, so
/// any address will do (out-of-range ones are simply wasted).
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing the program sees and cannot fault,
    // whatever the address; SSE is part of the x86-64 baseline.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// A finished, averaged perceptron.
#[derive(Debug, Clone)]
pub struct Sparse {
    n_classes: usize,
    scale: f32,
    slots: Vec<Slot>,
    entries: Vec<Entry>,
    /// Long rows, `stride` weights each (classes padded to 16): summing
    /// them is a vector add instead of a scattered add per entry.
    dense: Vec<i16>,
    stride: usize,
    keys: Vec<u32>,
    starts: Vec<u32>,
    classes: Vec<u8>,
    raw: Vec<i16>,
    /// The CPU has AVX2 ([`Sparse::accumulate`] then uses it).
    avx2: bool,
}

/// Whether the CPU running us has AVX2.
fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("avx2");
    #[cfg(not(target_arch = "x86_64"))]
    false
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
        // Power-of-two table at load factor <= 2/3: most lookups miss, and
        // a miss probes up to a gap (usually in the same cache line); a
        // sparser table would not fit the cache as well.
        let cap = (keys.len() + keys.len() / 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); cap];
        let stride = n_classes.div_ceil(16) * 16;
        // Dense rows pay off when a row holds a good share of the classes.
        let dense_from = if n_classes < 256 {
            (stride / 4).max(12)
        } else {
            usize::MAX
        };
        let mut dense: Vec<i16> = Vec::new();
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
            } else if b - a >= dense_from && dense.len() / stride < MAX_START {
                let index = dense.len() / stride;
                dense.resize(dense.len() + stride, 0);
                let row = &mut dense[index * stride..];
                for i in a..b {
                    if let Some(w) = row.get_mut(classes[i] as usize) {
                        *w = raw[i];
                    }
                }
                ((index as u32) << 9) | DENSE
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
            dense,
            stride,
            keys,
            starts,
            classes,
            raw,
            avx2: has_avx2(),
        }
    }

    /// Adds row `v` (a non-inline slot value) into `acc`.
    #[inline(always)]
    fn add_row(&self, acc: &mut [i32; 256], v: u32) {
        let a = (v >> 9) as usize;
        if v & 0xff == DENSE {
            let row = self.dense.get(a * self.stride..(a + 1) * self.stride);
            for (s, &w) in acc.iter_mut().zip(row.unwrap_or(&[])) {
                *s += i32::from(w);
            }
        } else {
            let n = (v & 0xff) as usize + 1;
            for &e in self.entries.get(a..a + n).unwrap_or(&[]) {
                add(acc, e);
            }
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Sums the weights of `feats` into `scores` (cleared first).
    ///
    /// Long lists are summed exactly in integers ([`Sparse::accumulate`]),
    /// so the result does not depend on the order of the additions; short
    /// ones in floats, in feature order ([`Sparse::score_short`]).
    pub fn score(&self, feats: &[u32], scores: &mut [f32]) {
        if feats.len() <= 8 {
            // Short lists (the entity tagger's transition features, scored
            // once per previous class) skip the batch buffers of
            // `accumulate`, whose set-up costs more than the few lookups.
            self.score_short(feats, scores);
            return;
        }
        let mut acc = [0i32; 256];
        self.accumulate(feats, &mut acc);
        for (s, a) in scores.iter_mut().zip(&acc) {
            *s = *a as f32 * self.scale;
        }
    }

    /// Adds the quantised weights of `feats` into `acc`, per class (exact
    /// integer sums, in any order).
    #[inline]
    fn accumulate(&self, feats: &[u32], acc: &mut [i32; 256]) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only when the CPU has AVX2.
            unsafe { self.accumulate_avx2(feats, acc) };
            return;
        }
        self.accumulate_with(feats, acc);
    }

    /// [`Sparse::accumulate`] compiled for AVX2: dense rows widen and add
    /// 8 classes per instruction instead of 4 (the x86-64 baseline, SSE2).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn accumulate_avx2(&self, feats: &[u32], acc: &mut [i32; 256]) {
        self.accumulate_with(feats, acc);
    }

    /// The body of [`Sparse::accumulate`], inlined into each variant.
    ///
    /// Lookups are random accesses into tables larger than the core's
    /// cache, so they run in three passes over a chunk of features:
    /// prefetch every first-probe slot, then probe (the lines are arriving)
    /// and prefetch the rows found, then add the rows. Prefetches, unlike
    /// loads, do not hold up the instructions after them, so the misses of
    /// a whole chunk overlap.
    #[inline(always)]
    fn accumulate_with(&self, feats: &[u32], acc: &mut [i32; 256]) {
        const CHUNK: usize = 96;
        let cap = self.slots.len();
        let mut rows = [0u32; CHUNK];
        for chunk in feats.chunks(CHUNK) {
            let mut n_rows = 0;
            for &f in chunk {
                prefetch(self.slots.as_ptr().wrapping_add(slot_of(f, cap)));
            }
            for &f in chunk {
                let v = self.probe(f);
                if v & INLINE != 0 {
                    add(acc, v & !INLINE);
                } else if v != 0 {
                    self.prefetch_row(v);
                    rows[n_rows] = v;
                    n_rows += 1;
                }
            }
            for &v in &rows[..n_rows] {
                self.add_row(acc, v);
            }
        }
    }

    /// The slot value of feature `f` (0 when absent).
    #[inline]
    fn probe(&self, f: u32) -> u32 {
        let cap = self.slots.len();
        let mut s = slot_of(f, cap);
        let mut slot = self.slots[s];
        while slot.v != 0 && slot.key != f {
            s = (s + 1) & (cap - 1);
            slot = self.slots[s];
        }
        slot.v
    }

    /// Prefetches the row of slot value `v` (neither empty nor inline); a
    /// dense row spans several lines, all fetched.
    #[inline]
    fn prefetch_row(&self, v: u32) {
        let a = (v >> 9) as usize;
        if v & 0xff == DENSE {
            let row = self.dense.as_ptr().wrapping_add(a * self.stride);
            for line in (0..self.stride).step_by(32) {
                prefetch(row.wrapping_add(line));
            }
        } else {
            prefetch(self.entries.as_ptr().wrapping_add(a));
        }
    }

    /// Adds the row of slot value `v` into `scores` in floats.
    #[inline]
    fn put_row(&self, v: u32, scores: &mut [f32]) {
        let mut put = |e: Entry| {
            if let Some(s) = scores.get_mut((e & 0xff) as usize) {
                *s += f32::from((e >> 16) as u16 as i16) * self.scale;
            }
        };
        if v & INLINE != 0 {
            put(v & !INLINE);
        } else if v & 0xff == DENSE {
            let a = (v >> 9) as usize;
            let row = self.dense.get(a * self.stride..(a + 1) * self.stride);
            // Absent classes hold 0, and adding 0.0 changes no sum. Each
            // class's sum still takes its additions in feature order, so
            // adding several classes per instruction changes no result.
            for (s, &w) in scores.iter_mut().zip(row.unwrap_or(&[])) {
                *s += f32::from(w) * self.scale;
            }
        } else if v != 0 {
            let a = (v >> 9) as usize;
            let n = (v & 0xff) as usize + 1;
            for &e in self.entries.get(a..a + n).unwrap_or(&[]) {
                put(e);
            }
        }
    }

    /// [`Sparse::score`] for a few features, summed in floats.
    fn score_short(&self, feats: &[u32], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for &f in feats {
            self.put_row(self.probe(f), scores);
        }
    }

    /// Scores several short feature lists at once: `feats` holds segments
    /// of `per` features, and segment `k` is summed into
    /// `out[k * n_classes..]` exactly as [`Sparse::score_short`] would
    /// (same order, same floats). The lookups of all segments are
    /// prefetched together, so their misses overlap (the entity tagger's
    /// transition features, one segment per previous class).
    pub fn score_segments(&self, feats: &[u32], per: usize, out: &mut [f32]) {
        const MAX: usize = 128;
        let n = self.n_classes;
        let per = per.max(1);
        if feats.len() > MAX {
            for (seg, o) in feats.chunks(per).zip(out.chunks_mut(n)) {
                self.score_short(seg, o);
            }
            return;
        }
        for &f in feats {
            prefetch(
                self.slots
                    .as_ptr()
                    .wrapping_add(slot_of(f, self.slots.len())),
            );
        }
        let mut vs = [0u32; MAX];
        for (v, &f) in vs.iter_mut().zip(feats) {
            *v = self.probe(f);
            if *v != 0 && *v & INLINE == 0 {
                self.prefetch_row(*v);
            }
        }
        for (seg, o) in vs[..feats.len()].chunks(per).zip(out.chunks_mut(n)) {
            o.iter_mut().for_each(|s| *s = 0.0);
            for &v in seg {
                self.put_row(v, o);
            }
        }
    }

    /// Bytes that scoring reads: the slot index, the entries and the
    /// dense rows (the working set that competes for cache).
    pub fn scoring_bytes(&self) -> usize {
        self.slots.len() * std::mem::size_of::<Slot>()
            + self.entries.len() * 4
            + self.dense.len() * 2
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

    /// A copy without the rows (features) whose largest weight is below
    /// `min_abs`; kept rows stay whole. Fewer lookups hit than with
    /// [`Sparse::pruned`] at the same size, and small weights of strong
    /// features survive.
    pub fn pruned_rows(&self, min_abs: f32) -> Sparse {
        let q = (min_abs / self.scale).round() as i32;
        let mut keys = Vec::new();
        let mut starts = vec![0u32];
        let mut classes = Vec::new();
        let mut raw = Vec::new();
        for (r, &k) in self.keys.iter().enumerate() {
            let range = self.starts[r] as usize..self.starts[r + 1] as usize;
            if self.raw[range.clone()]
                .iter()
                .any(|&w| i32::from(w).abs() >= q)
            {
                classes.extend_from_slice(&self.classes[range.clone()]);
                raw.extend_from_slice(&self.raw[range]);
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
    fn pruned_rows_drop_whole_weak_features_only() {
        let mut t = Trainer::new(3);
        t.tick();
        // Feature 1: one strong weight and a weak one; feature 2: weak only.
        t.add(&[1], 0, 5.0);
        t.add(&[1], 1, 0.5);
        t.add(&[2], 2, 1.0);
        t.tick();
        let m = t.finish(0.0);
        let p = m.pruned_rows(2.0);
        let (mut a, mut b) = (vec![0.0; 3], vec![0.0; 3]);
        m.score(&[1], &mut a);
        p.score(&[1], &mut b);
        assert_eq!(a, b, "a kept row keeps its weak weights too");
        p.score(&[2], &mut b);
        assert_eq!(b, vec![0.0; 3], "a weak row goes whole");
        m.score(&[2], &mut a);
        assert!(a[2] > 0.1);
        let mut bytes = Vec::new();
        p.write(&mut bytes);
        let back = Sparse::read(&mut Reader::new(&bytes)).expect("round trip");
        back.score(&[1], &mut b);
        m.score(&[1], &mut a);
        assert_eq!(a, b);
    }

    #[test]
    fn dense_rows_score_like_sparse_rows() {
        // Feature 5 touches 40 of 100 classes (a dense row at scoring
        // time), feature 6 two; short and batched scoring must agree with
        // a model where every row is split into one-class features.
        let mut t = Trainer::new(100);
        let mut split = Trainer::new(100);
        for c in 0..40usize {
            t.tick();
            split.tick();
            t.add(&[5], c * 2, c as f32 - 20.5);
            split.add(&[10_000 + c as u32 * 2], c * 2, c as f32 - 20.5);
        }
        t.add(&[6], 3, 1.5);
        split.add(&[20_003], 3, 1.5);
        let (t, split) = (t.finish(0.0), split.finish(0.0));
        assert!(!t.dense.is_empty());
        let mut want = vec![0.0; 100];
        let mut one = vec![0.0; 100];
        for f in (0..80).map(|c| 10_000 + c).chain([20_003]) {
            split.score(&[f], &mut one);
            want.iter_mut().zip(&one).for_each(|(w, o)| *w += *o);
        }
        let mut short = vec![0.0; 100];
        t.score(&[5, 6], &mut short);
        let mut long = vec![0.0; 100];
        t.score(&[5, 6, 1, 2, 3, 4, 7, 8, 9, 11], &mut long);
        for c in 0..100 {
            assert!(
                (short[c] - want[c]).abs() < 0.01,
                "{c}: {} {}",
                short[c],
                want[c]
            );
            assert!((long[c] - short[c]).abs() < 1e-4, "{c}");
        }
        // Segments scored together equal each segment scored alone, to
        // the bit (same additions in the same order), whatever the rows.
        let feats = [5, 6, 1, 6, 5, 5, 2, 3, 6];
        let mut together = vec![f32::NAN; 300];
        t.score_segments(&feats, 3, &mut together);
        for (k, seg) in feats.chunks(3).enumerate() {
            let mut alone = vec![0.0; 100];
            t.score(seg, &mut alone);
            assert_eq!(&together[k * 100..(k + 1) * 100], &alone[..], "segment {k}");
        }
    }

    #[test]
    fn dense_rows_train_exactly_like_sparse_ones() {
        // 100 classes: the shared feature 9 turns dense after 16 classes.
        // The same updates through `add` on one feature per class (always
        // sparse) must give the same averaged weights for feature 9.
        let mut a = Trainer::new(100);
        let mut b = Trainer::new(100);
        for step in 0..300u32 {
            a.tick();
            b.tick();
            let (c, d) = ((step * 7 % 100) as usize, (step * 13 % 100) as usize);
            let mut s = vec![0.0; 100];
            a.score(&[9, 1], &mut s);
            a.update(&[9, 1], c, d);
            b.add(&[1000 + c as u32], c, 1.0);
            b.add(&[1000 + d as u32], d, -1.0);
        }
        let (a, b) = (a.finish(0.0), b.finish(0.0));
        let mut sa = vec![0.0; 100];
        a.score(&[9], &mut sa);
        for c in 0..100 {
            let mut sb = vec![0.0; 100];
            b.score(&[1000 + c as u32], &mut sb);
            assert!(
                (sa[c] - sb[c]).abs() < 1e-3,
                "class {c}: {} vs {}",
                sa[c],
                sb[c]
            );
        }
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
