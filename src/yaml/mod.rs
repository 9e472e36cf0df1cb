//! Reading YAML input files (monitors files, steps files) with serde-saphyr — YAML 1.2, duplicate
//! keys rejected — with every error turned into a `file:line:col` problem, and a position tree
//! for checks made after parsing.

mod tree;

use serde::de::DeserializeOwned;

use crate::error::{Error, Location, Problem};
pub use tree::{Node, Pos, Tree};

/// Parse `text` (the contents of `file`) into `T`; an error points at its place in the file.
pub fn parse<T: DeserializeOwned>(text: &str, file: &str) -> Result<T, Error> {
    serde_saphyr::from_str(text).map_err(|e| Error::Invalid(vec![problem(file, text, &e)]))
}

/// The position tree of `text`, which has already parsed as YAML.
pub fn tree(text: &str, file: &str) -> Result<Tree, Error> {
    Tree::parse(text).ok_or_else(|| {
        Error::invalid_at(
            at(file, 1, 1),
            "the file parsed, but its positions could not be read",
        )
    })
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
    let mut message = hide_file_text(strip_location(&rendered));
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

/// A parse error quotes text from the file (`unknown field `…``, `invalid type: string "…"`).
/// When the file is not what it was meant to be (`-f /etc/shadow`) that text may be anything,
/// secrets included: only short plain names are quoted back, anything else is left out.
pub(crate) fn hide_file_text(message: &str) -> String {
    let plain = |text: &str| {
        text.len() <= 40
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
    };
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = rest[open..].chars().next().expect("found a quote");
        let Some(len) = rest[open + 1..].find(quote) else {
            break;
        };
        let inner = &rest[open + 1..open + 1 + len];
        out.push_str(&rest[..open]);
        if plain(inner) {
            out.push_str(&rest[open..open + len + 2]);
        } else {
            out.push_str("(text from the file, not shown)");
        }
        rest = &rest[open + len + 2..];
    }
    out.push_str(rest);
    out
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

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        count: u32,
    }

    fn first_problem(text: &str) -> (Location, String) {
        match parse::<Doc>(text, "f.yaml").unwrap_err() {
            Error::Invalid(mut problems) => {
                let p = problems.remove(0);
                (p.location.expect("a position"), p.message)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_point_into_the_file() {
        let (at, message) = first_problem("name: a\ncount: many\n");
        assert_eq!((at.line, at.column), (2, 8), "{message}");
        assert!(!message.contains("line 2"), "{message}");
        let (at, message) = first_problem("name: a\nname: b\ncount: 1\n");
        assert_eq!(at.line, 2, "{message}");
        assert!(message.contains("duplicate"), "{message}");
        let (at, message) = first_problem("name: a\ncount: 1\ncolour: red\n");

        assert_eq!(at.line, 3, "{message}");
        assert!(message.contains("colour"), "{message}");
        let (at, message) = first_problem("name: a\ncount: 1\n\tname: b\n");
        assert_eq!((at.line, at.column), (3, 1), "the tab itself: {message}");
        assert!(message.contains("tab"), "{message}");
    }

    #[test]
    fn text_from_a_file_that_is_not_yaml_is_not_quoted() {
        let (at, message) = first_problem("root:$6$salt$hash:19000:0:99999:7:::\n");
        assert_eq!(at.line, 1);
        assert!(
            !message.contains("salt") && !message.contains("root"),
            "{message}"
        );
        assert!(message.contains("unknown field"), "{message}");
        let (_, message) = first_problem("name: a\ncount: 1\ncolour: red\n");
        assert!(
            message.contains("`colour`"),
            "plain keys are still named: {message}"
        );
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
