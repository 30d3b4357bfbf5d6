//! Outlets an article cites: "the Financial Times reports", "told CNN",
//! "according to RT News", "Al Arabiya reported".

use std::sync::LazyLock;

use regex::Regex;

/// A capitalised name of up to six words, optionally after "the".
const NAME: &str = r"(?P<name>(?:[Tt]he\s+)?(?:[A-Z][\p{L}&'’\-]*|al-[A-Z][\p{L}]*)(?:\s+(?:of\s+|al-)?[A-Z][\p{L}&'’\-]*){0,5})";

static BEFORE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{NAME}\s+(?:has\s+|had\s+)?(?:reports|reported|reporting|quoted|cited|said in a report|wrote|writes|revealed|first reported)(?-u:\b)"
    ))
    .unwrap_or_else(|_| unreachable!())
});

/// The verbs of [`BEFORE_VERB`], as a cheap line filter.
static BEFORE_VERB_VERBS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"reports|reported|reporting|quoted|cited|said in a report|wrote|writes|revealed")
        .unwrap_or_else(|_| unreachable!())
});

/// The verbs that precede a cited name, with the space after them. The
/// name is matched separately ([`NAME_AT`]) at the end of each verb: one
/// regex over a whole article with the Unicode name classes in it is slow.
static AFTER_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?i:told|according to|reported by|cited by|quoted by|in an interview with|speaking to|(?:,|;)\s*reports?|(?:,|;)\s*reported|(?:,|;)\s*said)\s+",
    )
    .unwrap_or_else(|_| unreachable!())
});

/// [`NAME`] at the start of the haystack.
static NAME_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{NAME}")).unwrap_or_else(|_| unreachable!()));

/// Known outlets: lower-case spelling → canonical name.
const KNOWN: &[(&str, &str)] = &[
    ("cnn", "CNN"),
    ("bbc", "BBC"),
    ("bbc news", "BBC"),
    ("rt", "RT"),
    ("rt news", "RT"),
    ("russia today", "RT"),
    ("afp", "AFP"),
    ("agence france-presse", "AFP"),
    ("agence france presse", "AFP"),
    ("ap", "Associated Press"),
    ("associated press", "Associated Press"),
    ("the associated press", "Associated Press"),
    ("reuters", "Reuters"),
    ("bloomberg", "Bloomberg"),
    ("bloomberg news", "Bloomberg"),
    ("al arabiya", "Al Arabiya"),
    ("al jazeera", "Al Jazeera"),
    ("xinhua", "Xinhua"),
    ("xinhua news agency", "Xinhua"),
    ("tass", "TASS"),
    ("itar-tass", "TASS"),
    ("interfax", "Interfax"),
    ("ria novosti", "RIA Novosti"),
    ("sputnik", "Sputnik"),
    ("npr", "NPR"),
    ("cbs", "CBS"),
    ("cbs news", "CBS News"),
    ("nbc", "NBC"),
    ("nbc news", "NBC News"),
    ("abc", "ABC"),
    ("abc news", "ABC News"),
    ("fox news", "Fox News"),
    ("msnbc", "MSNBC"),
    ("cnbc", "CNBC"),
    ("pbs", "PBS"),
    ("politico", "Politico"),
    ("axios", "Axios"),
    ("the hill", "The Hill"),
    ("financial times", "Financial Times"),
    ("the financial times", "Financial Times"),
    ("ft", "Financial Times"),
    ("washington post", "The Washington Post"),
    ("the washington post", "The Washington Post"),
    ("new york times", "The New York Times"),
    ("the new york times", "The New York Times"),
    ("wall street journal", "The Wall Street Journal"),
    ("the wall street journal", "The Wall Street Journal"),
    ("wsj", "The Wall Street Journal"),
    ("the guardian", "The Guardian"),
    ("guardian", "The Guardian"),
    ("the times", "The Times"),
    ("the economist", "The Economist"),
    ("the independent", "The Independent"),
    ("the telegraph", "The Telegraph"),
    ("the atlantic", "The Atlantic"),
    (
        "international business times",
        "International Business Times",
    ),
    (
        "the international business times",
        "International Business Times",
    ),
    ("ibtimes", "International Business Times"),
    ("ibt", "International Business Times"),
    ("kcna", "KCNA"),
    ("irna", "IRNA"),
    ("yonhap", "Yonhap"),
    ("kyodo", "Kyodo"),
    ("dpa", "dpa"),
    ("efe", "EFE"),
    ("ansa", "ANSA"),
    ("upi", "UPI"),
    ("pti", "PTI"),
    ("ani", "ANI"),
    ("global times", "Global Times"),
    ("the global times", "Global Times"),
    ("china daily", "China Daily"),
    ("people's daily", "People's Daily"),
    ("haaretz", "Haaretz"),
    ("der spiegel", "Der Spiegel"),
    ("spiegel", "Der Spiegel"),
    ("le monde", "Le Monde"),
    ("usa today", "USA Today"),
    ("time", "Time"),
    ("newsweek", "Newsweek"),
    ("vice news", "Vice News"),
    ("buzzfeed news", "BuzzFeed News"),
    ("the daily beast", "The Daily Beast"),
];

