//! The site's identity and how it is found: settings from site.toml, canonical links and link
//! previews, the sitemap, structured data, and results kept out of search engines.

use crate::server::RunningServer;
use crate::support::*;
use actix_web::http::StatusCode;
use serde_json::Value;

/// The base URL the shipped site.toml sets, for a local run.
const BASE: &str = "http://127.0.0.1:8080";

fn site() -> backwise::content::Site {
    crate::support::load_test_content()
}

#[actix_web::test]
async fn every_public_page_names_its_canonical_address_and_previews_well() {
    let mut paths = vec!["/".to_string(), "/about".to_string()];
    paths.extend(articles().iter().map(|a| a.url()));
    for path in paths {
        let body = get(&path).await.body();
        let url = format!("{BASE}{path}");
        assert!(
            body.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")),
            "{path}"
        );
        assert!(
            body.contains(&format!("<meta property=\"og:url\" content=\"{url}\">")),
            "{path}"
        );
        for tag in ["og:title", "og:description", "og:type", "og:site_name"] {
            assert!(
                body.contains(&format!("<meta property=\"{tag}\" content=\"")),
                "{path}: {tag}"
            );
        }
        assert!(
            body.contains("<meta name=\"twitter:card\" content=\"summary\">"),
            "{path}"
        );
        assert!(!body.contains("noindex"), "{path}");
    }
    let article = get(&format!("/articles/{LIFTING}")).await.body();
    assert!(article.contains("<meta property=\"og:type\" content=\"article\">"));
}

#[actix_web::test]
async fn results_and_errors_stay_out_of_search_engines() {
    let result = check(LIFTING, &calm_answers(LIFTING)).await;
    assert_eq!(result.header("x-robots-tag"), Some("noindex"));
    assert_eq!(result.header("cache-control"), Some("no-store"));
    let body = result.body();
    assert!(body.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!body.contains("rel=\"canonical\""));
    assert!(!body.contains("application/ld+json"));
    let missing = get("/no/such/page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing
            .body()
            .contains("<meta name=\"robots\" content=\"noindex\">")
    );
}

#[actix_web::test]
async fn the_sitemap_lists_every_page_with_its_review_date_and_robots_names_it() {
    let sitemap = get("/sitemap.xml").await;
    assert_eq!(sitemap.status, StatusCode::OK);
    assert_eq!(
        sitemap.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    let xml = sitemap.body();
    assert!(xml.contains(&format!("<url><loc>{BASE}/about</loc></url>")));
    let site = site();
    for article in &site.articles {
        assert!(
            xml.contains(&format!(
                "<url><loc>{BASE}{}</loc><lastmod>{}</lastmod></url>",
                article.url(),
                article.last_reviewed.iso()
            )),
            "{xml}"
        );
    }
    assert!(!xml.contains("/check"), "results are never listed");
    assert_eq!(xml.matches("<url>").count(), 2 + site.articles.len());
    let robots = get("/robots.txt").await.body();
    assert!(
        robots.contains(&format!("Sitemap: {BASE}/sitemap.xml")),
        "{robots}"
    );
}

#[actix_web::test]
async fn each_article_describes_itself_to_search_engines_as_its_front_matter_says() {
    let site = site();
    for article in &site.articles {
        let body = get(&article.url()).await.body();
        let start = body
            .find("<script type=\"application/ld+json\">")
            .expect("structured data")
            + "<script type=\"application/ld+json\">".len();
        let json = &body[start..start + body[start..].find("</script>").unwrap()];
        let data: Value = serde_json::from_str(json).expect("valid JSON");
        assert_eq!(data["@type"], "MedicalWebPage");
        assert_eq!(data["headline"], article.title.as_str());
        assert_eq!(data["url"], format!("{BASE}{}", article.url()));
        assert_eq!(data["lastReviewed"], article.last_reviewed.iso());
        assert_eq!(data["dateModified"], article.last_reviewed.iso());
        let about: Vec<&str> = data["about"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(about, article.about);
        assert_eq!(data["audience"]["@type"], "MedicalAudience");
        let cited: Vec<&str> = data["citation"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let sources: Vec<&str> = article.sources.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(cited, sources);
        assert_eq!(data["publisher"]["name"], site.settings.publisher.as_str());
        assert_eq!(data["license"], site.settings.licence.url.as_str());
    }
}

#[actix_web::test]
async fn the_contact_address_and_the_licence_come_from_the_settings() {
    let site = site();
    let about = get("/about").await.body();
    let contact = &site.settings.contact;
    assert!(about.contains(&format!("<a href=\"mailto:{contact}\">{contact}</a>")));
    let licence = &site.settings.licence;
    for path in ["/", "/about", &format!("/articles/{WEIGHT_LOSS}")] {
        let body = get(path).await.body();
        assert!(
            body.contains(&format!(
                "<a href=\"{}\" rel=\"license\">{}</a>",
                licence.url, licence.name
            )),
            "{path}"
        );
    }
}

#[test]
fn a_deployment_sets_its_address_and_placeholders_are_warned_about_once() {
    let local = RunningServer::start(&[]);
    let log = local.stop();
    let warnings: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("not ready to publish"))
        .collect();
    assert_eq!(warnings.len(), 1, "{log}");
    assert!(
        warnings[0].contains("editors@backwise.example") && warnings[0].contains(BASE),
        "{log}"
    );

    let deployed = RunningServer::start(&["--base-url", "https://backwise.org"]);
    let sitemap = deployed.get("/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://backwise.org/about</loc>"),
        "{sitemap}"
    );
    let page = deployed.get("/about");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://backwise.org/about\">"));
    let log = deployed.stop();
    let warning = log
        .lines()
        .find(|l| l.contains("not ready to publish"))
        .unwrap_or_default();
    assert!(!warning.contains("base URL"), "{log}");
}
