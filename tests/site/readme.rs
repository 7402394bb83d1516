//! README's example article is complete: built from README's own text, beside the real content,
//! it loads with its self-check, as an editor following README would find.

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
