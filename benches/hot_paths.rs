//! Micro-benchmarks of the work a quiz submission does: reading the form, evaluating the
//! answers, rendering the result page and compressing it; and of loading the content, with one
//! article grown to 0.25, 1 and 5 MB, so that loading time that grows faster than the text
//! shows. `cargo bench` prints the median time of each, so a regression shows up as a number.
//!
//! A small harness of its own (no external framework): each case runs in batches for about a
//! second and the median batch is reported. Filter cases with `cargo bench -- <words>`.

use askama::Template;
use backwise::content::quiz::Answers;
use backwise::content::quiz::evaluate::evaluate;
use backwise::web::bits::BitWriter;
use backwise::web::encoding::{Effort, gzip};
use backwise::web::form::parse_form;
use backwise::web::huffman::Codes;
use backwise::web::links;
use backwise::web::pages::{ArticlePage, StepPage};
use backwise::web::quick_deflate::QuickDeflate;
use std::collections::BTreeMap;
use std::hint::black_box;
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
    let article = site.article(SLUG).expect("the article exists").clone();
    let quiz = article.quiz.as_ref().expect("the article has a quiz");

    let calm_body = answer_set("calm");
    let calm = Answers::from(parse_form(calm_body.as_bytes()).unwrap());
    let every_level_body = answer_set("every_level");
    let every_level = Answers::from(parse_form(every_level_body.as_bytes()).unwrap());
    let unanswered = Answers::from(parse_form(UNANSWERED.as_bytes()).unwrap());

    let state = backwise::web::state::state(site.clone()).expect("the pages render");
    let result_page = state.pages.results[SLUG].clone();
    // As a reader gets it once the server has been up a moment.
    result_page.complete();
    let parts = result_page.parts();
    // From the answers to the page, as the handler does.
    let answered_page = || {
        let notes = evaluate(quiz, black_box(&every_level)).unwrap();
        ArticlePage::answered(
            &site.settings,
            article.clone(),
            quiz,
            &every_level,
            &notes,
            parts,
        )
        .unwrap()
    };
    let answered = answered_page();
    let result_html = links::open_in_new_tab(&answered.render().unwrap());
    println!(
        "result page: {} bytes gzipped as served ({} for the shared text compressed piece by piece on its own)",
        result_page.gzip(&answered).unwrap().len(),
        result_page.shared_bytes()
    );

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
    bench.case(
        "page: evaluate and render the whole result, notes of every level",
        || answered_page().render().unwrap().len(),
    );
    bench.case("page: open the result's links in a new tab", || {
        links::open_in_new_tab(black_box(&result_html)).len()
    });
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
    bench.case(
        "result: answer to page, assembled and gzipped as served",
        || result_page.gzip(&answered_page()).unwrap().len(),
    );
    bench.case("result: answer to page, assembled plain", || {
        result_page.html(&answered_page()).unwrap().len()
    });
    bench.case("gzip: the result page, per-request effort", || {
        gzip(black_box(result_html.as_bytes()), Effort::Fast).len()
    });
    bench.case("gzip: the result page, start-up effort", || {
        gzip(black_box(result_html.as_bytes()), Effort::Best).len()
    });
    let sample = &result_html[..result_html.floor_char_boundary(8 * 1024)];
    let mut quick = QuickDeflate::new();
    let codes = Codes::fixed();
    let mut deflated = BitWriter::new(Vec::new());
    quick.compress(0, sample.as_bytes(), &codes, &mut deflated);
    println!(
        "quick deflate: {} bytes of the result page to {} (fixed codes)",
        sample.len(),
        deflated.bit_len().div_ceil(8)
    );
    bench.case("quick deflate: 8 KB of the result page's HTML", || {
        quick.reset();
        let mut deflated = BitWriter::new(Vec::with_capacity(4096));
        quick.compress(0, black_box(sample.as_bytes()), &codes, &mut deflated);
        deflated.bit_len()
    });
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

    fn case<T>(&mut self, name: &str, work: impl FnMut() -> T) {
        self.sampled(name, 100, work);
    }

    /// A case that takes a good part of a second: ten batches are enough.
    fn slow_case<T>(&mut self, name: &str, work: impl FnMut() -> T) {
        self.sampled(name, 10, work);
    }

    /// Times `samples` batches of `work`, each sized to take at least 10 ms.
    fn sampled<T>(&mut self, name: &str, samples: usize, mut work: impl FnMut() -> T) {
        if !self.filter.is_empty() && !self.filter.iter().any(|f| name.contains(f.as_str())) {
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
