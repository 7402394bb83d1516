//! A minimal logger for the `log` facade: one line per record on standard error. The access log
//! and start-up messages are all the server writes.

use log::{Level, LevelFilter, Log, Metadata, Record};
use std::io::Write;

struct StderrLogger;

impl Log for StderrLogger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &Record) {
        let level = level_of(record);
        if level <= log::max_level() {
            // Standard error is unbuffered: formatted straight into it, one line became a
            // dozen write calls. Build the line first and write it once.
            let line = format!("{level} {}\n", record.args());
            let _ = std::io::stderr().lock().write_all(line.as_bytes());
        }
    }

    fn flush(&self) {}
}

/// actix-http logs a client's malformed request ("stream error: request parse error") as an
/// ERROR. It is the client's mistake, not the server's: it is logged as INFO, so that `--quiet`
/// hides it and no client can fill the journal with errors.
fn level_of(record: &Record) -> Level {
    let client_mistake = record.level() == Level::Error
        && record.target().starts_with("actix_http::h1")
        && record.args().to_string().starts_with("stream error");
    if client_mistake {
        Level::Info
    } else {
        record.level()
    }
}

/// Sends log records to standard error. `quiet` keeps only warnings and errors.
pub fn init(quiet: bool) {
    static LOGGER: StderrLogger = StderrLogger;
    if log::set_logger(&LOGGER).is_ok() {
        log::set_max_level(if quiet {
            LevelFilter::Warn
        } else {
            LevelFilter::Info
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clients_malformed_request_is_info_and_a_real_error_stays_an_error() {
        let client = Record::builder()
            .level(Level::Error)
            .target("actix_http::h1::dispatcher")
            .args(format_args!(
                "stream error: request parse error: invalid Header provided"
            ))
            .build();
        assert_eq!(level_of(&client), Level::Info);
        let server = Record::builder()
            .level(Level::Error)
            .target("actix_server::accept")
            .args(format_args!(
                "Error accepting connection: Too many open files"
            ))
            .build();
        assert_eq!(level_of(&server), Level::Error);
    }
}
