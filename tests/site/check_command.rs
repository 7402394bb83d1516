//! `backwise check`, the editor's tool, run as an editor would run it.

use crate::support::copy_of_the_content;
use std::path::Path;
use std::process::Command;

fn run_check(args: &[&str]) -> (i32, String) {
    run_check_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Runs `backwise check` from the folder `cwd`, as an editor would with a relative `--content`.
fn run_check_in(cwd: &Path, args: &[&str]) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_backwise"));
    command.current_dir(cwd).arg("check");
    // The content the tests run on, unless the test gives its own.
    if let Some(dir) = crate::support::test_content().filter(|_| !args.contains(&"--content")) {
        command.arg("--content").arg(dir);
    }
    let output = command.args(args).output().expect("the binary runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    (output.status.code().unwrap_or(-1), text)
}

/// Where the tests make their content folders.
fn scratch() -> std::path::PathBuf {
    crate::support::scratch()
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_real_content_passes_the_check_with_its_reading_levels() {
    let (code, out) = run_check(&[]);
    let folder = crate::support::test_content()
        .map_or("articles".to_string(), |dir| dir.display().to_string());
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("content ok\n"), "{out}");
    for article in crate::support::articles() {
        let file = format!("{folder}/{}: ", article.file);
        let line = out
            .lines()
            .find(|l| l.starts_with(&file) && l.contains("words,"))
            .unwrap_or_else(|| panic!("no line for {file}\n{out}"));
        let quiz = article.quiz.as_ref().unwrap();
        let steps = match quiz.steps.len() {
            1 => "1 step".to_string(),
            n => format!("{n} steps"),
        };
        let self_check = format!(
            "{file}self-check: {} questions in {steps}, {} words to read ({} in the first step)",
            quiz.questions.len(),
            quiz.words_to_read(),
            quiz.step_words(0)
        );
        assert!(out.contains(&self_check), "{self_check}\n{out}");
        assert!(
            line.contains("(Flesch-Kincaid)")
                && line.contains("(SMOG)")
                && line.contains("min read"),
            "{line}"
        );
    }
    // The shipped settings are for a local preview: the check says so, and it is no problem.
    assert!(
        out.contains(&format!("{folder}/site.toml: warning: the contact address `editors@backwise.example` is a placeholder")),
        "{out}"
    );
    let (_, out) = run_check(&["--base-url", "https://backwise.org"]);
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
        out.contains("unreachable.quiz.toml:14: the non-urgent card line of note `lasting-pain` has no path in the self-check: no answers raise it: no set of answers meets its `when` without its `unless` too"),
        "{out}"
    );
    assert!(
        out.contains("figures/unused.svg: no article shows this figure"),
        "{out}"
    );
    assert!(
        out.contains(&format!("{dir}/warning-signs.toml:30: sign `chest_pain` has no `follows`: quote the NHS or NICE wording it follows")),
        "{out}"
    );
    assert!(
        out.contains(&format!("{dir}/unreachable.quiz.toml:14: note `lasting-pain` (non-urgent) says “ordinary appointment”")),
        "{out}"
    );
    // No stories beside this folder: the signs are not held to them.
    assert!(!out.contains("ticked by no story"), "{out}");
}

