//! Sentences in the style of the seed reports' event sentences (written for this test, not
//! copied): each must give the place and governorate a coder would.

use marsad_lexicon::{Gazetteer, Geocoder};
use marsad_text::{match_form, normalize};

/// (article, event sentence in it, expected location_ar, expected admin1, expected precision).
const CASES: &[(&str, &str, &str, &str, u8)] = &[
    (
        "انفجرت سيارة مفخخة قرب دوار النعيم وسط مدينة الرقة صباح اليوم",
        "انفجرت سيارة مفخخة قرب دوار النعيم وسط مدينة الرقة صباح اليوم",
        "الرقة", "Ar-Raqqa", 1,
    ),
    (
        "تصاعدت هجمات الخلايا في ريف دير الزور. وهاجم مسلحون حاجزاً لقسد بين مدينة الشحيل وبلدة الحوائج",
        "وهاجم مسلحون حاجزاً لقسد بين مدينة الشحيل وبلدة الحوائج",
        "الشحيل", "Deir-ez-Zor", 2,
    ),
    (
        "قتل أربعة مقاتلين في بلدة “الجزرات” بريف دير الزور الغربي أمس",
        "قتل أربعة مقاتلين في بلدة “الجزرات” بريف دير الزور الغربي أمس",
        "الجزرات", "Deir-ez-Zor", 2,
    ),
    (
        "هاجم عناصر التنظيم نقطة عسكرية في بلدة “غرانيج” بريف دير الزور الشرقي",
        "هاجم عناصر التنظيم نقطة عسكرية في بلدة “غرانيج” بريف دير الزور الشرقي",
        "غرانيج", "Deir-ez-Zor", 2,
    ),
    (
        "استمرت الاشتباكات في جرمانا وصحنايا لليوم الثاني",
        "استمرت الاشتباكات في جرمانا وصحنايا لليوم الثاني",
        "جرمانا", "Rural Damascus", 1,
    ),
    (
        "استهدف التنظيم موقعاً لـ”الفيلق الخامس” في بادية دير الزور ليلاً",
        "استهدف التنظيم موقعاً لـ”الفيلق الخامس” في بادية دير الزور ليلاً",
        "دير الزور", "Deir-ez-Zor", 3,
    ),
    (
        "نفذ التنظيم هجمات في ريف دير الزور. وقتل عنصران بهجوم على دراجتهما في قرية السويدان",
        "وقتل عنصران بهجوم على دراجتهما في قرية السويدان",
        "السويدان", "Deir-ez-Zor", 3,
    ),
    (
        "تكررت الهجمات بريف دير الزور. وتضررت آلية بانفجار لغم في منطقة قحطانة",
        "وتضررت آلية بانفجار لغم في منطقة قحطانة",
        "قحطانه", "Deir-ez-Zor", 3,
    ),
    (
        "قتل خمسة عناصر بهجوم على حاجز عند مدخل مدينة منبج شرقي حلب",
        "قتل خمسة عناصر بهجوم على حاجز عند مدخل مدينة منبج شرقي حلب",
        "منبج", "Aleppo", 1,
    ),
    (
        "تبنى التنظيم أربع تفجيرات انتحارية في الرقة خلال الشهر",
        "تبنى التنظيم أربع تفجيرات انتحارية في الرقة خلال الشهر",
        "الرقة", "Ar-Raqqa", 1,
    ),
];

#[test]
fn seed_style_sentences_give_the_coded_place() {
    let g = Gazetteer::base();
    let geo = Geocoder::new(&g);
    let mut wrong = Vec::new();
    for (article, sentence, want_ar, want_admin1, want_precision) in CASES {
        let text = match_form(&normalize(article).text);
        let s = match_form(&normalize(sentence).text);
        let Some(start) = text.find(&s) else {
            wrong.push(format!("sentence not in article: {sentence}"));
            continue;
        };
        let ctx = geo.context(&text);
        let locs = geo.locations(&text, start..start + s.len(), &ctx);
        match locs.first() {
            Some(l)
                if l.location_ar == *want_ar
                    && l.admin1.as_deref() == Some(*want_admin1)
                    && l.geo_precision == *want_precision => {}
            other => wrong.push(format!("{sentence}: got {other:?}")),
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
