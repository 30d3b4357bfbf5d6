//! Rules that recognise one line of site chrome on its own (without corpus
//! statistics): navigation, social prompts, teasers, captions, credits.

use std::sync::LazyLock;

use regex::Regex;

fn re(pattern: &str) -> Regex {
    // The patterns are constants checked by the tests below.
    Regex::new(pattern).unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
}

/// Social prompts ("Like Us on Facebook", "Follow us", "Share this").
static SOCIAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:like us on|follow us|follow @|find us on|join us on|connect with us|share (?:this|on|via|the article|article|story)|share$|tweet(?: this)?$|pin it$|email (?:this|to a friend)|whatsapp$|facebook$|twitter$|linkedin$|(?:click|tap) to share|subscribe(?-u:\b)|sign up(?-u:\b)|get our .*newsletter|newsletter$|download (?:our|the) app)",
    )
});

/// Navigation and page furniture.
static NAVIGATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:make .{1,40} your homepage|back to top|trending(?: topics| now| stories)?|real time analytics|skip to (?:main )?content|home ?(?:page)?$|menu$|search$|sign in$|log ?in$|log ?out$|register$|next (?:article|story|page|post)(?-u:\b)|previous (?:article|story|page|post)(?-u:\b)|prev$|next$|(?:more|top|latest|popular|most read|most popular|recommended) (?:stories|news|articles|videos|posts)$|most (?:read|popular|viewed|shared)$|print(?: this)?(?: article| page| story)?$|comments?$|(?:leave|post|add) a comment|\d+ comments?$|view comments|show comments|advertisement$|advertising$|sponsored(?: content)?$|story continues below|continue reading|click here|all rights reserved|copyright(?-u:\b)|©|terms of (?:use|service)|privacy policy|cookie (?:policy|settings)|accept cookies|we use cookies|loading\.*$|tags?:|filed under|categor(?:y|ies):|topics?:)",
    )
});

/// Teasers for other articles.
static TEASER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:read more|read also|also read|read next|see also|related(?: stories| articles| news| coverage| content)?|more on this|more from|recommended|watch|video|listen|you may also like|you might also like|don't miss|must read|editor'?s picks?)\s*(?::|-|–|—|»|>|\|)|^(?:also read|read more|related stories|related articles|you may also like|you might also like)$",
    )
});

/// Photo captions: explicit prefixes.
static CAPTION_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:\(\s*photo\s*:[^)]*\)|\[\s*photo[^\]]*\]|in photos?\s*:|photo\s*(?:caption)?\s*:|image\s*:|file photo\s*:|pictured\s*:|caption\s*:|photograph\s*:|(?:main|top|lead|feature[d]?) (?:image|photo|picture)\s*:)",
    )
});

/// Agency photo credit at the end of a line ("REUTERS/Stringer",
/// "AFP/Getty Images", "AP Photo/Jane Doe", "(Xinhua/Li Ming)").
static CREDIT_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:(?-u:\b)(?:REUTERS|Reuters|AFP|AP|AP Photo|EPA|EPA-EFE|XINHUA|Xinhua|Getty Images|ANADOLU|Anadolu|SPUTNIK|Sputnik|Bloomberg|NurPhoto|SIPA|Sipa|UPI|IANS|PTI|ANI)(?:\s+Photo)?\s*/\s*[\p{L}][\p{L}.'’\- ]{0,40}[)\]]?\s*(?:(?-u:\b)(?:REUTERS|AFP|AP)\s*/\s*\p{L}[\p{L}.'’\- ]{0,40})*|\(\s*(?:Photo|Image|Picture)\s*:\s*[^)]{1,60}\)|(?:Photo|Image|Picture)s?\s*(?:credit)?\s*:\s*[\p{L}][\p{L}./'’&\- ]{0,40}|(?-u:\b)Getty Images|(?-u:\b)Shutterstock)\s*$",
    )
});

/// "Picture taken October 26, 2014." — a wire caption sentence.
static PICTURE_TAKEN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)picture taken (?:on )?\w+ \d{1,2},? \d{4}"));

/// A line that is only a credit ("Photo: AP", "Getty Images", "REUTERS/Stringer").
static CREDIT_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:photo|image|picture|video)s?\s*(?:credit|courtesy)?\s*(?::|by)\s*.{1,60}|(?:credit|source)\s*:\s*.{1,60}|getty images|shutterstock|(?:reuters|afp|ap|epa|xinhua)(?:\s*/\s*[\p{L}.'’\- ]{1,40})+|courtesy(?: of)? .{1,50})$",
    )
});

