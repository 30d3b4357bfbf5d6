//! Trained models (tagger, parser, entity tagger, lemma table): loading,
//! saving, embedding and the per-sentence annotation that uses them.

use std::collections::HashMap;
use std::path::Path;

use herald_core::{MentionKind, Token};

use crate::features::{WordInfo, word_info};
use crate::lemma::rule_lemma;
use crate::ner::{self, NerInput, NerTagger};
use crate::parser::Parser;
use crate::perceptron::{Reader, put_str, put_u32};
use crate::rulener::TokenEntity;
use crate::tagger::Tagger;
use crate::{NlpError, gazetteer};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_models.rs"));
}

const MAGIC: &[u8; 4] = b"HNLP";
const VERSION: u32 = 1;

/// File names under `models/`.
pub const FILES: [&str; 4] = ["tagger.bin", "parser.bin", "ner.bin", "lemmas.bin"];

/// The optional accurate parser under `models/`: a beam-search parser with
/// two voters (the same reading right to left, and the greedy parser),
/// about two points of UAS/LAS above `parser.bin` at about a tenth of the
/// language layer's speed ([`Models::load_accurate`]).
pub const ACCURATE_PARSER: &str = "parser-accurate.bin";

/// All learned models.
#[derive(Debug, Clone)]
pub struct Models {
    pub(crate) tagger: Tagger,
    pub(crate) parser: Parser,
    pub(crate) ner: NerTagger,
    /// (lower-cased form hash, tagger class) → lemma, where rules are wrong.
    pub(crate) lemmas: HashMap<u64, String>,
}

pub(crate) fn lemma_key(lower: u64, class: u8) -> u64 {
    lower ^ (u64::from(class) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

fn header(kind: &str) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, VERSION);
    put_str(&mut out, kind);
    out
}

fn check_header(r: &mut Reader<'_>, kind: &str) -> Option<()> {
    (r.bytes(4)? == MAGIC && r.u32()? == VERSION && r.string()? == kind).then_some(())
}

/// A parser file's parser (with its voters).
fn read_parser(bytes: &[u8]) -> Option<Parser> {
    let mut r = Reader::new(bytes);
    check_header(&mut r, "parser").and_then(|_| Parser::read(&mut r))
}

fn bad(name: &str) -> NlpError {
    NlpError::Model {
        name: name.to_string(),
        msg: "corrupt or incompatible model file".to_string(),
    }
}

impl Models {
    /// The models embedded in the binary, if all were present at build time.
    pub fn embedded() -> Option<Models> {
        Models::embedded_with(embedded::PARSER?)
    }

    /// The embedded models with the embedded accurate parser in place
    /// of the greedy one, if it was present at build time.
    pub fn embedded_accurate() -> Option<Models> {
        Models::embedded_with(embedded::ACCURATE_PARSER?)
    }

    fn embedded_with(parser: &[u8]) -> Option<Models> {
        let parts = [embedded::TAGGER?, parser, embedded::NER?, embedded::LEMMAS?];
        Models::from_bytes(parts).ok()
    }

    /// Loads models from a folder holding the files in [`FILES`].
    pub fn load(dir: &Path) -> Result<Models, NlpError> {
        Models::load_files(dir, FILES)
    }

    /// Like [`Models::load`], with the accurate parser
    /// ([`ACCURATE_PARSER`]) in place of the greedy one.
    pub fn load_accurate(dir: &Path) -> Result<Models, NlpError> {
        let [t, _, n, l] = FILES;
        Models::load_files(dir, [t, ACCURATE_PARSER, n, l])
    }

    fn load_files(dir: &Path, files: [&str; 4]) -> Result<Models, NlpError> {
        let mut bufs = Vec::new();
        for f in files {
            let p = dir.join(f);
            bufs.push(std::fs::read(&p).map_err(|source| NlpError::Io { path: p, source })?);
        }
        Models::from_bytes([&bufs[0], &bufs[1], &bufs[2], &bufs[3]])
    }

