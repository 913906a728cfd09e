//! Walking files and directories into a stream of [`Input`]s.

use std::collections::VecDeque;
use std::fs;
use std::path::{Path, PathBuf};

use marsad_model::Warning;

use crate::assemble::Draft;
use crate::feed::FeedSource;
use crate::html::clean_html;
use crate::jsonl::{read_article_file, JsonlSource};
use crate::manifest::{Manifest, ManifestEntry, MANIFEST_NAME};
use crate::plain::clean_text;
use crate::{Input, MAX_FILE_BYTES};

/// A headline is at most this many words; a first line this short that does not end in `.`
/// is taken as the title of a plain-text article.
const TITLE_MAX_WORDS: usize = 25;

/// Streams every article and warning under the given files and directories (recursively).
/// Arguments are read in the order given; directory entries sorted by name; dot-files skipped.
/// Only one directory listing per level and one open file are held at a time.
///
/// ```no_run
/// use marsad_ingest::{read_paths, Input};
/// for input in read_paths(&["corpus".into()]) {
///     match input {
///         Input::Article(a) => println!("{} {:?}", a.id, a.published),
///         Input::Warning(w) => eprintln!("{w}"),
///     }
/// }
/// ```
pub fn read_paths(paths: &[PathBuf]) -> Inputs {
    Inputs {
        roots: paths.iter().cloned().collect(),
        dirs: Vec::new(),
        source: None,
        pending: VecDeque::new(),
    }
}

/// The iterator [`read_paths`] returns.
pub struct Inputs {
    roots: VecDeque<PathBuf>,
    dirs: Vec<DirFrame>,
    source: Option<Source>,
    pending: VecDeque<Input>,
}

/// One directory being walked.
struct DirFrame {
    dir: PathBuf,
    entries: std::vec::IntoIter<PathBuf>,
    manifest: Option<Manifest>,
}

/// A multi-article file being read.
enum Source {
    Jsonl(JsonlSource),
    Feed(Box<FeedSource>),
}

/// How a file is read, by extension.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Text,
    Html,
    Jsonl,
    Feed,
}

fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" => Format::Text,
        "html" | "htm" => Format::Html,
        "jsonl" => Format::Jsonl,
        "xml" | "rss" | "atom" => Format::Feed,
        _ => return None,
    })
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if let Some(input) = self.pending.pop_front() {
                return Some(input);
            }
            if let Some(source) = self.source.as_mut() {
                let batch = match source {
                    Source::Jsonl(s) => s.next_batch(),
                    Source::Feed(s) => s.next_batch(),
                };
                match batch {
                    Some(batch) => self.pending.extend(batch),
                    None => self.source = None,
                }
                continue;
            }
            if let Some(frame) = self.dirs.last_mut() {
                match frame.entries.next() {
                    Some(path) => self.visit(path, false),
                    None => self.leave_dir(),
                }
                continue;
            }
            let root = self.roots.pop_front()?;
            self.visit(root, true);
        }
    }
}

impl Inputs {
    fn warn(&mut self, path: &Path, message: impl Into<String>) {
        self.pending.push_back(Input::Warning(Warning::new(
            path.display().to_string(),
            message,
        )));
    }

