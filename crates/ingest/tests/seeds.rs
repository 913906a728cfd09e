//! The five real scraped reports: metadata from the manifest, boilerplate gone, every body
//! sentence kept.

use std::path::PathBuf;

use marsad_ingest::{read_paths, Input};
use marsad_model::Article;

fn seeds_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: {} absent, seed tests skipped", dir.display());
        None
    }
}

fn seed_articles() -> Option<(PathBuf, Vec<Article>, Vec<String>)> {
    let dir = seeds_dir()?;
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    for input in read_paths(std::slice::from_ref(&dir)) {
        match input {
            Input::Article(a) => articles.push(a),
            Input::Warning(w) => warnings.push(w.to_string()),
        }
    }
    Some((dir, articles, warnings))
}

fn article<'a>(articles: &'a [Article], id: &str) -> &'a Article {
    articles
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("seed {id} missing"))
}

/// Lines `from..=to` (1-based) of a seed file, non-blank, trimmed.
fn seed_lines(dir: &PathBuf, stem_prefix: &str, from: usize, to: usize) -> Vec<String> {
    let file = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(stem_prefix)
                && p.extension().is_some_and(|e| e == "txt")
        })
        .unwrap();
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .skip(from - 1)
        .take(to + 1 - from)
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn five_articles_with_the_manifest_dates_and_outlets() {
    let Some((_, articles, warnings)) = seed_articles() else {
        return;
    };
    assert_eq!(articles.len(), 5, "warnings: {warnings:?}");
    assert!(warnings.is_empty(), "{warnings:?}");
    let expect = [
        ("000", "2019-04-10", "Furat Post", "فرات بوست"),
        ("001", "2019-04-13", "ANA Press", "أنا برس"),
        ("002", "2025-04-30", "North Pulse", "نورث بالس"),
        ("003", "2024-11-22", "Q-Street", "كيو ستريت"),
        ("004", "2019-03-27", "Enab Baladi", "عنب بلدي"),
    ];
    for (id, date, outlet, outlet_ar) in expect {
        let a = article(&articles, id);
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some(date),
            "{id}"
        );
        assert_eq!(a.outlet.as_deref(), Some(outlet), "{id}");
        assert_eq!(a.outlet_ar.as_deref(), Some(outlet_ar), "{id}");
        assert!(a.origin.ends_with(".txt"), "{id}: {}", a.origin);
    }
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        ["000", "001", "002", "003", "004"],
        "sorted by file name"
    );
}

#[test]
fn seed_000_loses_cookie_notice_and_recommendations() {
    let Some((_, articles, _)) = seed_articles() else {
        return;
    };
    let a = article(&articles, "000");
    for gone in [
        "الكوكيز",
        "Privacy & Cookies",
        "قد يعحبك",
        "دع تعليقاً",
        "لهذا النموذج",
        "admindiaa",
    ] {
        assert!(!a.text.contains(gone), "{gone:?} still in 000");
    }
    let reasons: Vec<&str> = a.removed.iter().map(|r| r.reason.as_str()).collect();
    assert!(
        reasons.contains(&"cookie-notice") && reasons.contains(&"read-also"),
        "{reasons:?}"
    );
}

#[test]
fn seed_001_loses_the_2020_headline_list_and_page_furniture() {
    let Some((_, articles, _)) = seed_articles() else {
        return;
    };
    let a = article(&articles, "001");
    for gone in [
        "واشنطن تؤكد استعدادها لدعم تركيا فيما يخص إدلب",
        "ميلشيا الحشد الشعبي العراقي",
        "أكثر من 150 ألف حالة إصابة",
        "غارات على مواقع للميليشيات الإيرانية",
        "ميشيل عون",
        "مشافي حلب تعاني من نفاد أكياس الجثث",
        "تم إلغاء أعمال اللجنة الدستورية",
        "10:44",
        "http://anapress.net",
        "مشاهدة",
        "داعش- أرشيفية",
        "حجم الخط",
    ] {
        assert!(!a.text.contains(gone), "{gone:?} still in 001");
    }
    let title = "\"غزوة الثأر\" تعطي قبلة الحياة للتنظيم الداعشي";
    assert_eq!(
        a.text.matches(title).count(),
        1,
        "the repeated title is kept once"
    );
    let nav = a.removed.iter().filter(|r| r.reason == "nav-list").count();
    assert_eq!(nav, 8, "{:?}", a.removed);
}

