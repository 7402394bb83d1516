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

/// The page states worth checking, each saved as a file named for it: the fixed pages, and each
/// article blank, with notes of every level, at each step, and with mistakes.
async fn page_states(dir: &Path) -> Vec<PathBuf> {
    let mut pages = vec![
        ("home".to_string(), get("/").await, StatusCode::OK),
        ("about".to_string(), get("/about").await, StatusCode::OK),
        (
            "not-found".to_string(),
            get("/no/such/page").await,
            StatusCode::NOT_FOUND,
        ),
    ];
    for slug in slugs() {
        pages.push((
            slug.to_string(),
            get(&format!("/articles/{slug}")).await,
            StatusCode::OK,
        ));
        let every_level = check(slug, &every_level_answers(slug)).await;
        pages.push((format!("{slug}-notes"), every_level, StatusCode::OK));
        let step = check(slug, &[("step", "1")]).await;
        pages.push((
            format!("{slug}-step-1-errors"),
            step,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
        let quiz = articles()
            .iter()
            .find(|a| a.slug == slug)
            .unwrap()
            .quiz
            .as_ref()
            .unwrap();
        let first: Vec<(&str, &str)> = quiz
            .step_questions(0)
            .iter()
            .map(|q| (q.name.as_str(), "none"))
            .collect();
        let step_two = check(slug, &first).await;
        pages.push((format!("{slug}-step-2"), step_two, StatusCode::OK));
        let mistakes = check(slug, &mistaken_answers(slug)).await;
        pages.push((
            format!("{slug}-errors"),
            mistakes,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let mut pages = pages
        .into_iter()
        .map(|(name, page, status)| {
            assert_eq!(page.status, status, "{name}");
            (name, page.body())
        })
        .collect::<Vec<_>>();
    // A live preview whose last edit did not load: the banner on every page.
    let site = crate::support::load_test_content()
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
#[cfg_attr(
    html_checker_missing,
    ignore = "the Nu HTML Checker needs Java and vnu-jar: apt-get install default-jre-headless; npm ci (after a build, touch package-lock.json too)"
)]
async fn every_kind_of_page_is_valid_html() {
    let jar = vnu_jar();
    let java = Command::new("java").arg("-version").output().is_ok();
    assert!(
        java && jar.exists(),
        "the Nu HTML Checker needs Java and `npm ci` (vnu-jar)"
    );
    let dir = crate::support::scratch().join("html-pages");
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

/// The ids in a piece of markup, in order.
fn ids_in(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect()
}

#[actix_web::test]
async fn no_page_state_repeats_an_id() {
    let dir = crate::support::scratch().join("id-pages");
    std::fs::create_dir_all(&dir).unwrap();
    for file in page_states(&dir).await {
        let html = std::fs::read_to_string(&file).unwrap();
        let mut seen = std::collections::HashSet::new();
        for id in ids_in(&html) {
            assert!(
                seen.insert(id.to_string()),
                "{}: id `{id}` is used twice",
                file.display()
            );
        }
        assert!(seen.contains("main"), "{}: ids were read", file.display());
    }
}

/// Headings may not take the ids the page keeps for itself. That list must match what the
/// templates write: every id on an article page is a heading's or a reserved one, and every
/// reserved id or family is used.
#[actix_web::test]
async fn the_reserved_ids_are_the_ones_the_article_page_uses() {
    let reserved = backwise::content::RESERVED_IDS;
    let mut used = std::collections::BTreeSet::new();
    for article in articles() {
        let body = &article.body;
        let mut from_markdown: Vec<&str> = ids_in(body.intro.as_str());
        for section in &body.sections {
            from_markdown.extend(ids_in(section.heading.as_str()));
            from_markdown.extend(ids_in(section.body.as_str()));
        }
        let slug = article.slug.as_str();
        for page in [
            get(&article.url()).await,
            check(slug, &every_level_answers(slug)).await,
            check(slug, &calm_answers(slug)).await,
        ] {
            let html = page.body();
            for id in ids_in(&html)
                .into_iter()
                .filter(|id| !from_markdown.contains(id))
            {
                let family = reserved.prefixes.iter().find(|p| id.starts_with(*p));
                let kept = family
                    .copied()
                    .or(reserved.whole.iter().copied().find(|w| *w == id));
                let kept = kept.unwrap_or_else(|| {
                    panic!("{slug}: the page writes the id `{id}`, which RESERVED_IDS lacks")
                });
                used.insert(kept);
            }
        }
    }
    for kept in reserved.whole.iter().chain(reserved.prefixes) {
        assert!(
            used.contains(kept),
            "RESERVED_IDS keeps `{kept}`, which no article page uses"
        );
    }
}
