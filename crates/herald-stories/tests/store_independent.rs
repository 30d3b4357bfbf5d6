//! Story membership and pair scores do not depend on what else is in the
//! store (issue #21): term weights come from a fixed table, never from the
//! articles that happen to have arrived.

use herald_core::Article;
use herald_stories::eval::{dated_article as art, synthetic_background};
use herald_stories::{StoryClusterer, similarity};

fn pair() -> (Article, Article) {
    (
        art(
            "a",
            "Ferry capsizes on Lake Victoria, dozens missing",
            "A passenger ferry capsized on Lake Victoria near the Ukerewe island on Thursday, and rescuers \
             said dozens of people were missing. The ferry was carrying more than 200 passengers and bags of \
             maize to the weekly market when it overturned a few metres from the shore. Police said the \
             captain had been arrested.",
            "2026-09-20",
        ),
        art(
            "b",
            "Dozens feared dead after Tanzania ferry overturns",
            "Rescue teams searched the waters off Ukerewe on Friday after an overloaded ferry overturned on \
             Lake Victoria. Officials said the vessel had room for 100 people but carried twice as many, \
             with sacks of maize for the market. The regional commissioner said the captain was in custody.",
            "2026-09-21",
        ),
    )
}

#[test]
fn membership_and_scores_ignore_the_rest_of_the_store() {
    let (a, b) = pair();
    let mut fresh = StoryClusterer::new();
    fresh.process(&a, &[]);
    fresh.process(&b, &[]);
    let fresh_joined = fresh.story_of("a") == fresh.story_of("b");
    let fresh_score = similarity(&a, &[], &b, &[], Some(fresh.idf()));

    let mut busy = StoryClusterer::new();
    let noise = synthetic_background(42, 800);
    for u in &noise {
        busy.process(u, &[]);
    }
    busy.process(&a, &[]);
    busy.process(&b, &[]);
    let busy_joined = busy.story_of("a") == busy.story_of("b");
    let busy_score = similarity(&a, &[], &b, &[], Some(busy.idf()));

    assert_eq!(fresh_score, busy_score);
    assert_eq!(fresh_joined, busy_joined);
    assert!(
        fresh_joined,
        "the same event, a day apart: one story ({fresh_score})"
    );
}