    /// Like [`Models::load`], but an entity model that does not load (an
    /// older format) is replaced by an empty one, to be retrained.
    pub(crate) fn load_for_ner_training(dir: &Path) -> Result<Models, NlpError> {
        let mut bufs = Vec::new();
        for f in FILES {
            let p = dir.join(f);
            bufs.push(std::fs::read(&p).map_err(|source| NlpError::Io { path: p, source })?);
        }
        let mut empty = header("ner");
        NerTagger::empty().write(&mut empty);
        Models::from_bytes([&bufs[0], &bufs[1], &bufs[2], &bufs[3]])
            .or_else(|_| Models::from_bytes([&bufs[0], &bufs[1], &empty, &bufs[3]]))
    }

    pub fn from_bytes(parts: [&[u8]; 4]) -> Result<Models, NlpError> {
        let mut r = Reader::new(parts[0]);
        let tagger = check_header(&mut r, "tagger")
            .and_then(|_| Tagger::read(&mut r))
            .ok_or_else(|| bad("tagger"))?;
        let parser = read_parser(parts[1]).ok_or_else(|| bad("parser"))?;
        let mut r = Reader::new(parts[2]);
        let ner = check_header(&mut r, "ner")
            .and_then(|_| NerTagger::read(&mut r))
            .ok_or_else(|| bad("ner"))?;
        let mut r = Reader::new(parts[3]);
        let lemmas = check_header(&mut r, "lemmas")
            .and_then(|_| read_lemmas(&mut r))
            .ok_or_else(|| bad("lemmas"))?;
        Ok(Models {
            tagger,
            parser,
            ner,
            lemmas,
        })
    }

    /// Serialises each model: (file name, bytes).
    pub fn to_bytes(&self) -> Vec<(&'static str, Vec<u8>)> {
        let mut t = header("tagger");
        self.tagger.write(&mut t);
        let mut p = header("parser");
        self.parser.write(&mut p);
        let mut n = header("ner");
        self.ner.write(&mut n);
        let mut l = header("lemmas");
        let mut entries: Vec<_> = self.lemmas.iter().collect();
        entries.sort();
        put_u32(&mut l, entries.len() as u32);
        for (k, v) in entries {
            l.extend_from_slice(&k.to_le_bytes());
            put_str(&mut l, v);
        }
        vec![(FILES[0], t), (FILES[1], p), (FILES[2], n), (FILES[3], l)]
    }

