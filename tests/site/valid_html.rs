//! Every kind of page is valid HTML, as the Nu HTML Checker (the W3C validator, npm `vnu-jar`,
//! pinned in package-lock.json) sees it. It needs Java; CI installs both.

use crate::support::*;
use actix_web::http::StatusCode;
use askama::Template;
use std::path::{Path, PathBuf};
use std::process::Command;

fn vnu_jar() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/vnu-jar/build/dist/vnu.jar")
}

/// The page states worth checking, each saved as a file named for it.
async fn page_states(dir: &Path) -> Vec<PathBuf> {
    let every_level = every_level_answers(LIFTING);
    let mistakes: Vec<_> = calm_answers(WEIGHT_LOSS)
        .into_iter()
        .filter(|(name, _)| !["age_band", "urgent_signs"].contains(name))
        .collect();
    let mut pages = vec![
        ("home", get("/").await, StatusCode::OK),
        ("about", get("/about").await, StatusCode::OK),
        (
            "not-found",
            get("/no/such/page").await,
            StatusCode::NOT_FOUND,
        ),
        (
            "weight-loss",
            get(&format!("/articles/{WEIGHT_LOSS}")).await,
            StatusCode::OK,
        ),
        (
            "lifting",
            get(&format!("/articles/{LIFTING}")).await,
            StatusCode::OK,
        ),
        (
            "every-level",
            check(LIFTING, &every_level).await,
            StatusCode::OK,
        ),
        (
            "mistakes",
            check(WEIGHT_LOSS, &mistakes).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ]
    .into_iter()
    .map(|(name, page, status)| {
        assert_eq!(page.status, status, "{name}");
        (name.to_string(), page.body())
    })
    .collect::<Vec<_>>();
    // A live preview whose last edit did not load: the banner on every page.
    let site = backwise::load_content(None)
        .unwrap()
        .with_problems(vec!["articles/a.md:3: a problem".into()]);
    let home = backwise::web::pages::HomePage::new(&site).render().unwrap();
    pages.push(("preview-banner".into(), home));
    pages
        .into_iter()
        .map(|(name, html)| {
            let path = dir.join(format!("{name}.html"));
            std::fs::write(&path, html).unwrap();
            path
        })
        .collect()
}

#[actix_web::test]
async fn every_kind_of_page_is_valid_html() {
    let jar = vnu_jar();
    let java = Command::new("java").arg("-version").output().is_ok();
    if !(java && jar.exists()) {
        let missing = "the Nu HTML Checker needs Java and `npm ci` (vnu-jar)";
        assert!(
            std::env::var_os("BACKWISE_REQUIRE_BROWSER").is_none(),
            "{missing}"
        );
        eprintln!("skipped: {missing}");
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html-pages");
    std::fs::create_dir_all(&dir).unwrap();
    let files = page_states(&dir).await;
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "text"])
        .args(&files)
        .output()
        .expect("the checker runs");
    let report = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = report
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with("Document checking completed"))
        .collect();
    assert!(
        output.status.success() && errors.is_empty(),
        "HTML errors (pages in {}):\n{report}",
        dir.display()
    );
}

#[actix_web::test]
async fn no_page_state_repeats_an_id() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("id-pages");
    std::fs::create_dir_all(&dir).unwrap();
    for file in page_states(&dir).await {
        let html = std::fs::read_to_string(&file).unwrap();
        let mut seen = std::collections::HashSet::new();
        for id in html
            .split(" id=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
        {
            assert!(
                seen.insert(id.to_string()),
                "{}: id `{id}` is used twice",
                file.display()
            );
        }
        assert!(seen.contains("main"), "{}: ids were read", file.display());
    }
}
