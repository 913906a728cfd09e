//! The gazetteer: base data, lookups, merging sources, importers.

use marsad_lexicon::gazetteer::{import, Gazetteer, Place, PlaceId, PlaceKind};
use marsad_text::{match_form, normalize};

fn mf(raw: &str) -> String {
    match_form(&normalize(raw).text)
}

const OPEN_SYRIA: &str = "/work/shared/gazetteer/open-syria";

fn open_syria_files() -> Option<(String, String, String)> {
    let read = |f: &str| std::fs::read_to_string(format!("{OPEN_SYRIA}/{f}")).ok();
    match (
        read("governorates.json"),
        read("districts.json"),
        read("subdistricts.json"),
    ) {
        (Some(g), Some(d), Some(s)) => Some((g, d, s)),
        _ => {
            println!("note: {OPEN_SYRIA} absent, Open-Syria import test skipped");
            None
        }
    }
}

#[test]
fn base_has_fourteen_governorates_with_ocha_codes() {
    let g = Gazetteer::base();
    let govs: Vec<&Place> = g
        .places()
        .iter()
        .filter(|p| p.kind == PlaceKind::Governorate)
        .collect();
    assert_eq!(govs.len(), 14);
    let mut codes: Vec<&str> = govs
        .iter()
        .filter_map(|p| p.admin1_pcode.as_deref())
        .collect();
    codes.sort();
    let want: Vec<String> = (1..=14).map(|i| format!("SY{i:02}")).collect();
    assert_eq!(codes, want);
    // Every place is inside Syria's bounding box and has a governorate.
    for p in g.places() {
        assert!((32.0..37.5).contains(&p.latitude), "{p:?}");
        assert!((35.5..42.5).contains(&p.longitude), "{p:?}");
        assert!(p.admin1_pcode.is_some(), "{p:?}");
    }
}

#[test]
fn governorate_by_arabic_english_or_pcode() {
    let g = Gazetteer::base();
    for q in [
        "دير الزور",
        "محافظة دير الزور",
        "Deir-ez-Zor",
        "Deir ez-Zor",
        "SY09",
        "sy09",
    ] {
        let p = g.governorate(q).unwrap_or_else(|| panic!("{q}"));
        assert_eq!(p.admin1.as_deref(), Some("Deir-ez-Zor"), "{q}");
    }
    assert_eq!(
        g.governorate("الرقة")
            .and_then(|p| p.admin1_pcode.as_deref()),
        Some("SY11")
    );
    assert!(g.governorate("منبج").is_none());
    assert!(g.governorate("").is_none());
}

#[test]
fn major_places_are_in_the_right_governorate() {
    let g = Gazetteer::base();
    let admin1_of = |name: &str, kind: PlaceKind| -> Option<String> {
        let text = mf(name);
        let found = g.find(&text);
        let m = found.first()?;
        m.values
            .iter()
            .filter_map(|id| g.place(**id))
            .find(|p| p.kind == kind)
            .and_then(|p| p.admin1.clone())
    };
    assert_eq!(
        admin1_of("منبج", PlaceKind::City).as_deref(),
        Some("Aleppo")
    );
    assert_eq!(
        admin1_of("الرقة", PlaceKind::City).as_deref(),
        Some("Ar-Raqqa")
    );
    assert_eq!(
        admin1_of("البوكمال", PlaceKind::City).as_deref(),
        Some("Deir-ez-Zor")
    );
    assert_eq!(
        admin1_of("دمشق", PlaceKind::City).as_deref(),
        Some("Damascus")
    );
    assert_eq!(
        admin1_of("جرمانا", PlaceKind::City).as_deref(),
        Some("Rural Damascus")
    );
    assert_eq!(
        admin1_of("الشدادي", PlaceKind::Village).as_deref(),
        Some("Al-Hasakeh")
    );
}

#[test]
fn reviewed_variants_find_the_same_place() {
    let g = Gazetteer::base();
    let ids = |raw: &str| -> Vec<PlaceId> {
        let text = mf(raw);
        g.find(&text)
            .first()
            .map(|m| m.values.iter().map(|v| **v).collect())
            .unwrap_or_default()
    };
    assert!(!ids("ذيبان").is_empty());
    assert_eq!(ids("ذيبان"), ids("ديبان"));
    assert_eq!(ids("البوكمال"), ids("أبو كمال"));
    assert_eq!(ids("البوكمال"), ids("البو كمال"));
    assert_eq!(ids("الشدادي"), ids("الشدادة"));
}

fn place(id: u32, name: &str, kind: PlaceKind, lat: f64, lon: f64) -> Place {
    Place {
        id: PlaceId(id),
        name_ar: name.into(),
        variants_ar: vec![],
        name_en: String::new(),
        kind,
        latitude: lat,
        longitude: lon,
        admin1: None,
        admin1_pcode: None,
        admin2: None,
        admin2_pcode: None,
        admin3: None,
        admin3_pcode: None,
        population: None,
        source: "test".into(),
        source_id: id.to_string(),
    }
}

