//! Micro-benchmarks of the work a quiz submission does: reading the form, evaluating the
//! answers, rendering the result page and compressing it (at each zlib level, so the level
//! chosen for pages made per request can be weighed); and of loading the content, with one
//! article grown to 0.25, 1 and 5 MB, so that loading time that grows faster than the text
//! shows. `cargo bench` prints the median time of each, so a regression shows up as a number.
//!
//! A small harness of its own (no external framework): each case runs in batches for about a
//! second and the median batch is reported. Filter cases with `cargo bench -- <words>`.

use askama::Template;
use backwise::content::Article;
use backwise::content::quiz::evaluate::evaluate;
use backwise::content::quiz::{Answers, QuestionKind};
use backwise::content::settings::Settings;
use backwise::web::encoding::{Effort, PER_REQUEST_LEVEL, gzip};
use backwise::web::form::parse_form;
use backwise::web::pages::{ArticlePage, Back, StepPage};
use flate2::{Compression, read::GzDecoder, write::GzEncoder};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::{Read, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SLUG: &str = "weightlifting-and-mid-back-pain";
const UNANSWERED: &str = "warning_signs=none&lifting=new";

/// One of the answer sets the tests use, from `tests/fixtures/answers/<slug>.toml`, as a form
/// body.
fn answer_set(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/answers/{SLUG}.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let sets: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let pairs = sets[name].as_array().expect("a list of answers");
    pairs
        .iter()
        .map(|pair| {
            let pair = pair.as_array().expect("[question, value]");
            format!(
                "{}={}",
                pair[0].as_str().unwrap(),
                pair[1].as_str().unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let site = backwise::load_content(None).expect("the built-in content loads");
    let article = site
        .articles
        .iter()
        .find(|a| a.slug == SLUG)
        .expect("the article exists")
        .clone();
    let quiz = article.quiz.as_ref().expect("the article has a quiz");

    let calm_body = answer_set("calm");
    let calm = Answers::from(parse_form(calm_body.as_bytes()).unwrap());
    let every_level_body = answer_set("every_level");
    let every_level = Answers::from(parse_form(every_level_body.as_bytes()).unwrap());
    let unanswered = Answers::from(parse_form(UNANSWERED.as_bytes()).unwrap());

    let state = backwise::web::state::state(site.clone()).expect("the pages render");
    let on_result = state.pages.result_articles[SLUG].clone();
    // From the answers to the page, as the handler does.
    let answered_page = |answers: &Answers| {
        let notes = evaluate(quiz, black_box(answers)).unwrap();
        ArticlePage::answered(
            &site.settings,
            on_result.clone(),
            quiz,
            answers,
            &notes,
            Back::ToTheArticle,
        )
    };
    let result_html = answered_page(&every_level).render().unwrap();
    println!(
        "result page, notes of every level: {} bytes, {} gzipped at level {PER_REQUEST_LEVEL}",
        result_html.len(),
        gzip(result_html.as_bytes(), Effort::PerRequest).len(),
    );

    let by_level: Vec<String> = (1..=9)
        .map(|level| {
            let mut encoder = GzEncoder::new(Vec::new(), Compression::new(level));
            encoder.write_all(result_html.as_bytes()).unwrap();
            format!("{level}: {}", encoder.finish().unwrap().len())
        })
        .collect();
    println!("gzipped at each level: {}", by_level.join(", "));

    let mut bench = Bench::new(filter);
    bench.case("form: parse a full answer set", || {
        parse_form(black_box(every_level_body.as_bytes())).unwrap()
    });
    bench.case("quiz: evaluate calm answers", || {
        evaluate(quiz, black_box(&calm)).unwrap().len()
    });
    bench.case("quiz: evaluate answers raising every level", || {
        evaluate(quiz, black_box(&every_level)).unwrap().len()
    });
    bench.case("quiz: evaluate answers with mistakes", || {
        evaluate(quiz, black_box(&unanswered)).unwrap_err().len()
    });
    bench.case("page: evaluate and render the calm result", || {
        answered_page(&calm).render().unwrap().len()
    });
    bench.case(
        "page: evaluate and render the result, notes of every level",
        || answered_page(&every_level).render().unwrap().len(),
    );
    bench.case("page: render a step with its mistakes marked", || {
        let errors = evaluate(quiz, &unanswered).unwrap_err();
        StepPage::new(
            &site.settings,
            article.clone(),
            quiz,
            &unanswered,
            0,
            &errors,
        )
        .render()
        .unwrap()
        .len()
    });
    bench.case("result: calm answers to gzipped page, as served", || {
        let html = answered_page(&calm).render().unwrap();
        gzip(html.as_bytes(), Effort::PerRequest).len()
    });
    bench.case(
        "result: answers of every level to gzipped page, as served",
        || {
            let html = answered_page(&every_level).render().unwrap();
            gzip(html.as_bytes(), Effort::PerRequest).len()
        },
    );
    for level in 1..=6 {
        let packed = Compression::new(level);
        let label = format!("gzip: the result page at level {level}");
        bench.case(&label, || {
            let mut encoder = GzEncoder::new(Vec::new(), packed);
            encoder
                .write_all(black_box(result_html.as_bytes()))
                .unwrap();
            encoder.finish().unwrap().len()
        });
    }
    bench.case("gzip: the result page, start-up effort", || {
        gzip(black_box(result_html.as_bytes()), Effort::Best).len()
    });
    if bench.wants(RANDOM_CASE) {
        for article in site.articles.iter().filter(|a| a.quiz.is_some()) {
            let on_result = state.pages.result_articles[&article.slug].clone();
            random_result_sizes(&site.settings, &on_result, 1_000);
        }
    }
    // Each size is four times or five times the one before: so should its time be.
    for (name, megabytes) in [("0.25 MB", 0.25), ("1 MB", 1.0), ("5 MB", 5.0)] {
        let files = grown(&prose(megabytes));
        assert!(backwise::content::load_site(&files).is_ok(), "{name} loads");
        let label = format!("load: the site, one article {name} of prose");
        bench.slow_case(&label, || backwise::content::load_site(&files).is_ok());
    }
    let files = grown(&table(50_000));
    assert!(
        backwise::content::load_site(&files).is_ok(),
        "the table loads"
    );
    bench.slow_case("load: the site, one article a 50,000-row table", || {
        backwise::content::load_site(&files).is_ok()
    });
}

const RANDOM_CASE: &str = "random answer sets";

/// The first flight of a new connection: about ten 1,460-byte segments.
const FIRST_FLIGHT: usize = 14 * 1024;

/// Gzipped result pages for `count` random complete answer sets (each box ticked with a chance
/// of 1 in 4, one radio option at random): how many fit the first flight whole, and how many
/// hold what to do (the outcome card, the emergency and urgent notes, the list of notes: all
/// that comes before the box that says nothing is saved) within what a browser can decode
/// from it. One line each article, read by `bench/run.sh`.
fn random_result_sizes(settings: &Arc<Settings>, article: &Arc<Article>, count: usize) {
    let quiz = article.quiz.as_ref().expect("a self-check");
    let mut random = XorShift(0x9e37_79b9_7f4a_7c15);
    let (mut fits, mut what_to_do_fits, mut sizes) = (0, 0, Vec::with_capacity(count));
    for _ in 0..count {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for question in &quiz.questions {
            let values = question.options.iter().map(|c| c.value.as_str());
            match question.kind {
                QuestionKind::Radios => {
                    let options: Vec<&str> = values.collect();
                    pairs.push((&question.name, options[random.below(options.len())]));
                }
                QuestionKind::Checkboxes => {
                    let exclusive = question.exclusive.as_deref();
                    let ticked: Vec<&str> = values
                        .filter(|v| Some(*v) != exclusive && random.below(4) == 0)
                        .collect();
                    match (ticked.is_empty(), exclusive) {
                        (true, Some(none)) => pairs.push((&question.name, none)),
                        _ => pairs.extend(ticked.into_iter().map(|v| (question.name.as_str(), v))),
                    }
                }
            }
        }
        let answers: Answers = pairs.into_iter().collect();
        let notes = evaluate(quiz, &answers).expect("a complete answer set");
        let html = ArticlePage::answered(
            settings,
            article.clone(),
            quiz,
            &answers,
            &notes,
            Back::ToTheArticle,
        )
        .render()
        .unwrap();
        let gzipped = gzip(html.as_bytes(), Effort::PerRequest);
        let what_to_do = &html[..html.find("<div class=\"save-box\">").unwrap()];
        let mut decoded = Vec::new();
        let _ =
            GzDecoder::new(&gzipped[..gzipped.len().min(FIRST_FLIGHT)]).read_to_end(&mut decoded);
        fits += usize::from(gzipped.len() <= FIRST_FLIGHT);
        what_to_do_fits += usize::from(decoded.starts_with(what_to_do.as_bytes()));
        sizes.push(gzipped.len());
    }
    sizes.sort_unstable();
    println!(
        "{RANDOM_CASE}: {} fits={fits}/{count} what_to_do_fits={what_to_do_fits}/{count} median={} largest={}",
        article.slug,
        sizes[count / 2],
        sizes[count - 1]
    );
}

/// A small, seeded random number generator: the same answer sets on every run.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The built-in content with `extra` Markdown at the end of one article.
fn grown(extra: &str) -> BTreeMap<String, String> {
    let mut files = backwise::embedded::content_files();
    let article = files
        .get_mut(&format!("{SLUG}.md"))
        .expect("the article is built in");
    article.push('\n');
    article.push_str(extra);
    files
}

/// About `megabytes` of plain prose with citations, in `##` sections of eight paragraphs.
fn prose(megabytes: f64) -> String {
    let paragraph = "Most back pain gets better within a few weeks, and staying active helps.[^nhs-back-pain] \
        Start light and build up in small steps, and stop a lift that brings sharp pain.\n\
        Keep moving on days you do not lift, since bed rest does not help.\n\n";
    let size = (megabytes * 1_000_000.0) as usize;
    let mut text = String::with_capacity(size + 2_000);
    for n in 0.. {
        if text.len() >= size {
            break;
        }
        text.push_str(&format!("## More, part {n} {{#more-{n}}}\n\n"));
        text.push_str(&paragraph.repeat(8));
    }
    text
}

/// A table of `rows` rows under a section of its own.
fn table(rows: usize) -> String {
    let mut text =
        String::from("## A long table {#a-long-table}\n\n| Week | Load | Sets |\n|---|---|---|\n");
    for row in 0..rows {
        text.push_str(&format!("| {row} | {} kg | {} |\n", row % 40, row % 5 + 1));
    }
    text
}

struct Bench {
    filter: Vec<String>,
}

impl Bench {
    fn new(filter: Vec<String>) -> Bench {
        println!("{:<55} {:>12}", "case", "median");
        Bench { filter }
    }

    fn wants(&self, name: &str) -> bool {
        self.filter.is_empty() || self.filter.iter().any(|f| name.contains(f.as_str()))
    }

    fn case<T>(&mut self, name: &str, work: impl FnMut() -> T) {
        self.sampled(name, 100, work);
    }

    /// A case that takes a good part of a second: ten batches are enough.
    fn slow_case<T>(&mut self, name: &str, work: impl FnMut() -> T) {
        self.sampled(name, 10, work);
    }

    /// Times `samples` batches of `work`, each sized to take at least 10 ms.
    fn sampled<T>(&mut self, name: &str, samples: usize, mut work: impl FnMut() -> T) {
        if !self.wants(name) {
            return;
        }
        // Size a batch to take about 10 ms, then time 100 batches.
        let mut per_batch = 1u64;
        loop {
            let started = Instant::now();
            for _ in 0..per_batch {
                black_box(work());
            }
            if started.elapsed() > Duration::from_millis(10) {
                break;
            }
            per_batch *= 2;
        }
        let mut samples: Vec<f64> = (0..samples)
            .map(|_| {
                let started = Instant::now();
                for _ in 0..per_batch {
                    black_box(work());
                }
                started.elapsed().as_nanos() as f64 / per_batch as f64
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        println!("{name:<55} {:>12}", format_ns(samples[samples.len() / 2]));
    }
}

fn format_ns(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else if ns >= 1_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{ns:.0} ns")
    }
}
