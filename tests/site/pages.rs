//! The pages a reader opens: home, the articles, about, health check, assets and 404s.

use crate::support::*;
use actix_web::http::StatusCode;
use backwise::content::quiz::Level;

fn is_html(page: &Page) -> bool {
    page.header("content-type") == Some("text/html; charset=utf-8")
}

#[actix_web::test]
async fn home_page_lists_both_articles_with_reading_time_and_review_date() {
    let page = get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(is_html(&page));
    let body = page.body();
    for slug in slugs() {
        assert!(
            body.contains(&format!("href=\"/articles/{slug}\"")),
            "{slug}"
        );
    }
    assert!(body.contains("min read"));
    for article in articles() {
        let date = &article.last_reviewed;
        let shown = format!(
            "Last reviewed <time datetime=\"{}\">{date}</time>",
            date.iso()
        );
        assert!(body.contains(&shown), "{shown}");
    }
}

#[actix_web::test]
async fn home_page_shows_the_emergency_signs_before_the_articles() {
    let body = get("/").await.body();
    let panel = body
        .find("Get help now if your back pain comes with")
        .expect("emergency panel");
    assert!(body.contains("999") && body.contains("911") && body.contains("112"));
    assert!(panel < body.find("class=\"cards\"").unwrap());
    // Only the emergency signs every article asks, each with its hint; not one article's own.
    let panel_html = &body[panel..body.find("class=\"cards\"").unwrap()];
    let mut shown = 0;
    for article in articles() {
        for sign in &article.quiz.as_ref().unwrap().signs {
            let shared = sign.file == "warning-signs.toml";
            let line = html_escape(&sign.label);
            if sign.level == Level::Emergency && shared {
                assert!(panel_html.contains(&line), "{}", sign.label);
                if let Some(hint) = &sign.hint {
                    assert!(panel_html.contains(&html_escape(hint)), "{hint}");
                }
                shown += 1;
            } else if !shared {
                assert!(
                    !panel_html.contains(&line),
                    "{} is one article's own",
                    sign.label
                );
            }
        }
    }
    assert!(shown > 0);
}

