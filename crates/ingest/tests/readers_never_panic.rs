//! The JSONL and RSS/Atom readers on hostile bytes never panic, and every item they yield is an
//! article with an id or a warning with a message (the stable-toolchain side of the `feed` and
//! `jsonl` fuzz targets in `fuzz/`, whose seeds are replayed here too).

use std::path::{Path, PathBuf};

use marsad_ingest::{read_paths, Input};
use proptest::prelude::*;

/// Reads `bytes` as a file with extension `ext`; returns (articles, warnings).
fn read_as(dir: &Path, bytes: &[u8], ext: &str) -> (usize, usize) {
    let path = dir.join(format!("input.{ext}"));
    std::fs::write(&path, bytes).expect("write");
    let (mut articles, mut warnings) = (0, 0);
    for input in read_paths(&[path]).take(100_000) {
        match input {
            Input::Article(a) => {
                assert!(!a.id.is_empty(), "an article without an id");
                articles += 1;
            }
            Input::Warning(w) => {
                assert!(!w.message.is_empty(), "an empty warning");
                warnings += 1;
            }
        }
    }
    (articles, warnings)
}

fn xml_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<rss version=\"2.0\"><channel>".to_string()),
        Just("<feed xmlns=\"http://www.w3.org/2005/Atom\">".to_string()),
        Just("<item>".to_string()),
        Just("</item>".to_string()),
        Just("<entry>".to_string()),
        Just("</entry>".to_string()),
        Just("<title>".to_string()),
        Just("</title>".to_string()),
        Just("<description>".to_string()),
        Just("</description>".to_string()),
        Just("<content type=\"html\">".to_string()),
        Just("<pubDate>Tue, 10 May 2022 10:00:00 +0000</pubDate>".to_string()),
        Just("<updated>2022-13-45T99:00:00Z</updated>".to_string()),
        Just("<guid>".to_string()),
        Just("<![CDATA[<p>".to_string()),
        Just("]]>".to_string()),
        Just("<!DOCTYPE x [<!ENTITY a \"&a;&a;\">]>".to_string()),
        Just("&a; &amp; &#x202E; &#0; &#xFFFFFF; &lt;".to_string()),
        Just("<?xml version=\"1.0\" encoding=\"windows-1256\"?>".to_string()),
        "[ا-ي .<>/=\"&;]{0,30}",
        "\\PC{0,20}",
    ]
}

fn json_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(
            "{\"id\":\"a\",\"text\":\"قتل عنصر من قسد.\",\"published\":\"2022-05-10\"}".to_string()
        ),
        Just("{\"id\":1,\"text\":[]}".to_string()),
        Just("{\"html\":\"<p>x</p><script>1</script>\"}".to_string()),
        Just("{\"id\":\"\\u202e\",\"published\":\"2022-02-30\",\"text\":\"\\u0000\"}".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("{".to_string()),
        Just("\"".to_string()),
        Just("\\ud800".to_string()),
        "\\PC{0,30}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn feeds_never_panic(parts in prop::collection::vec(xml_piece(), 0..60)) {
        let dir = tempfile::tempdir().expect("tempdir");
        read_as(dir.path(), parts.concat().as_bytes(), "xml");
    }

    #[test]
    fn jsonl_never_panics(parts in prop::collection::vec(json_piece(), 0..40)) {
        let dir = tempfile::tempdir().expect("tempdir");
        read_as(dir.path(), parts.concat().as_bytes(), "jsonl");
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let dir = tempfile::tempdir().expect("tempdir");
        for ext in ["xml", "jsonl", "txt", "html"] {
            read_as(dir.path(), &bytes, ext);
        }
    }
}

/// Every seed (and every regression input added later) of the reader fuzz targets.
#[test]
fn fuzz_seeds_read_cleanly() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut read = 0;
    for (target, ext) in [("feed", "xml"), ("jsonl", "jsonl"), ("clean_html", "html")] {
        let Ok(entries) = std::fs::read_dir(corpus.join(target)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).expect("seed");
            let (articles, _) = read_as(dir.path(), &bytes, ext);
            if file
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("seed-"))
            {
                assert!(articles > 0, "{}: a seed yields an article", file.display());
            }
            read += 1;
        }
    }
    assert!(read >= 5, "fuzz/corpus seeds found: {read}");
}