    fn visit(&mut self, path: PathBuf, given: bool) {
        let meta = match fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) => return self.warn(&path, format!("unreadable: {e}")),
        };
        let is_dir = if meta.file_type().is_symlink() {
            match fs::metadata(&path) {
                Ok(target) if target.is_dir() && !given => {
                    return self.warn(&path, "symbolic link to a directory, not followed");
                }
                Ok(target) => target.is_dir(),
                Err(e) => return self.warn(&path, format!("broken symbolic link: {e}")),
            }
        } else {
            meta.is_dir()
        };
        if is_dir {
            self.enter_dir(path);
        } else {
            self.read_file(&path, given);
        }
    }

    fn enter_dir(&mut self, dir: PathBuf) {
        let listing = match fs::read_dir(&dir) {
            Ok(listing) => listing,
            Err(e) => return self.warn(&dir, format!("unreadable directory: {e}")),
        };
        let mut entries = Vec::new();
        for entry in listing {
            match entry {
                Ok(entry) => {
                    let name = entry.file_name();
                    let name = name.to_string_lossy();
                    if !name.starts_with('.') && name != MANIFEST_NAME {
                        entries.push(entry.path());
                    }
                }
                Err(e) => self.warn(&dir, format!("unreadable directory entry: {e}")),
            }
        }
        entries.sort();
        let manifest = Manifest::load(&dir).map(|(manifest, warnings)| {
            self.pending
                .extend(warnings.into_iter().map(Input::Warning));
            manifest
        });
        self.dirs.push(DirFrame {
            dir,
            entries: entries.into_iter(),
            manifest,
        });
    }

    fn leave_dir(&mut self) {
        let Some(frame) = self.dirs.pop() else { return };
        if let Some(manifest) = frame.manifest {
            let origin = manifest.path.display().to_string();
            for (file, line) in manifest.unused() {
                self.pending.push_back(Input::Warning(
                    Warning::new(
                        &origin,
                        format!("manifest lists {file:?}, which is not there"),
                    )
                    .at_line(line),
                ));
            }
        }
    }

    /// The nearest manifest's entry for this file: from the directories being walked, or, for a
    /// file given by itself, from its own directory.
    fn manifest_entry(&mut self, path: &Path, given: bool) -> Option<ManifestEntry> {
        if given {
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let (mut manifest, _) = Manifest::load(dir)?;
            return manifest.take(Path::new(path.file_name()?));
        }
        for frame in self.dirs.iter_mut().rev() {
            if let Some(manifest) = frame.manifest.as_mut() {
                let relative = path.strip_prefix(&frame.dir).ok()?;
                return manifest.take(relative);
            }
        }
        None
    }

    /// Whether a walked file sits beside a manifest that does not list it: the manifest names
    /// the corpus of its directory, so its neighbours (a gold file, a README, a script) are not
    /// articles. Subdirectories are walked as usual.
    fn unlisted(&self, path: &Path) -> bool {
        let Some(parent) = path.parent() else {
            return false;
        };
        self.dirs
            .iter()
            .rev()
            .find(|frame| frame.dir == parent)
            .and_then(|frame| frame.manifest.as_ref())
            .is_some_and(|manifest| {
                path.file_name()
                    .is_some_and(|name| !manifest.lists(Path::new(name)))
            })
    }

    fn read_file(&mut self, path: &Path, given: bool) {
        if !given && self.unlisted(path) {
            return;
        }
        let Some(format) = format_of(path) else {
            if path.file_name().is_some_and(|n| n == MANIFEST_NAME) {
                return self.warn(
                    path,
                    "a manifest is read with its directory, not as articles",
                );
            }
            return self.warn(path, "unknown extension, skipped (expected .txt, .html, .htm, .jsonl, .xml, .rss, .atom)");
        };
        let opened = match format {
            Format::Jsonl => JsonlSource::open(path).map(Source::Jsonl),
            Format::Feed => FeedSource::open(path).map(|f| Source::Feed(Box::new(f))),
            Format::Text | Format::Html => {
                let entry = self.manifest_entry(path, given);
                return self.read_single(path, format, entry);
            }
        };
        match opened {
            Ok(source) => self.source = Some(source),
            Err(e) => self.warn(path, e.to_string()),
        }
    }

    /// A `.txt` or `.html` file: one article.
    fn read_single(&mut self, path: &Path, format: Format, entry: Option<ManifestEntry>) {
        let content = match read_article_file(path, MAX_FILE_BYTES) {
            Ok(content) => content,
            Err(e) => return self.warn(path, e.to_string()),
        };
        let file = path.display().to_string();
        let entry = entry.unwrap_or_default();
        let mut draft = Draft {
            id: entry.id.clone().unwrap_or_else(|| {
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            }),
            url: entry.url,
            outlet: entry.outlet,
            outlet_ar: entry.outlet_ar,
            title: entry.title,
            dates: entry.published.into_iter().collect(),
            origin: file.clone(),
            file,
            line: None,
            ..Draft::default()
        };
        match format {
            Format::Html => draft.take_page(clean_html(&content)),
            _ => {
                let (text, removed) = clean_text(&content);
                if draft.title.is_none() {
                    draft.title = title_line(&text);
                }
                draft.text = text;
                draft.removed = removed;
            }
        }
        let mut out = Vec::new();
        draft.finish(&mut out);
        self.pending.extend(out);
    }
}

/// The first line of a plain-text article when it reads as a headline: short, not ending in `.`.
/// `ما وراء تصعيد "تنظيم الدولة" من هجماته في الرقة؟` is one; a first sentence ending in `.` is not.
fn title_line(text: &str) -> Option<String> {
    let first = text.lines().next()?.trim();
    let words = first.split_whitespace().count();
    (words > 0 && words <= TITLE_MAX_WORDS && !first.ends_with('.')).then(|| first.to_string())
}
