//! Saved clusterer state: older formats load, corrupt ones are clear errors.

use super::*;
use herald_stories::ClustererState;

fn article(id: &str, title: &str, text: &str) -> herald_core::Article {
    herald_core::Article {
        id: id.into(),
        title: Some(title.into()),
        text: text.into(),
        published: Some("2024-05-02".into()),
        ..herald_core::Article::default()
    }
}

#[test]
fn clusterer_state_saved_as_json_by_older_versions_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = StoryClusterer::new();
    let a = article(
        "a",
        "Floods hit Dhaka",
        "Monsoon floods swept through Dhaka on Thursday, displacing thousands of families.",
    );
    let sid = c.process(&a, &[]);
    let json = serde_json::to_vec(&c.state()).unwrap();
    let mut store = Store::open(&dir.path().join("old.db")).unwrap();
    let batch = Batch {
        state: vec![(STATE_STORIES.into(), json)],
        ..Batch::default()
    };
    store.write_batch(&batch).unwrap();
    let back = load_clusterer(&store).unwrap();
    assert_eq!(back.story_of("a"), Some(sid.clone()));

    // Saved again, it is binary and reads back the same.
    let bin = herald_core::state::encode(STORIES_TAG, &back.state()).unwrap();
    assert!(bin.starts_with(b"HSC1"));
    let again: ClustererState = herald_core::state::decode(STORIES_TAG, &bin).unwrap();
    assert_eq!(StoryClusterer::from_state(again).story_of("a"), Some(sid));
}

#[test]
fn a_corrupt_clusterer_state_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bad.db")).unwrap();
    let batch = Batch {
        state: vec![(STATE_STORIES.into(), b"HSC1\xc1garbage".to_vec())],
        ..Batch::default()
    };
    store.write_batch(&batch).unwrap();
    let err = load_clusterer(&store).err().unwrap();
    assert!(
        format!("{err:#}").contains("story clusterer state"),
        "{err:#}"
    );
}
