//! Text that is already a clean article body comes through the plain-text
//! path whole, and the same input gives byte-identical text alone, twice,
//! shuffled and next to its copies (issue #21). The 200 bodies are
//! generated here: paragraphs, section headings the site's articles share,
//! lists and one-sentence lines, on ten sites.

use herald_core::{Format, RawDoc};
use herald_extract::Extractor;
use herald_extract::eval_clean::{copies_of, eval_clean};

const WORDS: &[&str] = &[
    "council",
    "river",
    "farmers",
    "minister",
    "talks",
    "harbour",
    "budget",
    "schools",
    "police",
    "storm",
    "village",
    "election",
    "court",
    "bridge",
    "workers",
    "hospital",
    "prices",
    "road",
    "the",
    "a",
    "new",
    "old",
    "local",
    "regional",
    "said",
    "agreed",
    "rejected",
    "opened",
    "closed",
    "announced",
    "on",
    "in",
    "after",
    "before",
    "with",
    "against",
    "plan",
    "report",
    "week",
    "month",
    "officials",
    "residents",
    "union",
    "company",
    "water",
    "power",
    "trade",
];
const HEADINGS: &[&str] = &[
    "Background",
    "What happens next",
    "Reaction",
    "Key facts",
    "Timeline",
];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next() % xs.len()]
    }
}

fn sentence(r: &mut Lcg) -> String {
    let n = 8 + r.next() % 14;
    let mut s: Vec<String> = (0..n).map(|_| r.pick(WORDS).to_string()).collect();
    s[0] = s[0][..1].to_uppercase() + &s[0][1..];
    format!("{}.", s.join(" "))
}

fn body(r: &mut Lcg) -> String {
    let mut parts = Vec::new();
    for p in 0..(3 + r.next() % 8) {
        if p > 0 && r.next().is_multiple_of(3) {
            parts.push(r.pick(HEADINGS).to_string());
        }
        match r.next() % 5 {
            0 => {
                let items: Vec<String> = (0..(3 + r.next() % 4))
                    .map(|_| format!("- {} {} {}", r.pick(WORDS), r.pick(WORDS), r.pick(WORDS)))
                    .collect();
                parts.push(items.join("\n"));
            }
            1 => parts.push(format!("\u{201c}{}\u{201d}", sentence(r))),
            _ => {
                let s: Vec<String> = (0..(2 + r.next() % 4)).map(|_| sentence(r)).collect();
                parts.push(s.join(" "));
            }
        }
    }
    parts.join("\n\n")
}

fn bodies() -> Vec<RawDoc> {
    let mut r = Lcg(21);
    (0..200)
        .map(|i| {
            let mut d = RawDoc::new(
                format!("b{i}"),
                format!("b{i}.txt"),
                Format::Text,
                body(&mut r),
            );
            d.url = Some(format!("https://site{}.example/news/{i}", i % 10));
            d
        })
        .collect()
}

#[test]
fn clean_bodies_come_through_whole_and_alike() {
    let docs = bodies();
    let report = eval_clean(&docs, "generated");
    assert_eq!(report.identical, 1.0, "{report:?}");
    assert!(report.kept >= 0.98, "{report:?}");
    assert_eq!(report.lost_fifth, 0, "{report:?}");

    // Twice: the same batch observed again changes nothing.
    let mut ex = Extractor::new();
    ex.observe(&docs);
    let once: Vec<String> = docs.iter().map(|d| ex.process(d).text).collect();
    ex.observe(&docs);
    for (d, t) in docs.iter().zip(&once) {
        assert_eq!(&ex.process(d).text, t, "{}", d.id);
        assert_eq!(Extractor::new().process(d).text, *t, "{}", d.id);
    }
}

#[test]
fn a_copy_arriving_first_changes_nothing() {
    // The re-wrapped copy of every body arrives in an earlier batch; the
    // originals then come out as they do alone.
    let docs = bodies();
    let mut ex = Extractor::new();
    let early: Vec<RawDoc> = docs
        .iter()
        .enumerate()
        .flat_map(|(n, d)| copies_of(d, n))
        .collect();
    ex.observe(&early);
    ex.observe(&docs);
    for d in &docs {
        assert_eq!(
            ex.process(d).text,
            Extractor::new().process(d).text,
            "{}",
            d.id
        );
    }
}

#[test]
fn site_chrome_is_still_learned() {
    // Distinct articles of one site under the same chrome lose it.
    let docs: Vec<RawDoc> = bodies()
        .into_iter()
        .take(4)
        .map(|mut d| {
            d.url = Some(format!("https://chrome.example/{}", d.id));
            d.body = format!(
                "Chrome Example Daily\nToday's Paper\n\n{}\n\nNewsletter sign-up\nOur Partners",
                d.body
            );
            d
        })
        .collect();
    let mut ex = Extractor::new();
    ex.observe(&docs);
    for d in &docs {
        let a = ex.process(d);
        for line in [
            "Chrome Example Daily",
            "Today's Paper",
            "Newsletter sign-up",
            "Our Partners",
        ] {
            assert!(!a.text.contains(line), "{line} in {}", d.id);
        }
    }
}
