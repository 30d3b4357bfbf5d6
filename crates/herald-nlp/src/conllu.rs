//! CoNLL-U reading and writing.
//!
//! Reads UD treebanks (multi-word token lines and empty nodes are kept aside
//! so word ids stay 1..n) and writes analysed sentences back as CoNLL-U.

use std::fmt::Write as _;
use std::path::Path;

use herald_core::{Mention, Sentence};

use crate::NlpError;

/// One syntactic word (a CoNLL-U line with an integer id).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 = root; 1-based index of the head word otherwise.
    pub head: usize,
    pub deprel: String,
    pub deps: String,
    pub misc: String,
}

impl Word {
    /// Whether MISC says no space follows this word.
    pub fn space_after_no(&self) -> bool {
        self.misc.split('|').any(|f| f == "SpaceAfter=No")
    }

    /// A MISC attribute's value.
    pub fn misc_value(&self, key: &str) -> Option<&str> {
        self.misc
            .split('|')
            .find_map(|f| f.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
    }
}

/// A multi-word token ("don't" over words "do" and "n't").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MultiWord {
    /// 1-based first and last word ids.
    pub first: usize,
    pub last: usize,
    pub form: String,
    pub misc: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConlluSentence {
    pub comments: Vec<String>,
    pub words: Vec<Word>,
    pub multiwords: Vec<MultiWord>,
}

impl ConlluSentence {
    /// The `# text = …` comment.
    pub fn text(&self) -> Option<&str> {
        self.comment("text")
    }

    /// The value of a `# key = value` comment.
    pub fn comment(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let rest = c.strip_prefix(key)?.trim_start();
            rest.strip_prefix('=').map(str::trim)
        })
    }

    /// Whether a comment starts a new document or paragraph.
    pub fn starts_paragraph(&self) -> bool {
        self.comments
            .iter()
            .any(|c| c.starts_with("newpar") || c.starts_with("newdoc"))
    }

    pub fn starts_document(&self) -> bool {
        self.comments.iter().any(|c| c.starts_with("newdoc"))
    }
}

/// Reads a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<ConlluSentence>, NlpError> {
    let text = std::fs::read_to_string(path).map_err(|source| NlpError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, &path.display().to_string())
}

