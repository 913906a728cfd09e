//! Events: ids, JSON round-trip, timestamps, the fusion window search, filters.

mod common;

use common::backends::Open;

use common::{day, sample_event};
use marsad_model::{ReviewStatus, SourceRef};
use marsad_store::{Error, EventFilter, Store};

fn insert_assigns_sequential_zero_padded_ids(open: Open) {
    let mut store = open();
    let mut event = sample_event(day(2024, 3, 12), "a1");
    event.event_id = "SYR-999999".to_string(); // ignored: the store assigns ids
    let ids: Vec<String> = (0..3)
        .map(|_| store.insert_event(&event).unwrap())
        .collect();
    assert_eq!(ids, ["SYR-000001", "SYR-000002", "SYR-000003"]);
}

fn stored_event_round_trips_every_field(open: Open) {
    let mut store = open();
    let event = sample_event(day(2024, 3, 12), "a1");
    let id = store.insert_event(&event).unwrap();
    let mut expected = event.clone();
    expected.event_id = id.clone();
    assert_eq!(store.event(&id).unwrap(), Some(expected));
    assert_eq!(store.event("SYR-424242").unwrap(), None);
}

fn update_replaces_the_event_and_bumps_its_timestamp(open: Open) {
    let mut store = open();
    let id = store
        .insert_event(&sample_event(day(2024, 3, 12), "a1"))
        .unwrap();
    let before = store.event_timestamp(&id).unwrap().unwrap();

    let mut edited = store.event(&id).unwrap().unwrap();
    edited.fatalities = 7;
    edited.sources.push(SourceRef {
        article_id: "a2".to_string(),
        outlet: Some("North Press".to_string()),
        url: None,
        published: Some(day(2024, 3, 13)),
    });
    store.update_event(&edited).unwrap();

    assert_eq!(store.event(&id).unwrap(), Some(edited));
    let after = store.event_timestamp(&id).unwrap().unwrap();
    assert!(after > before, "timestamp {before} not bumped ({after})");
    assert_eq!(store.events_for_article("a2").unwrap(), vec![id.clone()]);
    assert_eq!(store.events_for_article("a1").unwrap(), vec![id]);
}

fn update_of_an_unknown_event_is_an_error(open: Open) {
    let mut store = open();
    let mut event = sample_event(day(2024, 3, 12), "a1");
    event.event_id = "SYR-000404".to_string();
    assert!(matches!(
        store.update_event(&event),
        Err(Error::UnknownEvent(id)) if id == "SYR-000404"
    ));
}

fn update_drops_links_to_articles_no_longer_cited(open: Open) {
    let mut store = open();
    let id = store
        .insert_event(&sample_event(day(2024, 3, 12), "a1"))
        .unwrap();
    let mut moved = sample_event(day(2024, 3, 12), "a9");
    moved.event_id = id.clone();
    store.update_event(&moved).unwrap();
    assert!(store.events_for_article("a1").unwrap().is_empty());
    assert_eq!(store.events_for_article("a9").unwrap(), vec![id]);
}

fn events_between_uses_each_events_date_window(open: Open) {
    let mut store = open();
    let exact = store
        .insert_event(&sample_event(day(2024, 3, 10), "a1"))
        .unwrap();
    // Precision 2: "last week", midpoint coded, may be 3 days either side.
    let mut week = sample_event(day(2024, 3, 20), "a2");
    week.time_precision = 2;
    let week = store.insert_event(&week).unwrap();
    // Precision 3: only the month is known.
    let mut month = sample_event(day(2024, 5, 16), "a3");
    month.time_precision = 3;
    let month = store.insert_event(&month).unwrap();

    let ids = |from, to| -> Vec<String> {
        store
            .events_between(from, to)
            .unwrap()
            .into_iter()
            .map(|e| e.event_id)
            .collect()
    };
    assert_eq!(ids(day(2024, 3, 10), day(2024, 3, 10)), [exact.as_str()]);
    assert!(ids(day(2024, 3, 11), day(2024, 3, 16)).is_empty());
    assert_eq!(ids(day(2024, 3, 17), day(2024, 3, 17)), [week.as_str()]);
    assert!(ids(day(2024, 3, 24), day(2024, 3, 30)).is_empty());
    assert_eq!(ids(day(2024, 5, 1), day(2024, 5, 1)), [month.as_str()]);
    assert_eq!(ids(day(2024, 5, 31), day(2024, 6, 3)), [month.as_str()]);
    assert!(ids(day(2024, 6, 1), day(2024, 6, 3)).is_empty());
    assert_eq!(ids(day(2024, 3, 1), day(2024, 5, 31)), [exact, week, month]);
    assert!(ids(day(2024, 3, 31), day(2024, 3, 1)).is_empty());
}

