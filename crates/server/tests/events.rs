//! `/api/events` (every filter, sort, cursors, bounds), one event, one article, stats and
//! the unresolved places.

mod common;

use common::{app, enc, get, ids};

#[tokio::test]
async fn list_answers_the_page_shape_newest_first() {
    let (app, made) = app(0);
    let (status, page) = get(&app, "/api/events").await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 3);
    assert!(page["next"].is_null());
    assert_eq!(
        ids(&page),
        vec![made[2].clone(), made[1].clone(), made[0].clone()]
    );
    let first = &page["events"][0];
    assert!(first["timestamp"].as_i64().unwrap() > 0);
    assert_eq!(first["sub_event_type"], "Arrests");
}

#[tokio::test]
async fn every_filter_narrows_the_list() {
    let (app, made) = app(0);
    let cases: Vec<(String, Vec<&String>)> = vec![
        ("from=2024-04-01".into(), vec![&made[2], &made[1]]),
        ("to=2024-04-01".into(), vec![&made[0]]),
        ("from=2024-04-01&to=2024-04-30".into(), vec![&made[1]]),
        ("admin1=SY09".into(), vec![&made[0]]),
        ("admin1=deir-ez-zor".into(), vec![&made[0]]),
        (format!("admin1={}", enc("الرقة")), vec![&made[1]]),
        ("admin2=sy0903".into(), vec![&made[0]]),
        ("admin2=Ar-Raqqa".into(), vec![&made[1]]),
        ("actor=Islamic".into(), vec![&made[1], &made[0]]),
        (format!("actor={}", enc("داعش")), vec![&made[1], &made[0]]),
        (
            format!("actor={}", enc("قسد")),
            vec![&made[2], &made[1], &made[0]],
        ),
        ("event_type=Battles".into(), vec![&made[0]]),
        (
            format!("sub_event_type={}", enc("remote explosive/landmine/IED")),
            vec![&made[1]],
        ),
        ("bbox=38.5,35.5,39.5,36.5".into(), vec![&made[1]]),
        (
            "status=unreviewed".into(),
            vec![&made[2], &made[1], &made[0]],
        ),
        ("status=confirmed".into(), vec![]),
        (format!("q={}", enc("عبوة")), vec![&made[1]]),
    ];
    for (query, want) in cases {
        let (status, page) = get(&app, &format!("/api/events?{query}")).await;
        assert_eq!(status, 200, "{query}: {page}");
        let want: Vec<String> = want.into_iter().cloned().collect();
        assert_eq!(ids(&page), want, "{query}");
        assert_eq!(page["total"], want.len(), "{query}");
    }
}

#[tokio::test]
async fn admin3_filter_reads_the_event_json() {
    let (mut store, made) = common::sample_store(0);
    let mut e = store.event(&made[2]).unwrap().unwrap();
    e.admin3 = Some("Al-Hasakeh".into());
    e.admin3_pcode = Some("SY080000".into());
    store.update_event(&e).unwrap();
    let (app, _) = common::app_with(store, &Default::default());
    for key in ["al-hasakeh", "SY080000"] {
        let (_, page) = get(&app, &format!("/api/events?admin3={key}")).await;
        assert_eq!(ids(&page), vec![made[2].clone()], "{key}");
    }
}

#[tokio::test]
async fn cursors_walk_every_page_in_each_sort() {
    let (app, _) = app(23);
    for sort in [
        "event_date",
        "-event_date",
        "fatalities",
        "-fatalities",
        "timestamp",
        "-timestamp",
    ] {
        let mut seen = Vec::new();
        let mut uri = format!("/api/events?limit=5&sort={}", enc(sort));
        let mut pages = 0;
        loop {
            let (status, page) = get(&app, &uri).await;
            assert_eq!(status, 200, "{sort}: {page}");
            assert_eq!(page["total"], 26);
            seen.extend(ids(&page));
            pages += 1;
            match page["next"].as_str() {
                Some(next) => uri = format!("/api/events?limit=5&sort={}&cursor={next}", enc(sort)),
                None => break,
            }
        }
        assert_eq!(pages, 6, "{sort}");
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 26, "{sort}: every event once");
    }
    let (_, page) = get(&app, "/api/events?sort=-fatalities&limit=3").await;
    let f: Vec<u64> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fatalities"].as_u64().unwrap())
        .collect();
    assert!(f.windows(2).all(|w| w[0] >= w[1]), "{f:?}");
}

