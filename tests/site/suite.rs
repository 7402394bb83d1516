//! The suite and README keep their word to a newcomer: a test that cannot run is counted as
//! ignored, never as passed, and README names the Rust version Cargo.toml asks for.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn test_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            test_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// A test that returns early when a program is missing is reported by cargo as passed: a
/// missing program is marked in build.rs instead, which has cargo count the test as ignored.
#[test]
fn no_test_skips_itself_and_passes() {
    let mut files = Vec::new();
    test_files(&root().join("tests"), &mut files);
    assert!(files.len() > 10, "{files:?}");
    let skipping: Vec<String> = files
        .iter()
        .filter(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            // Written apart so that this file does not name itself.
            text.contains(&format!("eprintln!(\"{}", "skipped"))
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(
        skipping.is_empty(),
        "tests that print `skipped` and pass: {skipping:?}; mark them in build.rs's TOOLS"
    );
}

#[test]
fn readme_names_the_rust_version_cargo_asks_for() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let version = manifest
        .lines()
        .find_map(|line| line.strip_prefix("rust-version = "))
        .expect("Cargo.toml sets rust-version")
        .trim_matches('"');
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("Backwise needs Rust {version} or later")),
        "README should say Rust {version} or later is needed"
    );
}
