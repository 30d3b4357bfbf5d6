//! A small lexicon-driven lemmatiser: used when the language layer gave no
//! lemma. It only needs to find the lemmas Herald's tables mention, so it
//! tries the usual English suffix rules and keeps the first known candidate.

use std::collections::HashSet;

const IRREGULAR: &[(&str, &str)] = &[
    ("said", "say"),
    ("says", "say"),
    ("told", "tell"),
    ("made", "make"),
    ("met", "meet"),
    ("took", "take"),
    ("taken", "take"),
    ("gave", "give"),
    ("given", "give"),
    ("held", "hold"),
    ("fought", "fight"),
    ("sold", "sell"),
    ("sought", "seek"),
    ("brought", "bring"),
    ("struck", "strike"),
    ("shot", "shoot"),
    ("went", "go"),
    ("gone", "go"),
    ("came", "come"),
    ("began", "begin"),
    ("begun", "begin"),
    ("withdrew", "withdraw"),
    ("withdrawn", "withdraw"),
    ("led", "lead"),
    ("sent", "send"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("broke", "break"),
    ("broken", "break"),
    ("blew", "blow"),
    ("blown", "blow"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("kept", "keep"),
    ("left", "leave"),
    ("paid", "pay"),
    ("fled", "flee"),
    ("flew", "fly"),
    ("flown", "fly"),
    ("rose", "rise"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("forgave", "forgive"),
    ("forgiven", "forgive"),
    ("ran", "run"),
    ("bought", "buy"),
    ("caught", "catch"),
    ("thought", "think"),
    ("saw", "see"),
    ("seen", "see"),
    ("was", "be"),
    ("were", "be"),
    ("been", "be"),
    ("is", "be"),
    ("are", "be"),
    ("am", "be"),
    ("being", "be"),
    ("has", "have"),
    ("had", "have"),
    ("did", "do"),
    ("does", "do"),
    ("done", "do"),
    ("children", "child"),
    ("men", "man"),
    ("women", "woman"),
    ("gunmen", "gunmen"),
    ("won", "win"),
    ("lost", "lose"),
    ("hit", "hit"),
    ("cut", "cut"),
    ("put", "put"),
    ("set", "set"),
    ("beat", "beat"),
    ("beaten", "beat"),
    ("stood", "stand"),
    ("wrote", "write"),
    ("written", "write"),
    ("drove", "drive"),
    ("driven", "drive"),
    ("underwent", "undergo"),
    ("undertook", "undertake"),
    ("overtook", "overtake"),
    ("arose", "arise"),
    ("bore", "bear"),
    ("borne", "bear"),
    ("slew", "slay"),
    ("slain", "slay"),
    ("ca", "can"),
    ("wo", "will"),
    ("'d", "would"),
];

/// Lemma of a lower-case word form, preferring candidates in `known`.
pub(crate) fn lemma(form: &str, known: &HashSet<String>) -> String {
    if let Some((_, l)) = IRREGULAR.iter().find(|(f, _)| *f == form) {
        return (*l).to_string();
    }
    if known.contains(form) {
        return form.to_string();
    }
    let mut cands: Vec<String> = Vec::with_capacity(6);
    let push_undouble = |stem: &str, cands: &mut Vec<String>| {
        cands.push(stem.to_string());
        cands.push(format!("{stem}e"));
        // Characters, not bytes: "人" ends in two equal bytes.
        let mut cs = stem.chars();
        let last = cs.next_back();
        if last.is_some() && cs.clone().next_back() == last {
            cands.push(cs.as_str().to_string());
        }
    };
    if let Some(s) = form.strip_suffix("ies") {
        cands.push(format!("{s}y"));
    }
    if let Some(s) = form.strip_suffix("ied") {
        cands.push(format!("{s}y"));
    }
    if let Some(s) = form.strip_suffix("ing") {
        push_undouble(s, &mut cands);
    }
    if let Some(s) = form.strip_suffix("ed") {
        push_undouble(s, &mut cands);
    }
    if let Some(s) = form.strip_suffix("es") {
        cands.push(s.to_string());
    }
    if let Some(s) = form.strip_suffix('s') {
        cands.push(s.to_string());
    }
    cands
        .into_iter()
        .find(|c| !c.is_empty() && known.contains(c))
        .unwrap_or_else(|| form.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_known_lemmas() {
        let known: HashSet<String> = [
            "stop", "offer", "arrest", "accuse", "rally", "shell", "bomb", "seize", "agree",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        assert_eq!(lemma("stopped", &known), "stop");
        assert_eq!(lemma("offered", &known), "offer");
        assert_eq!(lemma("arrests", &known), "arrest");
        assert_eq!(lemma("accused", &known), "accuse");
        assert_eq!(lemma("rallied", &known), "rally");
        assert_eq!(lemma("shelling", &known), "shell");
        assert_eq!(lemma("seizing", &known), "seize");
        assert_eq!(lemma("met", &known), "meet");
        assert_eq!(lemma("unknownish", &known), "unknownish");
        // A stem ending in a character of two equal bytes (人 = E4 BA BA).
        assert_eq!(lemma("人人ed", &known), "人人ed");
        assert_eq!(lemma("人ing", &known), "人ing");
    }
}
