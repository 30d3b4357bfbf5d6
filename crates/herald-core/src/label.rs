//! What to call an article in lists and headers.

/// What to call an article: its title, or — when it has none — `(untitled)`
/// and the start of its first sentence, so an untitled article reads the
/// same as a story named after its lead.
pub fn article_label(title: Option<&str>, text: &str) -> String {
    if let Some(t) = title.map(str::trim).filter(|t| !t.is_empty()) {
        return t.to_string();
    }
    let first = text.trim_start().lines().next().unwrap_or("").trim();
    let first = first
        .char_indices()
        .find(|&(i, c)| c == '.' && first[i + 1..].starts_with(' ') && i > 20)
        .map_or(first, |(i, _)| &first[..=i]);
    if first.is_empty() {
        return "(untitled)".to_string();
    }
    let mut words = String::new();
    for w in first.split_whitespace() {
        if words.chars().count() + w.chars().count() > 80 {
            words.push('…');
            break;
        }
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(w);
    }
    format!("(untitled) {words}")
}

#[cfg(test)]
mod tests {
    use super::article_label;

    #[test]
    fn untitled_articles_are_called_by_their_first_words() {
        assert_eq!(
            article_label(Some(" Floods in Kenya "), "x"),
            "Floods in Kenya"
        );
        assert_eq!(
            article_label(
                None,
                "Iraqi Foreign Minister Ibrahim Jafari says that his Chinese counterpart, Wang Yi, has made an offer. Beijing has volunteered."
            ),
            "(untitled) Iraqi Foreign Minister Ibrahim Jafari says that his Chinese counterpart, Wang Yi,…"
        );
        assert_eq!(
            article_label(Some(""), "China offered aid to Iraq. More later."),
            "(untitled) China offered aid to Iraq."
        );
        assert_eq!(article_label(None, "  "), "(untitled)");
    }
}