fn events_between_keeps_rejected_events_for_fusion(open: Open) {
    let mut store = open();
    let mut rejected = sample_event(day(2024, 3, 10), "a1");
    rejected.review.status = ReviewStatus::Rejected;
    let id = store.insert_event(&rejected).unwrap();
    let found = store
        .events_between(day(2024, 3, 10), day(2024, 3, 10))
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].event_id, id);
}

/// Four events that differ in one filtered field each, plus a rejected one.
fn filter_fixture(open: Open) -> (Store, [String; 5]) {
    let mut store = open();
    let base = sample_event(day(2024, 3, 12), "a1");

    let deir = store.insert_event(&base).unwrap();

    let mut raqqa = base.clone();
    raqqa.event_date = day(2024, 4, 2);
    raqqa.admin1 = Some("Ar-Raqqa".to_string());
    raqqa.admin1_pcode = Some("SY11".to_string());
    raqqa.latitude = Some(35.95);
    raqqa.longitude = Some(39.01);
    raqqa.event_type = "Explosions/Remote violence".to_string();
    raqqa.sub_event_type = "Remote explosive/landmine/IED".to_string();
    raqqa.review.status = ReviewStatus::Unreviewed;
    let raqqa = store.insert_event(&raqqa).unwrap();

    let mut army = base.clone();
    army.event_date = day(2024, 2, 1);
    army.actor1 = "Military Forces of Syria (2000-2024)".to_string();
    army.assoc_actor_1 = String::new();
    army.actor2 = "Civilians (Syria)".to_string();
    army.assoc_actor_2 = String::new();
    army.admin1 = Some("Aleppo".to_string());
    army.admin1_pcode = Some("SY02".to_string());
    army.latitude = None;
    army.longitude = None;
    let army = store.insert_event(&army).unwrap();

    let mut hasakeh = base.clone();
    hasakeh.event_date = day(2024, 3, 12);
    hasakeh.admin1 = Some("Al-Hasakeh".to_string());
    hasakeh.admin1_pcode = Some("SY08".to_string());
    hasakeh.assoc_actor_2 = "Asayish".to_string();
    hasakeh.latitude = Some(36.5);
    hasakeh.longitude = Some(40.75);
    hasakeh.review.status = ReviewStatus::Edited;
    let hasakeh = store.insert_event(&hasakeh).unwrap();

    let mut rejected = base.clone();
    rejected.review.status = ReviewStatus::Rejected;
    let rejected = store.insert_event(&rejected).unwrap();

    (store, [deir, raqqa, army, hasakeh, rejected])
}

fn listed(store: &Store, filter: &EventFilter) -> Vec<String> {
    let ids: Vec<String> = store
        .events(filter)
        .unwrap()
        .into_iter()
        .map(|e| e.event_id)
        .collect();
    let count = store
        .event_count(&EventFilter {
            limit: None,
            offset: 0,
            ..filter.clone()
        })
        .unwrap();
    if filter.limit.is_none() && filter.offset == 0 {
        assert_eq!(count, ids.len() as u64, "event_count disagrees with events");
    }
    ids
}

fn default_listing_is_by_date_and_leaves_rejected_out(open: Open) {
    let (store, [deir, raqqa, army, hasakeh, rejected]) = filter_fixture(open);
    assert_eq!(
        listed(&store, &EventFilter::default()),
        [army.as_str(), &deir, &hasakeh, &raqqa]
    );
    let all = listed(
        &store,
        &EventFilter {
            include_rejected: true,
            ..Default::default()
        },
    );
    assert_eq!(all, [army.as_str(), &deir, &hasakeh, &rejected, &raqqa]);
}

fn filter_by_dates(open: Open) {
    let (store, [deir, _raqqa, _army, hasakeh, _]) = filter_fixture(open);
    let filter = EventFilter {
        from: Some(day(2024, 3, 1)),
        to: Some(day(2024, 3, 31)),
        ..Default::default()
    };
    assert_eq!(listed(&store, &filter), [deir, hasakeh]);
}

fn filter_by_admin1_name_or_pcode_ignoring_case(open: Open) {
    let (store, [_deir, raqqa, _army, hasakeh, _]) = filter_fixture(open);
    let by = |admin1: &str| {
        listed(
            &store,
            &EventFilter {
                admin1: Some(admin1.to_string()),
                ..Default::default()
            },
        )
    };
    assert_eq!(by("ar-raqqa"), [raqqa.as_str()]);
    assert_eq!(by("sy11"), [raqqa]);
    assert_eq!(by("AL-HASAKEH"), [hasakeh]);
    assert!(
        by("Raqqa").is_empty(),
        "admin1 is an exact name, not a substring"
    );
}

