//! A minimal logger for the `log` facade: one line per record on standard error. The access log
//! and start-up messages are all the server writes.

use log::{LevelFilter, Log, Metadata, Record};
use std::io::Write;

struct StderrLogger;

impl Log for StderrLogger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &Record) {
        if self.enabled(record.metadata()) {
            let _ = writeln!(
                std::io::stderr().lock(),
                "{} {}",
                record.level(),
                record.args()
            );
        }
    }

    fn flush(&self) {}
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
