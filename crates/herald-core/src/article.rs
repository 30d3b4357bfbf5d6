use serde::{Deserialize, Serialize};

use crate::Span;

/// What a reader found: the body is plain text (possibly with site chrome)
/// or HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Html,
}

/// One document as a reader delivers it, before extraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawDoc {
    pub id: String,
    /// Where it came from: a path, `path:line` for JSONL, `path#record` for WARC.
    pub input: String,
    pub format: Format,
    pub body: String,
    /// Metadata the container supplied (JSONL fields, WARC target URI).
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub site: Option<String>,
    pub authors: Vec<String>,
}

impl RawDoc {
    pub fn new(
        id: impl Into<String>,
        input: impl Into<String>,
        format: Format,
        body: impl Into<String>,
    ) -> Self {
        RawDoc {
            id: id.into(),
            input: input.into(),
            format,
            body: body.into(),
            url: None,
            title: None,
            published: None,
            site: None,
            authors: Vec::new(),
        }
    }
}

/// A line (or HTML block) dropped from the clean text, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedLine {
    pub text: String,
    /// `chrome`, `repeated`, `navigation`, `social`, `teaser`, `caption`,
    /// `credit`, `timestamp`, `title`, `dateline`, `boilerplate`, …
    pub reason: String,
    /// 1-based line in the raw input (plain text), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationType {
    /// Same normalised text.
    Exact,
    /// Near-duplicate (high Jaccard on shingles): syndicated copy, light edits.
    Near,
    /// One text largely contained in the other: excerpt or extended version.
    Containment,
    /// Same story retold in other words.
    Rewrite,
}

impl RelationType {
    pub fn as_str(&self) -> &'static str {
        match self {
            RelationType::Exact => "exact",
            RelationType::Near => "near",
            RelationType::Containment => "containment",
            RelationType::Rewrite => "rewrite",
        }
    }
}

/// A passage two articles share, as byte spans in each one's clean text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedPassage {
    pub this: Span,
    pub other: Span,
}

/// How this article relates to another one already known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    #[serde(rename = "type")]
    pub kind: RelationType,
    /// The other article's id.
    pub article: String,
    /// Strength of the evidence in [0, 1] (Jaccard, containment, …).
    pub score: f64,
    /// Which of the two is the likely origin (an article id), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<SharedPassage>,
}

/// A token of the clean text with its annotations (empty strings / `None`
/// until the language stage fills them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Token {
    pub span: Span,
    pub text: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lemma: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub upos: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub xpos: String,
    /// Index of the head token within the sentence (`None` = root or unparsed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<usize>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub deprel: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Sentence {
    /// 0-based index in the article.
    pub index: usize,
    pub span: Span,
    pub tokens: Vec<Token>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    Person,
    Organization,
    /// Geo-political entity: country, city, region.
    Place,
    /// Nationality or group adjective ("Chinese", "Iraqi").
    Norp,
    Date,
    Other,
}

/// A named entity (or other span of interest) found in the clean text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    pub text: String,
    pub kind: MentionKind,
    pub sentence: usize,
}

/// A clean article: the output of extraction, enriched by later stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Article {
    pub id: String,
    pub input: String,
    pub url: Option<String>,
    pub site: Option<String>,
    pub title: Option<String>,
    /// Publication date, ISO 8601 (`2014-12-15` or with time). Never a page
    /// scrape date or an "Updated" stamp.
    pub published: Option<String>,
    pub authors: Vec<String>,
    /// The clean body text; all spans point into it.
    pub text: String,
    pub removed: Vec<RemovedLine>,
    /// Outlets the article cites ("the Financial Times reports").
    pub cites: Vec<String>,
    /// ISO 639-1 code, when detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Hash of the normalised text (exact-duplicate key).
    pub hash: String,
    /// The story this article belongs to.
    pub story: Option<String>,
    pub relations: Vec<Relation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<Sentence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<Mention>,
}

impl Article {
    /// Number of words in the clean text (whitespace-separated).
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}
