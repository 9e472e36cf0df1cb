//! Resolving names to ids against a listed kind: exact, never a guess. An unknown name lists the
//! closest existing ones; a name shared by two objects lists both ids.

use super::resources::{Kind, Named};

#[derive(Debug, Clone)]
pub struct Catalog {
    pub kind: Kind,
    pub items: Vec<Named>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("unknown {noun} `{name}`{}", suggest(.closest))]
    Unknown {
        noun: &'static str,
        name: String,
        closest: Vec<String>,
    },
    #[error("{noun} name `{name}` is ambiguous: {} objects carry it (ids {}); use an id", .ids.len(), .ids.join(", "))]
    Ambiguous {
        noun: &'static str,
        name: String,
        ids: Vec<String>,
    },
}

fn suggest(closest: &[String]) -> String {
    if closest.is_empty() {
        String::new()
    } else {
        let quoted: Vec<_> = closest.iter().map(|c| format!("`{c}`")).collect();
        format!("; closest existing: {}", quoted.join(", "))
    }
}

impl Catalog {
    pub fn new(kind: Kind, items: Vec<Named>) -> Self {
        Catalog { kind, items }
    }

    /// The id for `reference`: an existing id passes through, otherwise the exact name.
    pub fn resolve(&self, reference: &str) -> Result<String, ResolveError> {
        let reference = reference.trim();
        if self.items.iter().any(|item| item.id == reference) {
            return Ok(reference.to_string());
        }
        let matches: Vec<&Named> = self
            .items
            .iter()
            .filter(|item| item.name == reference)
            .collect();
        match matches.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => Err(ResolveError::Unknown {
                noun: self.kind.noun(),
                name: reference.to_string(),
                closest: self.closest(reference, 3),
            }),
            many => Err(ResolveError::Ambiguous {
                noun: self.kind.noun(),
                name: reference.to_string(),
                ids: many.iter().map(|m| m.id.clone()).collect(),
            }),
        }
    }

    /// The object with this id, if listed.
    pub fn by_id(&self, id: &str) -> Option<&Named> {
        self.items.iter().find(|item| item.id == id)
    }

    /// Up to `n` existing names nearest to `name` (case-insensitive edit distance), nearest first.
    pub fn closest(&self, name: &str, n: usize) -> Vec<String> {
        let wanted = name.to_lowercase();
        let mut scored: Vec<(f64, &str)> = self
            .items
            .iter()
            .map(|item| {
                (
                    strsim::normalized_levenshtein(&wanted, &item.name.to_lowercase()),
                    item.name.as_str(),
                )
            })
            .filter(|(score, _)| *score > 0.3)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.dedup_by(|a, b| a.1 == b.1);
        scored
            .into_iter()
            .take(n)
            .map(|(_, name)| name.to_string())
            .collect()
    }
}

/// Looks like a Site24x7 id (a long decimal string) rather than a name.
pub fn looks_like_id(text: &str) -> bool {
    text.len() >= 10 && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn catalog(items: &[(&str, &str)]) -> Catalog {
        Catalog::new(
            Kind::Monitor,
            items
                .iter()
                .map(|(id, name)| Named {
                    id: id.to_string(),
                    name: name.to_string(),
                    raw: Value::Null,
                })
                .collect(),
        )
    }

    #[test]
    fn ids_pass_and_names_resolve_exactly() {
        let c = catalog(&[
            ("1", "Homepage"),
            ("2", "API"),
            ("3", "API"),
            ("4", "Checkout"),
        ]);
        assert_eq!(c.resolve("1").unwrap(), "1");
        assert_eq!(c.resolve("Homepage").unwrap(), "1");
        assert!(matches!(
            c.resolve("API"),
            Err(ResolveError::Ambiguous { .. })
        ));
        let err = c.resolve("Homepgae").unwrap_err();
        assert!(
            err.to_string().contains("closest existing: `Homepage`"),
            "{err}"
        );
        assert!(c.resolve("homepage").is_err(), "names are exact");
    }
}