    /// Writes the model files into `dir`.
    pub fn save(&self, dir: &Path) -> Result<u64, NlpError> {
        std::fs::create_dir_all(dir).map_err(|source| NlpError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut total = 0;
        for (name, bytes) in self.to_bytes() {
            let p = dir.join(name);
            total += bytes.len() as u64;
            std::fs::write(&p, bytes).map_err(|source| NlpError::Io { path: p, source })?;
        }
        Ok(total)
    }

    /// Drops small weights from each model (tagger, parser, entity tagger).
    pub fn pruned(&self, tagger: f32, parser: f32, ner: f32) -> Models {
        let mut m = self.clone();
        m.tagger.model = m.tagger.model.pruned(tagger);
        m.parser.model = m.parser.model.pruned(parser);
        m.ner.model = m.ner.model.pruned(ner);
        m
    }

    /// Writes the parser (and its voters) as the accurate parser file
    /// ([`ACCURATE_PARSER`]) in `dir`; returns its size.
    pub fn save_as_accurate(&self, dir: &Path) -> Result<u64, NlpError> {
        let mut p = header("parser");
        self.parser.write(&mut p);
        let path = dir.join(ACCURATE_PARSER);
        std::fs::write(&path, &p).map_err(|source| NlpError::Io { path, source })?;
        Ok(p.len() as u64)
    }

    /// Replaces the parser with the one in the first parser file (a
    /// `parser.bin` or `parser-accurate.bin`), the parsers of the other
    /// files voting with it on every arc.
    pub fn set_voting_parsers(&mut self, files: &[std::path::PathBuf]) -> Result<(), NlpError> {
        let mut parsers = Vec::new();
        for f in files {
            let bytes = std::fs::read(f).map_err(|source| NlpError::Io {
                path: f.clone(),
                source,
            })?;
            parsers.push(read_parser(&bytes).ok_or_else(|| bad(&f.display().to_string()))?);
        }
        if parsers.is_empty() {
            return Ok(());
        }
        let mut first = parsers.remove(0);
        if parsers.iter().any(|p| p.labels != first.labels) {
            return Err(bad("voting parsers (label sets differ)"));
        }
        first.voters = parsers;
        self.parser = first;
        Ok(())
    }

    /// Parsers voting on every head (1: one parser).
    pub fn parser_count(&self) -> usize {
        1 + self.parser.voters.len()
    }

    /// The parser's beam width (1: greedy).
    pub fn beam(&self) -> usize {
        self.parser.beam
    }

    /// Sets the parser's beam width (1: greedy). A parser trained with a
    /// beam parses best at that width; wider costs speed for little gain.
    pub fn set_beam(&mut self, width: usize) {
        self.parser.beam = width.clamp(1, 256);
    }

    /// Drops the parser's features whose largest weight is below `min_abs`.
    pub fn pruned_parser_rows(&self, min_abs: f32) -> Models {
        let mut m = self.clone();
        m.parser.model = m.parser.model.pruned_rows(min_abs);
        m
    }

    /// Number of learned lemma exceptions.
    pub fn lemma_count(&self) -> usize {
        self.lemmas.len()
    }

    /// Bytes each model's scoring reads (tagger, parser, entity tagger).
    pub fn scoring_bytes(&self) -> [usize; 3] {
        [
            self.tagger.model.scoring_bytes(),
            self.parser.model.scoring_bytes(),
            self.ner.model.scoring_bytes(),
        ]
    }

    /// (rows, entries) of the tagger, parser and entity tagger.
    pub fn sizes(&self) -> [(usize, usize); 3] {
        [
            self.tagger.model.size(),
            self.parser.model.size(),
            self.ner.model.size(),
        ]
    }

    /// Tags, lemmatises, parses and finds entities in one sentence.
    pub fn annotate(&self, tokens: &mut [Token]) -> Vec<TokenEntity> {
        if tokens.is_empty() {
            return Vec::new();
        }
        let x = self.prepare(tokens);
        let mut bio = Vec::with_capacity(tokens.len());
        self.ner.tag(&x.input(), &mut bio);
        entities_of(tokens, &bio)
    }

    /// [`Self::annotate`] for all sentences of one document (an article):
    /// entity types are kept consistent across the document's mentions of
    /// a name (see [`NerTagger::tag_document`]).
    pub fn annotate_document(&self, sentences: &mut [Vec<Token>]) -> Vec<Vec<TokenEntity>> {
        let prepared: Vec<Prepared> = sentences.iter_mut().map(|t| self.prepare(t)).collect();
        let inputs: Vec<NerInput<'_>> = prepared.iter().map(Prepared::input).collect();
        let mut bios = Vec::new();
        self.ner.tag_document(&inputs, &mut bios);
        sentences
            .iter()
            .zip(&bios)
            .map(|(t, bio)| entities_of(t, bio))
            .collect()
    }

    /// Tags, lemmatises and parses one sentence in place, and returns the
    /// entity tagger's inputs.
    fn prepare(&self, tokens: &mut [Token]) -> Prepared {
        if tokens.is_empty() {
            return Prepared {
                infos: Vec::new(),
                tags: Vec::new(),
                gaz: Vec::new(),
                syntax: Vec::new(),
            };
        }
        let infos: Vec<WordInfo> = tokens.iter().map(|t| word_info(&t.text)).collect();
        let mut tags = Vec::with_capacity(tokens.len());
        let mut alts = Vec::with_capacity(tokens.len());
        self.tagger.tag_with_alts(&infos, &mut tags, &mut alts);
        let parse = self.parser.parse_with_alts(&infos, &tags, &alts);
        let gaz: Vec<u64> = tokens
            .iter()
            .zip(&infos)
            .map(|(t, w)| ner::gaz_of(&t.text, w.lower))
            .collect();
        let syntax = ner::syntax(&infos, &parse.heads, &parse.labels, &self.parser.labels);
        for (i, t) in tokens.iter_mut().enumerate() {
            let c = tags[i];
            let upos = self.tagger.upos(c);
            t.upos = upos.to_string();
            t.xpos = self.tagger.xpos(c).to_string();
            // Word hashes fold every digit to 0, so "1947" and "2005" share
            // a key: exceptions never apply to words with digits.
            let exception = (infos[i].flags & crate::features::DIGIT == 0)
                .then(|| self.lemmas.get(&lemma_key(infos[i].lower, c)))
                .flatten();
            t.lemma = match exception {
                Some(l) => l.clone(),
                None => rule_lemma(&t.text, upos),
            };
            let h = parse.heads.get(i + 1).copied().unwrap_or(0);
            t.head = (h > 0).then(|| h - 1);
            t.deprel = parse
                .labels
                .get(i + 1)
                .and_then(|&l| self.parser.labels.get(l as usize))
                .cloned()
                .unwrap_or_default();
        }
        Prepared {
            infos,
            tags,
            gaz,
            syntax,
        }
    }
}

/// One sentence's entity-tagger inputs.
struct Prepared {
    infos: Vec<WordInfo>,
    tags: Vec<u8>,
    gaz: Vec<u64>,
    syntax: Vec<[u64; 3]>,
}

impl Prepared {
    fn input(&self) -> NerInput<'_> {
        NerInput {
            infos: &self.infos,
            tags: &self.tags,
            gaz: &self.gaz,
            syntax: &self.syntax,
        }
    }
}