#[test]
fn seed_002_loses_comments_closed_and_signature() {
    let Some((_, articles, _)) = seed_articles() else {
        return;
    };
    let a = article(&articles, "002");
    assert!(!a.text.contains("التعليقات مغلقة"));
    assert!(!a.text.ends_with("نورث بالس"));
}

#[test]
fn seed_003_loses_follow_us_and_see_also() {
    let Some((_, articles, _)) = seed_articles() else {
        return;
    };
    let a = article(&articles, "003");
    assert!(!a.text.contains("تابعونا عبر فيسبوك"));
    assert!(!a.text.contains("شاهد أيضاً"));
    assert!(!a.text.contains("الخارجية السورية تحذر"));
}

#[test]
fn every_body_line_of_every_seed_is_kept() {
    let Some((dir, articles, _)) = seed_articles() else {
        return;
    };
    // (seed, first body line, last body line), 1-based, as the files are laid out.
    let bodies: [(&str, &[(usize, usize)]); 5] = [
        ("000", &[(1, 1), (5, 13)]),
        ("001", &[(11, 11), (27, 32), (36, 64), (69, 75)]),
        ("002", &[(1, 7)]),
        ("003", &[(1, 5), (7, 13)]),
        ("004", &[(1, 12)]),
    ];
    for (id, ranges) in bodies {
        let a = article(&articles, id);
        let kept: Vec<&str> = a.text.lines().collect();
        for &(from, to) in ranges {
            for line in seed_lines(&dir, id, from, to) {
                assert!(kept.contains(&line.as_str()), "{id}: body line cut: {line}");
            }
        }
    }
}

#[test]
fn first_and_last_body_sentences_survive() {
    let Some((_, articles, _)) = seed_articles() else {
        return;
    };
    let samples = [
        ("000", "بعد مرور أيام من إعلان أمريكا و”قسد” القضاء نهائياً على نفوذ “تنظيم الدولة”"),
        ("000", "تفجير سيارة مفخخة في شارع النور وسط مدينة الرقة ظهر أمس الثلاثاء"),
        ("000", "مع التنويه إلى أن هذه الأهداف قد تأتي تحت أنماط وأشكال جديدة..وربما مسميات أخرى."),
        ("001", "أعلن تنظيم الدولة الإسلامية (داعش) مؤخراً عن ما سمّاه بـ \"غزوة الثأر لولاية الشام\""),
        ("001", "وكانت قسد قد أعلنت يوم الأربعاء قبل الماضي عن أربع تفجيرات انتحارية قام بها التنظيم في الرقة"),
        ("001", "أبو بكر البغدادي، مقابل 25 مليون دولار."),
        ("002", "وفّر العنف الطائفي على الساحة السورية فرصة لخلايا داعـ.ـش"),
        ("002", "وأسفرت عن فقدان 5 مقـ.ـاتلين لحياتهم في بلدة “الجزرات” بريف دير الزور الغربي"),
        ("002", "”لم يبق لها تأثير خارج حدودها إلا في الجزء العربي من العراق”.."),
        ("003", "عادت الرقة لتشهد ظهور عبارات تشبه شعارات “تنظـ.ـيم الدولة”"),
        ("003", "وبعد السيطرة على المدينة بأشهر، شهدت المدينة عدة هجمات طالت “قسد”"),
        ("003", "واكدت المعلومات الأولية بأنهم دخلوا إلى مدينة الرقة وسط استنفار مسلحي “قسد”."),
        ("004", "أعلن تنظيم “الدولة الإسلامية” عن عدة هجمات استهدفت “قوات سوريا الديمقراطية” (قسد)"),
        ("004", "مقتل عنصرين من “قسد” باستهداف دراجة نارية في قرية السويدان في ناحية ذيبان"),
        ("004", "قتل فيه أربعة جنود أمريكيين وعدد من عناصر “وحدات حماية الشعب” (الكردية)."),
    ];
    for (id, sentence) in samples {
        assert!(
            article(&articles, id).text.contains(sentence),
            "{id}: {sentence}"
        );
    }
}

#[test]
fn cut_lines_are_recorded_not_lost() {
    let Some((_, articles, _)) = seed_articles() else {
        return;
    };
    for a in &articles {
        for r in a.removed.iter().filter(|r| r.reason != "duplicate-line") {
            assert!(
                !r.reason.is_empty() && !r.text.trim().is_empty(),
                "{}: {r:?}",
                a.id
            );
            assert!(
                !a.text.lines().any(|l| l == r.text),
                "{}: cut line still in text: {}",
                a.id,
                r.text
            );
        }
    }
}
