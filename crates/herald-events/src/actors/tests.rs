use super::*;
use crate::text::sentences;
use crate::words::words;

fn codes(text: &str, aliases: &mut Aliases) -> Vec<String> {
    dated(text, aliases, None)
        .into_iter()
        .map(|m| m.code)
        .collect()
}

fn dated(text: &str, aliases: &mut Aliases, date: Option<&str>) -> Vec<Mention> {
    let s = sentences(text);
    let ws = words(&s[0]);
    let date = date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    find(&ws, aliases, date)
        .into_iter()
        .filter(|m| !m.pronoun)
        .collect()
}

fn at(text: &str, date: &str) -> Vec<String> {
    dated(text, &mut Aliases::new(), Some(date))
        .into_iter()
        .map(|m| m.code)
        .collect()
}

#[test]
fn dictionary_people_by_date() {
    // Phoenix: [USAELI 19780101-20000101] [USAGOV >20090120].
    assert_eq!(
        at("Barack Obama visited Kenya.", "2012-06-01"),
        ["USAGOV", "KEN"]
    );
    assert_eq!(
        at("Barack Obama visited Kenya.", "1995-06-01"),
        ["USAELI", "KEN"]
    );
    // The dictionary's last role is open-ended (it dates from 2014).
    assert_eq!(
        at("Barack Obama visited Kenya.", "2019-06-01"),
        ["USAGOV", "KEN"]
    );
    // Between his roles Herald's own (undated) entry stands.
    assert_eq!(at("Barack Obama spoke.", "2008-06-01"), ["USAGOV"]);
    // Out of every dated role, no undated code: the nearest, marked.
    let m = dated(
        "Kofi Apraku spoke.",
        &mut Aliases::new(),
        Some("2012-06-01"),
    );
    assert_eq!((m[0].code.as_str(), m[0].nearest_role), ("GHAGOV", true));
    let m = dated(
        "Kofi Apraku spoke.",
        &mut Aliases::new(),
        Some("2003-02-01"),
    );
    assert_eq!(
        (m[0].code.as_str(), m[0].nearest_role),
        ("GHAGOVBUS", false)
    );
    // No date: the most recent role.
    assert_eq!(
        codes("Hamid Karzai spoke.", &mut Aliases::new()),
        ["AFGGOV"]
    );
    assert_eq!(at("Hamid Karzai spoke.", "1990-01-01"), ["AFGELI"]);
}

#[test]
fn dictionary_people_teach_their_surname() {
    // "Sarkozy" alone is in the dictionary; "Apraku" alone is not.
    assert!(crate::dict::lookup("Apraku", None).is_none());
    let mut al = Aliases::new();
    let first = dated(
        "Ghana's minister Kofi Apraku met traders.",
        &mut al,
        Some("2004-01-01"),
    );
    assert_eq!(first[0].code, "GHAGOV");
    assert_eq!(al.get("apraku").map(String::as_str), Some("GHAGOV"));
    let later = dated(
        "Apraku said prices would fall.",
        &mut al,
        Some("2004-01-01"),
    );
    assert_eq!(later[0].code, "GHAGOV");
    // A title is not a surname.
    let mut al = Aliases::new();
    dated("President Barack Obama spoke.", &mut al, Some("2012-01-01"));
    assert_eq!(al.get("obama").map(String::as_str), Some("USAGOV"));
    assert!(!al.contains_key("president"));
}

#[test]
fn dictionaries_add_bodies_groups_and_foreign_names() {
    let mut al = Aliases::new();
    assert_eq!(
        codes(
            "Allemagne and Deutschland signed with the Kyrgyz side.",
            &mut al
        ),
        ["DEU", "DEU", "KGZ"]
    );
    // A word written in lower case is not a name ("turkey", "organization").
    assert!(codes("They ate turkey at the organization.", &mut al).is_empty());
    // Part of a longer unknown name: not the Malaysian state of Sabah.
    assert_eq!(
        codes("Sheikh Nawaf Al-Sabah met them.", &mut al)
            .iter()
            .filter(|c| c.starts_with("MYS"))
            .count(),
        0
    );
    // A dictionary body named with another country is that country's.
    assert_eq!(
        codes("Chile's Defense Department said.", &mut al),
        ["CHLMIL"]
    );
    // Herald's own tables win where both list a name.
    assert_eq!(codes("The White House said.", &mut al), ["USAGOV"]);
}