/// Entities of a sentence's BILOU classes, with dates and nationality
/// adjectives marked.
fn entities_of(tokens: &[Token], bio: &[u8]) -> Vec<TokenEntity> {
    let mut ents = ner::entities(bio);
    // Named days and months ("Tuesday", "Sept. 21") are dates.
    for e in &mut ents {
        let words = &tokens[e.start..e.end];
        if e.kind == MentionKind::Other
            && words.iter().any(|t| gazetteer::is_date_word(&t.text))
            && words.iter().all(|t| {
                gazetteer::is_date_word(&t.text)
                    || t.text.chars().all(|c| c.is_ascii_digit() || c == ',')
            })
        {
            e.kind = MentionKind::Date;
        }
    }
    // Nationality adjectives outside entities: the data marks none.
    for (i, t) in tokens.iter().enumerate() {
        if gazetteer::is_norp(&t.text)
            && t.text.starts_with(char::is_uppercase)
            && !ents.iter().any(|e| e.start <= i && i < e.end)
        {
            ents.push(TokenEntity {
                start: i,
                end: i + 1,
                kind: MentionKind::Norp,
            });
        }
    }
    ents.sort_by_key(|e| e.start);
    ents
}

fn read_lemmas(r: &mut Reader<'_>) -> Option<HashMap<u64, String>> {
    let n = r.u32()? as usize;
    let mut m = HashMap::with_capacity(n.min(1 << 20));
    for _ in 0..n {
        let k = u64::from_le_bytes(r.bytes(8)?.try_into().ok()?);
        m.insert(k, r.string()?);
    }
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_bytes_are_rejected() {
        assert!(Models::from_bytes([b"junk", b"", b"HNLP", &[0; 3]]).is_err());
    }
}
