//! Reading a monitors file: YAML → [`MonitorsFile`] (serde-saphyr: unknown fields, wrong types,
//! duplicate keys and bad durations are errors at `file:line:col`), then the checks the types
//! cannot express, `${env:NAME}` substitution and `defaults:` (in [`super::desired`]). Every
//! problem found is reported at once; nothing here makes a request.

use crate::error::{Error, Location, Problem, Result};
use crate::inputs::Env;

use super::desired::{self, Desired};
use super::positions::Tree;
use super::spec::MonitorsFile;

/// Read and check the file at `path`.
pub fn load_file(path: &str, env: &Env) -> Result<Desired> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid(format!("cannot read the monitors file `{path}`: {e}")))?;
    load(path, &text, env)
}

/// Check `text` as the monitors file `path` (the name used in messages).
pub fn load(path: &str, text: &str, env: &Env) -> Result<Desired> {
    let (spec, tree) = parse(path, text)?;
    desired::build(path, &spec, &tree, env)
}

/// The typed file and its position tree, or the parse error at its place.
pub fn parse(path: &str, text: &str) -> Result<(MonitorsFile, Tree)> {
    let spec: MonitorsFile =
        serde_saphyr::from_str(text).map_err(|e| Error::Invalid(vec![problem(path, text, &e)]))?;
    let tree = Tree::parse(text).ok_or_else(|| {
        Error::invalid_at(
            at(path, 1, 1),
            "the file parsed, but its positions could not be read",
        )
    })?;
    Ok((spec, tree))
}

fn at(path: &str, line: usize, column: usize) -> Location {
    Location {
        file: path.to_string(),
        line,
        column,
    }
}

/// One parse error as a problem: the message without its ` at line …` suffix (the location
/// carries it), pointed at the offending token.
fn problem(path: &str, text: &str, error: &serde_saphyr::Error) -> Problem {
    let formatter = serde_saphyr::UserMessageFormatter;
    let rendered = error.render_with_options(serde_saphyr::render_options! {
        formatter: &formatter,
        snippets: serde_saphyr::SnippetMode::Off,
    });
    let mut message = strip_location(&rendered).to_string();
    let mut location = error
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| at(path, l.line() as usize, l.column() as usize));
    // A tab in the indentation confuses the scanner into reporting a token nearby; point at the
    // tab itself.
    if message.to_lowercase().contains("tab") {
        let from = location.as_ref().map_or(1, |l| l.line);
        if let Some((line, column)) = indentation_tab(text, from) {
            location = Some(at(path, line, column));
            message = "a tab character in the indentation: YAML indents with spaces".into();
        }
    }
    Problem {
        message,
        location: location.or_else(|| Some(at(path, 1, 1))),
    }
}

fn strip_location(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(index)
            if message[index..]
                .trim_start_matches(" at line ")
                .starts_with(|c: char| c.is_ascii_digit()) =>
        {
            message[..index].trim_end()
        }
        _ => message.trim_end(),
    }
}

/// The first tab in a line's leading whitespace, searching from line `from` on, then before it.
fn indentation_tab(text: &str, from: usize) -> Option<(usize, usize)> {
    let tab_in = |(index, line): (usize, &str)| {
        let lead: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        lead.find('\t').map(|col| (index + 1, col + 1))
    };
    let lines: Vec<&str> = text.lines().collect();
    let start = from.saturating_sub(1).min(lines.len());
    lines[start..]
        .iter()
        .enumerate()
        .map(|(i, l)| (i + start, *l))
        .find_map(tab_in)
        .or_else(|| lines.iter().copied().enumerate().find_map(tab_in))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<Problem> {
        match load("m.yaml", text, &Env::default()) {
            Err(Error::Invalid(problems)) => problems,
            Err(other) => panic!("unexpected error {other}"),
            Ok(_) => panic!("expected problems"),
        }
    }

    fn one(text: &str) -> (String, usize, usize) {
        let p = problems(text);
        assert_eq!(p.len(), 1, "{p:?}");
        let at = p[0].location.clone().unwrap();
        (p[0].message.clone(), at.line, at.column)
    }

    #[test]
    fn parse_errors_point_at_the_token() {
        let (m, l, c) = one("version: 1\nmonitors:\n  - name: a\n    type: PING\n    hots: x\n");
        assert!(m.contains("unknown field `hots`"), "{m}");
        assert_eq!((l, c), (5, 5));
        let (m, l, c) = one("version: 1\nmonitors:\n  - name: a\n    type: PING\n    name: b\n");
        assert!(m.contains("duplicate"), "{m}");
        assert_eq!((l, c), (5, 5));
        let (m, l, c) = one("version: 1\nmonitors:\n  - name: a\n    type: SMTP\n");
        assert!(m.contains("SMTP") && m.contains("PING"), "{m}");
        assert_eq!((l, c), (4, 11));
        let (m, l, _) = one(
            "version: 1\nmonitors:\n  - name: a\n    type: PING\n    host: h\n    timeout: 10\n",
        );
        assert!(m.contains("no unit"), "{m}");
        assert_eq!(l, 6);
        let (m, l, c) = one("version: 1\nmonitors:\n  - name: a\n\ttype: PING\n");
        assert!(m.contains("tab"), "{m}");
        assert_eq!((l, c), (4, 1));
        let (m, l, _) = one("version: 1\nmonitors:\n  - name: a\n    type: PING\n    port: http\n");
        assert!(!m.is_empty());
        assert_eq!(l, 5);
    }

    #[test]
    fn messages_lose_the_location_suffix() {
        assert_eq!(
            strip_location("invalid u32 at line 1, column 10"),
            "invalid u32"
        );
        assert_eq!(strip_location("at line up"), "at line up");
    }
}
