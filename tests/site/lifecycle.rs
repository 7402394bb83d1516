//! The real process: what it does with a streamed body it cannot trust, and how it stops.

use crate::server::RunningServer;
use crate::support::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Where the lifting article's quiz posts.
fn lifting_check() -> String {
    format!("/articles/{LIFTING}/check")
}

#[test]
fn a_streamed_body_with_no_declared_length_is_still_capped() {
    let server = RunningServer::start(&[]);
    let chunk = "a".repeat(4096);
    let mut request = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        lifting_check(),
        server.addr
    );
    for _ in 0..5 {
        request.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
    }
    request.push_str("0\r\n\r\n");
    let response = server.raw(&request);
    assert!(
        response.starts_with("HTTP/1.1 413"),
        "{}",
        &response[..response.len().min(200)]
    );
    assert!(response.contains("Too much data was sent"));
}

#[test]
fn sigterm_lets_a_request_in_flight_finish_then_exits() {
    let mut server = RunningServer::start(&[]);
    // A request whose body has not fully arrived is in flight when the signal comes.
    let body = encode(&calm_answers(LIFTING));
    let body = body.as_str();
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        lifting_check(),
        server.addr,
        body.len(),
        &body[..20]
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let pid = server.pid().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    stream.write_all(&body.as_bytes()[20..]).unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "{}",
        &response[..response.len().min(200)]
    );
    assert!(response.contains("No warning signs were reported"));
    assert!(
        server.wait_for_exit(Duration::from_secs(3)),
        "the server did not exit cleanly within 3 s of SIGTERM"
    );
}

#[test]
fn an_idle_server_exits_promptly_on_sigterm() {
    let mut server = RunningServer::start(&[]);
    // An idle keep-alive connection must not hold the process up.
    let _idle = TcpStream::connect(&server.addr).unwrap();
    assert!(server.terminate(Duration::from_secs(3)));
}
