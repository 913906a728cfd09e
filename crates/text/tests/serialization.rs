//! The CLI's `marsad inspect` prints these records as JSON: field names are a contract.

use chrono::NaiveDate;
use marsad_text::{dates, normalize, numbers, tokens};
use serde_json::{json, to_value};

#[test]
fn records_serialize_with_their_field_names() {
    let text = normalize("قتل عنصرين أمس الثلاثاء بريف الرقة").text;
    let token = to_value(&tokens(&text)[2]).unwrap_or_default();
    assert_eq!(token["proclitics"], json!(""));
    assert!(token["range"]["start"].is_u64() && token["stem"]["end"].is_u64());
    let number = to_value(&numbers(&text)[0]).unwrap_or_default();
    assert_eq!(number["value"], json!(2));
    assert_eq!(number["dual"], json!(true));
    let date = to_value(&dates(&text, NaiveDate::from_ymd_opt(2019, 4, 10))[0]).unwrap_or_default();
    assert_eq!(date["kind"], json!("Relative"));
    assert_eq!(date["date"], json!("2019-04-09"));
    assert_eq!(date["time_precision"], json!(1));
    assert_eq!(date["past_marker"], json!(false));
}
