//! Responses made for one request: a page rendered for one reader, and the site's error pages.
//! (Pages rendered once at start-up answer through [`Prerendered::respond`].)
//!
//! [`Prerendered::respond`]: crate::web::prerender::Prerendered::respond

use crate::content::Site;
use crate::web::encoding::{Effort, accepts_gzip, gzip};
use crate::web::error::AppError;
use crate::web::pages::ErrorPage;
use crate::web::state::AppState;
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

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
        let state = res.request().app_data::<web::Data<AppState>>().cloned();
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

/// The headers of a page made for one reader: health data must not sit in a shared cache.
fn one_readers(status: StatusCode) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::build(status);
    response
        .content_type(header::ContentType::html())
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("X-Robots-Tag", "noindex"))
        .insert_header((header::VARY, "Accept-Encoding"));
    response
}

/// A page made for this one request: never cached anywhere, never indexed, gzipped whole when
/// the client accepts it.
pub fn dynamic_html(req: &HttpRequest, status: StatusCode, html: String) -> HttpResponse {
    let mut response = one_readers(status);
    if accepts_gzip(req.headers()) {
        response
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(gzip(html.as_bytes(), Effort::PerRequest))
    } else {
        response.body(html)
    }
}