/// Classifies one trimmed line as chrome by rule; `None` keeps it.
pub(crate) fn classify(line: &str) -> Option<&'static str> {
    let words = line.split_whitespace().count();
    if words == 0 {
        return None;
    }
    if words <= 12 && CREDIT_ONLY.is_match(line) {
        return Some("credit");
    }
    // Cheap necessary conditions first: most body lines match no pattern,
    // and the Unicode-aware patterns are slow to reject a long paragraph.
    let colon = line.contains(':');
    if ((colon || line.contains('[')) && CAPTION_PREFIX.is_match(line))
        || (contains_ascii_ci(line, "picture") && PICTURE_TAKEN.is_match(line))
    {
        return Some("caption");
    }
    if (colon
        || line.contains('/')
        || line.contains("Getty Images")
        || line.contains("Shutterstock"))
        && CREDIT_TAIL.is_match(line)
    {
        return Some("caption");
    }
    if words <= 16 && TEASER.is_match(line) {
        return Some("teaser");
    }
    if words <= 12 && SOCIAL.is_match(line) {
        return Some("social");
    }
    if words <= 12 && NAVIGATION.is_match(line) {
        return Some("navigation");
    }
    None
}

/// Whether `hay` contains the ASCII `needle`, ignoring ASCII case.
fn contains_ascii_ci(hay: &str, needle: &str) -> bool {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .any(|w| w.eq_ignore_ascii_case(n))
}

/// Builds every pattern now (benchmarks time extraction, not compilation).
pub(crate) fn warm_up() {
    for r in [
        &SOCIAL,
        &NAVIGATION,
        &TEASER,
        &CAPTION_PREFIX,
        &CREDIT_TAIL,
        &PICTURE_TAKEN,
        &CREDIT_ONLY,
    ] {
        LazyLock::force(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compile() {
        for r in [
            &SOCIAL,
            &NAVIGATION,
            &TEASER,
            &CAPTION_PREFIX,
            &CREDIT_TAIL,
            &PICTURE_TAKEN,
            &CREDIT_ONLY,
        ] {
            assert!(!r.is_match(""), "{}", r.as_str());
        }
    }

    #[test]
    fn social_and_navigation() {
        assert_eq!(classify("Like Us on Facebook"), Some("social"));
        assert_eq!(classify("Follow us on Twitter"), Some("social"));
        assert_eq!(classify("Share this article"), Some("social"));
        assert_eq!(classify("Subscribe to our newsletter"), Some("social"));
        assert_eq!(classify("Make Gazette Your Homepage"), Some("navigation"));
        assert_eq!(classify("Back to top"), Some("navigation"));
        assert_eq!(classify("Trending Topics"), Some("navigation"));
        assert_eq!(classify("Real Time Analytics"), Some("navigation"));
        assert_eq!(classify("Advertisement"), Some("navigation"));
    }

    #[test]
    fn teasers() {
        assert_eq!(
            classify("READ MORE: Floods close the river road"),
            Some("teaser")
        );
        assert_eq!(classify("Related: Ten facts about tides"), Some("teaser"));
        assert_eq!(classify("ALSO READ"), Some("teaser"));
    }

    #[test]
    fn captions_and_credits() {
        assert_eq!(
            classify("(Photo : City Archive) The old bridge before the repairs"),
            Some("caption")
        );
        assert_eq!(
            classify("IN PHOTO: Volunteers stack sandbags."),
            Some("caption")
        );
        assert_eq!(
            classify("Firefighters work near the port on May 2, 2019. REUTERS/Jane Roe"),
            Some("caption")
        );
        assert_eq!(
            classify("Crowds gather outside. Picture taken March 3, 2018."),
            Some("caption")
        );
        assert_eq!(classify("Photo: AP"), Some("credit"));
        assert_eq!(classify("REUTERS/Stringer"), Some("credit"));
    }

    #[test]
    fn body_sentences_are_kept() {
        for s in [
            "“We will help,” he said.",
            "The offer follows months of talks between the two governments.",
            "Share prices fell by a third.",
            "Related talks are expected next week in Geneva, officials said.",
            "Watch this space, the minister told reporters.",
            "Reuters could not verify the report.",
            "Follow-up visits are planned.",
        ] {
            assert_eq!(classify(s), None, "{s}");
        }
    }
}
