//! Starts Backwise: read the settings, load and check the content, serve it.

use backwise::check::hazards;
use backwise::config::{self, CheckConfig, Command, ServeConfig};
use backwise::content::date::Date;
use backwise::web::server;
use backwise::{content_folder, logging, start_up};
use std::process::ExitCode;
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
    let (site, state) = match start_up(config.content.as_deref(), config.base_url.as_deref()) {
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
    let watch = config.watch.then(|| config.content.clone()).flatten();
    let serving = server::Serving {
        addr: &config.addr,
        watch: watch.as_deref(),
        base_url: config.base_url.as_deref(),
    };
    let result = server::run(&serving, site, state, started);
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
