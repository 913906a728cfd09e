//! JSONL articles, read one line at a time.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use marsad_model::Warning;
use serde_json::{Map, Value};

use crate::assemble::Draft;
use crate::html::clean_html;
use crate::manifest::string_field;
use crate::plain::clean_text;
use crate::{Error, Input, Result, MAX_RECORD_BYTES};

/// One line read with a cap on its length.
#[derive(Debug)]
pub(crate) enum CappedLine {
    /// The line's bytes, without the newline.
    Complete(Vec<u8>),
    /// The line was longer than the cap (its length in bytes); it was skipped.
    TooLong(u64),
}

/// Reads one line, never holding more than `cap` bytes of it; `None` at end of input.
pub(crate) fn read_capped_line(
    reader: &mut impl BufRead,
    cap: u64,
) -> io::Result<Option<CappedLine>> {
    let mut line = Vec::new();
    let mut len = 0u64;
    let mut any = false;
    loop {
        let (consumed, done) = {
            let chunk = match reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                break;
            }
            any = true;
            let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (chunk.get(..i).unwrap_or_default(), true),
                None => (chunk, false),
            };
            len += part.len() as u64;
            if len <= cap {
                line.extend_from_slice(part);
            } else {
                line = Vec::new();
            }
            (part.len() + usize::from(done), done)
        };
        reader.consume(consumed);
        if done {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if len > cap {
        return Ok(Some(CappedLine::TooLong(len)));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(CappedLine::Complete(line)))
}

/// 1-based line and byte offset of the first invalid UTF-8 byte.
pub(crate) fn utf8_error_position(bytes: &[u8], error: &std::str::Utf8Error) -> (u64, usize) {
    let byte = error.valid_up_to();
    let line = 1 + bytes
        .get(..byte)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64;
    (line, byte)
}

/// A JSONL file being read: one article per line, `{"id","url","outlet","title","published","text"}`
/// (or `"html"` instead of `"text"`).
pub(crate) struct JsonlSource {
    reader: BufReader<File>,
    file: String,
    stem: String,
    line: u64,
    done: bool,
}

impl JsonlSource {
    /// Opens the file, refusing empty and binary ones up front.
    pub fn open(path: &Path) -> Result<JsonlSource> {
        let file = File::open(path)?;
        if file.metadata()?.len() == 0 {
            return Err(Error::Empty);
        }
        let mut reader = BufReader::with_capacity(64 * 1024, file);
        if reader.fill_buf()?.contains(&0) {
            return Err(Error::Binary);
        }
        Ok(JsonlSource {
            reader,
            file: path.display().to_string(),
            stem: path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            line: 0,
            done: false,
        })
    }

    /// The inputs of the next non-blank line; `None` at end of file.
    pub fn next_batch(&mut self) -> Option<Vec<Input>> {
        if self.done {
            return None;
        }
        loop {
            self.line += 1;
            let warn = |message: String| {
                Some(vec![Input::Warning(
                    Warning::new(&self.file, message).at_line(self.line),
                )])
            };
            let bytes = match read_capped_line(&mut self.reader, MAX_RECORD_BYTES) {
                Ok(Some(CappedLine::Complete(bytes))) => bytes,
                Ok(Some(CappedLine::TooLong(len))) => {
                    return warn(format!(
                        "line too long: {len} bytes, over the {MAX_RECORD_BYTES}-byte cap, skipped"
                    ))
                }
                Ok(None) => return None,
                Err(e) => {
                    // Stop reading this file: an I/O error usually repeats.
                    self.done = true;
                    return warn(format!("unreadable, reading stopped: {e}"));
                }
            };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let text = match std::str::from_utf8(&bytes) {
                Ok(text) => text,
                Err(e) => {
                    let (_, byte) = utf8_error_position(&bytes, &e);
                    return warn(format!("invalid UTF-8 at byte {byte} of the line, skipped"));
                }
            };
            let object = match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(object)) => object,
                Ok(_) => return warn("line is JSON but not an object, skipped".to_string()),
                Err(e) => return warn(format!("malformed JSON line, skipped: {e}")),
            };
            let mut out = Vec::new();
            self.article(&object).finish(&mut out);
            return Some(out);
        }
    }

    fn article(&self, object: &Map<String, Value>) -> Draft {
        let mut draft = Draft {
            id: string_field(object, "id")
                .unwrap_or_else(|| format!("{}-{}", self.stem, self.line)),
            url: string_field(object, "url"),
            outlet: string_field(object, "outlet"),
            outlet_ar: string_field(object, "outlet_ar"),
            title: string_field(object, "title"),
            dates: string_field(object, "published").into_iter().collect(),
            origin: format!("{}#{}", self.file, self.line),
            file: self.file.clone(),
            line: Some(self.line),
            ..Draft::default()
        };
        if let Some(text) = string_field(object, "text") {
            let (text, removed) = clean_text(&text);
            draft.text = text;
            draft.removed = removed;
        } else if let Some(html) = string_field(object, "html") {
            draft.take_page(clean_html(&html));
        } else {
            draft
                .notes
                .push("no \"text\" or \"html\" field".to_string());
        }
        draft
    }
}

/// Reads a whole single-article file as UTF-8, refusing oversized, empty, binary and non-UTF-8 files.
pub(crate) fn read_article_file(path: &Path, cap: u64) -> Result<String> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > cap {
        return Err(Error::TooLarge { size, cap });
    }
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(Error::TooLarge {
            size: bytes.len() as u64,
            cap,
        });
    }
    if bytes.contains(&0) {
        return Err(Error::Binary);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let (line, byte) = utf8_error_position(bytes, &e);
            return Err(Error::InvalidUtf8 { line, byte });
        }
    };
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_lines_skip_long_ones_and_keep_going() {
        let mut input: &[u8] = b"short\r\n0123456789abc\nlast";
        let mut lines = Vec::new();
        while let Some(line) = read_capped_line(&mut input, 8).unwrap() {
            lines.push(match line {
                CappedLine::Complete(b) => String::from_utf8(b).unwrap(),
                CappedLine::TooLong(n) => format!("too long {n}"),
            });
        }
        assert_eq!(lines, ["short", "too long 13", "last"]);
    }
}