#[test]
fn unknown_officials_get_country_and_role_from_their_title() {
    // Nobody in office after the dictionaries (2014) is listed.
    assert!(crate::dict::lookup("Nikol Pashinyan", None).is_none());
    let mut al = Aliases::new();
    assert_eq!(
        codes(
            "Armenian Prime Minister Nikol Pashinyan met Kenyan farmers.",
            &mut al
        ),
        ["ARMGOV", "KENAGR"]
    );
    assert_eq!(codes("Pashinyan thanked them.", &mut al), ["ARMGOV"]);
    assert_eq!(
        codes("Colombian Defense Minister Diego Molano spoke.", &mut al)[0].get(..3),
        Some("COL")
    );
    assert_eq!(al.get("molano").map(|c| &c[..3]), Some("COL"));
}

#[test]
fn countries_roles_and_names() {
    let mut al = Aliases::new();
    assert_eq!(
        codes(
            "Iraqi Foreign Minister Ibrahim Jafari met his Chinese counterpart, Wang Yi, in Beijing.",
            &mut al
        ),
        ["IRQGOV", "CHNGOV", "CHN"]
    );
    assert_eq!(al.get("jafari").map(String::as_str), Some("IRQGOV"));
    assert_eq!(al.get("wang").map(String::as_str), Some("CHNGOV"));
    assert_eq!(
        codes("Later Jafari thanked Wang.", &mut al),
        ["IRQGOV", "CHNGOV"]
    );
}

#[test]
fn organisations_groups_and_role_of() {
    let mut al = Aliases::new();
    assert_eq!(
        codes(
            "A court in Guyana jailed ISIS fighters and the UN Security Council met.",
            &mut al
        ),
        ["GUYJUD", "IMGMUSISI", "IGOUNOSEC"]
    );
    assert_eq!(
        codes(
            "Hong Lei – a spokesman for the Chinese Foreign Ministry – spoke.",
            &mut al
        ),
        ["CHNGOV"]
    );
    assert_eq!(al.get("hong lei").map(String::as_str), Some("CHNGOV"));
    assert_eq!(codes("us and them, the US-led coalition", &mut al), ["USA"]);
}

/// Codes of the mentions of one sentence with a hand-built parse: `rows`
/// gives `UPOS head deprel` per token (0-based heads), separated by `;`.
fn parsed_codes(text: &str, rows: &str) -> Vec<String> {
    let mut s = sentences(text).remove(0);
    let rows: Vec<Vec<&str>> = rows
        .split(';')
        .map(|r| r.split_whitespace().collect())
        .collect();
    assert_eq!(s.tokens.len(), rows.len());
    for (t, r) in s.tokens.iter_mut().zip(&rows) {
        t.upos = r[0].into();
        t.head = r[1].parse().ok();
        t.deprel = r[2].into();
    }
    let ws = words(&s);
    find(&ws, &mut Aliases::new(), None)
        .into_iter()
        .map(|m| m.code)
        .collect()
}

#[test]
fn a_role_word_that_the_parse_makes_a_subject_is_an_actor() {
    // Raw text: "government" before a plain lower-case word reads as an
    // adjective ("government spending").
    let text = "The government distributed masks.";
    assert!(codes(text, &mut Aliases::new()).is_empty());
    // The parse says it is the subject of a verb: an actor.
    let rows = "DET 1 det; NOUN 2 nsubj; VERB 2 root; NOUN 2 obj; PUNCT 2 punct";
    assert_eq!(parsed_codes(text, rows), ["---GOV"]);
    // A compound stays a modifier: "government spending rose".
    let rows = "DET 2 det; NOUN 2 compound; NOUN 3 nsubj; VERB 3 root; PUNCT 3 punct";
    assert!(parsed_codes("The government spending rose.", rows).is_empty());
}
