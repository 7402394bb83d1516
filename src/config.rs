//! Command-line and environment settings.

use std::path::PathBuf;

pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
const USAGE: &str = "usage: backwise [serve] [--addr HOST:PORT] [--content DIR] [--quiet]
       backwise check [--content DIR] [--max-grade N]

  serve        run the web server (the default)
  check        check the content as the server would load it, and report every problem
  --addr       where to listen (default 127.0.0.1:8080, or $BACKWISE_ADDR)
  --content    read articles from DIR instead of the ones built into the binary
  --max-grade  highest reading grade an article may have (default 9)
  --quiet      log warnings and errors only, not each request";

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Serve(ServeConfig),
    Check(CheckConfig),
    Help,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServeConfig {
    pub addr: String,
    pub content: Option<PathBuf>,
    pub quiet: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckConfig {
    pub content: Option<PathBuf>,
    pub max_grade: f64,
}

pub fn usage() -> &'static str {
    USAGE
}

/// Reads the arguments (without the program name). `env_addr` is `$BACKWISE_ADDR`; the flag wins.
pub fn parse(args: &[String], env_addr: Option<String>) -> Result<Command, String> {
    let (is_check, rest) = match args.first().map(String::as_str) {
        Some("check") => (true, &args[1..]),
        Some("serve") => (false, &args[1..]),
        _ => (false, args),
    };
    let mut addr = env_addr.filter(|a| !a.is_empty());
    let mut content = None;
    let mut quiet = false;
    let mut max_grade = 9.0;
    let mut items = rest.iter();
    while let Some(arg) = items.next() {
        let mut value = |name: &str| {
            items
                .next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--addr" if !is_check => addr = Some(value("--addr")?),
            "--content" => content = Some(PathBuf::from(value("--content")?)),
            "--quiet" if !is_check => quiet = true,
            "--max-grade" if is_check => {
                let text = value("--max-grade")?;
                max_grade = text
                    .parse()
                    .map_err(|_| format!("--max-grade takes a number, not `{text}`"))?;
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(if is_check {
        Command::Check(CheckConfig { content, max_grade })
    } else {
        Command::Serve(ServeConfig {
            addr: addr.unwrap_or_else(|| DEFAULT_ADDR.to_string()),
            content,
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

    fn serve(list: &[&str], env: Option<&str>) -> ServeConfig {
        match parse(&args(list), env.map(String::from)) {
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
            None,
        );
        assert_eq!(
            parsed,
            Ok(Command::Check(CheckConfig {
                content: Some(PathBuf::from("x")),
                max_grade: 8.5
            }))
        );
    }

    #[test]
    fn mistakes_are_explained() {
        assert_eq!(
            parse(&args(&["--addr"]), None),
            Err("--addr needs a value".into())
        );
        assert_eq!(
            parse(&args(&["--nope"]), None),
            Err("unknown argument `--nope`".into())
        );
        assert!(parse(&args(&["check", "--max-grade", "high"]), None).is_err());
    }
}
