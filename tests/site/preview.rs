//! `--watch`, the editor's live preview, on the real binary and a copy of the content.

use crate::server::RunningServer;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const ARTICLE: &str = "weightlifting-and-mid-back-pain";

/// A fresh copy of the articles, figures included, in a folder of its own.
fn copy_of_the_content(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    for folder in ["", "figures"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        for entry in std::fs::read_dir(source.join(folder)).unwrap().flatten() {
            if entry.path().is_file() {
                std::fs::copy(entry.path(), dir.join(folder).join(entry.file_name())).unwrap();
            }
        }
    }
    dir
}

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
