//! Site names: the masthead of a plain-text page ("MERIDIAN NEWS", "The
//! Harbor Post | World"), and one name out of a page's repeated site
//! metadata ("Hevy Coach; Hevy Coach").

use herald_core::RemovedLine;

/// Words that make a first line navigation, not a name.
const NOT_A_NAME: &[&str] = &[
    "sign",
    "subscribe",
    "menu",
    "home",
    "homepage",
    "login",
    "log",
    "search",
    "newsletter",
    "newsletters",
    "skip",
    "share",
    "follow",
    "advertisement",
    "updated",
    "breaking",
];

/// Small words that stay lower case inside a name (and capitalised first).
const SMALL: &[&str] = &["the", "of", "and", "a", "an", "for", "in", "on", "at"];

/// The site a plain-text page names in its masthead: the first line of the
/// input, removed as chrome, that reads as a short name — its part before
/// a ` | ` section label, in title case when it was set in capitals.
pub(crate) fn site_from_masthead(removed: &[RemovedLine]) -> Option<String> {
    let first = removed
        .iter()
        .filter(|r| r.line.is_some())
        .min_by_key(|r| r.line)?;
    if first.line? > 2
        || !matches!(
            first.reason.as_str(),
            "chrome" | "repeated" | "navigation" | "masthead"
        )
    {
        return None;
    }
    let name = first.text.split(" | ").next()?.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let ok_chars = name
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '&' | '.' | '\'' | '’' | '-'));
    if words.is_empty()
        || words.len() > 5
        || !ok_chars
        || words
            .iter()
            .any(|w| NOT_A_NAME.contains(&w.to_lowercase().as_str()))
    {
        return None;
    }
    let shouting = name.chars().any(char::is_alphabetic) && !name.chars().any(char::is_lowercase);
    if !shouting {
        return Some(words.join(" "));
    }
    let cased: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if SMALL.contains(&lower.as_str()) {
                if i == 0 { capitalise(&lower) } else { lower }
            } else if w.chars().count() <= 3 {
                w.to_string() // BBC, AP, CNN
            } else {
                capitalise(&lower)
            }
        })
        .collect();
    Some(cased.join(" "))
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// One site name out of a metadata value that repeats it ("Hevy Coach;
/// Hevy Coach", "It's All Trip To Me; It’s All Trip To Me"): the first.
pub(crate) fn one_site(raw: &str) -> Option<String> {
    raw.split(';')
        .map(str::trim)
        .find(|s| !s.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, reason: &str, n: usize) -> RemovedLine {
        RemovedLine {
            text: text.into(),
            reason: reason.into(),
            line: Some(n),
        }
    }

    #[test]
    fn mastheads_name_the_site() {
        let m = |t: &str, r: &str| {
            site_from_masthead(&[line(t, r, 1), line("01/22/2028", "timestamp", 3)])
        };
        assert_eq!(
            m("MERIDIAN NEWS", "chrome").as_deref(),
            Some("Meridian News")
        );
        assert_eq!(
            m("GLOBAL LEDGER", "repeated").as_deref(),
            Some("Global Ledger")
        );
        assert_eq!(
            m("THE BBC OF LAGOS", "repeated").as_deref(),
            Some("The BBC of Lagos")
        );
        assert_eq!(
            m("The Harbor Post | World", "navigation").as_deref(),
            Some("The Harbor Post")
        );
        assert_eq!(m("Sign In | Subscribe", "navigation"), None);
        assert_eq!(m("Updated 2027-10-14 16:20 UTC", "timestamp"), None);
        assert_eq!(m("Chinese Offer To Mali", "title"), None);
        assert_eq!(
            site_from_masthead(&[line("MERIDIAN NEWS", "chrome", 7)]),
            None,
            "not the first line"
        );
    }

    #[test]
    fn repeated_site_metadata_is_one_name() {
        assert_eq!(
            one_site("Hevy Coach; Hevy Coach").as_deref(),
            Some("Hevy Coach")
        );
        assert_eq!(
            one_site(
                "Education Data Initiative; Education Data Initiative - U.S. Education Research"
            )
            .as_deref(),
            Some("Education Data Initiative")
        );
        assert_eq!(one_site(" ; "), None);
    }
}
