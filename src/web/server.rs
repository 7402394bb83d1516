//! The application: routes wrapped in the middleware every response goes through.

use crate::content::Site;
use crate::web::prerender::StaticPages;
use crate::web::{respond, routes};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{DefaultHeaders, Logger};
use actix_web::{App, web};
use std::sync::Arc;

/// Pages load nothing but the site's own stylesheet and icon, run no script and post only to
/// the site itself. `connect-src 'self'` changes nothing for readers (no script can run to use
/// it) but lets audit tools such as Lighthouse fetch /robots.txt from inside the page.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Browser features the site never uses, switched off.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), \
     display-capture=(), fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), \
     microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), \
     browsing-topics=()";

/// The access log: method, path, status, size and time. Never a query string, a body or an
/// address: answers are health data, and an IP address next to them would be too.
const ACCESS_LOG_FORMAT: &str = "\"%{method}xi %U\" %s %b %Dms";

/// What every handler shares: the content and its pre-rendered pages.
pub struct AppState {
    pub site: Arc<Site>,
    pub pages: StaticPages,
}

/// Content and pages, rendered once, shared by every worker.
pub fn state(site: Site) -> Result<web::Data<AppState>, askama::Error> {
    let pages = StaticPages::render(&site)?;
    Ok(web::Data::new(AppState {
        site: Arc::new(site),
        pages,
    }))
}

pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .configure(|cfg| routes::configure(cfg, &state))
        .app_data(state)
        .wrap(respond::error_pages())
        .wrap(security_headers())
        .wrap(
            Logger::new(ACCESS_LOG_FORMAT)
                .custom_request_replace("method", |req| req.method().to_string()),
        )
}

/// The headers every response carries, whatever its status.
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add(("Cross-Origin-Resource-Policy", "same-origin"))
        .add(("Permissions-Policy", PERMISSIONS_POLICY))
        .add(("X-Frame-Options", "DENY"))
}
