//! Connections, whatever the client sends: a body that stalls, chunked or not, loses its
//! connection at the deadline; a flood of them leaves the health check answering; a client that
//! pipelines requests and never reads its answers costs bounded memory.

use crate::server::RunningServer;
use crate::support::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// How a stalled client frames the body it never finishes.
#[derive(Clone, Copy, Debug)]
enum Framing {
    Length,
    Chunked,
}

/// Headers and the start of a body that never finishes, as a stalled or hostile client sends.
fn stall(server: &RunningServer, method: &str, path: &str, framing: Framing) -> TcpStream {
    let mut stream = TcpStream::connect(&server.addr).expect("connects");
    let (framing, start) = match framing {
        Framing::Length => ("Content-Length: 100", "step=1&eme"),
        Framing::Chunked => ("Transfer-Encoding: chunked", "a\r\nstep=1&eme\r\n"),
    };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n{framing}\r\n\r\n{start}",
        server.addr
    )
    .unwrap();
    stream
}

fn quiz() -> String {
    format!("/articles/{LIFTING}/check")
}

/// Everything the server sends until it closes the connection, and how long that took; `None`
/// if it is still open after `limit`.
fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, Option<Duration>) {
    let started = Instant::now();
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut response = Vec::new();
    let closed = stream.read_to_end(&mut response).is_ok();
    (
        String::from_utf8_lossy(&response).into_owned(),
        closed.then(|| started.elapsed()),
    )
}

#[test]
fn a_quiz_body_that_stalls_is_answered_408_and_closed_at_the_deadline() {
    let server = RunningServer::start(&[]);
    let deadline = backwise::web::form::BODY_DEADLINE;
    for framing in [Framing::Length, Framing::Chunked] {
        let started = Instant::now();
        let mut stream = stall(&server, "POST", &quiz(), framing);
        let (response, closed) = read_until_closed(&mut stream, deadline * 3);
        assert!(
            response.starts_with("HTTP/1.1 408"),
            "{framing:?}: {response}"
        );
        assert!(response.contains("took too long to arrive"), "{framing:?}");
        let Some(_) = closed else {
            panic!("{framing:?}: still open {:?} after the 408", deadline * 3)
        };
        let waited = started.elapsed();
        assert!(
            waited > deadline - Duration::from_millis(500)
                && waited < deadline + Duration::from_secs(2),
            "{framing:?}: closed after {waited:?}"
        );
    }
}

#[test]
fn a_chunked_body_sent_to_a_page_that_reads_none_is_answered_and_closed() {
    let server = RunningServer::start(&[]);
    for (method, path) in [("GET", "/healthz"), ("GET", "/"), ("POST", "/about")] {
        let mut stream = stall(&server, method, path, Framing::Chunked);
        let (response, closed) = read_until_closed(&mut stream, Duration::from_secs(5));
        assert!(
            response.starts_with("HTTP/1.1 "),
            "{method} {path}: {response}"
        );
        assert!(
            response.to_ascii_lowercase().contains("connection: close"),
            "{method} {path}: {response}"
        );
        let closed = closed.unwrap_or_else(|| panic!("{method} {path}: still open after 5 s"));
        assert!(
            closed < Duration::from_secs(2),
            "{method} {path}: {closed:?}"
        );
    }
}

#[test]
fn a_body_read_to_its_end_keeps_its_connection() {
    let server = RunningServer::start(&[]);
    let body = encode(&calm_answers(LIFTING));
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    // Two answers on one connection, the first chunked: both come back.
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n{len:x}\r\n{body}\r\n0\r\n\r\n\
         POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n{body}",
        path = quiz(),
        len = body.len(),
    )
    .unwrap();
    let (response, closed) = read_until_closed(&mut stream, Duration::from_secs(10));
    assert!(closed.is_some(), "{response}");
    assert_eq!(response.matches("HTTP/1.1 200 OK").count(), 2, "{response}");
}

