//! Arbitrary bytes through the public entry point, as stdin and as files of
//! every known kind, never panic and always produce at least one item.

use herald_ingest::{Item, ReadOptions, Reader};
use proptest::prelude::*;

fn stream(bytes: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    Reader::new(ReadOptions { max_bytes: 4096 })
        .read_stream("-", &mut &bytes[..], &mut |i| items.push(i));
    items
}

proptest! {
    #[test]
    fn stdin_never_panics(data in prop::collection::vec(any::<u8>(), 0..4096)) {
        let items = stream(&data);
        prop_assert!(!items.is_empty());
    }

    #[test]
    fn forced_formats_never_panic(
        head in prop::sample::select(vec!["{", "[", "WARC/1.0\r\n", "<html>", "\u{feff}", "  \n"]),
        data in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let mut bytes = head.as_bytes().to_vec();
        bytes.extend(data);
        let _ = stream(&bytes);
    }

    #[test]
    fn files_of_every_kind_never_panic(data in prop::collection::vec(any::<u8>(), 0..1024)) {
        let tmp = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        for name in ["a.txt", "b.html", "c.jsonl", "d.json", "e.warc", "f.txt.gz", "g"] {
            std::fs::write(tmp.path().join(name), &data)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        let items = Reader::new(ReadOptions { max_bytes: 4096 })
            .read_all(&[tmp.path().to_path_buf()]);
        // Each file yields at least one item: nothing disappears silently.
        for name in ["a.txt", "b.html", "c.jsonl", "d.json", "e.warc", "f.txt.gz", "g"] {
            let seen = items.iter().any(|i| {
                let input = match i {
                    Item::Doc(d) => &d.input,
                    Item::Reject(r) => &r.input,
                };
                input.rsplit('/').next().is_some_and(|f| f.starts_with(name))
            });
            prop_assert!(seen, "{} yielded nothing: {:?}", name, items);
        }
    }
}
