//! Line rules of `clean_text` on variants the seeds do not contain, and on real sentences
//! that merely share words with boilerplate.

use marsad_ingest::clean_text;

/// Cleans `before + line + after` and returns the reason `line` was cut, if it was.
fn reason_for(line: &str) -> Option<String> {
    let raw = format!("قتل عنصران من قسد بهجوم لخلايا التنظيم على حاجز في ريف دير الزور الشرقي.\n\n{line}\n\nوأعلن التنظيم مسؤوليته عن الهجوم في بيان نشرته وكالة أعماق التابعة له.");
    let (text, removed) = clean_text(&raw);
    let cut = removed
        .iter()
        .find(|r| r.text == line.trim())
        .map(|r| r.reason.clone());
    assert_eq!(cut.is_some(), !text.contains(line.trim()), "{line}");
    cut
}

#[test]
fn boilerplate_variants_are_cut_with_their_reason() {
    let cases = [
        ("قد يعجبك أيضا", "read-also"),
        ("قد يعحبك أيضاً", "read-also"),
        ("ربما يهمك", "read-also"),
        ("اقرأ أيضاً: التحالف يقصف مواقع للتنظيم في البادية", "read-also"),
        ("إقرأ ايضا", "read-also"),
        ("مواضيع ذات صلة", "read-also"),
        ("أخبار ذات صلة", "read-also"),
        ("الأكثر قراءة", "read-also"),
        ("You may also like", "read-also"),
        ("تابعونا على تلغرام", "follow-us"),
        ("تابعنا عبر صفحتنا على فيس بوك", "follow-us"),
        ("Follow us on Twitter", "follow-us"),
        ("التعليقات مغلقة.", "comments-closed"),
        ("Comments are closed.", "comments-closed"),
        ("أضف تعليقاً", "comment-form"),
        ("اترك رداً", "comment-form"),
        ("باستخدامك لهذا النموذج أنت توافق على تخزين بياناتك", "comment-form"),
        ("احفظ اسمي، بريدي الإلكتروني، والموقع الإلكتروني في هذا المتصفح لاستخدامها المرة المقبلة في تعليقي.", "comment-form"),
        ("نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. موافق", "cookie-notice"),
        ("This website uses cookies to improve your experience.", "cookie-notice"),
        ("https://example.org/news/123", "bare-url"),
        ("www.example.org", "bare-url"),
        ("08:15", "bare-time"),
        ("١٠:٤٤", "bare-time"),
        ("1,204 مشاهدة", "view-counter"),
        ("بقلم: أحمد محمد", "byline"),
        ("By admin", "byline"),
        ("حجم الخط", "font-size"),
        ("شارك على فيسبوك تويتر واتساب", "share-bar"),
        ("Facebook Twitter WhatsApp", "share-bar"),
        ("صورة أرشيفية", "photo-caption"),
        ("عناصر من قسد (إنترنت)", "photo-caption"),
        ("الصورة: عناصر من التنظيم في البادية", "photo-caption"),
        ("© جميع الحقوق محفوظة 2024", "copyright"),
        ("الوسوم: داعش، قسد، دير الزور", "tags"),
        ("* * *", "punctuation-only"),
        ("الرئيسية » أخبار » سوريا", "breadcrumb"),
    ];
    for (line, reason) in cases {
        assert_eq!(reason_for(line).as_deref(), Some(reason), "{line}");
    }
}

#[test]
fn sentences_sharing_words_with_boilerplate_are_kept() {
    for sentence in [
        "شارك مقاتلون من التنظيم في الهجوم على الحاجز.",
        "شارك عشرات المدنيين في تشييع الضحايا في الرقة",
        "تابعوا تقدمهم نحو البلدة رغم القصف.",
        "تابعنا مع مصادر محلية تفاصيل الهجوم على الحاجز.",
        "كتب مجهولون عبارات تهدد قسد على جدران حديقة البيضا وسط الرقة.",
        "قال المتحدث إن التعليقات التي نشرها التنظيم على قناته مفبركة.",
        "وأكدت المصادر أن 12 عنصراً قتلوا في الهجوم.",
        "وقعت الاشتباكات في الساعة 10:44 صباحاً قرب الحاجز.",
        "نشرت وكالة أعماق صوراً قالت إنها للهجوم، ولم يتسن التحقق منها.",
        "وأعادت قسد فتح الأرشيف الأمني للمعتقلين في سجن الصوامع.",
        "اقتحمت قوات قسد بلدة الشحيل صباح اليوم",
    ] {
        assert_eq!(reason_for(sentence), None, "{sentence}");
    }
}

