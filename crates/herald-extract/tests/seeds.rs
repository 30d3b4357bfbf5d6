//! The five real seed articles (read from the shared data folder, never
//! copied here): chrome removed, body sentences kept, cites found.

use std::path::PathBuf;

use herald_core::{Article, Format, RawDoc};
use herald_extract::Extractor;

fn seeds_dir() -> PathBuf {
    herald_extract::eval::shared_dir().join("corpus/seeds")
}

fn load() -> Option<Vec<RawDoc>> {
    let dir = seeds_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let docs: Vec<RawDoc> = paths
        .iter()
        .filter_map(|p| {
            let body = std::fs::read_to_string(p).ok()?;
            let id = p.file_stem()?.to_str()?.to_string();
            Some(RawDoc::new(id, p.display().to_string(), Format::Text, body))
        })
        .collect();
    (docs.len() == 5).then_some(docs)
}

fn removed(a: &Article, line: &str) -> Option<String> {
    a.removed
        .iter()
        .find(|r| r.text == line)
        .map(|r| r.reason.clone())
}

#[test]
fn seeds_are_cleaned() {
    let Some(docs) = load() else {
        eprintln!(
            "SKIPPED: seeds not found at {} (set HERALD_SHARED)",
            seeds_dir().display()
        );
        return;
    };
    let mut ex = Extractor::new();
    ex.observe(&docs);
    let arts: Vec<Article> = docs.iter().map(|d| ex.process(d)).collect();

    // 000: teasers out, body in, no title line, cites the FT.
    let a = &arts[0];
    assert_eq!(
        removed(
            a,
            "READ MORE: ISIS neighbors have cold feet over US bombing plans"
        )
        .as_deref(),
        Some("teaser")
    );
    assert!(
        a.text
            .starts_with("Iraqi Foreign Minister Ibrahim Jafari says")
    );
    assert!(a.text.contains("Hong told the newspaper."));
    assert!(a.text.ends_with("anti-foreigner sentiment among Iraqis."));
    assert_eq!(a.title, None);
    assert_eq!(a.published, None);
    assert_eq!(a.cites, vec!["Financial Times"]);

    // 001: both photo captions out.
    let a = &arts[1];
    assert_eq!(a.removed.len(), 2, "{:?}", a.removed);
    assert!(a.removed.iter().all(|r| r.reason == "caption"));
    assert!(
        a.text
            .starts_with("China has offered military assistance to Iraq")
    );
    assert!(!a.text.contains("REUTERS"));
    assert_eq!(a.cites, vec!["Financial Times", "RT", "Al Arabiya"]);
    assert_eq!(a.published, None);

    // 002: masthead, page clock, homepage prompt, title, tag, caption,
    // social prompt, analytics footer.
    let a = &arts[2];
    for (line, why) in [
        ("CHINA TOPIX", "chrome"),
        ("01/22/2025 11:03:09 am", "timestamp"),
        (
            "China Pledges Support For Obama’s Anti-ISIL Campaign",
            "title",
        ),
        ("Chinese ISIS", "tag"),
    ] {
        assert_eq!(removed(a, line).as_deref(), Some(why), "{line}");
    }
    for line in [
        "Make CT Your Homepage",
        "Like Us on Facebook",
        "Real Time Analytics",
    ] {
        assert!(removed(a, line).is_some(), "{line}");
    }
    assert!(
        a.removed
            .iter()
            .any(|r| r.text.starts_with("(Photo : Iraqi Ministry"))
    );
    assert_eq!(
        a.title.as_deref(),
        Some("China Pledges Support For Obama’s Anti-ISIL Campaign")
    );
    assert!(a.text.starts_with("With its long history of aversion"));
    assert!(a.text.ends_with("told CNN."));
    assert_eq!(a.published, None, "2025 page clock on a 2014 story");
    assert_eq!(a.cites, vec!["CNN"]);

    // 003: the same site's chrome, and an "Updated" stamp that is not the date.
    let a = &arts[3];
    assert_eq!(
        removed(a, "Updated 2:00 PM EDT, Wed, May 20, 2020").as_deref(),
        Some("timestamp")
    );
    assert_eq!(removed(a, "Susan Rice").as_deref(), Some("tag"));
    assert_eq!(
        a.title.as_deref(),
        Some("US Urges China To Support Anti-ISIS Campaign In Middle East")
    );
    assert!(a.text.starts_with("As the Obama administration builds"));
    assert!(a.text.contains("state media reported."));
    assert_eq!(a.published, None);
    // Cited in the text, then credited in the removed photo caption
    // ("(Photo : Reuters/Andy Wong/Pool)").
    assert_eq!(
        a.cites,
        vec![
            "The Washington Post",
            "International Business Times",
            "Reuters"
        ]
    );

    // 004: navigation in, title, the whole body kept.
    let a = &arts[4];
    assert_eq!(removed(a, "Trending Topics").as_deref(), Some("navigation"));
    assert_eq!(removed(a, "Back to top").as_deref(), Some("navigation"));
    assert_eq!(
        a.title.as_deref(),
        Some("China Offers Military Aid To Mali In Fight Against Islamists Rebels")
    );
    assert_eq!(a.removed.len(), 3);
    assert!(
        a.text
            .contains("“China firmly supports the position of Mali,” he said.")
    );
    assert_eq!(a.text.matches("\n\n").count(), 8);
}

#[test]
fn seed_chrome_caught_by_repetition_alone() {
    let Some(docs) = load() else {
        eprintln!("SKIPPED: seeds not found at {}", seeds_dir().display());
        return;
    };
    // Pages of no known site teach nothing: repetition is per site.
    let mut ex = Extractor::new();
    ex.observe(&docs[2..4]);
    assert!(!ex.stats().is_repeated(None, "Make CT Your Homepage"));
    let mut ct: Vec<_> = docs[2..4].to_vec();
    for d in &mut ct {
        d.site = Some("chinatopix.com".into());
    }
    let mut ex = Extractor::new();
    ex.observe(&ct[0..1]);
    ex.observe(&ct[1..2]);
    let a = ex.process(&ct[1]);
    // With two CT pages seen, their shared lines are known as repeated
    // (independently of the rules that also catch them).
    let site = Some("chinatopix.com");
    for line in [
        "Make CT Your Homepage",
        "Like Us on Facebook",
        "Real Time Analytics",
    ] {
        assert!(removed(&a, line).is_some(), "{line}");
        assert!(ex.stats().is_repeated(site, line), "{line}");
    }
    assert!(!ex.stats().is_repeated(site, "Susan Rice"));
}
