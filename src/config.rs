//! Command-line and environment settings.

use std::path::PathBuf;

pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
const USAGE: &str =
    "usage: backwise [serve] [--addr HOST:PORT] [--content DIR [--watch]] [--base-url URL] [--quiet]
       backwise check [--content DIR] [--base-url URL] [--max-grade N] [--stories PATH] [--hazards]

  serve        run the web server (the default)
  check        check the content as the server would load it, and report every problem
  --addr       where to listen (default 127.0.0.1:8080, or $BACKWISE_ADDR)
  --content    read articles from DIR instead of the ones built into the binary
  --watch      with --content: reload when a file in DIR changes (a live preview for editors)
  --base-url   the site's public address, such as https://backwise.org (default: base_url in
               site.toml, or $BACKWISE_BASE_URL)
  --max-grade  highest reading grade an article may have (default 7)
  --stories    the readers' stories each warning sign must be ticked in (default:
               tests/fixtures/vignettes.toml beside the content folder, when it exists)
  --hazards    print the hazard log instead: each warning sign, its level, the wording it
               follows, its sources, how it deviates, and the tests that prove its level
  --quiet      log warnings and errors only, not each request
  --version    print the version

Each --name value can also be written --name=value.";

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Serve(ServeConfig),
    Check(CheckConfig),
    Help,
    Version,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServeConfig {
    pub addr: String,
    pub content: Option<PathBuf>,
    /// Replaces `base_url` from `site.toml`, for a deployment.
    pub base_url: Option<String>,
    /// Reload the content when a file in it changes.
    pub watch: bool,
    pub quiet: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckConfig {
    pub content: Option<PathBuf>,
    pub base_url: Option<String>,
    pub max_grade: f64,
    /// The stories file, when named; otherwise the one beside the content, if there is one.
    pub stories: Option<PathBuf>,
    /// Print the hazard log rather than the report.
    pub hazards: bool,
}

/// Settings that may come from the environment; a flag wins over each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Environment {
    /// `$BACKWISE_ADDR`
    pub addr: Option<String>,
    /// `$BACKWISE_BASE_URL`
    pub base_url: Option<String>,
}

impl Environment {
    pub fn read() -> Environment {
        Environment {
            addr: std::env::var("BACKWISE_ADDR").ok(),
            base_url: std::env::var("BACKWISE_BASE_URL").ok(),
        }
    }
}

pub fn usage() -> &'static str {
    USAGE
}

/// The arguments as text. An argument that is not UTF-8 (a file name, say) is named in the
/// error rather than mangled.
pub fn arguments(args: impl Iterator<Item = std::ffi::OsString>) -> Result<Vec<String>, String> {
    args.map(|arg| {
        arg.into_string().map_err(|bad| {
            format!(
                "the argument `{}` is not valid UTF-8",
                bad.to_string_lossy()
            )
        })
    })
    .collect()
}