/// Text as askama escapes it in a page.
fn html_escape(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

#[actix_web::test]
async fn each_article_has_its_title_summary_and_disclaimer() {
    for article in articles() {
        let page = get(&article.url()).await;
        assert_eq!(page.status, StatusCode::OK, "{}", article.slug);
        assert!(is_html(&page));
        let body = page.body();
        assert!(
            body.contains(&format!("<h1>{}</h1>", article.title)),
            "{}",
            article.title
        );
        assert!(body.contains("class=\"lead\""));
        assert!(body.contains("does not replace a doctor, physiotherapist or other clinician"));
    }
}

#[actix_web::test]
async fn table_of_contents_links_only_to_ids_on_the_page() {
    for article in articles() {
        let slug = &article.slug;
        let page = get(&format!("/articles/{slug}")).await;
        let body = page.body();
        let toc = &body[body.find("class=\"toc\"").unwrap()..];
        let toc = &toc[..toc.find("</nav>").unwrap()];
        let targets: Vec<&str> = toc
            .split("href=\"#")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        // Every section of the article, then the parts every article page has.
        let mut expected = article.section_ids();
        expected.extend(["when-to-get-help", "check", "sources"]);
        assert_eq!(targets, expected, "{slug}");
        for target in &targets {
            assert!(
                page.position_of_id(target).is_some(),
                "{slug}: #{target} is not on the page"
            );
        }
        for fixed in ["when-to-get-help", "check", "sources"] {
            assert!(targets.contains(&fixed), "{slug}: contents miss {fixed}");
        }
    }
}

#[actix_web::test]
async fn articles_show_three_levels_of_care_sources_and_review_dates() {
    for article in articles() {
        let slug = article.slug.as_str();
        let body = get(&format!("/articles/{slug}")).await.body();
        for prefix in ["Emergency advice:", "Urgent advice:", "Non-urgent advice:"] {
            assert!(body.contains(prefix), "{slug}: {prefix}");
        }
        let sources = &body[body.find("id=\"sources\"").unwrap()..];
        assert!(
            sources.matches("\"><a href=\"https://").count() >= 4,
            "{slug}"
        );
        let date = &article.last_reviewed;
        let shown = format!(
            "Page last reviewed: <time datetime=\"{}\">{date}</time>",
            date.iso()
        );
        assert!(body.contains(&shown), "{shown}");
        let next = &article.next_review;
        let due = format!(
            "Next review due: <time datetime=\"{}\">{next}</time>",
            next.iso()
        );
        assert!(body.contains(&due), "{due}");
        assert!(body.contains("It does not replace a doctor"), "{slug}");
    }
}

#[actix_web::test]
async fn the_plain_article_carries_no_notes() {
    for slug in slugs() {
        let page = get(&format!("/articles/{slug}")).await;
        assert!(page.notes().is_empty(), "{slug}");
        assert!(
            page.body()
                .contains("<a class=\"button-link\" href=\"#check\">Check what applies to you</a>")
        );
    }
}

#[actix_web::test]
async fn about_page_says_who_writes_it_and_that_it_sells_nothing() {
    let page = get("/about").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = page.body();
    for words in [
        "Who writes it",
        "carries no advertising",
        "not stored",
        "Report a mistake",
        "reviewed",
        "checked against the NHS and NICE pages it follows",
        "hazard log",
        "“Clinical error” in the subject",
    ] {
        assert!(body.contains(words), "{words}");
    }
    let contact = &backwise::load_content(None).unwrap().settings.contact;
    let report = &body[body.find("id=\"report\"").unwrap()..];
    assert!(report.contains(&format!("mailto:{contact}")), "{report}");
}

#[actix_web::test]
async fn health_check_answers_ok() {
    let page = get("/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body(), "ok");
}

#[actix_web::test]
async fn search_engines_are_welcome_everywhere() {
    let page = get("/robots.txt").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        page.body(),
        "User-agent: *\nAllow: /\nSitemap: http://127.0.0.1:8080/sitemap.xml\n"
    );
}

#[actix_web::test]
async fn unknown_paths_and_articles_get_the_sites_404_page() {
    for path in [
        "/nope",
        "/articles/no-such-article",
        "/articles/",
        "/static/style.css",
    ] {
        let page = get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(is_html(&page), "{path}");
        let body = page.body();
        assert!(body.contains("<h1>Page not found</h1>"), "{path}");
        assert!(body.contains("<a href=\"/\">"), "{path}");
        for slug in slugs() {
            assert!(
                body.contains(&format!("href=\"/articles/{slug}\"")),
                "{path}: {slug}"
            );
        }
    }
}

#[actix_web::test]
async fn the_stylesheet_is_served_at_its_hashed_url() {
    let body = get("/").await.body();
    let href = body.split("rel=\"stylesheet\" href=\"").nth(1).unwrap();
    let href = &href[..href.find('"').unwrap()];
    assert!(
        href.starts_with("/static/style.") && href.ends_with(".css"),
        "{href}"
    );
    let css = get(href).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(css.body().contains("prefers-color-scheme: dark"));
}

#[actix_web::test]
async fn pages_link_no_other_site_for_anything_they_load() {
    let mut paths = vec!["/".to_string(), "/about".to_string()];
    paths.extend(articles().iter().map(|a| a.url()));
    for path in &paths {
        let body = get(path).await.body();
        // The one script block is data for search engines, which browsers never run.
        for tag in body.split("<script").skip(1) {
            assert!(
                tag.starts_with(" type=\"application/ld+json\">"),
                "{path}: <script{tag}"
            );
        }
        for tag in body.split("<img ").skip(1) {
            assert!(
                tag.starts_with("src=\"/static/figures/"),
                "{path}: <img {tag}"
            );
        }
        assert!(!body.contains(" style="), "{path}");
        // What a page loads comes from here; its canonical address only names it.
        for tag in body.split("<link ").skip(1) {
            assert!(
                tag.contains("href=\"/static/") || tag.starts_with("rel=\"canonical\""),
                "{path}: <link {tag}"
            );
        }
    }
}

#[actix_web::test]
async fn every_citation_links_to_its_numbered_entry_in_the_source_list() {
    for article in articles() {
        let slug = &article.slug;
        let page = get(&format!("/articles/{slug}")).await;
        let body = page.body();
        let sources = &body[body.find("id=\"sources\"").unwrap()..];
        let entries: Vec<&str> = sources
            .split("<li id=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        let citations: Vec<(&str, usize)> = body
            .split("<a class=\"cite\" href=\"#")
            .skip(1)
            .map(|rest| {
                let target = &rest[..rest.find('"').unwrap()];
                let number = rest
                    [rest.find("</span>").unwrap() + "</span>".len()..rest.find("</a>").unwrap()]
                    .parse()
                    .unwrap();
                (target, number)
            })
            .collect();
        // One link for each `[^id]` the article's Markdown cites with.
        let cited = content_file(&article.file).matches("[^").count();
        assert_eq!(citations.len(), cited, "{slug}");
        for (target, number) in citations {
            assert_eq!(
                entries.get(number - 1),
                Some(&target),
                "{slug}: citation {number}"
            );
        }
    }
}

#[actix_web::test]
async fn the_top_of_each_article_points_to_the_warning_signs() {
    for slug in slugs() {
        let body = get(&format!("/articles/{slug}")).await.body();
        let pointer = body.find("class=\"warning-pointer\"").expect("a pointer");
        assert!(
            pointer < body.find("class=\"toc\"").unwrap(),
            "{slug}: near the top"
        );
        assert!(
            body[pointer..]
                .starts_with("class=\"warning-pointer\"><strong>Some back pain needs help fast.")
        );
        // It leads to the signs themselves, the check's first step, and comes before the
        // summary, with the button to the check, so a phone's first screen shows both.
        assert!(body[pointer..pointer + 400].contains("href=\"#warning-signs\""));
        let signs = page_position(&body, "id=\"warning-signs\"");
        let first_sign = page_position(&body, "name=\"warning_signs\"");
        assert!(
            signs < first_sign,
            "{slug}: #warning-signs is just above the signs"
        );
        let button = page_position(&body, "class=\"button-link\" href=\"#check\"");
        let lead = page_position(&body, "class=\"lead\"");
        assert!(
            pointer < button && button < lead,
            "{slug}: the way in comes first"
        );
    }
    // On a result, with no form, the pointer leads to the cards of "When to get help".
    for slug in slugs() {
        let body = check(slug, &every_level_answers(slug)).await.body();
        let pointer = body.find("class=\"warning-pointer\"").expect("a pointer");
        assert!(body[pointer..pointer + 400].contains("href=\"#when-to-get-help\""));
        assert!(!body.contains("id=\"warning-signs\""));
    }
}

fn page_position(body: &str, what: &str) -> usize {
    body.find(what)
        .unwrap_or_else(|| panic!("the page has no {what}"))
}

#[actix_web::test]
async fn figures_are_served_compressed_from_hashed_urls_and_stay_small() {
    let mut sources = Vec::new();
    for slug in slugs() {
        let page = gzipped(&format!("/articles/{slug}")).await;
        // The first round trip of a new connection carries about 14 KiB (ten 1460-byte
        // segments).
        assert!(
            page.bytes.len() < 14 * 1024,
            "{slug}: {} bytes gzipped",
            page.bytes.len()
        );
        let body = get(&format!("/articles/{slug}")).await.body();
        for tag in body.split("<figure class=\"figure\"><img src=\"").skip(1) {
            let src = tag[..tag.find('"').unwrap()].to_string();
            let figure = &tag[..tag.find("</figure>").unwrap()];
            assert!(
                figure.contains(" alt=\"") && !figure.contains(" alt=\"\""),
                "{src}"
            );
            assert!(
                figure.contains(" width=\"") && figure.contains(" height=\""),
                "{src}"
            );
            assert!(figure.contains("<figcaption>"), "{src}");
            sources.push(src);
        }
    }
    assert!(
        sources.len() >= 5,
        "the four figures, the spine in both articles: {sources:?}"
    );
    for src in sources {
        let plain = get(&src).await;
        assert_eq!(plain.status, StatusCode::OK, "{src}");
        assert_eq!(plain.header("content-type"), Some("image/svg+xml"), "{src}");
        assert_eq!(
            plain.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{src}"
        );
        let packed = gzipped(&src).await;
        assert_eq!(packed.header("content-encoding"), Some("gzip"), "{src}");
        assert!(
            packed.bytes.len() < 4096,
            "{src}: {} bytes gzipped",
            packed.bytes.len()
        );
    }
}

#[test]
fn an_article_without_a_self_check_shows_no_empty_check_section() {
    use askama::Template;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hard");
    let site = backwise::content::load_dir(&dir).expect("the fixture loads");
    let article = (site.articles.iter())
        .find(|a| a.slug == "overdue")
        .expect("the article without a quiz")
        .clone();
    assert!(article.quiz.is_none());
    let html = backwise::web::pages::ArticlePage::blank(&site.settings, article)
        .render()
        .unwrap();
    assert!(!html.contains("id=\"check\""), "no check section");
    assert!(!html.contains("href=\"#check\""), "nothing links to one");
    assert!(!html.contains("Check what applies to you"));
}
