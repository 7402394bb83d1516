//! The real binary, started on a free loopback port, for what only a real process shows: its
//! logs, its exit, and pages in a real browser. Requests go over a plain TCP connection.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct RunningServer {
    child: Child,
    pub addr: String,
    /// Everything the process has written to standard error so far.
    log: Arc<Mutex<String>>,
}

impl RunningServer {
    pub fn start(extra_args: &[&str]) -> RunningServer {
        RunningServer::spawn(Command::new(env!("CARGO_BIN_EXE_backwise")), extra_args)
    }

    /// The server with at most `files` open files (through util-linux's `prlimit`), as on a
    /// host with a low limit.
    pub fn start_with_open_files(files: u32, extra_args: &[&str]) -> RunningServer {
        let mut command = Command::new("prlimit");
        command
            .arg(format!("--nofile={files}:{files}"))
            .arg(env!("CARGO_BIN_EXE_backwise"));
        RunningServer::spawn(command, extra_args)
    }

    fn spawn(mut command: Command, extra_args: &[&str]) -> RunningServer {
        command.args(["--addr", "127.0.0.1:0"]);
        // The content the tests run on (see `test_content`), unless the test gives its own.
        if let Some(dir) = std::env::var_os("BACKWISE_TEST_CONTENT") {
            command.arg("--content").arg(dir);
        }
        let mut child = command
            .args(extra_args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let sink = log.clone();
        // Keep reading the log (access lines included) so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("serving on http://").nth(1) {
                    let _ = addr_tx.send(rest.split(' ').next().unwrap().to_string());
                }
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        match addr_rx.recv_timeout(Duration::from_secs(30)) {
            Ok(addr) => RunningServer { child, addr, log },
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "the server did not say where it listens:\n{}",
                    log.lock().unwrap()
                )
            }
        }
    }

    /// The full address of a path on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Sends a raw HTTP/1.1 request and returns the whole raw response.
    pub fn raw(&self, request: &str) -> String {
        let mut stream = TcpStream::connect(&self.addr).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        String::from_utf8_lossy(&response).into_owned()
    }

    pub fn post_form(&self, path: &str, body: &str) -> String {
        self.raw(&format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        ))
    }

    pub fn get(&self, path: &str) -> String {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        ))
    }

    /// Kills the server and returns all it logged.
    /// Stops the server as a service manager does (SIGTERM; killed if it lingers past 5 s) and
    /// returns all it logged: the access lines it held are written as it exits.
    pub fn stop(mut self) -> String {
        if !self.terminate(Duration::from_secs(5)) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
        std::thread::sleep(Duration::from_millis(100));
        let mut out = String::new();
        if let Some(mut stdout) = self.child.stdout.take() {
            let _ = stdout.read_to_string(&mut out);
        }
        let log = self.log.lock().unwrap().clone();
        log + &out
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM, as a service manager does, and waits up to `limit` for the process to end.
    /// Returns whether it exited cleanly in time.
    pub fn terminate(&mut self, limit: Duration) -> bool {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -TERM {pid}");
        self.wait_for_exit(limit)
    }

    /// Whether the process ends, with success, within `limit`.
    pub fn wait_for_exit(&mut self, limit: Duration) -> bool {
        let started = std::time::Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
