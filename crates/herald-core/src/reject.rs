use serde::{Deserialize, Serialize};

/// An input that could not become an article, or a warning about one that
/// did (`fatal == false`, e.g. invalid UTF-8 decoded with replacement).
/// Rejects are recorded and listed, never silently dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    /// The file (or `-` for stdin), with the WARC record or archive member when relevant.
    pub input: String,
    /// 1-based line for line-oriented inputs (JSONL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Short machine-friendly reason: `empty`, `binary`, `invalid-utf8`,
    /// `truncated-gzip`, `malformed-json`, `missing-text`, `too-large`,
    /// `unknown-extension`, `io`, `bad-warc`.
    pub reason: String,
    /// Human-readable detail.
    pub detail: String,
    /// `false` for a warning: the article was kept.
    #[serde(default = "yes")]
    pub fatal: bool,
}

fn yes() -> bool {
    true
}

impl Reject {
    pub fn new(input: impl Into<String>, reason: &str, detail: impl Into<String>) -> Self {
        Reject {
            input: input.into(),
            line: None,
            reason: reason.to_string(),
            detail: detail.into(),
            fatal: true,
        }
    }

    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    pub fn warning(mut self) -> Self {
        self.fatal = false;
        self
    }
}

impl std::fmt::Display for Reject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.input)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        let kind = if self.fatal { "rejected" } else { "warning" };
        write!(f, ": {kind} ({}): {}", self.reason, self.detail)
    }
}
