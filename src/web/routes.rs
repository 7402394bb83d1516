//! Every route of the site, and the handlers behind them.

use crate::content::quiz::evaluate::evaluate;
use crate::content::{Article, Site};
use crate::web::encoding::{Effort, accepts_gzip, gzip};
use crate::web::error::AppError;
use crate::web::form;
use crate::web::pages::{ArticlePage, ErrorPage};
use crate::web::prerender::{Prerendered, StaticPages};
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::{HttpRequest, HttpResponse, guard, web};
use askama::Template;
use std::sync::Arc;

/// The largest quiz body accepted. A full set of answers is well under 1 KiB.
pub const MAX_FORM_BYTES: usize = 8 * 1024;

/// What every handler shares: the content and its pre-rendered pages.
pub struct AppState {
    pub site: Arc<Site>,
    pub pages: StaticPages,
}

type State = web::Data<AppState>;

/// What an article's two addresses need, registered with them: no handler looks it up again.
pub struct ArticleRoute {
    pub article: Arc<Article>,
    /// The article as everyone sees it before answering, rendered and gzipped at start-up.
    pub page: Prerendered,
}

/// The route table. Every address is registered as an exact path (one per article and per
/// static file), because actix matches `{slug}` patterns with a regex engine that took a fifth
/// of the time of serving an article. Each resource carries the data its handler serves.
pub fn configure(cfg: &mut web::ServiceConfig, state: &AppState) {
    cfg.service(resource("/").route(read().to(home)))
        .service(resource("/about").route(read().to(about)))
        .service(resource("/healthz").route(read().to(healthz)))
        .service(resource("/robots.txt").route(read().to(robots)))
        .service(resource("/sitemap.xml").route(read().to(sitemap)));
    for article in &state.site.articles {
        let Some(page) = state.pages.articles.get(&article.slug) else {
            continue; // every article is pre-rendered; without its page it has no address
        };
        let route = web::Data::new(ArticleRoute {
            article: article.clone(),
            page: page.clone(),
        });
        let url = article.url();
        cfg.service(
            resource(&url)
                .app_data(route.clone())
                .route(read().to(article_page)),
        )
        .service(
            web::resource(format!("{url}/check"))
                .app_data(route)
                .route(web::post().to(check))
                .route(read().to(check_by_get))
                .default_service(web::to(|| async {
                    Err::<HttpResponse, _>(AppError::MethodNotAllowed("GET, HEAD, POST"))
                })),
        );
    }
    for (path, body) in &state.pages.assets {
        cfg.service(
            resource(path)
                .app_data(web::Data::new(body.clone()))
                .route(read().to(asset)),
        );
    }
    cfg.default_service(web::to(|| async {
        Err::<HttpResponse, _>(AppError::NotFound)
    }));
}

/// A resource that answers 405, with the site's error page, to methods it has no route for.
fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(|| async {
        Err::<HttpResponse, _>(AppError::MethodNotAllowed("GET, HEAD"))
    }))
}

/// GET, and HEAD, which actix answers with the same headers and no body.
fn read() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

async fn home(state: State, req: HttpRequest) -> HttpResponse {
    serve(&req, &state.pages.home)
}

async fn about(state: State, req: HttpRequest) -> HttpResponse {
    serve(&req, &state.pages.about)
}

async fn robots(state: State, req: HttpRequest) -> HttpResponse {
    serve(&req, &state.pages.robots)
}

async fn sitemap(state: State, req: HttpRequest) -> HttpResponse {
    serve(&req, &state.pages.sitemap)
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body("ok")
}

async fn article_page(route: web::Data<ArticleRoute>, req: HttpRequest) -> HttpResponse {
    serve(&req, &route.page)
}

async fn asset(body: web::Data<Prerendered>, req: HttpRequest) -> HttpResponse {
    serve(&req, &body)
}

/// The quiz's address was opened directly, or reloaded as a link: show the article.
async fn check_by_get(route: web::Data<ArticleRoute>) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, route.article.url()))
        .finish()
}

