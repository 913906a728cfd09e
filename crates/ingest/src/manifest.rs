//! `manifest.jsonl`: per-file metadata of a directory of articles.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use marsad_model::Warning;
use serde_json::{Map, Value};

use crate::jsonl::{read_capped_line, CappedLine};
use crate::MAX_RECORD_BYTES;

/// File name of a directory's manifest.
pub(crate) const MANIFEST_NAME: &str = "manifest.jsonl";

/// What a manifest says about one file: `{"id","file","outlet","outlet_ar","url","published","title"}`.
#[derive(Debug, Clone, Default)]
pub(crate) struct ManifestEntry {
    pub id: Option<String>,
    pub outlet: Option<String>,
    pub outlet_ar: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    /// 1-based line of the entry in the manifest, for warnings.
    pub line: u64,
}

/// A loaded manifest: entries by file path relative to the manifest's directory.
#[derive(Debug, Default)]
pub(crate) struct Manifest {
    /// The manifest file itself.
    pub path: PathBuf,
    entries: HashMap<String, (ManifestEntry, bool)>,
}

impl Manifest {
    /// Reads `dir/manifest.jsonl`; bad lines become warnings, the rest still load.
    pub fn load(dir: &Path) -> Option<(Manifest, Vec<Warning>)> {
        let path = dir.join(MANIFEST_NAME);
        if !path.is_file() {
            return None;
        }
        let origin = path.display().to_string();
        let mut manifest = Manifest {
            path: path.clone(),
            entries: HashMap::new(),
        };
        let mut warnings = Vec::new();
        let mut reader = match File::open(&path) {
            Ok(f) => BufReader::new(f),
            Err(e) => {
                warnings.push(Warning::new(&origin, format!("unreadable manifest: {e}")));
                return Some((manifest, warnings));
            }
        };
        let mut line_no = 0u64;
        loop {
            line_no += 1;
            let bytes = match read_capped_line(&mut reader, MAX_RECORD_BYTES) {
                Ok(Some(CappedLine::Complete(bytes))) => bytes,
                Ok(Some(CappedLine::TooLong(len))) => {
                    warnings.push(
                        Warning::new(
                            &origin,
                            format!("manifest line too long ({len} bytes), skipped"),
                        )
                        .at_line(line_no),
                    );
                    continue;
                }
                Ok(None) => break,
                Err(e) => {
                    warnings.push(
                        Warning::new(&origin, format!("unreadable manifest: {e}")).at_line(line_no),
                    );
                    break;
                }
            };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let object = match serde_json::from_slice::<Map<String, Value>>(&bytes) {
                Ok(object) => object,
                Err(e) => {
                    warnings.push(
                        Warning::new(&origin, format!("malformed manifest line: {e}"))
                            .at_line(line_no),
                    );
                    continue;
                }
            };
            let Some(file) = string_field(&object, "file") else {
                warnings.push(
                    Warning::new(&origin, "manifest line without \"file\", skipped")
                        .at_line(line_no),
                );
                continue;
            };
            let entry = ManifestEntry {
                id: string_field(&object, "id"),
                outlet: string_field(&object, "outlet"),
                outlet_ar: string_field(&object, "outlet_ar"),
                url: string_field(&object, "url"),
                published: string_field(&object, "published"),
                title: string_field(&object, "title"),
                line: line_no,
            };
            manifest
                .entries
                .insert(normalize_relative(&file), (entry, false));
        }
        Some((manifest, warnings))
    }

    /// The entry for a file (path relative to the manifest's directory), marking it used.
    pub fn take(&mut self, relative: &Path) -> Option<ManifestEntry> {
        let key = normalize_relative(&relative.to_string_lossy());
        self.entries.get_mut(&key).map(|(entry, used)| {
            *used = true;
            entry.clone()
        })
    }

    /// Whether the manifest lists this file (path relative to its directory).
    pub fn lists(&self, relative: &Path) -> bool {
        self.entries
            .contains_key(&normalize_relative(&relative.to_string_lossy()))
    }

    /// Entries no file claimed (listed but missing), sorted by manifest line.
    pub fn unused(&self) -> Vec<(String, u64)> {
        let mut unused: Vec<(String, u64)> = self
            .entries
            .iter()
            .filter(|(_, (_, used))| !used)
            .map(|(file, (entry, _))| (file.clone(), entry.line))
            .collect();
        unused.sort_by_key(|(_, line)| *line);
        unused
    }
}

fn normalize_relative(file: &str) -> String {
    file.trim().trim_start_matches("./").replace('\\', "/")
}

/// A string field, or a number written as one (`"id": 7`); blank strings count as absent.
pub(crate) fn string_field(object: &Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