#[tokio::test]
async fn bad_parameters_are_400_with_a_json_error() {
    let (app, _) = app(2);
    let (_, first) = get(&app, "/api/events?limit=1").await;
    let cursor = first["next"].as_str().unwrap().to_string();
    for query in [
        "limit=0".to_string(),
        "limit=501".into(),
        "limit=ten".into(),
        "from=2024-13-01".into(),
        "to=yesterday".into(),
        "bbox=1,2,3".into(),
        "bbox=40,30,35,37".into(),
        "bbox=0,0,200,10".into(),
        "status=pending".into(),
        "sort=colour".into(),
        "event_type=Skirmish".into(),
        "sub_event_type=Skirmish".into(),
        "cursor=not-a-cursor".into(),
        format!("cursor={cursor}&sort=fatalities"),
    ] {
        let (status, body) = get(&app, &format!("/api/events?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(
            body["error"].as_str().is_some_and(|m| !m.is_empty()),
            "{query}"
        );
    }
    let (status, page) = get(&app, "/api/events?limit=500").await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 5);
}

#[tokio::test]
async fn one_event_has_sources_evidence_and_history() {
    let (app, made) = app(0);
    let (status, event) = get(&app, &format!("/api/events/{}", made[0])).await;
    assert_eq!(status, 200);
    assert_eq!(event["event_id"], made[0].as_str());
    assert_eq!(event["sources"][0]["article_id"], "a1");
    assert_eq!(event["evidence"][0]["start"], 0);
    assert!(event["history"].is_array());
    let (status, body) = get(&app, "/api/events/SYR-999999").await;
    assert_eq!(status, 404);
    assert!(body["error"].as_str().unwrap().contains("SYR-999999"));
}

#[tokio::test]
async fn one_article_has_text_and_highlight_spans() {
    let (app, made) = app(0);
    let (status, a) = get(&app, "/api/articles/a1").await;
    assert_eq!(status, 200);
    let text = a["text"].as_str().unwrap();
    let h = &a["highlights"][0];
    assert_eq!(h["event_id"], made[0].as_str());
    let (start, end) = (
        h["start"].as_u64().unwrap() as usize,
        h["end"].as_u64().unwrap() as usize,
    );
    let span: String = text.chars().skip(start).take(end - start).collect();
    assert!(span.contains("دا.عـ.ـش"), "{span}");
    for key in ["id", "outlet", "url", "published", "title"] {
        assert!(a.get(key).is_some(), "{key}");
    }
    let (status, _) = get(&app, "/api/articles/nope").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn stats_count_events_by_week_area_and_type_with_filters() {
    let (app, _) = app(0);
    let (status, s) = get(&app, "/api/stats").await;
    assert_eq!(status, 200);
    assert_eq!(s["total"]["events"], 3);
    assert_eq!(s["total"]["fatalities"], 2);
    let weeks = s["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 3);
    // 2024-03-11 is a Monday.
    assert_eq!(weeks[0]["week"], "2024-03-11");
    assert_eq!(weeks[0]["admin1"], "Deir-ez-Zor");
    assert_eq!(weeks[0]["event_type"], "Battles");
    let (_, s) = get(&app, "/api/stats?admin1=SY11").await;
    assert_eq!(s["total"]["events"], 1);
    assert_eq!(s["weeks"][0]["week"], "2024-04-01");
    let (status, _) = get(&app, "/api/stats?limit=3").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn unresolved_places_list_their_articles() {
    let (app, _) = app(0);
    let (status, u) = get(&app, "/api/places/unresolved").await;
    assert_eq!(status, 200);
    assert_eq!(u["places"][0]["name_ar"], "الطيانة");
    assert_eq!(u["places"][0]["mentions"], 1);
    assert_eq!(u["places"][0]["articles"][0]["id"], "a1");
    assert!(u["places"][0]["articles"][0]["title"].as_str().is_some());
}
