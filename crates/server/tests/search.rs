//! Arabic full-text search: the same normalization for queries and documents, proclitics and
//! the article stripped, actor and place aliases expanded, ranked hits with marked snippets.

mod common;

use common::{app, app_with, article, day, enc, get, sample_store};
use marsad_server::ServeOptions;
use serde_json::Value;

fn hit_ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

async fn search(app: &axum::Router, q: &str) -> Value {
    let (status, body) = get(app, &format!("/api/search?q={}", enc(q))).await;
    assert_eq!(status, 200, "{q}: {body}");
    body
}

#[tokio::test]
async fn obfuscated_words_are_found_by_their_plain_spelling() {
    let (app, made) = app(0);
    let r = search(&app, "داعش").await;
    assert_eq!(hit_ids(&r["articles"]), ["a1"]);
    let snippet = r["articles"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("دا.عـ.ـش"), "{snippet}");
    assert!(r["articles"][0]["snippet_html"]
        .as_str()
        .unwrap()
        .contains("<mark>دا.عـ.ـش</mark>"));
    // Events match through their actor's aliases (Islamic State (Syria)).
    let events = hit_ids(&r["events"]);
    assert!(
        events.contains(&made[0]) && events.contains(&made[1]),
        "{events:?}"
    );
}

#[tokio::test]
async fn hamza_seats_and_clitics_fold_away() {
    let (app, made) = app(0);
    // The article writes الحوائج, the event's place is الحوايج.
    let r = search(&app, "الحوايج").await;
    assert_eq!(hit_ids(&r["articles"]), ["a1"]);
    assert_eq!(hit_ids(&r["events"]), [made[0].clone()]);
    let r = search(&app, "الحوائج").await;
    assert_eq!(hit_ids(&r["articles"]), ["a1"]);
    // The article writes بالرقة.
    let r = search(&app, "الرقة").await;
    assert_eq!(hit_ids(&r["articles"]), ["a2"]);
    let [start, end] = [0, 1].map(|i| r["articles"][0]["marks"][0][i].as_u64().unwrap() as usize);
    let snippet = r["articles"][0]["snippet"].as_str().unwrap();
    let marked: String = snippet.chars().skip(start).take(end - start).collect();
    assert_eq!(marked, "بالرقة");
}

#[tokio::test]
async fn actor_and_place_names_expand_to_their_aliases() {
    let (app, _) = app(0);
    // a1 names ISIS only as داعش (obfuscated); the query uses another alias.
    let r = search(&app, "تنظيم الدولة").await;
    assert!(hit_ids(&r["articles"]).contains(&"a1".to_string()), "{r}");
    // a3 writes ذيبان; the gazetteer knows ديبان as a variant.
    let r = search(&app, "ديبان").await;
    assert_eq!(hit_ids(&r["articles"]), ["a3"]);
    // قسد and قوات سوريا الديمقراطية are one actor.
    let r = search(&app, "قوات سوريا الديمقراطية").await;
    assert!(hit_ids(&r["articles"]).contains(&"a1".to_string()));
}

