//! Rebuilds the server when the embedded web UI changes. rust-embed tracks the files that
//! existed at the last build; this also catches files added since, such as the vendor folder
//! that `scripts/ui-assets.sh` creates after a first build without it.

fn main() {
    println!("cargo:rerun-if-changed=ui/src");
    println!("cargo:rerun-if-changed=../../data/gazetteer");
    if std::path::Path::new("ui/vendor").exists() {
        println!("cargo:rerun-if-changed=ui/vendor");
    } else {
        // The folder does not exist yet: watch its parent so that creating it rebuilds.
        println!("cargo:rerun-if-changed=ui/package.json");
        println!("cargo:rerun-if-changed=ui");
    }
}
