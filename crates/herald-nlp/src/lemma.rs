//! Lemmas: a table learned from treebanks (in the model) backed by rules.

/// Irregular forms every English lemmatiser must know.
const IRREGULAR: &[(&str, &str)] = &[
    ("'m", "be"),
    ("'re", "be"),
    ("'s", "'s"),
    ("'ve", "have"),
    ("'ll", "will"),
    ("'d", "would"),
    ("am", "be"),
    ("are", "be"),
    ("ate", "eat"),
    ("was", "be"),
    ("were", "be"),
    ("is", "be"),
    ("been", "be"),
    ("being", "be"),
    ("began", "begin"),
    ("begun", "begin"),
    ("brought", "bring"),
    ("built", "build"),
    ("bought", "buy"),
    ("came", "come"),
    ("ca", "can"),
    ("caught", "catch"),
    ("children", "child"),
    ("did", "do"),
    ("does", "do"),
    ("done", "do"),
    ("drove", "drive"),
    ("fled", "flee"),
    ("fell", "fall"),
    ("felt", "feel"),
    ("fought", "fight"),
    ("found", "find"),
    ("gave", "give"),
    ("given", "give"),
    ("got", "get"),
    ("gotten", "get"),
    ("had", "have"),
    ("has", "have"),
    ("held", "hold"),
    ("hit", "hit"),
    ("kept", "keep"),
    ("knew", "know"),
    ("known", "know"),
    ("led", "lead"),
    ("left", "leave"),
    ("lost", "lose"),
    ("made", "make"),
    ("meant", "mean"),
    ("men", "man"),
    ("met", "meet"),
    ("n't", "not"),
    ("paid", "pay"),
    ("people", "person"),
    ("ran", "run"),
    ("said", "say"),
    ("sent", "send"),
    ("saw", "see"),
    ("seen", "see"),
    ("shot", "shoot"),
    ("sold", "sell"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("stood", "stand"),
    ("struck", "strike"),
    ("taken", "take"),
    ("took", "take"),
    ("thought", "think"),
    ("told", "tell"),
    ("went", "go"),
    ("gone", "go"),
    ("women", "woman"),
    ("won", "win"),
    ("wo", "will"),
    ("wrote", "write"),
    ("written", "write"),
];

fn irregular(lower: &str) -> Option<&'static str> {
    IRREGULAR.iter().find(|(f, _)| *f == lower).map(|(_, l)| *l)
}

/// Rule lemma for `form` given its UPOS (empty when unknown).
pub fn rule_lemma(form: &str, upos: &str) -> String {
    if upos == "PROPN" {
        return form.to_string();
    }
    let lower = form.to_lowercase();
    let lower = lower.replace('’', "'");
    if matches!(upos, "" | "VERB" | "AUX" | "NOUN" | "PART")
        && let Some(l) = irregular(&lower)
    {
        return l.to_string();
    }
    match upos {
        "NOUN" => noun_lemma(&lower),
        "VERB" | "AUX" => verb_lemma(&lower),
        "ADJ" => adj_lemma(&lower),
        _ => lower,
    }
}

fn noun_lemma(w: &str) -> String {
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    }
    if n > 4 && (w.ends_with("ches") || w.ends_with("shes") || w.ends_with("sses")) {
        return w[..n - 2].to_string();
    }
    if n > 3 && w.ends_with("xes") {
        return w[..n - 2].to_string();
    }
    if n > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
        && !w.ends_with("news")
    {
        return w[..n - 1].to_string();
    }
    w.to_string()
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Undoes a doubled final consonant ("stopped" → "stop") and restores a
/// dropped "e" ("raised" → "raise") with the usual heuristics.
fn restore_stem(stem: &str) -> String {
    let b = stem.as_bytes();
    let n = b.len();
    if n >= 3
        && b[n - 1] == b[n - 2]
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], b'l' | b's' | b'z' | b'f')
    {
        return stem[..n - 1].to_string();
    }
    if n >= 2 {
        let last = b[n - 1];
        let prev = b[n - 2];
        // consonant + v/z/c/g/u endings usually had an "e": "arrived", "seized".
        if matches!(last, b'v' | b'z' | b'c' | b'g' | b'u')
            || (last == b's' && !is_vowel(prev) && prev != b's')
            || (!is_vowel(last)
                && last != b'w'
                && last != b'x'
                && last != b'y'
                && is_vowel(prev)
                && n >= 3
                && !is_vowel(b[n - 3])
                && n <= 4)
        {
            return format!("{stem}e");
        }
    }
    stem.to_string()
}

fn verb_lemma(w: &str) -> String {
    let n = w.len();
    if n > 4 && w.ends_with("ied") {
        return format!("{}y", &w[..n - 3]);
    }
    if n > 4 && w.ends_with("ing") {
        return restore_stem(&w[..n - 3]);
    }
    if n > 3 && w.ends_with("ed") {
        return restore_stem(&w[..n - 2]);
    }
    if n > 3 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    }
    if n > 3
        && (w.ends_with("ches") || w.ends_with("shes") || w.ends_with("sses") || w.ends_with("xes"))
    {
        return w[..n - 2].to_string();
    }
    if n > 2 && w.ends_with('s') && !w.ends_with("ss") {
        return w[..n - 1].to_string();
    }
    w.to_string()
}

fn adj_lemma(w: &str) -> String {
    match w {
        "better" | "best" => return "good".to_string(),
        "worse" | "worst" => return "bad".to_string(),
        _ => {}
    }
    w.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_nouns_and_irregulars() {
        assert_eq!(rule_lemma("killed", "VERB"), "kill");
        assert_eq!(rule_lemma("stopped", "VERB"), "stop");
        assert_eq!(rule_lemma("arrived", "VERB"), "arrive");
        assert_eq!(rule_lemma("carried", "VERB"), "carry");
        assert_eq!(rule_lemma("said", "VERB"), "say");
        assert_eq!(rule_lemma("Was", "AUX"), "be");
        assert_eq!(rule_lemma("attacking", "VERB"), "attack");
        assert_eq!(rule_lemma("countries", "NOUN"), "country");
        assert_eq!(rule_lemma("talks", "NOUN"), "talk");
        assert_eq!(rule_lemma("crisis", "NOUN"), "crisis");
        assert_eq!(rule_lemma("Obama", "PROPN"), "Obama");
        assert_eq!(rule_lemma("n’t", "PART"), "not");
    }
}
