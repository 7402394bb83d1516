//! `--watch`, the editor's live preview, on the real binary and a copy of the content.

use crate::server::RunningServer;
use crate::support::copy_of_the_content;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

const ARTICLE: &str = "weightlifting-and-mid-back-pain";

/// The page's body, or `None` while the server is between two versions of the content.
fn fetch(addr: &str, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
}

/// Waits up to ten seconds for the page to satisfy `test`, and returns it.
fn page_when(addr: &str, path: &str, what: &str, test: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    let mut last = String::new();
    while started.elapsed() < Duration::from_secs(10) {
        if let Some(body) = fetch(addr, path) {
            if test(&body) {
                return body;
            }
            last = body;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!(
        "{what}: not seen within 10 s; last page:\n{}",
        &last[..last.len().min(600)]
    );
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_edit_shows_on_the_next_load_and_a_broken_one_keeps_the_last_good_page() {
    let dir = copy_of_the_content("preview");
    let dir_arg = dir.to_str().unwrap();
    let server = RunningServer::start(&["--content", dir_arg, "--watch"]);
    let path = format!("/articles/{ARTICLE}");
    let file = dir.join(format!("{ARTICLE}.md"));

    // An edit appears.
    edit(
        &file,
        "title = \"Is lifting weights",
        "title = \"Edited: is lifting weights",
    );
    page_when(&server.addr, &path, "the edited title", |p| {
        p.contains("<h1>Edited: is lifting")
    });

    // A broken edit keeps the last good page, and every page says what is wrong, with its line.
    edit(&file, "slug = \"", "slug = ");
    // (An editor's save can be seen half-written first; the page settles on the whole file.)
    let broken = page_when(
        &server.addr,
        &path,
        "the problem banner with file and line",
        |p| p.contains("class=\"preview-problems\"") && p.contains(&format!("{ARTICLE}.md:3: ")),
    );
    assert!(
        broken.contains("<h1>Edited: is lifting"),
        "the last good version is served"
    );
    let home = fetch(&server.addr, "/").unwrap();
    assert!(
        home.contains("class=\"preview-problems\""),
        "the banner is on every page"
    );

    // A fix clears it.
    edit(&file, "slug = ", "slug = \"");
    let fixed = page_when(&server.addr, &path, "the banner gone", |p| {
        !p.contains("class=\"preview-problems\"")
    });
    assert!(fixed.contains("<h1>Edited: is lifting"));

    let log = server.stop();
    assert!(log.contains("still serving the last good content"), "{log}");
    assert!(
        log.contains(&format!("{ARTICLE}.md:3: ")),
        "the log names the problem: {log}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_watch_an_edit_changes_nothing() {
    let dir = copy_of_the_content("no-preview");
    let server = RunningServer::start(&["--content", dir.to_str().unwrap()]);
    let path = format!("/articles/{ARTICLE}");
    edit(
        &dir.join(format!("{ARTICLE}.md")),
        "title = \"Is lifting weights",
        "title = \"Edited",
    );
    std::thread::sleep(Duration::from_millis(800));
    let page = fetch(&server.addr, &path).unwrap();
    assert!(
        page.contains("<h1>Is lifting weights"),
        "the content was read once, at start-up"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_edit_through_a_symlink_shows_on_the_next_load() {
    let dir = copy_of_the_content("preview-symlink");
    let file = dir.join(format!("{ARTICLE}.md"));
    let kept = dir.join("originals");
    std::fs::create_dir_all(&kept).unwrap();
    let target = kept.join(format!("{ARTICLE}.md"));
    std::fs::rename(&file, &target).unwrap();
    std::os::unix::fs::symlink(&target, &file).unwrap();
    let server = RunningServer::start(&["--content", dir.to_str().unwrap(), "--watch"]);
    let path = format!("/articles/{ARTICLE}");
    page_when(&server.addr, &path, "the article through its link", |p| {
        p.contains("<h1>Is lifting weights")
    });
    // The editor edits the file the link points at; the link itself does not change.
    edit(
        &target,
        "title = \"Is lifting weights",
        "title = \"Linked: is lifting weights",
    );
    page_when(&server.addr, &path, "the edit behind the link", |p| {
        p.contains("<h1>Linked: is lifting")
    });
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_reload_refuses_no_connection_and_times_itself() {
    let dir = copy_of_the_content("preview-no-refusal");
    let server = RunningServer::start(&["--content", dir.to_str().unwrap(), "--watch"]);
    let file = dir.join(format!("{ARTICLE}.md"));
    let started = Instant::now();
    std::thread::sleep(Duration::from_millis(1500));
    let addr = server.addr.clone();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (addr, done) = (addr.clone(), done.clone());
            std::thread::spawn(move || {
                let (mut answered, mut refused) = (0, 0);
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    match TcpStream::connect(&addr) {
                        Ok(_) if fetch(&addr, "/healthz").is_some() => answered += 1,
                        Ok(_) => {}
                        Err(_) => refused += 1,
                    }
                }
                (answered, refused)
            })
        })
        .collect();
    for n in 0..2 {
        edit(&file, "title = \"", &format!("title = \"Reload {n}: "));
        page_when(&addr, &format!("/articles/{ARTICLE}"), "the reload", |p| {
            p.contains(&format!("<h1>Reload {n}: "))
        });
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let (answered, refused) = clients
        .into_iter()
        .map(|c| c.join().unwrap())
        .fold((0, 0), |(a, r), (a2, r2)| (a + a2, r + r2));
    assert!(answered > 10, "{answered} answered");
    assert_eq!(refused, 0, "connections refused during the reloads");
    let log = server.stop();
    // The last "ready in" counts from the reload, not from the process's start.
    let ready: Vec<u128> = log
        .lines()
        .filter_map(|l| l.split("(ready in ").nth(1))
        .filter_map(|r| r.split(' ').next()?.parse().ok())
        .collect();
    assert!(ready.len() >= 3, "{log}");
    let last = *ready.last().unwrap();
    // The first reload came 1.5 s after the start; rebuilding the pages takes far less.
    assert!(
        last < 1000 && started.elapsed().as_millis() > 1500,
        "a reload says it was ready in {last} ms:\n{log}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
