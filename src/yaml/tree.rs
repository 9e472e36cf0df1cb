//! Where everything is in a YAML file: an untyped read that keeps the line and column of every
//! key and value, so checks made after (or instead of) typed parsing — a field that does not apply
//! to a monitor type, an unknown profile name, an undefined `${env:…}`, a step's settings — still
//! point at `file:line:col`.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    /// This position in `file`.
    pub fn in_file(self, file: &str) -> crate::error::Location {
        crate::error::Location {
            file: file.to_string(),
            line: self.line,
            column: self.column,
        }
    }

    fn of(location: &serde_saphyr::Location) -> Pos {
        Pos {
            line: location.line() as usize,
            column: location.column() as usize,
        }
    }
}

/// A node of the document with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    pub at: Pos,
    pub node: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Entries in file order: key, where the key is, the value.
    Map(Vec<(String, Pos, Tree)>),
    Seq(Vec<Tree>),
    /// A string.
    Text(String),
    /// A number or boolean, as text (`4`, `true`).
    Plain(String),
    /// `~`, `null` or nothing.
    Null,
}

impl Node {
    /// What kind of node this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Map(_) => "a mapping",
            Node::Seq(_) => "a list",
            Node::Text(_) | Node::Plain(_) => "a value",
            Node::Null => "nothing",
        }
    }

    /// A scalar's text, whether it was written as a string, a number or a boolean.
    pub fn scalar(&self) -> Option<&str> {
        match self {
            Node::Text(text) | Node::Plain(text) => Some(text),
            _ => None,
        }
    }
}

impl Tree {
    /// Read the positions of `text` (which has already parsed as YAML).
    pub fn parse(text: &str) -> Option<Tree> {
        serde_saphyr::from_str::<Tree>(text).ok()
    }

    /// The node at `path`: map keys, or decimal indexes into sequences.
    pub fn get(&self, path: &[&str]) -> Option<&Tree> {
        let mut here = self;
        for step in path {
            here = match &here.node {
                Node::Map(entries) => &entries.iter().find(|(k, _, _)| k == step)?.2,
                Node::Seq(items) => items.get(step.parse::<usize>().ok()?)?,
                Node::Text(_) | Node::Plain(_) | Node::Null => return None,
            };
        }
        Some(here)
    }

    /// Where the value at `path` is.
    pub fn value_at(&self, path: &[&str]) -> Option<Pos> {
        self.get(path).map(|t| t.at)
    }

    /// Where the last key of `path` is written.
    pub fn key_at(&self, path: &[&str]) -> Option<Pos> {
        let (last, parent) = path.split_last()?;
        match &self.get(parent)?.node {
            Node::Map(entries) => entries
                .iter()
                .find(|(k, _, _)| k == last)
                .map(|(_, at, _)| *at),
            _ => None,
        }
    }

    /// The keys of the mapping at `path`, with their positions, in file order.
    pub fn keys(&self, path: &[&str]) -> Vec<(String, Pos)> {
        match self.get(path).map(|t| &t.node) {
            Some(Node::Map(entries)) => entries.iter().map(|(k, at, _)| (k.clone(), *at)).collect(),
            _ => Vec::new(),
        }
    }

    /// Every string scalar under this node, with its path below it.
    pub fn strings(&self) -> Vec<(Vec<String>, Pos, &str)> {
        let mut out = Vec::new();
        self.walk(&mut Vec::new(), &mut out);
        out
    }

    fn walk<'a>(&'a self, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, Pos, &'a str)>) {
        match &self.node {
            Node::Text(text) => out.push((path.clone(), self.at, text.as_str())),
            Node::Plain(_) | Node::Null => {}
            Node::Map(entries) => {
                for (key, _, value) in entries {
                    path.push(key.clone());
                    value.walk(path, out);
                    path.pop();
                }
            }
            Node::Seq(items) => {
                for (index, item) in items.iter().enumerate() {
                    path.push(index.to_string());
                    item.walk(path, out);
                    path.pop();
                }
            }
        }
    }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Node>::deserialize(deserializer)?;
        Ok(Tree {
            at: Pos::of(&spanned.referenced),
            node: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Plain(value.to_string()))
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Plain(value.to_string()))
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Plain(value.to_string()))
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Plain(value.to_string()))
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Node, E> {
        Ok(Node::Text(text.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Tree>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Tree>()?;
            entries.push((key.value.0, Pos::of(&key.referenced), value));
        }
        Ok(Node::Map(entries))
    }
}

/// A mapping key as text, whatever scalar it is.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(KeyText)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_keep_their_positions() {
        let text = "version: 1\nmonitors:\n  - name: Home\n    headers:\n      X-Key: \"${env:K}\"\n    port: 80\n";
        let tree = Tree::parse(text).unwrap();
        assert_eq!(
            tree.key_at(&["monitors", "0", "port"]),
            Some(Pos { line: 6, column: 5 })
        );
        assert_eq!(
            tree.value_at(&["monitors", "0", "headers", "X-Key"]),
            Some(Pos {
                line: 5,
                column: 14
            })
        );
        let keys: Vec<String> = tree
            .keys(&["monitors", "0"])
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["name", "headers", "port"]);
        let strings = tree.strings();
        assert!(strings.iter().any(
            |(path, _, text)| path.join(".") == "monitors.0.headers.X-Key" && *text == "${env:K}"
        ));
    }
}
