//! The application (routes wrapped in the middleware every response goes through) and the
//! server that runs it, started again on the same socket when the editor's preview reloads.

use crate::content::Site;
use crate::logging;
use crate::web::state::AppState;
use crate::web::{preview, respond, routes, unread_body};
use actix_web::body::MessageBody;
use actix_web::dev::ServerHandle;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{DefaultHeaders, Logger, from_fn};
use actix_web::{App, web};
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::Instant;

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

/// Where and how to serve.
pub struct Serving<'a> {
    pub addr: &'a str,
    /// With `--watch`, the content folder to reload on each save.
    pub watch: Option<&'a Path>,
    pub base_url: Option<&'a str>,
}

/// Serves `site`, already rendered as `state`, until SIGTERM or Ctrl-C: `Ok(true)`. With a
/// folder to watch, each save reloads the content and starts the server again on the same
/// socket; `Ok(false)` when a reloaded site's pages cannot be rendered.
pub fn run(
    serving: &Serving,
    site: Site,
    state: web::Data<AppState>,
    started: Instant,
) -> std::io::Result<bool> {
    let mut site = site;
    // With --watch, the watcher hands over each reloaded site and stops the server, which the
    // loop below starts again on the same address with the new pages.
    let pending: preview::Pending = Arc::new(Mutex::new(None));
    let handle: Arc<Mutex<Option<ServerHandle>>> = Arc::new(Mutex::new(None));
    if let Some(dir) = serving.watch.map(Path::to_path_buf) {
        let (pending, handle) = (pending.clone(), handle.clone());
        let base_url = serving.base_url.map(str::to_string);
        let last_good = Mutex::new(site.clone());
        preview::watch(dir.clone(), move || {
            let mut last_good = last_good.lock().expect("one watcher");
            let next = preview::reload(&dir, &last_good, base_url.as_deref());
            if next.settings.problems.is_empty() {
                *last_good = next.clone();
            }
            *pending.lock().expect("no panic holds it") = Some(next);
            if let Some(server) = handle.lock().expect("no panic holds it").as_ref() {
                // Sends the stop at once; the serve loop sees it finish.
                drop(server.stop(true));
            }
        });
    }
    let mut state = Some(state);
    // One listening socket for the life of the process: a reload hands it to the next server,
    // so connections wait in its queue instead of being refused while the pages are rebuilt.
    let listener = std::net::TcpListener::bind(serving.addr)?;
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let mut started = started;
    actix_web::rt::System::new().block_on(async move {
        loop {
            // The first site was rendered by `start_up`; a reloaded one is rendered here.
            let state = match state
                .take()
                .map_or_else(|| crate::web::state::state(site), Ok)
            {
                Ok(state) => state,
                Err(error) => {
                    eprintln!("backwise: not started: a page could not be rendered: {error}");
                    return Ok(false);
                }
            };
            let mut server = actix_web::HttpServer::new(move || app(state.clone()))
                .workers(workers)
                // Requests here take milliseconds: two seconds lets any in flight finish without
                // an idle keep-alive connection holding up a deploy.
                .shutdown_timeout(2)
                // After an answer sent before its request's body was read (a stalled body at
                // the deadline, a refused upload), the connection is closed once the client has
                // had half a second to read it: enough for the answer, not for holding a slot.
                .client_disconnect_timeout(std::time::Duration::from_millis(500));
            if let Some(limit) = connections_per_worker(workers) {
                server = server.max_connections(limit);
            }
            let server = server.listen(listener.try_clone()?)?;
            let bound = server.addrs();
            let mut running = server.run();
            *handle.lock().expect("no panic holds it") = Some(running.handle());
            // The first poll starts the workers and installs the SIGTERM and Ctrl-C handlers;
            // only then is the server ready, and only then is it safe to say so.
            let first =
                std::future::poll_fn(|cx| Poll::Ready(Pin::new(&mut running).poll(cx))).await;
            if let Poll::Ready(result) = first {
                return result.map(|()| true);
            }
            for bound in &bound {
                log::info!(
                    "serving on http://{bound} (ready in {} ms)",
                    started.elapsed().as_millis()
                );
            }
            running.await?;
            match pending.lock().expect("no panic holds it").take() {
                Some(next) => site = next,
                None => return Ok(true),
            }
            // "ready in" after a reload counts from the reload, not from the process's start.
            started = Instant::now();
        }
    })
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