#[test]
fn expect_100_continue_over_the_limit_gets_413_with_no_100() {
    let server = RunningServer::start(&[]);
    let head = |length: usize| {
        format!(
            "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\nExpect: 100-continue\r\n\r\n",
            quiz()
        )
    };
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.write_all(head(100_000).as_bytes()).unwrap();
    let (response, closed) = read_until_closed(&mut stream, Duration::from_secs(5));
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(!response.contains("100 Continue"), "{response}");
    assert!(closed.is_some(), "{response}");
    // Within the limit, the client is asked for its body, and its answers are read.
    let body = encode(&calm_answers(LIFTING));
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.write_all(head(body.len()).as_bytes()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut invitation = [0; 25];
    stream.read_exact(&mut invitation).unwrap();
    assert_eq!(&invitation, b"HTTP/1.1 100 Continue\r\n\r\n");
    stream.write_all(body.as_bytes()).unwrap();
    let mut status = [0; 15];
    stream.read_exact(&mut status).unwrap();
    assert_eq!(&status, b"HTTP/1.1 200 OK");
}

#[test]
#[cfg_attr(
    prlimit_missing,
    ignore = "util-linux's prlimit is not installed (apt-get install util-linux)"
)]
fn a_flood_of_stalled_bodies_chunked_or_not_leaves_the_health_check_answering() {
    // 250 stalled clients against 256 open files: the server keeps its connections below the
    // limit, so the extra ones queue until stalled bodies lose theirs, at the deadline or, for a
    // body no handler reads, as soon as the answer is sent.
    let server = RunningServer::start_with_open_files(256, &[]);
    let page_or_quiz = |i: usize| {
        if i.is_multiple_of(2) {
            ("GET", "/healthz".to_string())
        } else {
            ("POST", quiz())
        }
    };
    let stalled: Vec<_> = (0..250)
        .map(|i| {
            let (method, path) = page_or_quiz(i);
            let framing = if i.is_multiple_of(5) {
                Framing::Length
            } else {
                Framing::Chunked
            };
            stall(&server, method, &path, framing)
        })
        .collect();
    let started = Instant::now();
    let health = server.get("/healthz");
    let waited = started.elapsed();
    assert!(
        health.starts_with("HTTP/1.1 200"),
        "after {waited:?}: {health}"
    );
    assert!(health.ends_with("ok"), "{health}");
    assert!(waited < Duration::from_secs(6), "{waited:?}");
    drop(stalled);
    let log = server.stop();
    assert!(!log.contains("Too many open files"), "{log}");
}

/// The server's resident memory, in MiB.
pub fn resident_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the server runs");
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("VmRSS in /proc/PID/status");
    kib / 1024
}

/// `clients` connections to `addr`, each sending `requests` pipelined GETs of an article and
/// reading nothing, for `seconds`: the peak of `pid`'s resident memory meanwhile, in MiB. The
/// clients have gone when it returns.
pub fn peak_while_pipelining_unread(addr: &str, host: &str, pid: u32, seconds: u64) -> u64 {
    const CLIENTS: usize = 100;
    const REQUESTS: usize = 2000;
    let requests =
        format!("GET /articles/{WEIGHT_LOSS} HTTP/1.1\r\nHost: {host}\r\n\r\n").repeat(REQUESTS);
    let clients: Vec<TcpStream> = (0..CLIENTS)
        .map(|_| TcpStream::connect(addr).expect("connects"))
        .collect();
    let writers: Vec<_> = clients
        .iter()
        .map(|client| {
            let mut client = client.try_clone().unwrap();
            client
                .set_write_timeout(Some(Duration::from_secs(8)))
                .unwrap();
            let requests = requests.clone();
            std::thread::spawn(move || drop(client.write_all(requests.as_bytes())))
        })
        .collect();
    // Nothing is read: the answers pile up wherever the server keeps them.
    let mut peak = 0;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(seconds) {
        peak = peak.max(resident_mib(pid));
        std::thread::sleep(Duration::from_millis(100));
    }
    for client in &clients {
        let _ = client.shutdown(std::net::Shutdown::Both);
    }
    drop(clients);
    writers
        .into_iter()
        .for_each(|writer| writer.join().unwrap());
    peak
}

#[test]
fn clients_that_pipeline_and_never_read_cost_bounded_memory() {
    let server = RunningServer::start(&[]);
    let pid = server.pid();
    let peak = peak_while_pipelining_unread(&server.addr, "x", pid, 4);
    let left = Instant::now();
    let mut now = resident_mib(pid);
    while now >= 50 && left.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(200));
        now = resident_mib(pid);
    }
    assert!(
        peak < 200,
        "100 clients pipelining took the server to {peak} MiB"
    );
    assert!(
        now < 50,
        "still {now} MiB 10 s after the clients left (peak {peak} MiB)"
    );
    assert!(server.get("/healthz").ends_with("ok"));
}

/// The peak the pipelining test allows, which the service unit's memory cap must leave room for.
const PIPELINING_PEAK_MIB: u64 = 200;

#[test]
fn the_service_unit_caps_memory_above_what_hostile_clients_can_cost() {
    let unit = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/backwise@.service"),
    )
    .unwrap();
    let mib = |key: &str| -> u64 {
        let line = unit
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("the unit sets no {key}="));
        line.strip_suffix('M')
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{key}={line}: write it in M"))
    };
    let (high, max) = (mib("MemoryHigh"), mib("MemoryMax"));
    assert!(
        high < max,
        "MemoryHigh={high}M should be below MemoryMax={max}M"
    );
    assert!(
        high >= PIPELINING_PEAK_MIB - 8,
        "MemoryHigh={high}M would slow a server within the {PIPELINING_PEAK_MIB} MiB it may reach"
    );
}
