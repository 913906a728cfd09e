//! The geocoder reads places the way Syrian reports write them. Sentences written for these
//! tests, in the style of the reports.

use marsad_lexicon::{Gazetteer, Geocoder, Location, Relation};
use marsad_text::{match_form, normalize};

fn mf(raw: &str) -> String {
    match_form(&normalize(raw).text)
}

/// The locations of a sentence read in an article (context from the whole article).
fn locate_in(article: &str, sentence: &str) -> Vec<Location> {
    let g = Gazetteer::base();
    let geo = Geocoder::new(&g);
    let text = mf(article);
    let ctx = geo.context(&text);
    let s = mf(sentence);
    let start = text.find(&s).expect("sentence is in the article");
    geo.locations(&text, start..start + s.len(), &ctx)
}

fn locate(sentence: &str) -> Vec<Location> {
    locate_in(sentence, sentence)
}

fn one(sentence: &str) -> Location {
    let mut locs = locate(sentence);
    assert_eq!(locs.len(), 1, "{sentence}: {locs:#?}");
    locs.remove(0)
}

#[test]
fn countryside_of_a_governorate_is_coded_at_its_capital() {
    let l = one("هاجم مسلحون نقطة عسكرية بريف دير الزور الشرقي فجر اليوم");
    assert_eq!(l.location_ar, "دير الزور");
    assert_eq!(l.admin1.as_deref(), Some("Deir-ez-Zor"));
    assert_eq!(l.geo_precision, 3);
    assert_eq!(l.relation, Relation::Countryside);
    // Coordinates of the city (the governorate row is at the capital).
    let city = one("في مدينة دير الزور");
    assert_eq!((l.latitude, l.longitude), (city.latitude, city.longitude));
    assert_eq!(city.geo_precision, 1);
}

#[test]
fn direction_from_a_place() {
    let l = one("قصفت المدفعية مواقع شرق دير الزور");
    assert_eq!(l.relation, Relation::Direction);
    assert_eq!(l.admin1.as_deref(), Some("Deir-ez-Zor"));
    assert_eq!(l.geo_precision, 2);
}

#[test]
fn subdistrict_is_coded_at_its_town_with_precision_two() {
    let l = one("اعتقلت دورية شخصين في ناحية ذيبان");
    assert_eq!(l.location_ar, "ذيبان");
    assert_eq!(l.geo_precision, 2);
    assert!(!l.unresolved);
    // Spelling variant ديبان reaches the same place.
    assert_eq!(one("في ناحية ديبان").place, l.place);
}

#[test]
fn between_two_places_codes_both_with_precision_two() {
    let locs = locate("استهدف مسلحون حاجزاً بين مدينة الشحيل وبلدة الحوائج بريف دير الزور");
    assert_eq!(locs.len(), 2, "{locs:#?}");
    assert_eq!(locs[0].location_ar, "الشحيل");
    assert!(locs.iter().all(|l| l.relation == Relation::Between));
    assert_eq!(locs[0].geo_precision, 2);
    assert_eq!(locs[0].admin1.as_deref(), Some("Deir-ez-Zor"));
    assert_eq!(locs[1].admin1.as_deref(), Some("Deir-ez-Zor"));
}

#[test]
fn centre_and_entrance_of_a_city_are_the_city() {
    let l = one("انفجرت عبوة في شارع الجلاء وسط مدينة الرقة");
    assert_eq!(l.location_ar, "الرقة");
    assert_eq!(l.relation, Relation::Centre);
    assert_eq!(l.geo_precision, 1);
    assert_eq!(l.admin1.as_deref(), Some("Ar-Raqqa"));
    let l = one("هجوم على حاجز عند مدخل مدينة منبج");
    assert_eq!(l.location_ar, "منبج");
    assert_eq!(l.relation, Relation::Entrance);
    assert_eq!(l.geo_precision, 1);
    assert_eq!(l.admin1.as_deref(), Some("Aleppo"));
}

#[test]
fn badia_of_a_governorate_and_of_an_unknown_place() {
    let l = one("كمين لعناصر التنظيم في بادية دير الزور");
    assert_eq!(l.relation, Relation::Badia);
    assert_eq!(l.geo_precision, 3);
    assert_eq!(l.admin1.as_deref(), Some("Deir-ez-Zor"));
    let locs = locate_in(
        "تدور اشتباكات بريف دير الزور. وقتل جنديان في بادية دبلان مساء",
        "وقتل جنديان في بادية دبلان مساء",
    );
    assert_eq!(locs.len(), 1);
    assert_eq!(locs[0].location_ar, "دبلان");
    assert!(locs[0].unresolved);
    assert_eq!(locs[0].relation, Relation::Badia);
    assert_eq!(locs[0].admin1.as_deref(), Some("Deir-ez-Zor"));
    assert!(matches!(locs[0].geo_precision, 2 | 3));
}

