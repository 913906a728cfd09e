//! An HTML page with all the usual furniture around one article.

use chrono::NaiveDate;
use marsad_ingest::{clean_html, read_paths, Input};

const PAGE: &str = r##"<!DOCTYPE html>
<html lang="ar" dir="rtl" class="no-js has-sidebar">
<head>
  <meta charset="utf-8">
  <title>هجوم على حاجز لقسد في ريف دير الزور - موقع الخابور</title>
  <meta property="og:title" content="هجوم على حاجز لقسد في ريف دير الزور">
  <meta property="og:site_name" content="الخابور">
  <meta property="article:published_time" content="2024-05-14T09:12:00+03:00">
  <link rel="canonical" href="https://example.org/news/4521">
  <script>var tracking = "مقتل عنصرين";</script>
  <style>.x { color: red }</style>
</head>
<body>
  <header class="site-header">
    <nav class="main-menu"><ul>
      <li><a href="/">الرئيسية</a></li><li><a href="/news">أخبار</a></li><li><a href="/reports">تقارير</a></li>
    </ul></nav>
  </header>
  <div id="cookie-consent">يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك. <button>موافق</button></div>
  <div class="breadcrumb"><a href="/">الرئيسية</a> » <a href="/news">أخبار</a></div>
  <main>
    <article>
      <h1>هجوم على حاجز لقسد في ريف دير الزور</h1>
      <div class="byline">بقلم: فريق التحرير</div>
      <time datetime="2024-05-13">13 أيار 2024</time>
      <div class="share-buttons"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
      <figure><img src="a.jpg"><figcaption>عناصر من قسد - أرشيفية</figcaption></figure>
      <p>هاجم مسلحون يُعتقد أنهم من خلايا تنظيم الدولة حاجزاً لقوات سوريا الديمقراطية (قسد) في بلدة الشحيل بريف دير الزور الشرقي، <b>فجر أمس الاثنين</b>، ما أدى إلى مقتل عنصرين.</p>
      <p>وقالت مصادر محلية إن المهاجمين استخدموا أسلحة رشاشة وقذائف صاروخية، قبل أن ينسحبوا باتجاه البادية.</p>
      <h2>تصعيد</h2>
      <p>وتشهد المنطقة تصعيداً في هجمات الخلايا منذ مطلع الشهر الجاري.</p>
      <ul>
        <li><a href="/n/1">مقتل مدني بانفجار لغم في ريف الرقة</a></li>
        <li><a href="/n/2">قسد تعتقل خلية في الحسكة</a></li>
        <li><a href="/n/3">غارات على البادية السورية</a></li>
      </ul>
      <p>اقرأ أيضاً: <a href="/n/4">التحالف يدعم قسد بتعزيزات جديدة</a></p>
    </article>
    <aside class="related-posts">
      <h3>مواضيع ذات صلة</h3>
      <article><p>تفجير سيارة مفخخة في منبج يوقع قتلى وجرحى بين المدنيين في سوق المدينة.</p></article>
    </aside>
    <section id="comments">
      <h3>أضف تعليق</h3>
      <form><label>الاسم</label><input name="n"><textarea></textarea><button>إرسال</button></form>
    </section>
  </main>
  <footer><p>جميع الحقوق محفوظة © 2024 الخابور</p><p>تابعونا على فيسبوك وتويتر</p></footer>
</body>
</html>"##;

