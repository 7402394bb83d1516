//! Starts Backwise: read the settings, load and check the content, serve it.

use actix_web::dev::ServerHandle;
use backwise::check::hazards;
use backwise::config::{self, CheckConfig, Command, ServeConfig};
use backwise::content::date::Date;
use backwise::web::{preview, server};
use backwise::{content_folder, logging, start_up};
use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::Instant;

fn main() -> ExitCode {
    let parsed = config::arguments(std::env::args_os().skip(1))
        .and_then(|args| config::parse(&args, config::Environment::read()));
    match parsed {
        Ok(Command::Serve(config)) => serve(config),
        Ok(Command::Check(config)) => check(&config),
        Ok(Command::Version) => {
            println!("backwise {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(Command::Help) => {
            println!("{}", config::usage());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("backwise: {message}\n\n{}", config::usage());
            ExitCode::from(2)
        }
    }
}

fn serve(config: ServeConfig) -> ExitCode {
    let started = Instant::now();
    logging::init(config.quiet);
    let (mut site, state) = match start_up(config.content.as_deref(), config.base_url.as_deref()) {
        Ok(started) => started,
        Err(errors) => {
            let folder = content_folder(config.content.as_deref());
            for error in &errors {
                eprintln!("{}", error.clone().in_folder(&folder));
            }
            eprintln!("backwise: not started: {} content problem(s)", errors.len());
            return ExitCode::FAILURE;
        }
    };
    let placeholders = site.settings.placeholders();
    if !placeholders.is_empty() {
        log::warn!(
            "not ready to publish: {} (fine for a local preview)",
            placeholders.join("; ")
        );
    }
    // With --watch, the watcher hands over each reloaded site and stops the server, which the
    // loop below starts again on the same address with the new pages.
    let pending: preview::Pending = Arc::new(Mutex::new(None));
    let handle: Arc<Mutex<Option<ServerHandle>>> = Arc::new(Mutex::new(None));
    if let (true, Some(dir)) = (config.watch, config.content.clone()) {
        let (pending, handle) = (pending.clone(), handle.clone());
        let base_url = config.base_url.clone();
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
    let listener = match std::net::TcpListener::bind(&config.addr) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("backwise: cannot serve on {}: {error}", config.addr);
            return ExitCode::FAILURE;
        }
    };
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let mut started = started;
    let result = actix_web::rt::System::new().block_on(async move {
        loop {
            // The first site was rendered by `start_up`; a reloaded one is rendered here.
            let state = match state
                .take()
                .map_or_else(|| backwise::web::state::state(site), Ok)
            {
                Ok(state) => state,
                Err(error) => {
                    eprintln!("backwise: not started: a page could not be rendered: {error}");
                    return Ok(false);
                }
            };
            let mut server = actix_web::HttpServer::new(move || server::app(state.clone()))
                .workers(workers)
                // Requests here take milliseconds: two seconds lets any in flight finish without
                // an idle keep-alive connection holding up a deploy.
                .shutdown_timeout(2)
                // After an answer sent before its request's body was read (a stalled body at
                // the deadline, a refused upload), the connection is closed once the client has
                // had half a second to read it: enough for the answer, not for holding a slot.
                .client_disconnect_timeout(std::time::Duration::from_millis(500));
            if let Some(limit) = server::connections_per_worker(workers) {
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
    });
    logging::flush();
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("backwise: cannot serve on {}: {error}", config.addr);
            ExitCode::FAILURE
        }
    }
}

/// `backwise check`: runs the server's start-up on the content and prints the editor's report,
/// or with `--hazards` the hazard log.
fn check(config: &CheckConfig) -> ExitCode {
    // The server's own start-up: what passes here, the server serves. The files are read again
    // for the lines the report names.
    let files = backwise::content_files(config.content.as_deref()).unwrap_or_default();
    let loaded =
        start_up(config.content.as_deref(), config.base_url.as_deref()).map(|(site, _)| site);
    let folder = content_folder(config.content.as_deref());
    let (path, shown) = match &config.stories {
        Some(path) => (path.clone(), path.display().to_string()),
        None => (
            hazards::default_stories_path(config.content.as_deref()),
            hazards::STORIES_FILE.to_string(),
        ),
    };
    let stories = match hazards::Stories::read(&path, &shown, config.stories.is_some()) {
        Ok(stories) => stories,
        Err(error) => {
            println!("{error}");
            println!("1 problem(s) found");
            return ExitCode::FAILURE;
        }
    };
    if config.hazards {
        return match loaded {
            Ok(site) => {
                print!("{}", hazards::hazard_log(&site, &stories));
                ExitCode::SUCCESS
            }
            Err(errors) => {
                for error in errors {
                    println!("{}", error.in_folder(&folder));
                }
                println!("the content does not load, so there is no hazard log");
                ExitCode::FAILURE
            }
        };
    }
    let report = backwise::check::report(
        loaded,
        &files,
        &folder,
        Date::today(),
        config.max_grade,
        &stories,
    );
    for line in &report.lines {
        println!("{line}");
    }
    if report.errors == 0 {
        println!("content ok");
        ExitCode::SUCCESS
    } else {
        println!("{} problem(s) found", report.errors);
        ExitCode::FAILURE
    }
}
