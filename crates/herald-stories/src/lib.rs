//! Online story clustering.
//! (Skeleton: the stories helper fills this in.)

use herald_core::{Article, Event, Story};
use serde::{Deserialize, Serialize};

/// The clusterer's whole state, persisted by the store between runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ClustererState {}

#[derive(Debug, Default)]
pub struct StoryClusterer {
    stories: Vec<Story>,
}

impl StoryClusterer {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn from_state(state: ClustererState) -> Self {
        let _ = state;
        Self::default()
    }

    pub fn state(&self) -> ClustererState {
        ClustererState {}
    }

    /// Assigns `article` (with its relations and events) to a story, returns the story id.
    pub fn process(&mut self, article: &Article, events: &[Event]) -> String {
        let _ = events;
        let id = format!("s-{}", article.id);
        self.stories.push(Story { id: id.clone(), title: article.title.clone().unwrap_or_default(), articles: vec![article.id.clone()], ..Story::default() });
        id
    }

    /// Current stories (after merges), for the store.
    pub fn stories(&self) -> Vec<Story> {
        self.stories.clone()
    }
}
