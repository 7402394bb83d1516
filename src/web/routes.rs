//! Every route of the site, and the handlers behind them.

use crate::content::Article;
use crate::content::quiz::evaluate::{StepResult, answer_step};
use crate::content::quiz::{Answers, CHANGE_FIELD, PAGE_FIELD, Quiz, STEP_FIELD};
use crate::web::error::AppError;
use crate::web::form;
use crate::web::pages::{ArticlePage, Back, StepPage};
use crate::web::prerender::Prerendered;
use crate::web::respond::dynamic_html;
use crate::web::state::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, guard, web};
use askama::Template;
use std::sync::Arc;

type State = web::Data<AppState>;

/// What an article's two addresses need, registered with them: no handler looks it up again.
pub struct ArticleRoute {
    pub article: Arc<Article>,
    /// The article as everyone sees it before answering, rendered and gzipped at start-up.
    pub page: Prerendered,
    /// The article as its result pages show it, links out opening in a new tab.
    pub on_result: Arc<Article>,
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
            on_result: (state.pages.result_articles.get(&article.slug).cloned())
                .unwrap_or_else(|| article.clone()),
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
                .route(web::post().to(answer_quiz))
                .route(read().to(quiz_by_get))
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
    state.pages.home.respond(&req)
}

async fn about(state: State, req: HttpRequest) -> HttpResponse {
    state.pages.about.respond(&req)
}

async fn robots(state: State, req: HttpRequest) -> HttpResponse {
    state.pages.robots.respond(&req)
}

async fn sitemap(state: State, req: HttpRequest) -> HttpResponse {
    state.pages.sitemap.respond(&req)
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body("ok")
}

async fn article_page(route: web::Data<ArticleRoute>, req: HttpRequest) -> HttpResponse {
    route.page.respond(&req)
}

async fn asset(body: web::Data<Prerendered>, req: HttpRequest) -> HttpResponse {
    body.respond(&req)
}

/// The quiz's address was opened directly, or reloaded as a link: show the article.
async fn quiz_by_get(route: web::Data<ArticleRoute>) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, route.article.url()))
        .finish()
}

/// Answers to one step of the self-check. A warning sign gives the result at once (200): the
/// article with the reader's notes. No sign leads to the next step's questions (200), or back to
/// this step with its mistakes marked (422).
///
/// There is no CSRF token: the check changes nothing, keeps no session and sets no cookie, so a
/// forged request can only show a page to the person who sent it. Cross-site posts are still
/// refused, so no other site can frame answers as coming from here.
async fn answer_quiz(
    state: State,
    route: web::Data<ArticleRoute>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AppError> {
    let article = &route.article;
    let quiz = article.quiz.as_ref().ok_or(AppError::NotFound)?;
    let settings = &state.site.settings;
    let answers = form::read_answers(&req, body, &settings.base_url).await?;
    if answers.values(CHANGE_FIELD).next().is_some() {
        // From a result: back to the first step, every answer kept, nothing judged yet.
        let page = StepPage::new(settings, article.clone(), quiz, &answers, 0, &[]);
        return Ok(dynamic_html(
            &req,
            StatusCode::OK,
            render(&page, &article.slug)?,
        ));
    }
    let step = answered_step(quiz, &answers);
    let (status, html) = match answer_step(quiz, &answers, step) {
        StepResult::Result(notes) => {
            let on_result = route.on_result.clone();
            let back = match answers.values(PAGE_FIELD).next() {
                Some("article") => Back::ToTheArticle,
                _ => Back::ResendsTheAnswers,
            };
            let page = ArticlePage::answered(settings, on_result, quiz, &answers, &notes, back);
            (StatusCode::OK, render(&page, &article.slug)?)
        }
        StepResult::Next(next) => {
            let page = StepPage::new(settings, article.clone(), quiz, &answers, next, &[]);
            (StatusCode::OK, render(&page, &article.slug)?)
        }
        StepResult::Mistakes { step, errors } => {
            let page = StepPage::new(settings, article.clone(), quiz, &answers, step, &errors);
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&page, &article.slug)?,
            )
        }
    };
    Ok(dynamic_html(&req, status, html))
}

/// The step the form says it is (counted from 1), or else the furthest step the answers reach:
/// a full answer set sent at once is read as the last step.
fn answered_step(quiz: &Quiz, answers: &Answers) -> usize {
    let said = answers
        .values(STEP_FIELD)
        .next()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| (1..=quiz.steps.len()).contains(n));
    said.map(|n| n - 1).unwrap_or_else(|| {
        (0..quiz.steps.len())
            .rev()
            .find(|&step| {
                quiz.step_questions(step)
                    .iter()
                    .any(|q| answers.values(&q.name).next().is_some())
            })
            .unwrap_or(0)
    })
}

fn render(page: &impl Template, slug: &str) -> Result<String, AppError> {
    page.render().map_err(|error| {
        log::error!("rendering the self-check page for {slug} failed: {error}");
        AppError::Internal
    })
}