/// Reads every `*.conllu` file in a folder (sorted by name) or one file.
pub fn read_path(path: &Path) -> Result<Vec<ConlluSentence>, NlpError> {
    if !path.exists() {
        return Err(NlpError::MissingData(path.to_path_buf()));
    }
    if path.is_file() {
        return read_file(path);
    }
    let mut files: Vec<_> = std::fs::read_dir(path)
        .map_err(|source| NlpError::Io {
            path: path.to_path_buf(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        out.extend(read_file(&f)?);
    }
    Ok(out)
}

/// Parses CoNLL-U text; `name` labels errors.
pub fn parse(text: &str, name: &str) -> Result<Vec<ConlluSentence>, NlpError> {
    let mut out = Vec::new();
    let mut cur = ConlluSentence::default();
    let err = |line: usize, msg: &str| NlpError::Conllu {
        path: name.to_string(),
        line,
        msg: msg.to_string(),
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.comments.push(c.trim().to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(n + 1, "expected 10 tab-separated columns"));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node (enhanced UD only)
        }
        if let Some((a, b)) = id.split_once('-') {
            let first = a.parse().map_err(|_| err(n + 1, "bad range id"))?;
            let last = b.parse().map_err(|_| err(n + 1, "bad range id"))?;
            cur.multiwords.push(MultiWord {
                first,
                last,
                form: cols[1].to_string(),
                misc: cols[9].to_string(),
            });
            continue;
        }
        let idn: usize = id.parse().map_err(|_| err(n + 1, "bad word id"))?;
        if idn != cur.words.len() + 1 {
            return Err(err(n + 1, "word ids must run 1..n"));
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse().map_err(|_| err(n + 1, "bad head"))?
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    for s in &out {
        if s.words.iter().any(|w| w.head > s.words.len()) {
            return Err(err(0, "head out of range"));
        }
    }
    Ok(out)
}

fn col(s: &str) -> &str {
    if s.is_empty() { "_" } else { s }
}

/// Writes sentences as CoNLL-U.
pub fn write(sentences: &[ConlluSentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        for c in &s.comments {
            let _ = writeln!(out, "# {c}");
        }
        for (i, w) in s.words.iter().enumerate() {
            if let Some(m) = s.multiwords.iter().find(|m| m.first == i + 1) {
                let _ = writeln!(
                    out,
                    "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                    m.first,
                    m.last,
                    m.form,
                    col(&m.misc)
                );
            }
            let form = w.form.replace(['\t', '\n'], " ");
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                i + 1,
                col(&form),
                col(&w.lemma),
                col(&w.upos),
                col(&w.xpos),
                col(&w.feats),
                w.head,
                col(&w.deprel),
                col(&w.deps),
                col(&w.misc)
            );
        }
        out.push('\n');
    }
    out
}

/// Converts an analysed sentence of `text` (and its mentions) to CoNLL-U,
/// with entities as BIO labels in MISC (`NER=B-PER`) and `SpaceAfter=No`.
pub fn from_sentence(
    text: &str,
    sent: &Sentence,
    mentions: &[Mention],
    id: &str,
) -> ConlluSentence {
    // This sentence's mentions by start: each token looks up the mention
    // starting at or before it instead of scanning all of them (that was
    // quadratic in a long document).
    let mut mine: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.sentence == sent.index)
        .collect();
    mine.sort_by_key(|m| m.span.start);
    let mut words = Vec::with_capacity(sent.tokens.len());
    for (i, t) in sent.tokens.iter().enumerate() {
        let mut misc = Vec::new();
        let after = mine.partition_point(|m| m.span.start <= t.span.start);
        let found = after.checked_sub(1).and_then(|last| {
            let start = mine[last].span.start;
            let first = mine.partition_point(|m| m.span.start < start);
            mine[first..after]
                .iter()
                .find(|m| t.span.end <= m.span.end)
                .copied()
        });
        if let Some(m) = found {
            let b = if m.span.start == t.span.start {
                "B"
            } else {
                "I"
            };
            misc.push(format!("NER={b}-{}", crate::kind_label(m.kind)));
        }
        let next_start = sent.tokens.get(i + 1).map(|n| n.span.start);
        if next_start == Some(t.span.end) {
            misc.push("SpaceAfter=No".to_string());
        }
        words.push(Word {
            form: t.text.clone(),
            lemma: t.lemma.clone(),
            upos: t.upos.clone(),
            xpos: t.xpos.clone(),
            feats: String::new(),
            head: t.head.map_or(0, |h| h + 1),
            deprel: t.deprel.clone(),
            deps: String::new(),
            misc: misc.join("|"),
        });
    }
    ConlluSentence {
        comments: vec![
            format!("sent_id = {id}"),
            format!("text = {}", sent.span.slice(text).replace('\n', " ")),
        ],
        words,
        multiwords: Vec::new(),
    }
}

/// `herald parse`: raw text → CoNLL-U with predicted columns (entities as
/// `NER=` in MISC).
pub fn parse_text(analyzer: &crate::Analyzer, text: &str, doc_id: &str) -> String {
    let (sentences, mut mentions) = analyzer.analyze(text);
    // Grouped by sentence, so each sentence sees only its own mentions.
    mentions.sort_by_key(|m| m.sentence);
    let out: Vec<ConlluSentence> = sentences
        .iter()
        .map(|s| {
            let lo = mentions.partition_point(|m| m.sentence < s.index);
            let hi = mentions.partition_point(|m| m.sentence <= s.index);
            from_sentence(
                text,
                s,
                &mentions[lo..hi],
                &format!("{doc_id}-{}", s.index + 1),
            )
        })
        .collect();
    write(&out)
}

/// `herald parse --conllu`: keeps the gold tokenisation of `input` (CoNLL-U)
/// and replaces LEMMA, UPOS, XPOS, HEAD and DEPREL with predictions.
pub fn reparse(analyzer: &crate::Analyzer, input: &str, name: &str) -> Result<String, NlpError> {
    let mut sents = parse(input, name)?;
    for s in &mut sents {
        let mut toks: Vec<herald_core::Token> = s
            .words
            .iter()
            .map(|w| herald_core::Token {
                text: w.form.clone(),
                ..herald_core::Token::default()
            })
            .collect();
        analyzer.annotate(&mut toks);
        for (w, t) in s.words.iter_mut().zip(toks) {
            w.lemma = t.lemma;
            w.upos = t.upos;
            w.xpos = t.xpos;
            w.head = t.head.map_or(0, |h| h + 1);
            w.deprel = t.deprel;
            w.deps = String::new();
        }
    }
    Ok(write(&sents))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = s1\n# text = Rebels don't attack.\n1\tRebels\trebel\tNOUN\tNNS\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tattack\tattack\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_and_round_trips() {
        // Heads in SAMPLE are deliberately odd (1 → 3); only the format matters.
        let s = parse(SAMPLE, "sample").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].multiwords[0].form, "don't");
        assert_eq!(s[0].text(), Some("Rebels don't attack."));
        assert!(s[0].words[3].space_after_no());
        assert_eq!(write(&s), SAMPLE);
    }

    #[test]
    fn rejects_malformed_lines() {
        assert!(parse("1\tonly\ttwo\n", "x").is_err());
        assert!(parse("2\ta\ta\tX\tX\t_\t0\troot\t_\t_\n", "x").is_err());
        assert!(parse("1\ta\ta\tX\tX\t_\t9\troot\t_\t_\n", "x").is_err());
    }

    #[test]
    fn parse_text_writes_valid_conllu() {
        let a = crate::Analyzer::new();
        let out = parse_text(&a, "Rebels attacked Gao. Troops left.", "d");
        let back = parse(&out, "out").unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].words[0].form, "Rebels");
        assert_eq!(back[0].text(), Some("Rebels attacked Gao."));
        let again = reparse(&a, &out, "out").unwrap();
        assert_eq!(parse(&again, "again").unwrap()[1].words.len(), 3);
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in "[0-9a-z\\t\\n#_.-]{0,200}") {
            let _ = parse(&s, "fuzz");
        }
    }
}
