//! Prints what `read_paths` yields for the given paths: articles (cleaned text, cut lines) and warnings.

use marsad_ingest::{read_paths, Input};

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    for input in read_paths(&paths) {
        match input {
            Input::Article(a) => {
                println!(
                    "=== {} [{}] {:?} {:?} {:?} {:?}",
                    a.id, a.origin, a.published, a.outlet, a.outlet_ar, a.title
                );
                println!("{}", a.text);
                for r in &a.removed {
                    println!(
                        "  - [{}] {}",
                        r.reason,
                        r.text.chars().take(100).collect::<String>()
                    );
                }
            }
            Input::Warning(w) => println!("!!! {w}"),
        }
    }
}