#[tokio::test]
async fn all_words_must_match_and_more_matches_rank_higher() {
    let (mut store, _) = sample_store(0);
    store
        .put_article(&article(
            "a4",
            "عبوة ناسفة ثانية",
            "عبوة ناسفة أخرى. عبوة ثالثة قرب عبوة رابعة في الحسكة.",
            day(2024, 6, 1),
        ))
        .unwrap();
    let (app, _) = app_with(store, &ServeOptions::default());
    let r = search(&app, "عبوة").await;
    assert_eq!(hit_ids(&r["articles"]), ["a4", "a2"]);
    let scores: Vec<f64> = r["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["score"].as_f64().unwrap())
        .collect();
    assert!(scores[0] > scores[1], "{scores:?}");
    let r = search(&app, "عبوة الحسكة").await;
    assert_eq!(hit_ids(&r["articles"]), ["a4"]);
    let r = search(&app, "كلمة غائبة").await;
    assert!(r["articles"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn articles_written_after_start_are_indexed_before_the_next_search() {
    let (store, _) = sample_store(0);
    let (app, state) = app_with(store, &ServeOptions::default());
    state
        .store
        .lock()
        .unwrap()
        .put_article(&article(
            "late",
            "خبر متأخر",
            "سقطت قذيفة على مدينة منبج.",
            day(2024, 7, 1),
        ))
        .unwrap();
    let r = search(&app, "منبج").await;
    assert_eq!(hit_ids(&r["articles"]), ["late"]);
}

/// An index built with other alias tables (an older marsad, an edited lexicon) is rebuilt at
/// start: documents indexed without concept tokens are found by alias again.
#[tokio::test]
async fn an_index_built_with_other_aliases_is_rebuilt() {
    let (mut store, _) = sample_store(0);
    store.queue_search_rebuild("an older index").unwrap();
    for doc in store.pending_search_documents(1000).unwrap() {
        match doc.kind {
            marsad_store::DocumentKind::Article => store.index_article(&doc.id, "", "").unwrap(),
            marsad_store::DocumentKind::Event => store.index_event(&doc.id, "").unwrap(),
        }
    }
    assert_eq!(store.pending_search_count().unwrap(), 0);
    let (app, state) = app_with(store, &ServeOptions::default());
    let r = search(&app, "تنظيم الدولة").await;
    assert!(hit_ids(&r["articles"]).contains(&"a1".to_string()), "{r}");
    let store = state.store.lock().unwrap();
    assert_eq!(
        store.search_index_version().unwrap().as_deref(),
        Some(state.aliases.fingerprint())
    );
}

/// A search never queues behind the writer (a long review, a watched source's ingest): with
/// read connections beside it, it answers from the index as it stands. Were it to wait, this
/// test would hang until its timeout, since the writer is held until the search returns.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_does_not_wait_for_a_busy_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    let (store, _) = common::sample_store_in(marsad_store::Store::open(&path).unwrap(), 0);
    let readers = (0..2)
        .map(|_| marsad_store::Store::open(&path).unwrap())
        .collect();
    let state = std::sync::Arc::new(
        marsad_server::AppState::new(store)
            .unwrap()
            .with_readers(readers),
    );
    let app = marsad_server::router(std::sync::Arc::clone(&state), &ServeOptions::default());
    // Another thread holds the writer until told to let go.
    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let holder = {
        let state = std::sync::Arc::clone(&state);
        std::thread::spawn(move || {
            let _writer = state.store.lock().unwrap();
            held_tx.send(()).unwrap();
            let _ = release_rx.recv();
        })
    };
    held_rx.recv().unwrap();
    let answer = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        get(&app, &format!("/api/search?q={}", enc("الحوائج"))),
    )
    .await;
    release_tx.send(()).unwrap();
    holder.join().unwrap();
    let answer = answer.expect("the search waited for the writer");
    assert_eq!(answer.0, 200);
    assert_eq!(hit_ids(&answer.1["articles"]), ["a1"]);
}

/// Documents written by another process (a bulk `marsad ingest`) are indexed in the
/// background while no one searches, batch after batch.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_background_indexer_works_through_a_backlog() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    let (store, _) = common::sample_store_in(marsad_store::Store::open(&path).unwrap(), 0);
    let (_app, state) = app_with(store, &ServeOptions::default());
    let mut other_process = marsad_store::Store::open(&path).unwrap();
    other_process.begin().unwrap();
    for i in 0..1200 {
        other_process
            .put_article(&article(
                &format!("bulk-{i}"),
                "خبر",
                &format!("سقطت قذيفة على مدينة منبج رقم {i}."),
                day(2024, 7, 1),
            ))
            .unwrap();
    }
    other_process.commit().unwrap();
    assert!(other_process.pending_search_count().unwrap() >= 1200);
    let indexer = state.spawn_background_indexer();
    let mut waited = 0;
    while other_process.pending_search_count().unwrap() > 0 {
        assert!(waited < 600, "the backlog was not indexed in 60 s");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += 1;
    }
    indexer.abort();
}

#[tokio::test]
async fn search_input_is_only_text() {
    let (app, _) = app(0);
    for q in [
        "\"",
        "داعش OR *",
        "NEAR(a b)",
        "a\" OR \"b",
        "' OR 1=1 --",
        "^داعش",
        "{x}:y",
    ] {
        let (status, body) = get(&app, &format!("/api/search?q={}", enc(q))).await;
        assert_eq!(status, 200, "{q}: {body}");
    }
    let (status, _) = get(&app, "/api/search").await;
    assert_eq!(status, 400);
    let (status, _) = get(&app, "/api/search?q=%20").await;
    assert_eq!(status, 400);
    let (status, _) = get(&app, "/api/search?q=x&limit=1000").await;
    assert_eq!(status, 400);
    let long = "ا".repeat(501);
    let (status, _) = get(&app, &format!("/api/search?q={}", enc(&long))).await;
    assert_eq!(status, 400);
}
