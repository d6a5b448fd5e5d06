// Reads crate versions, one a line, and prints pairs as the `semver` crate (the one Cargo uses) orders them
// by precedence (build metadata ignored, as SemVer 2.0.0 §10 and OSV SEMVER ranges do): each adjacent pair of
// the sorted list and each pair five apart, as "a < b" or "a = b".
use semver::Version;
use std::cmp::Ordering;
use std::io::BufRead;

fn precedence(a: &Version, b: &Version) -> Ordering {
    (a.major, a.minor, a.patch, &a.pre).cmp(&(b.major, b.minor, b.patch, &b.pre))
}

fn main() {
    let mut versions: Vec<(String, Version)> = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        if line.is_empty() {
            continue;
        }
        match Version::parse(&line) {
            Ok(v) => versions.push((line, v)),
            Err(e) => panic!("not a valid version: {line}: {e}"),
        }
    }
    versions.sort_by(|a, b| precedence(&a.1, &b.1));
    for step in [1, 5] {
        for i in 0..versions.len().saturating_sub(step) {
            let (a, b) = (&versions[i], &versions[i + step]);
            let op = if precedence(&a.1, &b.1) == Ordering::Equal { "=" } else { "<" };
            println!("{} {} {}", a.0, op, b.0);
        }
    }
}
