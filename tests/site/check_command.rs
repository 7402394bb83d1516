//! `backwise check`, the editor's tool, run as an editor would run it.

use std::process::Command;

fn run_check(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_backwise"))
        .arg("check")
        .args(args)
        .output()
        .expect("the binary runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    (output.status.code().unwrap_or(-1), text)
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_real_content_passes_the_check_with_its_reading_levels() {
    let (code, out) = run_check(&[]);
    assert_eq!(code, 0, "{out}");
    for article in crate::support::articles() {
        let file = format!("articles/{}: ", article.file);
        let line = out
            .lines()
            .find(|l| l.starts_with(&file) && l.contains("words,"))
            .unwrap_or_else(|| panic!("no line for {file}\n{out}"));
        let quiz = article.quiz.as_ref().unwrap();
        let self_check = format!(
            "{file}self-check: {} questions in 2 steps (3 in the first), {} words to read",
            quiz.questions.len(),
            quiz.words_to_read()
        );
        assert!(out.contains(&self_check), "{self_check}\n{out}");
        assert!(
            line.contains("(Flesch-Kincaid)")
                && line.contains("(SMOG)")
                && line.contains("min read"),
            "{line}"
        );
    }
    assert!(out.ends_with("content ok\n"));
    // The shipped settings are for a local preview: the check says so, and still passes.
    assert!(
        out.contains("articles/site.toml: warning: the contact address `editors@backwise.example` is a placeholder"),
        "{out}"
    );
    let (code, out) = run_check(&["--base-url", "https://backwise.org"]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("base URL"), "{out}");
}

#[test]
fn a_broken_article_fails_the_check_with_file_and_line() {
    let dir = fixture("broken");
    let (code, out) = run_check(&["--content", &dir]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "{dir}/bad-link.md:15: link to `javascript:alert(1)` is not allowed"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{dir}/bad-link.md:17: citation `[^made-up-source]` names no source in sources.toml"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{dir}/sources.toml:2: source `nhs-back-pain` must link to an https:// address"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{dir}/figures/bad.svg:2: the figure holds an event handler (`onload`)"
        )),
        "{out}"
    );
    assert!(out.contains("problem(s) found"));
}

#[test]
fn an_overdue_review_and_hard_words_fail_the_check() {
    let dir = fixture("hard");
    let (code, out) = run_check(&["--content", &dir]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("overdue.md: the review was due on 2021-01-01"),
        "{out}"
    );
    assert!(
        out.contains("(Flesch-Kincaid) is above the ceiling of 7"),
        "{out}"
    );
    assert!(out.contains("has no self-check quiz"), "{out}");
    assert!(
        out.contains(
            "sources.toml: source `nothing-cites-this` is cited by no article and no note"
        ),
        "{out}"
    );
    assert!(
        out.contains("unreachable.md: the non-urgent card line of note `lasting-pain` has no path in the self-check"),
        "{out}"
    );
    assert!(
        out.contains("figures/unused.svg: no article shows this figure"),
        "{out}"
    );
}

#[test]
fn the_grade_ceiling_can_be_raised() {
    let (_, out) = run_check(&["--content", &fixture("hard"), "--max-grade", "40"]);
    assert!(!out.contains("above the ceiling"), "{out}");
}

#[test]
fn the_server_refuses_to_start_on_broken_content() {
    let output = Command::new(env!("CARGO_BIN_EXE_backwise"))
        .args(["--content", &fixture("broken"), "--addr", "127.0.0.1:0"])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("bad-link.md:15: link to `javascript:alert(1)`"),
        "{err}"
    );
    assert!(err.contains("not started"), "{err}");
}