#[test]
fn a_run_of_headlines_is_cut_but_a_subheading_is_kept() {
    let raw = "\
الجيش يقصف مواقع في ريف إدلب
مقتل مدني بانفجار لغم في ريف الرقة
قسد تعتقل خلية في الحسكة

هجوم على حاجز
قتل عنصران من قسد بهجوم لخلايا التنظيم على حاجز في بلدة الشحيل بريف دير الزور الشرقي.

تفاصيل

وأعلن التنظيم مسؤوليته عن الهجوم في بيان نشرته وكالة أعماق.";
    let (text, removed) = clean_text(raw);
    assert_eq!(
        text,
        "هجوم على حاجز\nقتل عنصران من قسد بهجوم لخلايا التنظيم على حاجز في بلدة الشحيل بريف دير الزور الشرقي.\nتفاصيل\nوأعلن التنظيم مسؤوليته عن الهجوم في بيان نشرته وكالة أعماق."
    );
    assert_eq!(removed.iter().filter(|r| r.reason == "nav-list").count(), 3);
}

#[test]
fn a_pull_quote_and_its_attribution_are_cut_once_the_full_sentence_is_there() {
    let raw = "\
قال المتحدث باسم قسد إن قواتنا تلاحق خلايا التنظيم في ريف دير الزور الشرقي منذ أسابيع، وإن العملية مستمرة.
قواتنا تلاحق خلايا التنظيم في ريف دير الزور الشرقي
المتحدث

وأضاف أن العملية أسفرت عن اعتقال عشرة أشخاص.";
    let (text, removed) = clean_text(raw);
    assert!(!text
        .lines()
        .any(|l| l == "قواتنا تلاحق خلايا التنظيم في ريف دير الزور الشرقي"));
    assert!(!text.lines().any(|l| l == "المتحدث"));
    let reasons: Vec<&str> = removed.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, ["pull-quote", "pull-quote-attribution"]);
}

#[test]
fn windows_line_ends_and_surrounding_spaces_are_handled() {
    let (text, removed) = clean_text("  قتل عنصر من قسد في الرقة.  \r\n\r\nتابعونا عبر فيسبوك\r\n");
    assert_eq!(text, "قتل عنصر من قسد في الرقة.");
    assert_eq!(removed.len(), 1);
}

#[test]
fn an_article_of_only_boilerplate_comes_out_empty() {
    let (text, removed) = clean_text("قد يعجبك أيضاً\nدع تعليقاً\nPrivacy & Cookies Policy");
    assert_eq!(text, "");
    assert_eq!(removed.len(), 3);
}

#[test]
fn a_post_in_short_lines_without_full_stops_is_kept_whole() {
    let raw = "عاجل\nانفجار سيارة مفخخة في شارع النور بالرقة\nأنباء عن قتلى وجرحى بين المدنيين\nالتفاصيل بعد قليل";
    let (text, removed) = clean_text(raw);
    assert_eq!(text, raw);
    assert!(removed.is_empty(), "{removed:?}");
}

#[test]
fn a_short_list_inside_the_body_is_kept() {
    let raw = "\
وشملت الهجمات خلال الأسبوع الماضي عدة بلدات في ريف دير الزور الشرقي، وهي:
بلدة الشحيل
بلدة ذيبان
قرية الحوايج
وأسفرت الهجمات عن مقتل خمسة عناصر من قسد وإصابة آخرين.";
    let (text, removed) = clean_text(raw);
    assert_eq!(text, raw);
    assert!(removed.is_empty(), "{removed:?}");
}