#[test]
fn a_sign_no_story_ticks_fails_the_check_and_the_hazard_log_says_so() {
    let dir = fixture("hard");
    let stories = scratch().join("hard-stories.toml");
    let story =
        "[[vignette]]\nid = \"S1\"\narticle = \"unreachable\"\nanswers = [[\"pain\", \"weeks\"]]\n";
    std::fs::write(&stories, story).unwrap();
    let stories = stories.display().to_string();
    let (code, out) = run_check(&["--content", &dir, "--stories", &stories]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("{dir}/warning-signs.toml:30: sign `chest_pain` is ticked by no story in {stories}: add a story whose answers tick it")),
        "{out}"
    );
    let (code, log) = run_check(&["--content", &dir, "--stories", &stories, "--hazards"]);
    assert_eq!(code, 0, "{log}");
    assert!(log.starts_with("# Hazard log\n"), "{log}");
    assert!(
        log.contains("| `chest_pain` | emergency | Chest pain | **missing** | villareal-2017 | none | every self-check | alone; no story yet |"),
        "{log}"
    );
    let ticked = story.replace(
        "[\"pain\", \"weeks\"]",
        "[\"warning_signs\", \"chest_pain\"]",
    );
    let path = scratch().join("hard-stories-ticked.toml");
    std::fs::write(&path, ticked).unwrap();
    let (_, out) = run_check(&["--content", &dir, "--stories", &path.display().to_string()]);
    assert!(!out.contains("ticked by no story"), "{out}");
    let (code, out) = run_check(&["--content", &dir, "--stories", "/no/such/stories.toml"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("/no/such/stories.toml: cannot read"),
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
    // Each problem is named as the check names it: the file in its folder.
    let (_, check) = run_check(&["--content", &fixture("broken")]);
    let problem = format!(
        "{}/bad-link.md:15: link to `javascript:alert(1)`",
        fixture("broken")
    );
    assert!(err.contains(&problem), "{err}");
    assert!(check.contains(&problem), "{check}");
    assert!(err.contains("not started"), "{err}");
}

#[test]
fn every_file_that_cannot_be_read_is_named_once_with_the_line_of_a_bad_byte() {
    use std::os::unix::ffi::OsStrExt;
    let dir = copy_of_the_content("unreadable");
    let signs = dir.join("warning-signs.toml");
    let mut bytes = std::fs::read(&signs).unwrap();
    bytes.extend_from_slice(b"\n# caf\xe9\n");
    let line = bytes.iter().filter(|&&b| b == b'\n').count();
    std::fs::write(&signs, bytes).unwrap();
    std::fs::create_dir(dir.join("folder.toml")).unwrap();
    let bad_name = std::ffi::OsStr::from_bytes(b"draft\xff.md");
    std::fs::write(dir.join(bad_name), "+++\n").unwrap();

    let (code, out) = run_check_in(&scratch(), &["--content", "unreadable"]);
    assert_eq!(code, 1, "{out}");
    let expected = [
        format!(
            "unreadable/warning-signs.toml:{line}: byte 0xE9 at column 6 is not UTF-8: save the file as UTF-8"
        ),
        "unreadable/folder.toml: cannot be read: Is a directory (os error 21)".to_string(),
        "unreadable/draft\u{fffd}.md: the file name is not valid UTF-8, so the file is skipped: rename it".to_string(),
    ];
    for line in expected {
        assert!(out.lines().any(|l| l == line), "{line}\n{out}");
    }
    assert!(!out.contains("unreadable/unreadable"), "{out}");
    assert!(out.ends_with("3 problem(s) found\n"), "{out}");
}

#[test]
fn a_folder_that_is_missing_or_a_file_is_named_once() {
    let (code, out) = run_check(&["--content", "/nonexistent/backwise"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with(
            "/nonexistent/backwise: the content folder cannot be read: No such file or directory"
        ),
        "{out}"
    );
    let file = fixture("broken/bad-link.md");
    let (code, out) = run_check(&["--content", &file]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with(&format!(
            "{file}: is not a folder: give the folder that holds the articles"
        )),
        "{out}"
    );
}

#[test]
fn links_out_of_the_content_folder_are_refused_and_links_within_it_followed() {
    use std::os::unix::fs::symlink;
    let dir = copy_of_the_content("linked");
    let outside = scratch().join("outside-the-content.md");
    std::fs::write(&outside, "+++\n").unwrap();
    symlink(&outside, dir.join("elsewhere.md")).unwrap();
    symlink(dir.join("nowhere.toml"), dir.join("dangling.toml")).unwrap();
    // A link within the folder is an editor's own arrangement: it is followed.
    std::fs::rename(dir.join("your-pain.toml"), dir.join("shared.toml.txt")).unwrap();
    symlink("shared.toml.txt", dir.join("your-pain.toml")).unwrap();

    let (code, out) = run_check_in(&scratch(), &["--content", "linked"]);
    assert_eq!(code, 1, "{out}");
    let real = std::fs::canonicalize(&outside).unwrap();
    let expected = [
        format!(
            "linked/elsewhere.md: is a link to `{}`, outside the content folder: only links within it are followed; copy the file in instead",
            real.display()
        ),
        format!(
            "linked/dangling.toml: is a link to `{}`, which does not exist",
            dir.join("nowhere.toml").display()
        ),
    ];
    for line in &expected {
        assert!(out.lines().any(|l| l == line), "{line}\n{out}");
    }
    assert!(out.ends_with("2 problem(s) found\n"), "{out}");

    std::fs::remove_file(dir.join("elsewhere.md")).unwrap();
    std::fs::remove_file(dir.join("dangling.toml")).unwrap();
    let (code, out) = run_check_in(&scratch(), &["--content", "linked"]);
    assert_eq!(code, 0, "{out}");
}

#[actix_web::test]
async fn the_largest_answers_the_check_allows_for_are_what_the_server_accepts() {
    use backwise::content::quiz::QuestionKind;
    for article in crate::support::articles() {
        let quiz = article.quiz.as_ref().unwrap();
        let step = quiz.steps.len().to_string();
        let mut fields = vec![("step", step.as_str())];
        for question in &quiz.questions {
            let values = question.options.iter().map(|c| c.value.as_str());
            match question.kind {
                QuestionKind::Checkboxes => {
                    fields.extend(values.map(|v| (question.name.as_str(), v)))
                }
                QuestionKind::Radios => {
                    let longest = values.max_by_key(|v| v.len()).unwrap();
                    fields.push((question.name.as_str(), longest));
                }
            }
        }
        let body = crate::support::encode(&fields);
        assert_eq!(
            body.len(),
            backwise::check::largest_answer_body(quiz),
            "{}",
            article.slug
        );
        let page = crate::support::check(&article.slug, &fields).await;
        // Read, not refused: with every warning sign ticked, the result comes at once.
        assert_eq!(page.status, 200, "{}: {body}", article.slug);
        assert_eq!(
            page.outcome().as_deref(),
            Some("emergency"),
            "{}",
            article.slug
        );
    }
}

/// `check` runs the server's own start-up, so what it passes, the server serves: here an article
/// and a note holding a private-use character (U+E000), which once passed the check and then
/// stopped the server from starting.
#[test]
fn content_the_check_passes_is_content_the_server_serves() {
    let dir = copy_of_the_content("check-agrees-with-serve");
    let article = crate::support::articles()
        .iter()
        .find(|a| a.quiz.is_some())
        .expect("an article with a self-check");
    let path = dir.join(&article.file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nA mark: \u{E000}.\n")).unwrap();
    let shown = dir.to_str().unwrap();
    let (code, out) = run_check(&["--content", shown]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("content ok\n"), "{out}");
    let server = crate::server::RunningServer::start(&["--content", shown]);
    let page = server.get(&article.url());
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains('\u{E000}'), "the article is served whole");
    let answers = crate::support::encode(&crate::support::every_level_answers(&article.slug));
    let result = server.post_form(&format!("{}/check", article.url()), &answers);
    assert!(result.starts_with("HTTP/1.1 200"), "{result}");
    assert!(result.contains("data-outcome=\"emergency\""), "{result}");
    assert!(
        result.contains('\u{E000}'),
        "the result holds the article whole"
    );
}

/// A note no reader can get is named at the line of its `id`, with why: a route held back every
/// time by a more serious note raised with it, or by its own `unless`.
#[test]
fn a_note_no_reader_can_ever_get_is_named_with_its_line_and_why() {
    let dir = copy_of_the_content("never-raised");
    let quiz = r#"include = ["warning-signs.toml", "your-pain.toml"]

[[steps]]
heading = "Warning signs"
questions = QUESTIONS

[[steps]]
heading = "About you"
questions = ["your_pain", "age_band", "sitting"]

[[questions]]
name = "sitting"
type = "radios"
legend = "Do you sit for hours without a break?"
options = [
  { value = "yes", label = "Yes" },
  { value = "no", label = "No" },
]

[[notes]]
id = "only-in-an-emergency"
level = "advice"
section = "self-care"
title = "Keep moving"
body = "Moving helps."
source = "nhs-back-pain"
topics = ["exercise"]
when = [{ question = "QUESTION", any_of = ["VALUE"] }]

[[notes]]
id = "never-at-all"
level = "advice"
section = "self-care"
title = "Sit less"
body = "Sitting less helps."
source = "nhs-back-pain"
when = [{ question = "sitting", any_of = ["yes"] }]
unless = [{ question = "sitting", any_of = ["yes"] }]
"#;
    // The first step's questions every self-check shares (the warning signs, from the files it
    // includes), and an emergency sign, as the content names them.
    let site = crate::support::load_test_content();
    let quizzes: Vec<_> = site
        .articles
        .iter()
        .filter_map(|a| a.quiz.as_ref())
        .collect();
    let shipped = quizzes[0];
    let first: Vec<String> = shipped
        .step_questions(0)
        .iter()
        .filter(|q| quizzes.iter().all(|quiz| quiz.question(&q.name).is_some()))
        .map(|q| format!("{:?}", q.name))
        .collect();
    let (question, value) = shipped
        .questions
        .iter()
        .find_map(|q| {
            let sign = q.options.iter().find(|o| {
                shipped.notes.iter().any(|n| {
                    n.level.key() == "emergency"
                        && n.triggers.iter().any(|t| {
                            t.when
                                .iter()
                                .any(|c| c.question == q.name && c.any_of.contains(&o.value))
                        })
                })
            })?;
            Some((q.name.clone(), sign.value.clone()))
        })
        .expect("an emergency sign");
    let quiz = quiz
        .replace("QUESTIONS", &format!("[{}]", first.join(", ")))
        .replace("QUESTION", &question)
        .replace("VALUE", &value);
    let article = std::fs::read_to_string(dir.join("weight-loss-and-upper-back-pain.md"))
        .unwrap()
        .replace(
            "slug = \"weight-loss-and-upper-back-pain\"",
            "slug = \"never-raised\"",
        );
    std::fs::write(dir.join("never-raised.md"), article).unwrap();
    std::fs::write(dir.join("never-raised.quiz.toml"), &quiz).unwrap();
    let line_of = |id: &str| {
        1 + quiz
            .lines()
            .position(|l| l == format!("id = \"{id}\""))
            .unwrap()
    };
    let (code, out) = run_check(&["--content", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let file = format!("{}/never-raised.quiz.toml", dir.display());
    assert!(
        out.contains(&format!(
            "{file}:{}: note `only-in-an-emergency` can never be raised: every set of answers that raises it also raises a more serious note that holds back its topics (exercise)",
            line_of("only-in-an-emergency")
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{file}:{}: note `never-at-all` can never be raised: no set of answers meets its `when` without its `unless` too",
            line_of("never-at-all")
        )),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
