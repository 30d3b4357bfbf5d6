//! Entity behaviour on news sentences written for these tests: names with
//! titles, long organisation names, places after prepositions, and a
//! surname that refers back to a full name in an earlier sentence. They
//! need the learned models and are skipped (with a note) without them.

use herald_core::MentionKind;

fn mentions(text: &str) -> Option<Vec<(String, MentionKind, usize)>> {
    let art = crate::news_tests::analyse(text)?;
    Some(
        art.mentions
            .into_iter()
            .map(|m| (m.text, m.kind, m.sentence))
            .collect(),
    )
}

fn has(ms: &[(String, MentionKind, usize)], text: &str, kind: MentionKind) -> bool {
    ms.iter().any(|(t, k, _)| t == text && *k == kind)
}

#[test]
fn minister_newspaper_and_capital() {
    let Some(ms) =
        mentions("Iraqi Foreign Minister Ibrahim Jafari met the Financial Times in Baghdad.")
    else {
        return;
    };
    // The person's span may keep a capitalised title, as GUM's names do.
    assert!(
        ms.iter()
            .any(|(t, k, _)| t.ends_with("Ibrahim Jafari") && *k == MentionKind::Person),
        "{ms:?}"
    );
    assert!(
        has(&ms, "Financial Times", MentionKind::Organization),
        "{ms:?}"
    );
    assert!(has(&ms, "Baghdad", MentionKind::Place), "{ms:?}");
}

#[test]
fn long_organisation_names() {
    let Some(ms) = mentions(
        "Leaders of the Economic Community of West African States met in Abuja to discuss the crisis in Mali.\n\
         Angela Merkel spoke with officials of the European Central Bank in Frankfurt.",
    ) else {
        return;
    };
    assert!(
        has(
            &ms,
            "Economic Community of West African States",
            MentionKind::Organization
        ),
        "{ms:?}"
    );
    assert!(
        has(&ms, "European Central Bank", MentionKind::Organization),
        "{ms:?}"
    );
    assert!(has(&ms, "Angela Merkel", MentionKind::Person), "{ms:?}");
    for place in ["Abuja", "Mali", "Frankfurt"] {
        assert!(has(&ms, place, MentionKind::Place), "{place}: {ms:?}");
    }
}

#[test]
fn ministry_and_country() {
    let Some(ms) =
        mentions("The Ministry of Defence said troops had crossed into Somalia overnight.")
    else {
        return;
    };
    assert!(
        has(&ms, "Ministry of Defence", MentionKind::Organization),
        "{ms:?}"
    );
    assert!(has(&ms, "Somalia", MentionKind::Place), "{ms:?}");
}

#[test]
fn surname_keeps_the_full_names_type_across_sentences() {
    let Some(ms) = mentions(
        "Barack Obama arrived in Nairobi on Friday. Obama told reporters the visit was long overdue.",
    ) else {
        return;
    };
    assert!(has(&ms, "Barack Obama", MentionKind::Person), "{ms:?}");
    assert!(has(&ms, "Nairobi", MentionKind::Place), "{ms:?}");
    assert!(
        ms.iter()
            .any(|(t, k, s)| t == "Obama" && *k == MentionKind::Person && *s == 1),
        "{ms:?}"
    );
}
