//! The documented deployment, run for real: deploy/nginx's front before the real binary. With
//! it, what a hostile client does to the connection stays with nginx: a body that stalls, chunked
//! or not, never reaches Backwise, nor does a pipeline from a client that never reads.

use crate::server::RunningServer;
use crate::support::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn deploy(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("deploy/nginx")
        .join(file)
}

/// A folder of its own for one nginx, with the proxy snippet where the site file includes it.
fn nginx_folder(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("snippets")).unwrap();
    std::fs::copy(
        deploy("backwise-proxy.conf"),
        dir.join("snippets/backwise-proxy.conf"),
    )
    .unwrap();
    dir
}

/// nginx with deploy/nginx/backwise-proxy.conf, listening on a free loopback port in front of
/// one instance. Stopped (gracefully, so its workers go too) when dropped.
struct Front {
    nginx: Child,
    addr: String,
}

impl Front {
    fn start(name: &str, backend: &str) -> Front {
        let dir = nginx_folder(name);
        let addr = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            probe.local_addr().unwrap().to_string()
        };
        let dir_text = dir.display();
        let config = format!(
            "worker_processes 1;\npid {dir_text}/nginx.pid;\nerror_log {dir_text}/error.log;\n\
             events {{ worker_connections 1024; }}\n\
             http {{\n  access_log off;\n\
               upstream backwise {{ server {backend}; keepalive 32; }}\n\
               server {{ listen {addr}; include snippets/backwise-proxy.conf; }}\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), config).unwrap();
        let nginx = Command::new("nginx")
            .arg("-p")
            .arg(&dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .args(["-g", "daemon off;"])
            .stdin(Stdio::null())
            .spawn()
            .expect("nginx starts");
        let front = Front { nginx, addr };
        let started = Instant::now();
        while TcpStream::connect(&front.addr).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nginx did not listen: {}",
                std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        front
    }

    /// Sends a raw request and returns the whole response, or what came within `limit`.
    fn raw(&self, request: &str, limit: Duration) -> String {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(limit)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        String::from_utf8_lossy(&response).into_owned()
    }

    fn health(&self) -> String {
        self.raw(
            "GET /healthz HTTP/1.1\r\nHost: backwise.test\r\nConnection: close\r\n\r\n",
            Duration::from_secs(10),
        )
    }
}

impl Drop for Front {
    fn drop(&mut self) {
        let pid = self.nginx.id().to_string();
        let _ = Command::new("kill").args(["-QUIT", &pid]).status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.nginx.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let _ = self.nginx.wait();
    }
}

#[test]
#[cfg_attr(
    nginx_missing,
    ignore = "nginx or openssl is not installed (apt-get install nginx openssl)"
)]
fn the_site_file_in_deploy_is_a_valid_nginx_configuration() {
    let dir = nginx_folder("nginx-site-file");
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=backwise.example", "-keyout"])
        .arg(dir.join("privkey.pem"))
        .arg("-out")
        .arg(dir.join("fullchain.pem"))
        .output()
        .expect("openssl runs");
    assert!(made.status.success(), "{made:?}");
    let site = std::fs::read_to_string(deploy("backwise.conf"))
        .unwrap()
        .replace("/etc/ssl/backwise/", &format!("{}/", dir.display()))
        .replace("/var/log/nginx/", &format!("{}/", dir.display()));
    std::fs::write(dir.join("backwise.conf"), site).unwrap();
    std::fs::write(
        dir.join("nginx.conf"),
        format!(
            "pid {0}/nginx.pid;\nerror_log {0}/error.log;\nevents {{}}\nhttp {{ include backwise.conf; }}\n",
            dir.display()
        ),
    )
    .unwrap();
    let tested = Command::new("nginx")
        .arg("-t")
        .arg("-p")
        .arg(&dir)
        .arg("-e")
        .arg(dir.join("error.log"))
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .output()
        .expect("nginx runs");
    let said = String::from_utf8_lossy(&tested.stderr);
    assert!(tested.status.success(), "{said}");
    // Newer nginx (1.25.1 on) would rather see `http2 on;`, and says so: nothing else may warn.
    let warnings = said
        .lines()
        .filter(|line| line.contains("[warn]") && !line.contains("http2"));
    assert_eq!(warnings.count(), 0, "{said}");
}

#[test]
#[cfg_attr(
    nginx_missing,
    ignore = "nginx or openssl is not installed (apt-get install nginx openssl)"
)]
fn through_the_front_answers_arrive_and_oversized_or_stalled_bodies_stay_out() {
    let server = RunningServer::start_with_open_files(256, &[]);
    let front = Front::start("nginx-bodies", &server.addr);
    let path = format!("/articles/{LIFTING}/check");
    // A chunked quiz body, complete: nginx passes it on with a Content-Length.
    let body = encode(&calm_answers(LIFTING));
    let answered = front.raw(
        &format!(
            "POST {path} HTTP/1.1\r\nHost: backwise.test\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
            body.len()
        ),
        Duration::from_secs(10),
    );
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    assert!(answered.contains("data-outcome=\""), "{answered}");
    let oversized = front.raw(
        &format!(
            "POST {path} HTTP/1.1\r\nHost: backwise.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n"
        ),
        Duration::from_secs(10),
    );
    assert!(oversized.starts_with("HTTP/1.1 413"), "{oversized}");
    // 250 stalled bodies, more than Backwise has open files for: none of them reaches it.
    let stalled: Vec<TcpStream> = (0..250)
        .map(|i| {
            let mut stream = TcpStream::connect(&front.addr).unwrap();
            let framing = if i % 2 == 0 {
                "Transfer-Encoding: chunked\r\n\r\na\r\nstep=1&eme\r\n"
            } else {
                "Content-Length: 100\r\n\r\nstep=1&eme"
            };
            write!(
                stream,
                "POST {path} HTTP/1.1\r\nHost: backwise.test\r\nContent-Type: application/x-www-form-urlencoded\r\n{framing}"
            )
            .unwrap();
            stream
        })
        .collect();
    let started = Instant::now();
    let health = front.health();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with("ok"), "{health}");
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
    drop(stalled);
    drop(front);
    let log = server.stop();
    assert_eq!(log.matches("\"POST ").count(), 1, "{log}");
}

#[test]
#[cfg_attr(
    nginx_missing,
    ignore = "nginx or openssl is not installed (apt-get install nginx openssl)"
)]
fn through_the_front_clients_that_pipeline_and_never_read_cost_backwise_nothing() {
    let server = RunningServer::start(&[]);
    let front = Front::start("nginx-pipelining", &server.addr);
    let peak = crate::connections::peak_while_pipelining_unread(
        &front.addr,
        "backwise.test",
        server.pid(),
        3,
    );
    assert!(peak < 50, "Backwise reached {peak} MiB behind nginx");
    assert!(front.health().ends_with("ok"));
}
