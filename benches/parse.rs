//! Parse throughput over the shared corpus (`../shared/corpus/{eml,msg}`),
//! files read into memory first, median of N passes (default 5, or the first
//! argument). Prints one machine-readable line per set:
//! `set files megabytes seconds files_per_s mb_per_s`.
//! `scripts/bench-parse` runs this next to the Python oracle and writes the
//! comparison table.

use std::path::Path;
use std::time::Instant;

/// (display name, bytes) of every file of a set.
type Files = Vec<(String, Vec<u8>)>;

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.join("EXPECTED.tsv").is_file() {
        eprintln!("SKIPPED: ../shared/corpus not found");
        return;
    }
    let reps: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5);
    let mut sets: Vec<(&str, Files)> = Vec::new();
    for set in ["eml", "msg"] {
        let mut files: Vec<_> = std::fs::read_dir(corpus.join(set))
            .expect("corpus folder")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        files.sort();
        let blobs = files
            .iter()
            .map(|p| (p.display().to_string(), std::fs::read(p).expect("readable")))
            .collect();
        sets.push((set, blobs));
    }
    let all: Files = sets.iter().flat_map(|(_, f)| f.clone()).collect();
    sets.push(("all", all));
    // BENCH_ONLY=eml|msg|all limits the run to one set (for profiling).
    let only = std::env::var("BENCH_ONLY").ok();
    for (set, files) in &sets {
        if only.as_deref().is_some_and(|o| o != *set) {
            continue;
        }
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
        let mut times = Vec::with_capacity(reps);
        for _ in 0..reps {
            let start = Instant::now();
            for (name, data) in files {
                let email = vtelink::mail::parse_bytes(data, Path::new(name));
                std::hint::black_box(&email);
            }
            times.push(start.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let mb = bytes as f64 / 1e6;
        println!(
            "{set} {} {mb:.3} {median:.6} {:.1} {:.2}",
            files.len(),
            files.len() as f64 / median,
            mb / median
        );
    }
}
