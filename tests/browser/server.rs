//! The real `backwise` binary on a free loopback port, for the browser to visit.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub base: String,
}

impl Server {
    pub fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_backwise"))
            .args(["--addr", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        // Keep reading the log (access lines included) so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            let mut early = String::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let Some(sender) = &tx else { continue };
                if let Some(rest) = line.split("serving on http://").nth(1) {
                    let addr = rest.split_whitespace().next().unwrap_or("").to_string();
                    let _ = sender.send(Ok(addr));
                    tx = None;
                } else {
                    early.push_str(&line);
                    early.push('\n');
                }
            }
            if let Some(sender) = tx {
                let _ = sender.send(Err(early));
            }
        });
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok(addr)) => Server {
                child,
                base: format!("http://{addr}"),
            },
            Ok(Err(log)) => panic!("the server stopped before serving:\n{log}"),
            Err(_) => panic!("the server did not say where it listens within 30 s"),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