/// Answers to a quiz: the article again, with notes (200) or with the mistakes marked (422).
///
/// There is no CSRF token: the check changes nothing, keeps no session and sets no cookie, so a
/// forged request can only show a page to the person who sent it. Cross-site posts are still
/// refused, so no other site can frame answers as coming from here.
async fn check(
    state: State,
    route: web::Data<ArticleRoute>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AppError> {
    let article = &route.article;
    let quiz = article.quiz.as_ref().ok_or(AppError::NotFound)?;
    let answers = read_answers(&req, body).await?;
    let settings = &state.site.settings;
    let (status, page) = match evaluate(quiz, &answers) {
        Ok(notes) => (
            StatusCode::OK,
            ArticlePage::answered(settings, article.clone(), &answers, &notes),
        ),
        Err(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ArticlePage::invalid(settings, article.clone(), &answers, &errors),
        ),
    };
    let html = page.render().map_err(|error| {
        log::error!(
            "rendering the quiz result for {} failed: {error}",
            article.slug
        );
        AppError::Internal
    })?;
    Ok(dynamic_html(&req, status, html))
}

async fn read_answers(
    req: &HttpRequest,
    body: web::Payload,
) -> Result<Vec<(String, String)>, AppError> {
    let header = |name| {
        req.headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if header("sec-fetch-site") == Some("cross-site") {
        return Err(AppError::CrossSite);
    }
    let is_form = header(header::CONTENT_TYPE.as_str()).is_some_and(|ct| {
        ct.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    });
    if !is_form {
        return Err(AppError::UnsupportedMediaType);
    }
    let declared = header(header::CONTENT_LENGTH.as_str()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_FORM_BYTES) {
        return Err(AppError::TooLarge);
    }
    let bytes = match body.to_bytes_limited(MAX_FORM_BYTES).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => return Err(AppError::BadForm("the request body was cut short".into())),
        Err(_) => return Err(AppError::TooLarge),
    };
    form::parse_form(&bytes).map_err(|e| AppError::BadForm(e.to_string()))
}

/// A pre-rendered body, compressed when the client accepts gzip, or 304 when it has it already.
fn serve(req: &HttpRequest, body: &Prerendered) -> HttpResponse {
    let gzip = accepts_gzip(req.headers());
    let etag = body.etag(gzip);
    let cached = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| body.matches(tags));
    let mut response = if cached {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag.clone()))
        .insert_header((header::CACHE_CONTROL, body.caching.header_value()))
        .insert_header((header::VARY, "Accept-Encoding"));
    if cached {
        return response.finish();
    }
    response.content_type(body.content_type);
    if gzip {
        response
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(body.gzip.clone())
    } else {
        response.body(body.plain.clone())
    }
}

/// Where every error becomes the site's error page: a handler's `AppError`, whatever its route,
/// is rendered here with its status (and an `Allow` header for a method not allowed). Other
/// responses pass through untouched.
pub fn error_pages<B: 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(|res: ServiceResponse<B>| {
        let error = res
            .response()
            .error()
            .and_then(|e| e.as_error::<AppError>())
            .cloned();
        let state = res.request().app_data::<State>().cloned();
        let (Some(error), Some(state)) = (error, state) else {
            return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
        };
        let (req, _) = res.into_parts();
        let allow = match &error {
            AppError::MethodNotAllowed(methods) => Some(*methods),
            _ => None,
        };
        let mut page = error_page(&req, &state.site, error);
        if let Some(methods) = allow {
            page.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(methods));
        }
        Ok(ErrorHandlerResponse::Response(
            ServiceResponse::new(req, page).map_into_right_body(),
        ))
    })
}

/// The site's error page with the error's status. A 5xx page says nothing about the cause.
pub fn error_page(req: &HttpRequest, site: &Site, error: AppError) -> HttpResponse {
    let status = error.status();
    let page = ErrorPage::new(error, site);
    match page.render() {
        Ok(html) => dynamic_html(req, status, html),
        Err(e) => {
            log::error!("rendering the error page failed: {e}");
            HttpResponse::build(status)
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .content_type(header::ContentType::plaintext())
                .body("Sorry, something went wrong.")
        }
    }
}

/// A page made for this one request: never cached anywhere, never indexed, gzipped whole when
/// the client accepts it.
fn dynamic_html(req: &HttpRequest, status: StatusCode, html: String) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    response
        .content_type(header::ContentType::html())
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("X-Robots-Tag", "noindex"))
        .insert_header((header::VARY, "Accept-Encoding"));
    if accepts_gzip(req.headers()) {
        response
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(gzip(html.as_bytes(), Effort::Fast))
    } else {
        response.body(html)
    }
}
