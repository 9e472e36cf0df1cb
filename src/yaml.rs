//! Reading YAML input files with serde-saphyr (YAML 1.2, duplicate keys rejected) and turning its
//! errors into `file:line:col` problems.

use serde::de::DeserializeOwned;

use crate::error::{Error, Location};

/// Parse `text` (the contents of `file`) into `T`; errors point into the file.
pub fn parse<T: DeserializeOwned>(text: &str, file: &str) -> Result<T, Error> {
    serde_saphyr::from_str(text).map_err(|e| {
        let plain = e.without_snippet().to_string();
        match e.location() {
            Some(at) => Error::invalid_at(location(file, &at), strip_position(&plain)),
            None => Error::invalid(format!("{file}: {plain}")),
        }
    })
}

/// A serde-saphyr location as ours.
pub fn location(file: &str, at: &serde_saphyr::Location) -> Location {
    Location {
        file: file.to_string(),
        line: at.line() as usize,
        column: at.column() as usize,
    }
}

/// Drop the position serde-saphyr writes into its message (`… at line 2, column 8`): it is
/// reported separately.
fn strip_position(message: &str) -> String {
    let message = message.trim();
    match message.rfind(" at line ") {
        Some(cut) if message[cut..].contains(", column ") => message[..cut].to_string(),
        _ => message.to_string(),
    }
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

    fn problem(text: &str) -> (Location, String) {
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
        let (at, message) = problem("name: a\ncount: many\n");
        assert_eq!((at.line, at.column), (2, 8), "{message}");
        assert!(!message.contains("line 2"), "{message}");
        let (at, message) = problem("name: a\nname: b\ncount: 1\n");
        assert_eq!(at.line, 2, "{message}");
        assert!(message.contains("duplicate"), "{message}");
        let (at, message) = problem("name: a\ncount: 1\ncolour: red\n");

        assert_eq!(at.line, 3, "{message}");
        assert!(message.contains("colour"), "{message}");
        let (at, message) = problem("name: a\ncount: 1\n\tname: b\n");
        // The scanner reports the scalar the tab interrupts.
        assert!((2..=3).contains(&at.line), "{message}");
        assert!(message.contains("tab"), "{message}");
    }
}
