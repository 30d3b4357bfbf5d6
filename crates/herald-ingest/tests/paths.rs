//! One file named two ways is one input; a `.gz` name over data that is not
//! gzip is a reject naming the file.

use herald_ingest::{Item, ReadOptions, Reader};

fn read(paths: &[std::path::PathBuf]) -> Vec<Item> {
    Reader::new(ReadOptions::default()).read_all(paths)
}

#[test]
fn a_gz_file_that_is_not_gzip_is_rejected() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("story.txt.gz");
    std::fs::write(
        &p,
        "Kenya asked the United Nations for flood aid on Friday.\n",
    )
    .unwrap();
    let items = read(std::slice::from_ref(&p));
    assert_eq!(items.len(), 1);
    match &items[0] {
        Item::Reject(r) => {
            assert_eq!(r.reason, "not-gzip");
            assert!(r.input.ends_with("story.txt.gz"), "{}", r.input);
            assert!(r.detail.contains("not gzip"), "{}", r.detail);
            assert!(r.fatal);
        }
        Item::Doc(d) => panic!("stored as text: {}", d.id),
    }
}

#[test]
fn relative_and_absolute_paths_name_one_input() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("news")).unwrap();
    std::fs::write(
        d.path().join("news/a.txt"),
        "Kenya asked the United Nations for flood aid on Friday.\n",
    )
    .unwrap();
    let abs = d.path().join("news/a.txt");
    let dotted = d.path().join("news/../news/./a.txt");
    let via_dir = d.path().join("news");
    let inputs: Vec<String> = [abs, dotted, via_dir]
        .iter()
        .flat_map(|p| read(std::slice::from_ref(p)))
        .map(|i| match i {
            Item::Doc(d) => d.input,
            Item::Reject(r) => panic!("{r}"),
        })
        .collect();
    assert_eq!(inputs.len(), 3);
    assert!(inputs.iter().all(|i| i == &inputs[0]), "{inputs:?}");
    assert!(!inputs[0].contains(".."), "{}", inputs[0]);
}
