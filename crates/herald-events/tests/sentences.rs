//! Behaviour on sentences written for these tests: negation, reported
//! speech, coordination, passive voice, appeals, intent, names, dates, places.

use herald_core::{Article, Event};
use herald_events::Coder;

fn code(text: &str) -> Vec<Event> {
    let article = Article {
        id: "t".into(),
        published: Some("2012-09-26".into()), // a Wednesday
        text: text.into(),
        ..Default::default()
    };
    // What the patterns and the trigger model propose, before the event
    // scorer judges it: these tests are about how a sentence is coded.
    Coder::with_models(herald_events::learned::TriggerModel::shipped_arc(), None).process(&article)
}

fn triples(events: &[Event]) -> Vec<(String, String, String)> {
    events
        .iter()
        .filter(|e| !e.negated)
        .map(|e| {
            (
                e.source.code.clone(),
                e.target.code.clone(),
                e.cameo.clone(),
            )
        })
        .collect()
}

fn has(events: &[Event], src: &str, tgt: &str, root: &str) -> bool {
    events.iter().any(|e| {
        !e.negated
            && e.source.code.starts_with(src)
            && e.target.code.starts_with(tgt)
            && e.root() == root
    })
}

#[test]
fn negated_cooperation_is_a_rejection_never_the_positive_event() {
    let ev = code("Norway will not join the alliance against Russia.");
    assert!(
        ev.iter()
            .all(|e| e.negated || !matches!(e.root(), "03" | "05" | "06")),
        "{:?}",
        triples(&ev)
    );
    assert!(has(&ev, "NOR", "RUS", "12"), "{:?}", triples(&ev));

    let ev = code("Kenya refused to release the prisoners.");
    assert_eq!(
        triples(&ev),
        [("KEN".into(), "---PPL".into(), "1243".into())]
    );
    assert!(!ev.iter().any(|e| e.root() == "08"));
}

#[test]
fn negated_conflict_is_kept_only_as_a_negated_record() {
    let ev = code("Ghana did not attack Togo.");
    assert!(triples(&ev).is_empty(), "{:?}", triples(&ev));
    assert!(ev.iter().any(|e| e.negated && e.cameo == "190"));
}

#[test]
fn declining_to_comment_is_no_event() {
    let ev = code(
        "The Interior Ministry declined to comment on whether Egypt was supplying arms to Libya.",
    );
    assert!(ev.is_empty(), "{:?}", triples(&ev));
}

#[test]
fn reported_speech_codes_the_reported_actors_not_the_speaker() {
    let ev =
        code("Peruvian officials said that Chile had agreed to provide economic aid to Bolivia.");
    assert!(has(&ev, "CHL", "BOL", "07"), "{:?}", triples(&ev));
    assert!(
        !ev.iter().any(|e| e.source.code.starts_with("PER")),
        "{:?}",
        triples(&ev)
    );

    // A reported attack is the speaker's accusation.
    let ev = code("Egypt said that Libya had attacked Sudan.");
    assert_eq!(triples(&ev), [("EGY".into(), "LBY".into(), "112".into())]);

    // Trailing attribution: the speaker is not a participant.
    let ev =
        code("Israel released 20 Palestinian prisoners on Wednesday, Egyptian officials said.");
    assert!(has(&ev, "ISR", "PSE", "08"), "{:?}", triples(&ev));
    assert!(
        !ev.iter()
            .any(|e| e.source.code.starts_with("EGY") || e.target.code.starts_with("EGY"))
    );
}

#[test]
fn coordinated_actors_each_take_part() {
    let ev = code("Brazil and Argentina signed a trade agreement with Chile.");
    assert!(
        has(&ev, "BRA", "CHL", "05") && has(&ev, "ARG", "CHL", "05"),
        "{:?}",
        triples(&ev)
    );

    // A symmetric action among a list: every ordered pair.
    let ev = code("Japan, South Korea and Australia met in Canberra.");
    assert_eq!(triples(&ev).len(), 6, "{:?}", triples(&ev));
    assert!(has(&ev, "KOR", "AUS", "04"));
}

