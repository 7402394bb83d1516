//! README's example article is complete: built from README's own text, beside the real content,
//! it loads with its self-check, and the whole site suite passes with it, as an editor following
//! README would find.

use std::path::Path;

/// The code block that follows the line naming `file` in README.
fn block_after(readme: &str, file: &str) -> String {
    let named = readme
        .find(&format!("`{file}`:"))
        .unwrap_or_else(|| panic!("README names {file}"));
    let open = named + readme[named..].find("```").unwrap();
    let body = open + readme[open..].find('\n').unwrap() + 1;
    let close = body + readme[body..].find("```").unwrap();
    readme[body..close].to_string()
}

/// A copy of the content with README's example article, quiz and answer sets beside the real
/// ones: (content folder, answers folder).
fn content_with_the_example(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let dir = crate::support::copy_of_the_content(name);
    for file in [
        "articles/posture-and-upper-back-pain.md",
        "articles/posture-and-upper-back-pain.quiz.toml",
    ] {
        let name = file.trim_start_matches("articles/");
        std::fs::write(dir.join(name), block_after(&readme, file)).unwrap();
    }
    let answers = dir.with_file_name(format!("{name}-answers"));
    let _ = std::fs::remove_dir_all(&answers);
    std::fs::create_dir_all(&answers).unwrap();
    for entry in std::fs::read_dir(root.join("tests/fixtures/answers"))
        .unwrap()
        .flatten()
    {
        std::fs::copy(entry.path(), answers.join(entry.file_name())).unwrap();
    }
    let file = "tests/fixtures/answers/posture-and-upper-back-pain.toml";
    std::fs::write(
        answers.join("posture-and-upper-back-pain.toml"),
        block_after(&readme, file),
    )
    .unwrap();
    (dir, answers)
}

/// README promises that a new article is tested without a change to the tests: this test runs
/// this very test binary again, every test of the site suite on a copy of the content with
/// README's example added. Left out: this test itself, and the tests of connections and of the
/// nginx front, which serve whatever content and would only compete for time with this run.
#[test]
fn the_whole_site_suite_passes_with_the_example_article_added() {
    let (dir, answers) = content_with_the_example("readme-example-suite");
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .env("BACKWISE_TEST_CONTENT", &dir)
        .env("BACKWISE_TEST_ANSWERS", &answers)
        .env("BACKWISE_TEST_SCRATCH", "with-the-example")
        .args([
            "--skip",
            "the_whole_site_suite_passes_with_the_example_article_added",
        ])
        .args(["--skip", "connections::", "--skip", "nginx_front::"])
        .output()
        .expect("the test binary runs");
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{out}\n{err}");
    // It did run the suite, article by article, the example's included.
    let summary = out
        .lines()
        .find(|line| line.starts_with("test result: ok."))
        .unwrap_or_else(|| panic!("{out}"));
    let passed: usize = summary["test result: ok. ".len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_default();
    assert!(passed > 100, "{summary}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&answers);
}

#[test]
fn the_example_article_in_readme_loads_with_its_self_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let dir = crate::support::copy_of_the_content("readme-example");
    for file in [
        "articles/posture-and-upper-back-pain.md",
        "articles/posture-and-upper-back-pain.quiz.toml",
    ] {
        let name = file.trim_start_matches("articles/");
        std::fs::write(dir.join(name), block_after(&readme, file)).unwrap();
    }
    let site = backwise::content::load_dir(&dir)
        .unwrap_or_else(|errors| panic!("README's example does not load: {errors:#?}"));
    let article = (site.articles.iter())
        .find(|a| a.slug == "posture-and-upper-back-pain")
        .expect("the example article is on the site");
    let quiz = article.quiz.as_ref().expect("with its self-check");
    assert_eq!(quiz.steps.len(), 2);
    assert!(quiz.question("sitting").is_some());
    let _ = std::fs::remove_dir_all(&dir);
}
