//! A minimal logger for the `log` facade: one line per record on standard error. The access log
//! and start-up messages are all the server writes.
//!
//! Access lines are held and written a batch at a time: at most a second after they were logged,
//! or as soon as 8 KiB of them are waiting. A write call per request cost a busy server a fifth of
//! its time on pages served from memory. Every other record is written at once, after the access
//! lines held before it, so the log keeps its order.

use log::{Level, LevelFilter, Log, Metadata, Record};
use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

/// How long an access line may wait to be written.
const HOLD_AT_MOST: Duration = Duration::from_secs(1);

/// How much of the access log is held before it is written whatever the time.
const HOLD_BYTES: usize = 8 * 1024;

/// The target the access log middleware logs under.
pub const ACCESS_LOG: &str = "access";

/// Lines held for `out`, written in order.
struct Batched<W> {
    held: Mutex<Vec<u8>>,
    out: fn() -> W,
}

impl<W: Write> Batched<W> {
    /// Holds an access line, or writes any other line at once after what is held.
    fn line(&self, line: &str, is_access: bool) {
        let mut held = self
            .held
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        held.extend_from_slice(line.as_bytes());
        if !is_access || held.len() >= HOLD_BYTES {
            self.write(&mut held);
        }
    }

    /// Writes what is held, in one call.
    fn flush(&self) {
        let mut held = self
            .held
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.write(&mut held);
    }

    fn write(&self, held: &mut Vec<u8>) {
        if !held.is_empty() {
            // A log that cannot be written is no reason to stop serving.
            let _ = (self.out)().write_all(held);
            held.clear();
        }
    }
}

struct StderrLogger(Batched<std::io::Stderr>);

impl Log for StderrLogger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &Record) {
        let level = level_of(record);
        if level <= log::max_level() {
            let line = format!("{level} {}\n", record.args());
            self.0.line(&line, record.target() == ACCESS_LOG);
        }
    }

    fn flush(&self) {
        self.0.flush();
    }
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

static LOGGER: StderrLogger = StderrLogger(Batched {
    held: Mutex::new(Vec::new()),
    out: std::io::stderr,
});

/// Sends log records to standard error. `quiet` keeps only warnings and errors, and so no access
/// log; otherwise a thread writes the access lines held, once a second.
pub fn init(quiet: bool) {
    if log::set_logger(&LOGGER).is_ok() {
        log::set_max_level(if quiet {
            LevelFilter::Warn
        } else {
            LevelFilter::Info
        });
        if !quiet {
            let _ = std::thread::Builder::new()
                .name("log-writer".into())
                .spawn(|| {
                    loop {
                        std::thread::sleep(HOLD_AT_MOST);
                        LOGGER.flush();
                    }
                });
        }
    }
}

/// Writes the access lines still held: before the process ends.
pub fn flush() {
    log::logger().flush();
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

    thread_local! {
        static WRITTEN: std::cell::RefCell<Vec<Vec<u8>>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    /// Records each write call.
    struct Calls;

    impl Write for Calls {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            WRITTEN.with_borrow_mut(|calls| calls.push(bytes.to_vec()));
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn written() -> Vec<String> {
        WRITTEN
            .with_borrow_mut(std::mem::take)
            .into_iter()
            .map(|call| String::from_utf8(call).unwrap())
            .collect()
    }

    #[test]
    fn access_lines_wait_and_other_lines_go_out_at_once_in_order() {
        let log = Batched {
            held: Mutex::new(Vec::new()),
            out: || Calls,
        };
        log.line("INFO \"GET /\" 200\n", true);
        log.line("INFO \"GET /about\" 200\n", true);
        assert!(written().is_empty(), "access lines are held");
        log.line("WARN something to see\n", false);
        assert_eq!(
            written(),
            ["INFO \"GET /\" 200\nINFO \"GET /about\" 200\nWARN something to see\n"],
            "held lines first, in one write"
        );
        log.line("INFO \"GET /\" 200\n", true);
        log.flush();
        assert_eq!(written(), ["INFO \"GET /\" 200\n"]);
        log.flush();
        assert!(written().is_empty(), "nothing held, nothing written");
    }

    #[test]
    fn a_busy_log_is_written_once_enough_is_held() {
        let log = Batched {
            held: Mutex::new(Vec::new()),
            out: || Calls,
        };
        let line = "INFO \"POST /articles/x/check\" 200 13274 0.061ms\n";
        let lines = HOLD_BYTES.div_ceil(line.len());
        for _ in 0..lines {
            log.line(line, true);
        }
        let calls = written();
        assert_eq!(calls.len(), 1, "one write for {lines} lines");
        assert_eq!(calls[0], line.repeat(lines));
    }
}