#[test]
fn passive_voice_swaps_source_and_target() {
    let ev = code("Nigeria was attacked by Chad.");
    assert_eq!(triples(&ev), [("TCD".into(), "NGA".into(), "190".into())]);

    let ev = code("Three Kenyan soldiers were killed by Somali militants.");
    assert!(has(&ev, "SOM", "KENMIL", "19"), "{:?}", triples(&ev));
}

#[test]
fn appeals_and_intents_change_the_code() {
    let ev = code("The United States urged China to support the coalition.");
    assert!(has(&ev, "USA", "CHN", "02"), "{:?}", triples(&ev));

    let ev = code("France offered to provide military aid to Mali.");
    assert!(
        ev.iter()
            .any(|e| e.cameo == "0332" && e.source.code == "FRA" && e.target.code == "MLI")
    );
}

#[test]
fn named_officials_are_recognised_again() {
    let ev = code(
        "Iraqi Foreign Minister Ibrahim Jafari met his Chinese counterpart, Wang Yi, in Beijing on Monday. \
         Later Jafari criticized Wang.",
    );
    let first = ev.iter().find(|e| e.sentence == 0).expect("a meeting");
    assert_eq!(
        (first.source.code.as_str(), first.target.code.as_str()),
        ("IRQGOV", "CHNGOV")
    );
    assert_eq!(first.date.as_deref(), Some("2012-09-24"));
    assert_eq!(first.place.as_deref(), Some("Beijing, China"));
    assert!(has(&ev, "IRQGOV", "CHNGOV", "11"), "{:?}", triples(&ev));
    assert!(ev.iter().all(|e| e.id.starts_with("t:")));
}

#[test]
fn events_carry_plover_quad_and_goldstein() {
    let ev = code("Rebels attacked Malian soldiers in Bamako on Tuesday.");
    let e = ev.first().expect("an attack");
    assert_eq!(
        (e.source.code.as_str(), e.target.code.as_str()),
        ("---REB", "MLIMIL")
    );
    assert_eq!(
        (e.plover.as_str(), e.quad_class, e.goldstein),
        ("ASSAULT", 4, -10.0)
    );
    assert_eq!(e.place.as_deref(), Some("Bamako, Mali"));
    assert_eq!(e.date.as_deref(), Some("2012-09-25"));
    assert_eq!(
        e.span
            .slice("Rebels attacked Malian soldiers in Bamako on Tuesday."),
        "attacked"
    );
}

#[test]
fn never_panics_on_odd_input() {
    for t in [
        "",
        " ",
        "\n\n",
        "’s",
        "US-",
        "- - -",
        "to to to",
        "He said that.",
        "«»“”",
        "Mali,,,and",
    ] {
        let _ = code(t);
    }
}

proptest::proptest! {
    #[test]
    fn any_text_codes_without_panic_and_with_valid_spans(text in "(\\PC|[ .,;’'\"-]){0,300}") {
        let article = Article { id: "p".into(), published: Some("2014-09-10".into()), text: text.clone(), ..Default::default() };
        for e in Coder::new().process(&article) {
            proptest::prop_assert!(e.span.end <= text.len() && e.span.start <= e.span.end);
            proptest::prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
            proptest::prop_assert!(!e.source.code.is_empty() && !e.target.code.is_empty());
        }
    }

    #[test]
    fn word_salad_of_lexicon_words_never_panics(words in proptest::collection::vec(
        proptest::sample::select(vec![
            "China", "Iraq", "the", "US", "said", "that", "not", "will", "to", "help", "attack",
            "was", "by", ",", "and", "offered", "military", "aid", "urged", "refused", "it", "they",
            "President", "Foreign", "Minister", "Wang", "whether", "on", "Tuesday", "in", "Bamako", ".",
        ]), 0..60)) {
        let text = words.join(" ");
        let article = Article { id: "w".into(), text, ..Default::default() };
        let _ = Coder::new().process(&article);
    }
}
