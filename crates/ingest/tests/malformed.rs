//! A directory of broken inputs beside one good article: every bad file gives a warning
//! naming it, the good one still gives its article, nothing panics.

use marsad_ingest::{read_paths, Input};

#[test]
fn each_bad_file_warns_and_the_good_one_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |name: &str, bytes: &[u8]| std::fs::write(root.join(name), bytes).unwrap();
    write(
        "good.txt",
        "قتل عنصران من قسد بهجوم لخلايا التنظيم في ريف دير الزور.".as_bytes(),
    );
    write(
        "invalid_utf8.txt",
        b"\xd9\x82\xd8\xaa\xd9\x84\n\xff\xfe broken",
    );
    write("binary.txt", b"PK\x03\x04\x00\x00binary\x00stuff");
    write("empty.txt", b"");
    write("blank.html", b"   \n\n ");
    write(
        "truncated.html",
        "<html><body><article><p>قتل عنصر من قسد برصاص مجهولين في الشحيل".as_bytes(),
    );
    write(
        "broken.xml",
        b"<rss><channel><item><title>x</title></item></chan",
    );
    write("bad.jsonl", b"{\"id\": 1, \"text\": \n");
    write(
        "bad_date.jsonl",
        "{\"id\":\"d\",\"published\":\"2019-02-30\",\"text\":\"انفجار في الرقة.\"}\n".as_bytes(),
    );
    write("notes.docx", b"whatever");
    let big = vec![b'a'; 25 * 1024 * 1024];
    write("huge.txt", &big);

    let inputs: Vec<Input> = read_paths(&[root.to_path_buf()]).collect();
    let articles: Vec<_> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Article(a) => Some(a),
            _ => None,
        })
        .collect();
    let warnings: Vec<_> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Warning(w) => Some(w),
            _ => None,
        })
        .collect();

    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert!(ids.contains(&"good"), "{inputs:?}");
    let warned = |file: &str, words: &str| {
        warnings
            .iter()
            .any(|w| w.origin.ends_with(file) && w.message.contains(words))
    };
    assert!(
        warned("invalid_utf8.txt", "invalid UTF-8 at line 2"),
        "{warnings:?}"
    );
    assert!(warned("binary.txt", "binary"), "{warnings:?}");
    assert!(warned("empty.txt", "empty"), "{warnings:?}");
    assert!(warned("blank.html", "empty"), "{warnings:?}");
    assert!(warned("truncated.html", "truncated"), "{warnings:?}");
    assert!(warned("broken.xml", "broken XML"), "{warnings:?}");
    assert!(warned("bad.jsonl", "malformed JSON"), "{warnings:?}");
    assert!(warned("bad_date.jsonl", "2019-02-30"), "{warnings:?}");
    assert!(warned("notes.docx", "unknown extension"), "{warnings:?}");
    assert!(warned("huge.txt", "too large"), "{warnings:?}");
    // Every warning names its file; the good file's only one is its missing date.
    assert!(warnings
        .iter()
        .all(|w| w.origin.starts_with(root.to_str().unwrap())));
    let good: Vec<_> = warnings
        .iter()
        .filter(|w| w.origin.ends_with("good.txt"))
        .collect();
    assert_eq!(good.len(), 1, "{good:?}");
    assert!(good[0].message.contains("no publication date"));
    // The truncated page still gives what it holds.
    assert!(articles
        .iter()
        .any(|a| a.id == "truncated" && a.text.contains("برصاص مجهولين")));
}

#[test]
fn missing_paths_warn_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("ok.txt");
    std::fs::write(&good, "اشتباكات بين قسد وخلايا التنظيم في ريف الحسكة.").unwrap();
    let inputs: Vec<Input> = read_paths(&[dir.path().join("nope"), good]).collect();
    assert!(
        matches!(&inputs[0], Input::Warning(w) if w.origin.ends_with("nope") && w.message.contains("unreadable"))
    );
    assert!(inputs
        .iter()
        .any(|i| matches!(i, Input::Article(a) if a.id == "ok")));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "قتل عنصر من قسد في الرقة.").unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let inputs: Vec<Input> = read_paths(&[dir.path().to_path_buf()]).collect();
    let articles = inputs
        .iter()
        .filter(|i| matches!(i, Input::Article(_)))
        .count();
    assert_eq!(articles, 1);
    assert!(inputs.iter().any(|i| matches!(i, Input::Warning(w) if w.origin.ends_with("loop") && w.message.contains("not followed"))));
}