/// Last words that mark a name as an outlet when it is not in [`KNOWN`].
const OUTLET_WORDS: &[&str] = &[
    "Times",
    "Post",
    "News",
    "Journal",
    "Herald",
    "Tribune",
    "Telegraph",
    "Guardian",
    "Gazette",
    "Chronicle",
    "Daily",
    "Mail",
    "Express",
    "Mirror",
    "Observer",
    "Standard",
    "Independent",
    "Sun",
    "Inquirer",
    "Review",
    "Magazine",
    "Radio",
    "Television",
    "TV",
    "Broadcasting",
    "Agency",
    "Press",
    "Wire",
    "Today",
    "Monitor",
    "Dispatch",
    "Courier",
    "Examiner",
    "Bulletin",
    "Reporter",
    "Weekly",
    "Insider",
];

fn canonical(name: &str) -> Option<String> {
    let name = name.trim().trim_end_matches(['.', ',', '\'', '’']);
    let name = name.strip_suffix("'s").unwrap_or(name);
    let lower = name.to_lowercase();
    if let Some((_, c)) = KNOWN.iter().find(|(k, _)| *k == lower) {
        return Some((*c).to_string());
    }
    let bare = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    let bare_lower = bare.to_lowercase();
    if let Some((_, c)) = KNOWN.iter().find(|(k, _)| *k == bare_lower) {
        return Some((*c).to_string());
    }
    // "RT News" style: a known outlet followed by "News".
    if let Some(stem) = bare_lower.strip_suffix(" news")
        && let Some((_, c)) = KNOWN.iter().find(|(k, _)| *k == stem)
    {
        return Some((*c).to_string());
    }
    let last = bare.split_whitespace().last()?;
    let words = bare.split_whitespace().count();
    (words >= 2 && OUTLET_WORDS.contains(&last)).then(|| bare.to_string())
}

