//! The application: routes wrapped in the middleware every response goes through.

use crate::logging;
use crate::web::state::AppState;
use crate::web::{respond, routes, unread_body};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{DefaultHeaders, Logger, from_fn};
use actix_web::{App, web};

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

/// File descriptors kept back from connections: the listener, the log, files the process opens.
const SPARE_FILES: usize = 64;

/// How many connections each worker may hold open, so that all of them together stay below the
/// process's open-file limit: past it, new connections wait in the listen queue rather than
/// failing with "Too many open files", and `/healthz` is answered as soon as a slot frees (a
/// stalled request body frees one within [`BODY_DEADLINE`](crate::web::form::BODY_DEADLINE)). `None` when the limit
/// cannot be read (actix's own default then applies).
pub fn connections_per_worker(workers: usize) -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    open_file_limit(&limits)
        .map(|limit| (limit.saturating_sub(SPARE_FILES) / workers.max(1)).max(8))
}

/// The soft "Max open files" limit from the text of `/proc/self/limits`.
fn open_file_limit(limits: &str) -> Option<usize> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line["Max open files".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
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
                .log_target(logging::ACCESS_LOG)
                .custom_request_replace("method", |req| req.method().to_string()),
        )
        .wrap(from_fn(unread_body::close_if_unread))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_soft_open_file_limit_is_read_from_proc() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units     \n\
                      Max cpu time              unlimited            unlimited            seconds   \n\
                      Max open files            1024                 524288               files     \n";
        assert_eq!(open_file_limit(limits), Some(1024));
        assert_eq!(
            open_file_limit("Max open files  unlimited  unlimited  files"),
            None
        );
        assert!(connections_per_worker(2).is_some_and(|n| n >= 8));
    }
}
