//! Prints the first reports of a seed: `cargo run -p marsad-bench --example sample_report -- 7 3`.

fn main() {
    let mut args = std::env::args().skip(1);
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(7);
    let count = args.next().and_then(|s| s.parse().ok()).unwrap_or(2);
    let generator = match marsad_bench::Generator::new(seed) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for report in generator.take(count) {
        println!(
            "== {} {} {} ({} bytes)\n{}\n{}",
            report.id,
            report.outlet,
            report.published,
            report.text.len(),
            report.title,
            report.text
        );
    }
}
