//! Splitting: a story formed by a bad early join splits once articles on
//! both events have arrived; the larger half keeps the id, the split is in
//! the history, and later articles follow the right half.

use herald_core::Article;
use herald_stories::StoryClusterer;

fn art(id: &str, title: &str, text: &str, date: &str) -> Article {
    Article {
        id: id.into(),
        title: Some(title.into()),
        text: text.into(),
        published: Some(date.into()),
        site: Some(format!("{id}.example")),
        ..Article::default()
    }
}

/// Quake articles (X) and election articles (Y); Y1 covers both, so it
/// joins the quake story, and early election reports follow it there.
fn stream() -> Vec<Article> {
    vec![
        art(
            "x1",
            "Earthquake shakes Lima",
            "A strong earthquake shook Lima on Monday, collapsing buildings and cutting power across the Peruvian capital. Rescuers searched the rubble.",
            "2020-03-02",
        ),
        art(
            "y1",
            "Lima earthquake upends mayoral election",
            "The earthquake that shook Lima upended the mayoral election: candidates Rosa Quispe and Mario Huaman suspended rallies as rescuers searched collapsed buildings.",
            "2020-03-02",
        ),
        art(
            "x2",
            "Rescuers search rubble after Lima quake",
            "Rescuers searched collapsed buildings in Lima after the strong earthquake; power was cut to thousands of homes in the Peruvian capital.",
            "2020-03-03",
        ),
        art(
            "y2",
            "Quispe and Huaman resume mayoral campaign in Lima",
            "Mayoral candidates Rosa Quispe and Mario Huaman resumed campaign rallies in Lima, debating budgets, ballots and the election date.",
            "2020-03-03",
        ),
        art(
            "x3",
            "Lima quake death toll rises",
            "The death toll from the earthquake in Lima rose as rescuers pulled survivors from collapsed buildings; aftershocks shook the capital.",
            "2020-03-03",
        ),
        art(
            "y3",
            "Quispe leads Huaman in Lima mayoral poll",
            "Rosa Quispe leads Mario Huaman in a poll for the Lima mayoral election; campaign rallies, ballots and the debate dominate the race.",
            "2020-03-04",
        ),
        art(
            "x4",
            "Aftershocks hit quake-stricken Lima",
            "Aftershocks shook Lima days after the strong earthquake collapsed buildings; rescuers and power crews worked across the capital.",
            "2020-03-04",
        ),
        art(
            "y4",
            "Huaman attacks Quispe in mayoral debate",
            "Mario Huaman attacked Rosa Quispe over budgets in the Lima mayoral debate, days before election ballots are cast; campaign rallies resumed.",
            "2020-03-05",
        ),
        art(
            "x5",
            "Lima earthquake survivors count losses",
            "Survivors of the Lima earthquake counted losses among collapsed buildings as rescuers ended the search and power returned to the capital.",
            "2020-03-05",
        ),
        art(
            "y5",
            "Quispe wins Lima mayoral election",
            "Rosa Quispe won the Lima mayoral election, beating Mario Huaman after a campaign of rallies and debates; ballots were counted overnight.",
            "2020-03-06",
        ),
    ]
}

#[test]
fn without_splitting_the_bad_join_sticks() {
    let mut c = StoryClusterer::with_params(herald_stories::Params {
        split_threshold: 0.0,
        ..Default::default()
    });
    for a in &stream() {
        c.process(a, &[]);
    }
    assert_eq!(c.len(), 1, "one lumped story");
    assert!(c.history().is_empty());
}

#[test]
fn bad_early_join_later_splits() {
    let arts = stream();
    let mut c = StoryClusterer::new();
    let mut ids = Vec::new();
    for a in &arts {
        ids.push(c.process(a, &[]));
    }
    let s = |id: &str| c.story_of(id).unwrap_or_default();
    assert_eq!(
        ids[1], ids[0],
        "the election overview first joins the quake story"
    );
    for x in ["x2", "x3", "x4", "x5"] {
        assert_eq!(s(x), s("x1"), "{x}");
    }
    for y in ["y2", "y3", "y4", "y5"] {
        assert_eq!(s(y), s("y1"), "{y}");
    }
    assert_ne!(s("x1"), s("y1"), "the story split");
    let splits: Vec<_> = c
        .changes_since(0)
        .iter()
        .filter(|h| h.kind == "split")
        .collect();
    assert!(c.changes_since(c.history().len()).is_empty());
    assert!(c.changes_since(usize::MAX).is_empty());
    assert_eq!(splits.len(), 1);
    let sp = splits[0];
    assert_eq!(sp.from, ids[0], "the quake half keeps the original id");
    assert_eq!(sp.into, s("y1"));
    assert!(sp.articles.contains(&"y1".to_string()));
    let r = c.record(&s("y1")).unwrap();
    assert_eq!(r.split_from.as_deref(), Some(ids[0].as_str()));
    assert!(
        r.headline.contains("Quispe") || r.headline.contains("mayoral"),
        "{}",
        r.headline
    );
    let q = c.record(&ids[0]).unwrap();
    assert!(
        q.articles.iter().all(|a| a.starts_with('x')),
        "{:?}",
        q.articles
    );
    assert!(!q.sources.iter().any(|x| x.starts_with('y')));
    // The split survives a state round trip.
    let state = serde_json::to_string(&c.state()).unwrap();
    let c2 = StoryClusterer::from_state(serde_json::from_str(&state).unwrap());
    assert_eq!(c2.story_of("y3"), c.story_of("y3"));
}