/// Outlets cited in the text, canonical names, deduplicated in order of
/// first mention.
pub(crate) fn cited_outlets(text: &str) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    // BEFORE_VERB has no literal prefix, so scanning a whole article with it
    // is slow: only lines holding one of its verbs are searched (a citation
    // never spans paragraphs).
    let mut line_start = 0;
    for line in text.split('\n') {
        if BEFORE_VERB_VERBS.is_match(line) {
            for c in BEFORE_VERB.captures_iter(line) {
                let Some(m) = c.name("name") else { continue };
                if let Some(name) = longest_outlet(m.as_str()) {
                    found.push((line_start + m.start(), name));
                }
            }
        }
        line_start += line.len() + 1;
    }
    for (pos, name) in after_verb_names(text) {
        if let Some(name) = longest_outlet(name) {
            found.push((pos, name));
        }
    }
    found.sort_by_key(|(pos, _)| *pos);
    let mut out: Vec<String> = Vec::new();
    for (_, name) in found {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Outlets credited in removed caption and credit lines ("(Photo :
/// Continental Wire/Tesfaye Alemu)", "Reuters/Jane Roe"): a page that runs a
/// wire's story usually credits the wire. Each short piece of such a line
/// between brackets, slashes and colons is tried as an outlet name.
pub(crate) fn credited_outlets(removed: &[herald_core::RemovedLine]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in removed
        .iter()
        .filter(|r| matches!(r.reason.as_str(), "credit" | "caption"))
    {
        for piece in r.text.split(['(', ')', '[', ']', '/', ':', ';', '|']) {
            let piece = piece.trim().trim_end_matches(['.', ',']);
            if piece.is_empty() || piece.split_whitespace().count() > 5 {
                continue;
            }
            if let Some(name) = canonical(piece)
                && !out.contains(&name)
            {
                out.push(name);
            }
        }
    }
    out
}

/// Names after a citing verb ("told CNN"), with their byte offsets. Same
/// matches as one `verb\s+NAME` regex scanned leftmost-first: after a verb
/// without a name the search resumes one character later (", reported by
/// Reuters"), after a name at its end.
fn after_verb_names(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(v) = AFTER_VERB.find_at(text, pos) {
        match NAME_AT
            .captures(&text[v.end()..])
            .and_then(|c| c.name("name"))
        {
            Some(m) => {
                out.push((v.end() + m.start(), m.as_str()));
                pos = v.end() + m.end();
            }
            None => {
                pos = v.start() + text[v.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        if pos >= text.len() {
            break;
        }
    }
    out
}

/// The outlet inside a captured name: the whole name, else its longest
/// sub-span that is an outlet ("Meanwhile CNN" → "CNN"). A name never runs
/// past a full stop ("… Business Times. A senior …").
fn longest_outlet(name: &str) -> Option<String> {
    let name = match name.find(". ") {
        Some(i) => &name[..=i],
        None => name,
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    let n = words.len();
    (1..=n)
        .rev()
        .find_map(|len| (0..=n - len).find_map(|i| canonical(&words[i..i + len].join(" "))))
}

/// Builds every pattern now (benchmarks time extraction, not compilation).
pub(crate) fn warm_up() {
    for r in [&BEFORE_VERB, &BEFORE_VERB_VERBS, &AFTER_VERB, &NAME_AT] {
        LazyLock::force(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_outlets_in_order() {
        let t = "The talks took place in May, the Financial Times reports. \
                 \"We agree,\" the minister told the Financial Times. According to RT News, \
                 oil is at stake. Al Arabiya reported that funds will flow. Officials told \
                 CNN the plan is firm, reported The International Business Times. A senior \
                 official told The Washington Post that talks continue.";
        assert_eq!(
            cited_outlets(t),
            vec![
                "Financial Times",
                "RT",
                "Al Arabiya",
                "CNN",
                "International Business Times",
                "The Washington Post"
            ]
        );
    }

    #[test]
    fn ignores_people_agencies_and_credits() {
        let t = "Jafari told the minister. Hong told the newspaper. State media reported \
                 arrests. According to the Brussels-based International Crisis Group, talks \
                 stalled. Smith said he told Jones. A photo by REUTERS/Stringer. \
                 According to a senior official, nothing changed.";
        assert!(cited_outlets(t).is_empty(), "{:?}", cited_outlets(t));
    }

    /// The single regex the split scan replaced, for comparison.
    fn one_regex(text: &str) -> Vec<(usize, String)> {
        let re = Regex::new(&format!(
            r"(?:(?-u:\b)(?i:told|according to|reported by|cited by|quoted by|in an interview with|speaking to|(?:,|;)\s*reports?|(?:,|;)\s*reported|(?:,|;)\s*said)\s+){NAME}"
        ))
        .unwrap_or_else(|_| unreachable!());
        re.captures_iter(text)
            .filter_map(|c| c.name("name"))
            .map(|m| (m.start(), m.as_str().to_string()))
            .collect()
    }

    fn split_scan(text: &str) -> Vec<(usize, String)> {
        after_verb_names(text)
            .into_iter()
            .map(|(p, n)| (p, n.to_string()))
            .collect()
    }

    #[test]
    fn split_scan_matches_the_single_regex() {
        for t in [
            "Oil rose, reported by Reuters Told Bloomberg. He told CNN, said The Times.",
            "x, reported by the Associated Press; reports AFP according to  Al Jazeera",
            "She said, ſaid The Guardian; told  told told The Hill speaking to al-Arabiya",
            "According to RT News, told the Financial Times, in an interview with Der Spiegel",
            ",said X,reports Y;reported Z told",
        ] {
            assert_eq!(split_scan(t), one_regex(t), "{t}");
        }
    }

    proptest::proptest! {
        #[test]
        fn split_scan_matches_on_random_text(
            t in "(told|according to|reported|, said|; reports|by|The|the|CNN|Al|al-Jazeera|Times|News|ſ| |  |\\.|,|é){0,24}"
        ) {
            proptest::prop_assert_eq!(split_scan(&t), one_regex(&t));
        }
    }

    #[test]
    fn unknown_outlet_by_shape() {
        assert_eq!(
            cited_outlets("The mayor told the Springfield Gazette he would resign."),
            vec!["Springfield Gazette"]
        );
    }
}
