//! Reading a monitors file: YAML → [`MonitorsFile`] (serde-saphyr: unknown fields, wrong types,
//! duplicate keys and bad durations are errors at `file:line:col`), then the checks the types
//! cannot express, `${env:NAME}` substitution and `defaults:` (in [`super::desired`]). Every
//! problem found is reported at once; nothing here makes a request.

use crate::error::{Error, Result};
use crate::inputs::Env;

use super::desired::{self, Desired};
use super::shape;
use super::spec::MonitorsFile;
use crate::yaml::{self, Tree};

/// Read and check the file at `path`.
pub fn load_file(path: &str, env: &Env) -> Result<Desired> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid(format!("cannot read the monitors file `{path}`: {e}")))?;
    load(path, &text, env)
}

/// Check `text` as the monitors file `path` (the name used in messages).
pub fn load(path: &str, text: &str, env: &Env) -> Result<Desired> {
    let (spec, tree) = parse(path, text)?;
    let declared = super::profiles::declare(path, &spec, &tree);
    match (desired::build(path, &spec, &tree, env), declared) {
        (Ok(mut desired), Ok(declared)) => {
            desired.profiles = declared;
            Ok(desired)
        }
        (Ok(_), Err(problems)) => Err(Error::Invalid(problems)),
        (Err(Error::Invalid(mut problems)), Err(more)) => {
            problems.extend(more);
            problems.sort_by_key(|p| p.location.as_ref().map(|l| (l.line, l.column)));
            Err(Error::Invalid(problems))
        }
        (Err(e), _) => Err(e),
    }
}

/// The typed file and its position tree, or every problem found: the shape checks over the
/// whole tree ([`shape`]) and the typed parse's first error, unless a shape check already said
/// what is wrong at that place in plainer words.
pub fn parse(path: &str, text: &str) -> Result<(MonitorsFile, Tree)> {
    let typed: Result<MonitorsFile> = yaml::parse(text, path);
    // No tree means the YAML itself is broken: the parse error says where.
    let Some(tree) = Tree::parse(text) else {
        return Err(match typed {
            Err(error) => error,
            Ok(_) => yaml::tree(text, path).expect_err("the tree could not be read"),
        });
    };
    let mut problems = shape::check(path, &tree);
    match typed {
        Ok(spec) if problems.is_empty() => Ok((spec, tree)),
        Ok(_) => Err(Error::Invalid(problems)),
        Err(Error::Invalid(found)) => {
            for problem in found {
                if !problems.iter().any(|p| p.location == problem.location) {
                    problems.push(problem);
                }
            }
            problems.sort_by_key(|p| p.location.as_ref().map(|l| (l.line, l.column)));
            Err(Error::Invalid(problems))
        }
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;

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
}
