//! Embeds `static/` and `articles/` in the binary, so the release build runs from any directory.
//! Static files get a content hash in their URL, so browsers may cache them for a year.

use std::fmt::Write;
use std::path::Path;

/// (constant name, file in `static/`, content type)
const ASSETS: &[(&str, &str, &str)] = &[
    ("STYLESHEET", "style.css", "text/css; charset=utf-8"),
    ("ICON", "icon.svg", "image/svg+xml"),
];

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    println!("cargo::rerun-if-changed=static");
    println!("cargo::rerun-if-changed=articles");

    let mut out = String::new();
    for (name, file, content_type) in ASSETS {
        let path = root.join("static").join(file);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (stem, ext) = file
            .rsplit_once('.')
            .expect("asset names have an extension");
        let hash = fnv1a(&bytes);
        writeln!(
            out,
            "pub const {name}: Asset = Asset {{ path: \"/static/{stem}.{hash:012x}.{ext}\", \
             content_type: \"{content_type}\", bytes: include_bytes!({path:?}) }};"
        )
        .unwrap();
    }
    let names: Vec<&str> = ASSETS.iter().map(|(name, _, _)| *name).collect();
    writeln!(out, "pub const ALL: &[Asset] = &[{}];", names.join(", ")).unwrap();

    let mut files: Vec<_> = std::fs::read_dir(root.join("articles"))
        .expect("articles/ exists")
        .map(|entry| entry.expect("articles/ is readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "toml"))
        .collect();
    // Figures are named by their path inside the content folder: `figures/<name>.svg`.
    let figures = root.join("articles").join("figures");
    if let Ok(entries) = std::fs::read_dir(&figures) {
        files.extend(
            entries
                .map(|entry| entry.expect("articles/figures/ is readable").path())
                .filter(|p| p.extension().is_some_and(|e| e == "svg")),
        );
    }
    files.sort();
    writeln!(out, "pub const CONTENT_FILES: &[(&str, &str)] = &[").unwrap();
    for path in files {
        let file = path
            .file_name()
            .unwrap()
            .to_str()
            .expect("UTF-8 file names");
        let name = if path.parent() == Some(figures.as_path()) {
            format!("figures/{file}")
        } else {
            file.to_string()
        };
        writeln!(out, "    ({name:?}, include_str!({path:?})),").unwrap();
    }
    writeln!(out, "];").unwrap();

    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");

    mark_tests_needing_tools(root);
}

/// Tests that need a program or package the machine may lack, by the `cfg` that marks them
/// ignored (with the reason) when it is missing, so `cargo test` counts them as ignored, never
/// as passed. CI sets BACKWISE_REQUIRE_BROWSER=1: there none is ignored, and a missing tool fails.
const TOOLS: &[(&str, &[&str])] = &[
    (
        "browser_missing",
        &["/usr/bin/chromium", "/usr/bin/chromedriver"],
    ),
    ("axe_missing", &["node_modules/axe-core/axe.min.js"]),
    (
        "html_checker_missing",
        &["/usr/bin/java", "node_modules/vnu-jar/build/dist/vnu.jar"],
    ),
    ("prlimit_missing", &["/usr/bin/prlimit"]),
    ("curl_missing", &["/usr/bin/curl"]),
    ("nginx_missing", &["/usr/sbin/nginx", "/usr/bin/openssl"]),
];

fn mark_tests_needing_tools(root: &Path) {
    println!("cargo::rerun-if-env-changed=BACKWISE_REQUIRE_BROWSER");
    // Installing a package changes these folders, which reruns this check; so does `npm ci`
    // over an earlier install (its lock file inside node_modules). A first `npm ci` after a
    // build is not seen: `touch package-lock.json` then.
    for folder in ["/usr/bin", "/usr/sbin"] {
        println!("cargo::rerun-if-changed={folder}");
    }
    println!("cargo::rerun-if-changed=package-lock.json");
    if root.join("node_modules/.package-lock.json").exists() {
        println!("cargo::rerun-if-changed=node_modules/.package-lock.json");
    }
    let required = std::env::var("BACKWISE_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    for (cfg, paths) in TOOLS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        let installed = paths.iter().all(|p| root.join(p).exists());
        if !installed && !required {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}

/// FNV-1a, 64-bit: enough to tell one version of a file from the next.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    }) & 0xffff_ffff_ffff
}
