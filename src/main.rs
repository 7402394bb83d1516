//! Starts Backwise: read the settings, load and check the content, serve it.

use backwise::config::{self, Command, ServeConfig};
use backwise::{load_content, logging, server};
use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;
use std::task::Poll;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match config::parse(&args, config::Environment::read()) {
        Ok(Command::Serve(config)) => serve(config),
        Ok(Command::Check(config)) => ExitCode::from(backwise::check::run(&config)),
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
    let site = match load_content(config.content.as_deref()) {
        Ok(site) => site.with_base_url(config.base_url.as_deref()),
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
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
    let state = match server::state(site) {
        Ok(state) => state,
        Err(error) => {
            eprintln!("backwise: not started: a page could not be rendered: {error}");
            return ExitCode::FAILURE;
        }
    };
    let addr = config.addr.clone();
    let result = actix_web::rt::System::new().block_on(async move {
        let server = actix_web::HttpServer::new(move || server::app(state.clone()))
            // Requests here take milliseconds: two seconds lets any in flight finish without an
            // idle keep-alive connection holding up a deploy.
            .shutdown_timeout(2)
            .bind(&addr)?;
        let bound = server.addrs();
        let mut running = server.run();
        // The first poll starts the workers and installs the SIGTERM and Ctrl-C handlers; only
        // then is the server ready, and only then is it safe to say so.
        let first = std::future::poll_fn(|cx| Poll::Ready(Pin::new(&mut running).poll(cx))).await;
        if let Poll::Ready(result) = first {
            return result;
        }
        for addr in bound {
            log::info!(
                "serving on http://{addr} (ready in {} ms)",
                started.elapsed().as_millis()
            );
        }
        running.await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("backwise: cannot serve on {}: {error}", config.addr);
            ExitCode::FAILURE
        }
    }
}