fn filter_by_actor_substring_of_any_actor_field(open: Open) {
    let (store, [_deir, _raqqa, army, hasakeh, _]) = filter_fixture(open);
    let by = |actor: &str| {
        listed(
            &store,
            &EventFilter {
                actor: Some(actor.to_string()),
                ..Default::default()
            },
        )
    };
    assert_eq!(by("military forces of syria"), [army.as_str()]);
    assert_eq!(by("Civilians"), [army]);
    assert_eq!(by("asayish"), [hasakeh]);
    assert_eq!(by("Islamic State").len(), 3);
    // LIKE wildcards are plain characters here.
    assert!(by("%").is_empty());
}

fn filter_by_event_and_sub_event_type(open: Open) {
    let (store, [_deir, raqqa, ..]) = filter_fixture(open);
    let filter = EventFilter {
        event_type: Some("Explosions/Remote violence".to_string()),
        ..Default::default()
    };
    assert_eq!(listed(&store, &filter), [raqqa.as_str()]);
    let filter = EventFilter {
        sub_event_type: Some("Remote explosive/landmine/IED".to_string()),
        ..Default::default()
    };
    assert_eq!(listed(&store, &filter), [raqqa]);
    let filter = EventFilter {
        sub_event_type: Some("Armed clash".to_string()),
        include_rejected: true,
        ..Default::default()
    };
    assert_eq!(listed(&store, &filter).len(), 4);
}

fn filter_by_review_status(open: Open) {
    let (store, [deir, raqqa, army, hasakeh, rejected]) = filter_fixture(open);
    let by = |status| {
        listed(
            &store,
            &EventFilter {
                status: Some(status),
                ..Default::default()
            },
        )
    };
    assert_eq!(by(ReviewStatus::Unreviewed), [raqqa]);
    assert_eq!(by(ReviewStatus::Confirmed), [army, deir]);
    assert_eq!(by(ReviewStatus::Edited), [hasakeh]);
    assert_eq!(by(ReviewStatus::Rejected), [rejected]);
}

fn filter_by_bounding_box(open: Open) {
    let (store, [deir, raqqa, _army, hasakeh, _]) = filter_fixture(open);
    // [min_lon, min_lat, max_lon, max_lat] around the Euphrates valley below Raqqa.
    let filter = EventFilter {
        bbox: Some([38.5, 34.5, 41.0, 36.2]),
        ..Default::default()
    };
    assert_eq!(listed(&store, &filter), [deir, raqqa]);
    // Al-Hasakeh (36.5 N) is north of that box; the Aleppo event has no coordinates.
    let filter = EventFilter {
        bbox: Some([38.0, 34.0, 42.0, 37.0]),
        ..Default::default()
    };
    assert!(listed(&store, &filter).contains(&hasakeh));
    assert_eq!(listed(&store, &filter).len(), 3);
}

fn limit_and_offset_page_through_the_listing(open: Open) {
    let (store, [deir, _raqqa, army, hasakeh, _]) = filter_fixture(open);
    let page = |limit, offset| {
        listed(
            &store,
            &EventFilter {
                limit,
                offset,
                ..Default::default()
            },
        )
    };
    assert_eq!(page(Some(2), 0), [army, deir.clone()]);
    assert_eq!(page(Some(2), 1), [deir, hasakeh]);
    assert_eq!(page(None, 3).len(), 1);
    assert!(page(Some(2), 10).is_empty());
    let count = store
        .event_count(&EventFilter {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(count, 4, "event_count ignores paging");
}

fn combined_filters_all_apply(open: Open) {
    let (store, [deir, ..]) = filter_fixture(open);
    let filter = EventFilter {
        from: Some(day(2024, 3, 12)),
        to: Some(day(2024, 3, 12)),
        admin1: Some("SY09".to_string()),
        actor: Some("QSD".to_string()),
        status: Some(ReviewStatus::Confirmed),
        ..Default::default()
    };
    assert_eq!(listed(&store, &filter), [deir]);
}

fn dates_that_cannot_sort_as_text_are_refused(open: Open) {
    let mut store = open();
    let far = sample_event(day(12024, 3, 12), "a1");
    assert!(matches!(
        store.insert_event(&far),
        Err(Error::DateOutOfRange { .. })
    ));
    assert_eq!(store.event_count(&EventFilter::default()).unwrap(), 0);
}

crate::on_both_backends!(
    insert_assigns_sequential_zero_padded_ids,
    stored_event_round_trips_every_field,
    update_replaces_the_event_and_bumps_its_timestamp,
    update_of_an_unknown_event_is_an_error,
    update_drops_links_to_articles_no_longer_cited,
    events_between_uses_each_events_date_window,
    events_between_keeps_rejected_events_for_fusion,
    default_listing_is_by_date_and_leaves_rejected_out,
    filter_by_dates,
    filter_by_admin1_name_or_pcode_ignoring_case,
    filter_by_actor_substring_of_any_actor_field,
    filter_by_event_and_sub_event_type,
    filter_by_review_status,
    filter_by_bounding_box,
    limit_and_offset_page_through_the_listing,
    combined_filters_all_apply,
    dates_that_cannot_sort_as_text_are_refused,
);