#[test]
fn unknown_village_after_type_word_keeps_its_name_and_its_container() {
    let l = one("قتل ثلاثة في بلدة “الكبر” بريف دير الزور الغربي");
    assert_eq!(l.location_ar, "الكبر");
    assert!(l.unresolved);
    assert_eq!(l.admin1.as_deref(), Some("Deir-ez-Zor"));
    assert_eq!(l.geo_precision, 2);
    assert!(l.latitude.is_some());
    let l = one("استهداف سيارة في قرية الصبحة بريف دير الزور");
    assert_eq!(l.location_ar, "الصبحه");
    assert_eq!(l.type_word.as_deref(), Some("قريه"));
    // Two-word names: أبو X.
    let l = one("إعطاب آلية في ناحية أبو حمام");
    assert_eq!(l.location_ar, "ابو حمام");
    // A type word followed by an ordinary word is not a place.
    assert!(locate("اقتحمت القوات منطقة عسكرية مغلقة").is_empty());
    assert!(locate("عادت الحياة إلى المدينة").is_empty());
}

#[test]
fn unknown_village_with_only_the_article_context_is_precision_three() {
    let locs = locate_in(
        "تصاعدت الهجمات في دير الزور. وانفجرت عبوة في قرية المعامل",
        "وانفجرت عبوة في قرية المعامل",
    );
    assert_eq!(locs.len(), 1);
    assert_eq!(locs[0].admin1.as_deref(), Some("Deir-ez-Zor"));
    assert_eq!(locs[0].geo_precision, 3);
}

#[test]
fn proclitics_article_and_variants() {
    assert_eq!(one("وصلت التعزيزات للرقة").location_ar, "الرقة");
    assert_eq!(one("اشتباكات بالبوكمال").location_ar, "البوكمال");
    assert_eq!(one("اشتباكات في أبو كمال").location_ar, "البوكمال");
    assert_eq!(one("هجوم في الشدادة").location_ar, "الشدادي");
    assert_eq!(one("هجوم في الشدادة").admin1.as_deref(), Some("Al-Hasakeh"));
    assert_eq!(one("انسحبوا من منبج").location_ar, "منبج");
}

#[test]
fn names_that_are_common_words_need_context() {
    assert!(locate("فتح الباب أمام المفاوضات").is_empty());
    assert!(locate("صعد المقاتلون إلى قمة التل").is_empty());
    assert!(locate("نقل المعتقلون إلى السجن").is_empty());
    assert!(locate("تبنى التنظيم الهجوم").is_empty());
    assert!(locate("لجأ كثيرون إلى لبنان").is_empty());
    assert!(locate("في إشارة إلى الهجوم").is_empty());
    assert_eq!(one("قصف مدينة الباب").location_ar, "الباب");
    assert_eq!(one("اشتباكات في الباب").admin1.as_deref(), Some("Aleppo"));
    assert_eq!(
        one("سقطت قذائف وفي التل").admin1.as_deref(),
        Some("Rural Damascus")
    );
}

#[test]
fn same_name_in_two_governorates_resolved_by_context_both_ways() {
    // صوران: a town in Hama and a village in Aleppo.
    let hama = one("قصف بلدة صوران بريف حماة الشمالي");
    assert_eq!(hama.admin1.as_deref(), Some("Hama"));
    let aleppo = one("اشتباكات في قرية صوران بريف حلب الشمالي");
    assert_eq!(aleppo.admin1.as_deref(), Some("Aleppo"));
    assert_ne!(hama.place, aleppo.place);
    // From the article's other places when the sentence says nothing.
    let locs = locate_in(
        "توترت الأوضاع في إعزاز ومارع. وقتل شخص في صوران",
        "وقتل شخص في صوران",
    );
    assert_eq!(locs[0].admin1.as_deref(), Some("Aleppo"));
    let locs = locate_in(
        "توترت الأوضاع في محردة والسقيلبية. وقتل شخص في صوران",
        "وقتل شخص في صوران",
    );
    assert_eq!(locs[0].admin1.as_deref(), Some("Hama"));
}

#[test]
fn several_places_in_text_order() {
    let locs = locate("طالت الهجمات أتباع الطائفة في جرمانا وصحنايا");
    let names: Vec<&str> = locs.iter().map(|l| l.location_ar.as_str()).collect();
    assert_eq!(names, vec!["جرمانا", "صحنايا"]);
    assert!(locs
        .iter()
        .all(|l| l.admin1.as_deref() == Some("Rural Damascus")));
    assert!(locs.iter().all(|l| l.geo_precision == 1));
}

#[test]
fn a_countryside_after_a_place_qualifies_it_but_a_new_one_is_its_own() {
    let locs = locate("قتل عنصر في الرقة، وبريف دير الزور قتل آخر");
    let names: Vec<&str> = locs.iter().map(|l| l.location_ar.as_str()).collect();
    assert_eq!(names, vec!["الرقة", "دير الزور"]);
    assert_eq!(locs[1].geo_precision, 3);
}

#[test]
fn ranges_index_the_match_text() {
    let sentence = "قتل عنصر في مدينة منبج";
    let text = mf(sentence);
    let l = one(sentence);
    assert_eq!(&text[l.name_range.clone()], "منبج");
    assert_eq!(&text[l.range.clone()], "مدينه منبج");
}

#[test]
fn noise_never_panics() {
    let g = Gazetteer::base();
    let geo = Geocoder::new(&g);
    for raw in [
        "",
        "قرية",
        "بين",
        "في قرية “",
        "ريف ريف ريف",
        "بادية “دبلان",
        "x\u{0}y",
        "بلدة 5",
    ] {
        let t = mf(raw);
        let ctx = geo.context(&t);
        let _ = geo.locations(&t, 0..t.len(), &ctx);
        let _ = geo.locations(&t, 0..t.len() + 10, &ctx);
    }
}
