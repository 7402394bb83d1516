//! Pages that are the same for every reader, rendered and compressed once at start-up, each
//! with a strong ETag, so a request for one is a lookup.

use crate::content::fingerprint;
use crate::content::quiz::Answers;
use crate::content::quiz::evaluate::RaisedNote;
use crate::content::{Article, Site};
use crate::embedded;
use crate::web::encoding::{self, Effort};
use crate::web::pages::{AboutPage, ArticlePage, Back, HomePage};
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use std::collections::HashMap;
use std::sync::Arc;

/// How browsers may cache a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// HTML: keep it, but check with the server (cheaply, by ETag) before each use.
    Revalidate,
    /// Assets at content-hashed URLs: never changes, keep for a year.
    Immutable,
}

impl Caching {
    pub fn header_value(self) -> &'static str {
        match self {
            Caching::Revalidate => "no-cache",
            Caching::Immutable => "public, max-age=31536000, immutable",
        }
    }
}

/// One response body in plain and gzip form, with the strong ETag of each, all made at start-up
/// so a request only picks one.
#[derive(Debug, Clone)]
pub struct Prerendered {
    pub content_type: &'static str,
    pub caching: Caching,
    pub plain: Bytes,
    pub gzip: Bytes,
    plain_etag: HeaderValue,
    gzip_etag: HeaderValue,
}

impl Prerendered {
    pub fn new(content_type: &'static str, caching: Caching, body: Vec<u8>) -> Prerendered {
        let hash = format!("{:016x}", fingerprint::fnv1a(&body));
        let etag = |tag: String| HeaderValue::from_str(&tag).expect("hex digits make a header");
        let gzip = encoding::gzip(&body, Effort::Best);
        Prerendered {
            content_type,
            caching,
            plain: Bytes::from(body),
            gzip: Bytes::from(gzip),
            plain_etag: etag(format!("\"{hash}\"")),
            gzip_etag: etag(format!("\"{hash}-gzip\"")),
        }
    }

    pub fn etag(&self, gzip: bool) -> &HeaderValue {
        if gzip {
            &self.gzip_etag
        } else {
            &self.plain_etag
        }
    }

    /// Whether an `If-None-Match` value names either form of this body. The comparison is weak,
    /// as RFC 9110 asks for `If-None-Match`: `W/"x"` matches `"x"`.
    pub fn matches(&self, if_none_match: &str) -> bool {
        if_none_match
            .split(',')
            .map(|tag| tag.trim())
            .map(|tag| tag.strip_prefix("W/").unwrap_or(tag))
            .any(|tag| tag == "*" || self.plain_etag == tag || self.gzip_etag == tag)
    }

    /// The body, compressed when the client accepts gzip, or 304 when it has it already.
    pub fn respond(&self, req: &HttpRequest) -> HttpResponse {
        let gzip = encoding::accepts_gzip(req.headers());
        let etag = self.etag(gzip);
        let cached = req
            .headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| self.matches(tags));
        let mut response = if cached {
            HttpResponse::NotModified()
        } else {
            HttpResponse::Ok()
        };
        response
            .insert_header((header::ETAG, etag.clone()))
            .insert_header((header::CACHE_CONTROL, self.caching.header_value()))
            .insert_header((header::VARY, "Accept-Encoding"));
        if cached {
            return response.finish();
        }
        response.content_type(self.content_type);
        if gzip {
            response
                .insert_header((header::CONTENT_ENCODING, "gzip"))
                .body(self.gzip.clone())
        } else {
            response.body(self.plain.clone())
        }
    }
}

/// Every page and asset that is the same for every reader.
#[derive(Debug, Clone)]
pub struct StaticPages {
    pub home: Prerendered,
    pub about: Prerendered,
    pub articles: HashMap<String, Prerendered>,
    /// Each article with a self-check, as its result pages show it.
    pub result_articles: HashMap<String, Arc<Article>>,
    /// The stylesheet, the icon and the figures, by URL.
    pub assets: HashMap<String, Prerendered>,
    pub robots: Prerendered,
    pub sitemap: Prerendered,
}

/// Every page is public and meant to be found; the sitemap says which they are.
fn robots_txt(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        site.settings.url("/sitemap.xml")
    )
}

/// The pages worth finding, each article with the date it was last reviewed. Quiz results are
/// never listed: they are one reader's.
fn sitemap_xml(site: &Site) -> String {
    let newest = site.articles.iter().map(|a| a.last_reviewed).max();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut entry = |path: &str, lastmod: Option<crate::content::date::Date>| {
        xml.push_str(&format!("<url><loc>{}</loc>", site.settings.url(path)));
        if let Some(date) = lastmod {
            xml.push_str(&format!("<lastmod>{}</lastmod>", date.iso()));
        }
        xml.push_str("</url>\n");
    };
    entry("/", newest);
    entry("/about", None);
    for article in &site.articles {
        entry(&article.url(), Some(article.last_reviewed));
    }
    xml.push_str("</urlset>\n");
    xml
}

const HTML: &str = "text/html; charset=utf-8";

/// Each article as its result pages show it. Rendering one result with every note of its
/// self-check raised proves at start-up (and in `backwise check`) that every result renders.
fn result_articles(site: &Site) -> Result<HashMap<String, Arc<Article>>, askama::Error> {
    let mut result_articles = HashMap::new();
    for article in &site.articles {
        let Some(quiz) = &article.quiz else {
            continue;
        };
        let on_result = Arc::new(article.for_result_page());
        let every_note: Vec<RaisedNote> = (quiz.notes.iter())
            .map(|note| RaisedNote {
                note,
                said: Vec::new(),
            })
            .collect();
        let answers = Answers::default();
        ArticlePage::answered(
            &site.settings,
            on_result.clone(),
            quiz,
            &answers,
            &every_note,
            Back::ResendsTheAnswers,
        )
        .render()?;
        result_articles.insert(article.slug.clone(), on_result);
    }
    Ok(result_articles)
}

impl StaticPages {
    /// Renders every page of the site once. Fails only if a template cannot be rendered.
    pub fn render(site: &Site) -> Result<StaticPages, askama::Error> {
        let html = |text: String| Prerendered::new(HTML, Caching::Revalidate, text.into_bytes());
        let mut articles = HashMap::new();
        for article in &site.articles {
            let page = ArticlePage::blank(&site.settings, article.clone()).render()?;
            articles.insert(article.slug.clone(), html(page));
        }
        let result_articles = result_articles(site)?;
        let immutable = |content_type, bytes: &[u8]| {
            Prerendered::new(content_type, Caching::Immutable, bytes.to_vec())
        };
        let mut assets: HashMap<String, Prerendered> = embedded::ALL
            .iter()
            .map(|asset| {
                (
                    asset.path.to_string(),
                    immutable(asset.content_type, asset.bytes),
                )
            })
            .collect();
        for figure in site.figures.values() {
            let body = immutable("image/svg+xml", figure.svg.as_bytes());
            assets.insert(figure.url.clone(), body);
        }
        Ok(StaticPages {
            home: html(HomePage::new(site).render()?),
            about: html(AboutPage::new(site).render()?),
            articles,
            result_articles,
            assets,
            robots: Prerendered::new(
                "text/plain; charset=utf-8",
                Caching::Revalidate,
                robots_txt(site).into_bytes(),
            ),
            sitemap: Prerendered::new(
                "application/xml; charset=utf-8",
                Caching::Revalidate,
                sitemap_xml(site).into_bytes(),
            ),
        })
    }
}