#[test]
fn merge_recognizes_the_same_place_and_adds_new_ones() {
    let mut a = place(1, "الحوايج", PlaceKind::Village, 35.0, 40.5);
    a.admin1_pcode = Some("SY09".into());
    let mut g = Gazetteer::from_places(vec![a]);
    // Same name in another spelling, 1 km away: merged, spelling kept as a variant.
    let mut b = place(2, "الحوائج", PlaceKind::Village, 35.009, 40.5);
    b.variants_ar.push("حوايج ذياب".into());
    b.admin2_pcode = Some("SY0903".into());
    // Same name 60 km away: another village.
    let c = place(3, "الحوايج", PlaceKind::Village, 35.5, 40.5);
    // Id already taken by another place: added with a fresh id.
    let d = place(1, "غرانيج", PlaceKind::Village, 34.8, 40.6);
    let report = g.merge(vec![b, c, d]);
    assert_eq!((report.merged, report.added), (1, 2));
    assert_eq!(g.places().len(), 3);
    let merged = g.place(PlaceId(1)).expect("kept");
    assert_eq!(merged.admin2_pcode.as_deref(), Some("SY0903"));
    assert!(merged.variants_ar.iter().any(|v| v == "حوايج ذياب"));
    let text = mf("في حوايج ذياب");
    assert_eq!(g.find(&text).len(), 1);
    assert!(g
        .places()
        .iter()
        .any(|p| p.name_ar == "غرانيج" && p.id != PlaceId(1)));
}

#[test]
fn open_syria_import_and_merge_with_base() {
    let Some((gov, dist, sub)) = open_syria_files() else {
        return;
    };
    let places = import::open_syria(&gov, &dist, &sub).expect("imports");
    let count = |k: PlaceKind| places.iter().filter(|p| p.kind == k).count();
    assert_eq!(count(PlaceKind::Governorate), 14);
    assert_eq!(count(PlaceKind::Subdistrict), 272);
    assert!(places
        .iter()
        .filter(|p| p.kind == PlaceKind::Subdistrict)
        .all(|p| p.admin3_pcode.is_some() && p.admin2_pcode.is_some() && p.admin1_pcode.is_some()));
    let base = Gazetteer::base();
    let before = base.places().len();
    let mut g = base;
    let report = g.merge(places);
    let govs = g
        .places()
        .iter()
        .filter(|p| p.kind == PlaceKind::Governorate)
        .count();
    assert_eq!(govs, 14, "governorates not duplicated");
    assert!(report.merged >= 14);
    assert_eq!(g.places().len(), before + report.added);
    // Settlements got admin2/admin3 from the nearest subdistrict in their governorate.
    let manbij = g
        .places()
        .iter()
        .find(|p| p.name_ar == "منبج" && p.kind == PlaceKind::City)
        .expect("Manbij");
    assert!(manbij
        .admin3_pcode
        .as_deref()
        .is_some_and(|c| c.starts_with("SY02")));
    assert!(report.admin_filled > 250);
    // Subdistrict names are now found in text.
    let text = mf("في ناحية ذيبان");
    assert!(!g.find(&text).is_empty());
}

#[test]
fn open_syria_bad_input_is_an_error_not_a_panic() {
    assert!(import::open_syria("not json", "[]", "[]").is_err());
    assert!(import::open_syria("{}", "[]", "[]").is_err());
    assert!(import::open_syria("[{\"id\": \"x\"}]", "[]", "[]").is_err());
    assert_eq!(
        import::open_syria("[]", "[]", "[]").map(|v| v.len()).ok(),
        Some(0)
    );
}

#[test]
fn geonames_dump_keeps_arabic_places_and_counts_bad_lines() {
    let row = |cols: [&str; 19]| cols.join("\t");
    let dump = [
        row([
            "9000001",
            "Al Jazrat",
            "Al Jazrat",
            "Al Jazrat,الجزرات,جزرات",
            "35.30",
            "40.05",
            "P",
            "PPL",
            "SY",
            "",
            "07",
            "",
            "",
            "",
            "0",
            "",
            "200",
            "Asia/Damascus",
            "2020-01-01",
        ]),
        row([
            "9000002",
            "Badiyat Dablan",
            "Badiyat Dablan",
            "بادية دبلان",
            "35.10",
            "40.70",
            "T",
            "DSRT",
            "SY",
            "",
            "07",
            "",
            "",
            "",
            "0",
            "",
            "250",
            "Asia/Damascus",
            "2020-01-01",
        ]),
        row([
            "9000003",
            "Nameless",
            "Nameless",
            "",
            "35.0",
            "40.0",
            "P",
            "PPL",
            "SY",
            "",
            "07",
            "",
            "",
            "",
            "0",
            "",
            "200",
            "Asia/Damascus",
            "2020-01-01",
        ]),
        row([
            "9000004",
            "Wadi",
            "Wadi",
            "وادي",
            "35.0",
            "40.0",
            "H",
            "WAD",
            "SY",
            "",
            "07",
            "",
            "",
            "",
            "0",
            "",
            "200",
            "Asia/Damascus",
            "2020-01-01",
        ]),
        "9000005\tbroken line".to_string(),
        row([
            "x",
            "Bad",
            "Bad",
            "سيئ",
            "north",
            "40.0",
            "P",
            "PPL",
            "SY",
            "",
            "07",
            "",
            "",
            "",
            "0",
            "",
            "200",
            "Asia/Damascus",
            "2020-01-01",
        ]),
    ]
    .join("\n");
    let (places, warnings) = import::geonames_dump(&dump);
    assert_eq!(places.len(), 2);
    assert_eq!(places[0].name_ar, "الجزرات");
    assert_eq!(places[0].variants_ar, vec!["جزرات".to_string()]);
    assert_eq!(places[0].admin1.as_deref(), Some("Deir-ez-Zor"));
    assert_eq!(places[0].kind, PlaceKind::Village);
    assert_eq!(places[1].kind, PlaceKind::Region);
    assert!(
        warnings.iter().any(|w| w.contains("2 bad lines")),
        "{warnings:?}"
    );
    // Merging adds the village to the base gazetteer.
    let mut g = Gazetteer::base();
    let report = g.merge(places);
    assert_eq!(report.added, 2);
    let text = mf("في بلدة الجزرات");
    let found = g.find(&text);
    assert_eq!(found.len(), 1, "بلدة is not a place; الجزرات is");
    assert_eq!(&text[found[0].range.clone()], "الجزرات");
}