#[test]
fn article_body_is_kept_and_furniture_is_gone() {
    let page = clean_html(PAGE);
    for kept in [
        "هجوم على حاجز لقسد في ريف دير الزور",
        "هاجم مسلحون يُعتقد أنهم من خلايا تنظيم الدولة حاجزاً لقوات سوريا الديمقراطية (قسد) في بلدة الشحيل بريف دير الزور الشرقي، فجر أمس الاثنين، ما أدى إلى مقتل عنصرين.",
        "وقالت مصادر محلية إن المهاجمين استخدموا أسلحة رشاشة وقذائف صاروخية، قبل أن ينسحبوا باتجاه البادية.",
        "تصعيد",
        "وتشهد المنطقة تصعيداً في هجمات الخلايا منذ مطلع الشهر الجاري.",
    ] {
        assert!(page.text.lines().any(|l| l == kept), "lost: {kept}\n---\n{}", page.text);
    }
    for gone in [
        "الرئيسية",
        "ملفات تعريف الارتباط",
        "فريق التحرير",
        "واتساب",
        "أرشيفية",
        "مقتل مدني بانفجار لغم",
        "التحالف يدعم قسد",
        "تفجير سيارة مفخخة في منبج",
        "أضف تعليق",
        "إرسال",
        "جميع الحقوق",
        "تابعونا",
        "tracking",
        "color",
    ] {
        assert!(
            !page.text.contains(gone),
            "kept furniture {gone:?}\n---\n{}",
            page.text
        );
    }
    let reasons: Vec<&str> = page.removed.iter().map(|r| r.reason.as_str()).collect();
    for reason in [
        "html:header",
        "html:cookie",
        "html:breadcrumb",
        "html:share",
        "html:figcaption",
        "html:link-list",
        "html:aside",
        "html:comment",
        "html:footer",
        "read-also",
    ] {
        assert!(reasons.contains(&reason), "no {reason} in {reasons:?}");
    }
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

#[test]
fn metadata_comes_from_meta_tags() {
    let page = clean_html(PAGE);
    assert_eq!(
        page.title.as_deref(),
        Some("هجوم على حاجز لقسد في ريف دير الزور")
    );
    assert_eq!(page.published, NaiveDate::from_ymd_opt(2024, 5, 14));
    assert_eq!(
        page.canonical_url.as_deref(),
        Some("https://example.org/news/4521")
    );
    assert_eq!(page.site_name.as_deref(), Some("الخابور"));
}

#[test]
fn time_element_and_title_tag_are_the_fallbacks() {
    let html = r#"<html><head><title>عنوان الصفحة</title></head><body>
        <div class="content"><time datetime="2019-04-09T12:00:00+03:00">الثلاثاء</time>
        <p>انفجرت سيارة مفخخة في شارع النور وسط مدينة الرقة ظهر اليوم.</p></div></body></html>"#;
    let page = clean_html(html);
    assert_eq!(page.title.as_deref(), Some("عنوان الصفحة"));
    assert_eq!(page.published, NaiveDate::from_ymd_opt(2019, 4, 9));
    assert_eq!(
        page.text,
        "انفجرت سيارة مفخخة في شارع النور وسط مدينة الرقة ظهر اليوم."
    );
}

#[test]
fn without_article_tag_the_block_with_most_paragraph_text_wins() {
    let html = r#"<html><body>
        <div class="top"><p>خبر قصير.</p></div>
        <div class="entry"><p>قتل ثلاثة عناصر من قسد بهجوم لخلايا التنظيم على نقطة عسكرية في بلدة ذيبان.</p>
        <p>وأعلن التنظيم مسؤوليته عن الهجوم عبر وكالة أعماق.</p></div>
        <div class="sidebar"><p>الأكثر قراءة في الموقع خلال هذا الأسبوع كله بلا استثناء وبكل التفاصيل الممكنة والمتاحة للقراء جميعا.</p></div>
        </body></html>"#;
    let page = clean_html(html);
    assert_eq!(
        page.text,
        "قتل ثلاثة عناصر من قسد بهجوم لخلايا التنظيم على نقطة عسكرية في بلدة ذيبان.\nوأعلن التنظيم مسؤوليته عن الهجوم عبر وكالة أعماق."
    );
    assert!(page
        .removed
        .iter()
        .any(|r| r.reason == "html:outside-article" && r.text == "خبر قصير."));
}

#[test]
fn an_html_file_becomes_an_article_with_page_metadata() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("khabour-4521.html"), PAGE).unwrap();
    let inputs: Vec<Input> = read_paths(&[dir.path().to_path_buf()]).collect();
    let [Input::Article(a)] = inputs.as_slice() else {
        panic!("{inputs:?}")
    };
    assert_eq!(a.id, "khabour-4521");
    assert_eq!(a.published, NaiveDate::from_ymd_opt(2024, 5, 14));
    assert_eq!(a.url.as_deref(), Some("https://example.org/news/4521"));
    assert_eq!(a.outlet_ar.as_deref(), Some("الخابور"));
    assert!(a.text.contains("بلدة الشحيل"));
}

#[test]
fn unparseable_page_date_is_a_warning() {
    let html = r#"<html><head><meta property="article:published_time" content="2019-02-30"></head>
        <body><article><p>قتل عنصران من قسد.</p></article></body></html>"#;
    let page = clean_html(html);
    assert_eq!(page.published, None);
    assert!(
        page.warnings.iter().any(|w| w.contains("2019-02-30")),
        "{:?}",
        page.warnings
    );
}
