//! The files a run appends to: GitHub environment files (`GITHUB_OUTPUT`, `GITHUB_STATE`), the
//! step summary and the dotenv `--output-file`.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::PathBuf;

use crate::error::{Error, Result};

/// One `name<<delimiter` block of a GitHub environment file, with a random delimiter that does
/// not occur as a line of the value (the runner's parser stops at the first such line).
pub(super) fn github_file_entry(name: &str, value: &str) -> String {
    loop {
        let delimiter = format!("ghadelimiter_{}", random_hex(16));
        if !value.lines().any(|line| line == delimiter) && !name.contains(&delimiter) {
            return format!("{name}<<{delimiter}\n{value}\n{delimiter}\n");
        }
    }
}

pub(crate) fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the operating system's random source");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn append(path: &PathBuf, text: &str) -> Result<()> {
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::runtime(format!("cannot open {}: {e}", path.display())))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::runtime(format!("cannot write {}: {e}", path.display())))
}