/// Reads the arguments (without the program name), with what the environment sets.
pub fn parse(args: &[String], env: Environment) -> Result<Command, String> {
    let (is_check, rest) = match args.first().map(String::as_str) {
        Some("check") => (true, &args[1..]),
        Some("serve") => (false, &args[1..]),
        _ => (false, args),
    };
    let mut addr = env.addr.filter(|a| !a.is_empty());
    let mut base_url = env.base_url.filter(|u| !u.is_empty());
    let mut content = None;
    let mut quiet = false;
    let mut watch = false;
    let mut max_grade = 7.0;
    let mut stories = None;
    let mut hazards = false;
    let mut items = rest.iter();
    while let Some(arg) = items.next() {
        // `--name value` and `--name=value` say the same.
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let takes_value = matches!(
            name,
            "--addr" | "--content" | "--base-url" | "--max-grade" | "--stories"
        );
        if inline.is_some() && !takes_value {
            return Err(format!("{name} takes no value"));
        }
        let mut value = |name: &str| match inline.clone() {
            Some(value) => Ok(value),
            None => items
                .next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value")),
        };
        match name {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--addr" if !is_check => addr = Some(value("--addr")?),
            "--content" => content = Some(PathBuf::from(value("--content")?)),
            "--base-url" => base_url = Some(value("--base-url")?),
            "--quiet" if !is_check => quiet = true,
            "--watch" if !is_check => watch = true,
            "--hazards" if is_check => hazards = true,
            "--stories" if is_check => stories = Some(PathBuf::from(value("--stories")?)),
            "--max-grade" if is_check => {
                let text = value("--max-grade")?;
                max_grade = text
                    .parse()
                    .map_err(|_| format!("--max-grade takes a number, not `{text}`"))?;
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if let Some(url) = &base_url {
        crate::content::settings::check_base_url(url.trim_end_matches('/'))
            .map_err(|message| format!("--base-url: {message}"))?;
    }
    let base_url = base_url.map(|url| url.trim_end_matches('/').to_string());
    if watch && content.is_none() {
        return Err(
            "--watch needs --content DIR: the articles built into the binary never change".into(),
        );
    }
    Ok(if is_check {
        Command::Check(CheckConfig {
            content,
            base_url,
            max_grade,
            stories,
            hazards,
        })
    } else {
        Command::Serve(ServeConfig {
            addr: addr.unwrap_or_else(|| DEFAULT_ADDR.to_string()),
            content,
            base_url,
            watch,
            quiet,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn env(addr: Option<&str>) -> Environment {
        Environment {
            addr: addr.map(String::from),
            base_url: None,
        }
    }

    fn serve(list: &[&str], addr: Option<&str>) -> ServeConfig {
        match parse(&args(list), env(addr)) {
            Ok(Command::Serve(config)) => config,
            other => panic!("expected serve, got {other:?}"),
        }
    }

    #[test]
    fn serves_on_localhost_8080_by_default() {
        assert_eq!(serve(&[], None).addr, "127.0.0.1:8080");
    }

    #[test]
    fn the_flag_beats_the_environment() {
        assert_eq!(serve(&[], Some("0.0.0.0:9000")).addr, "0.0.0.0:9000");
        assert_eq!(
            serve(&["--addr", "127.0.0.1:1"], Some("0.0.0.0:9000")).addr,
            "127.0.0.1:1"
        );
    }

    #[test]
    fn check_takes_a_content_dir_and_a_grade_ceiling() {
        let parsed = parse(
            &args(&["check", "--content", "x", "--max-grade", "8.5"]),
            Environment::default(),
        );
        assert_eq!(
            parsed,
            Ok(Command::Check(CheckConfig {
                content: Some(PathBuf::from("x")),
                base_url: None,
                max_grade: 8.5,
                stories: None,
                hazards: false,
            }))
        );
    }

    #[test]
    fn check_takes_a_stories_file_and_prints_the_hazard_log_on_request() {
        let parsed = parse(
            &args(&["check", "--hazards", "--stories=s.toml"]),
            Environment::default(),
        );
        match parsed {
            Ok(Command::Check(config)) => {
                assert!(config.hazards);
                assert_eq!(config.stories, Some(PathBuf::from("s.toml")));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse(&args(&["--hazards"]), Environment::default()),
            Err("unknown argument `--hazards`".into())
        );
    }

    #[test]
    fn mistakes_are_explained() {
        assert_eq!(
            parse(&args(&["--addr"]), Environment::default()),
            Err("--addr needs a value".into())
        );
        assert_eq!(
            parse(&args(&["--nope"]), Environment::default()),
            Err("unknown argument `--nope`".into())
        );
        assert!(
            parse(
                &args(&["check", "--max-grade", "high"]),
                Environment::default()
            )
            .is_err()
        );
    }

    #[test]
    fn the_base_url_comes_from_the_flag_or_the_environment_and_is_checked() {
        let from_env = Environment {
            addr: None,
            base_url: Some("https://backwise.org/".into()),
        };
        match parse(&[], from_env.clone()) {
            Ok(Command::Serve(config)) => {
                assert_eq!(config.base_url.as_deref(), Some("https://backwise.org"))
            }
            other => panic!("{other:?}"),
        }
        match parse(&args(&["--base-url", "https://b.example.net"]), from_env) {
            Ok(Command::Serve(config)) => {
                assert_eq!(config.base_url.as_deref(), Some("https://b.example.net"))
            }
            other => panic!("{other:?}"),
        }
        let wrong = parse(
            &args(&["--base-url", "backwise.org"]),
            Environment::default(),
        );
        assert!(
            wrong
                .unwrap_err()
                .starts_with("--base-url: the base URL must start with https://")
        );
    }

    #[test]
    fn watching_needs_a_content_folder() {
        assert!(serve(&["--content", "articles", "--watch"], None).watch);
        assert!(!serve(&["--content", "articles"], None).watch);
        let wrong = parse(&args(&["--watch"]), Environment::default());
        assert!(
            wrong
                .unwrap_err()
                .starts_with("--watch needs --content DIR")
        );
    }

    #[test]
    fn values_may_follow_an_equals_sign() {
        assert_eq!(serve(&["--addr=127.0.0.1:9"], None).addr, "127.0.0.1:9");
        assert_eq!(
            parse(&args(&["--quiet=yes"]), Environment::default()),
            Err("--quiet takes no value".into())
        );
        assert_eq!(
            parse(&args(&["--version"]), Environment::default()),
            Ok(Command::Version)
        );
    }

    #[test]
    fn an_argument_that_is_not_utf8_is_named_not_a_panic() {
        use std::os::unix::ffi::OsStringExt;
        let bad = std::ffi::OsString::from_vec(vec![b'a', 0xff, b'b']);
        let found = arguments([std::ffi::OsString::from("--content"), bad].into_iter());
        assert_eq!(
            found,
            Err("the argument `a\u{fffd}b` is not valid UTF-8".into())
        );
    }
}
