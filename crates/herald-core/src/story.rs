use serde::{Deserialize, Serialize};

/// Articles about one event, grouped as they stream in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Story {
    /// Stable id (`s-` + the founding article's id hash); a merged story redirects.
    pub id: String,
    /// Most representative title.
    pub title: String,
    /// Member article ids, in arrival order.
    pub articles: Vec<String>,
    /// Earliest / latest publication date (or arrival when undated), ISO 8601.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// Distinct sites among the members.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The likely origin article (earliest, or the one the others cite).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Most frequent named entities / actors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub top_terms: Vec<String>,
}

/// A chain of stories about one ongoing topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Thread {
    /// `t-` + hash of its earliest story's id.
    pub id: String,
    /// Member story ids, earliest first.
    pub stories: Vec<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub article_count: usize,
    /// Heaviest names across its stories.
    pub top_terms: Vec<String>,
    /// Threads on the same topic too far away in time to be one.
    pub related: Vec<RelatedThread>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RelatedThread {
    pub thread: String,
    /// Best centroid similarity between their stories, in [0, 1].
    pub score: f64,
    /// Days between the closest stories (`None` when undated).
    pub gap_days: Option<i64>,
}
