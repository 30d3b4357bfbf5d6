//! The seed articles (`$HERALD_SHARED/corpus/seeds`): skipped with a message
//! when the shared data is absent. Plain text with site chrome, as read.

use std::path::PathBuf;

use herald_core::{Article, Event};
use herald_events::Coder;

fn shared() -> PathBuf {
    herald_core::shared_dir()
}

/// Events of the seed whose name starts with `prefix`, or `None` when absent.
fn seed(prefix: &str) -> Option<(String, Vec<Event>)> {
    let dir = shared().join("corpus/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "skipping: no seeds at {} (set HERALD_SHARED)",
            dir.display()
        );
        return None;
    };
    let path = entries.flatten().map(|e| e.path()).find(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(prefix))
    })?;
    let text = std::fs::read_to_string(&path).ok()?;
    let article = Article {
        id: prefix.into(),
        text: text.clone(),
        ..Default::default()
    };
    Some((text, Coder::new().process(&article)))
}

fn show(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            format!(
                "{}{}>{}:{} [{}]",
                if e.negated { "NEG " } else { "" },
                e.source.code,
                e.target.code,
                e.cameo,
                e.pattern
            )
        })
        .collect()
}

fn any(events: &[Event], f: impl Fn(&Event) -> bool) -> bool {
    events.iter().filter(|e| !e.negated).any(f)
}

#[test]
fn china_intends_to_help_iraq_militarily() {
    for s in ["000", "001"] {
        let Some((_, ev)) = seed(s) else { return };
        assert!(
            any(&ev, |e| e.source.code.starts_with("CHN")
                && e.target.code.starts_with("IRQ")
                && e.root() == "03"),
            "{s}: {:?}",
            show(&ev)
        );
    }
}

#[test]
fn not_joining_the_coalition_is_not_cooperation() {
    for (s, phrase) in [("000", "will not join"), ("001", "declined to join")] {
        let Some((text, ev)) = seed(s) else { return };
        let at = text.find(phrase).expect("phrase in seed");
        let join = at + phrase.len() - "join".len();
        for e in ev
            .iter()
            .filter(|e| e.span.start <= join && join < e.span.end && !e.negated)
        {
            assert!(
                !matches!(e.root(), "03" | "04" | "05" | "06"),
                "{s}: {:?}",
                show(&ev)
            );
        }
    }
}

#[test]
fn declined_to_comment_yields_no_event() {
    let Some((text, ev)) = seed("000") else {
        return;
    };
    let at = text
        .find("Defense Ministry declined to comment")
        .expect("phrase in seed");
    let end = at + text[at..].find('.').unwrap_or(0);
    assert!(
        !ev.iter().any(|e| e.span.start >= at && e.span.start < end),
        "{:?}",
        show(&ev)
    );
}

#[test]
fn united_states_appeals_to_china() {
    let Some((_, ev)) = seed("003") else { return };
    assert!(
        any(&ev, |e| e.source.code.starts_with("USA")
            && e.target.code.starts_with("CHN")
            && e.root() == "02"),
        "{:?}",
        show(&ev)
    );
}

#[test]
fn china_offers_military_aid_to_mali_and_mali_asks_ecowas() {
    let Some((_, ev)) = seed("004") else { return };
    assert!(
        any(&ev, |e| e.source.code.starts_with("CHN")
            && e.target.code.starts_with("MLI")
            && (e.cameo == "0332" || e.root() == "03")),
        "{:?}",
        show(&ev)
    );
    assert!(
        any(&ev, |e| e.source.code.starts_with("MLI")
            && e.target.code == "IGOWAFECW"
            && e.root() == "02"),
        "{:?}",
        show(&ev)
    );
}
