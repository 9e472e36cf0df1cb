//! Tables for a person at a terminal (issue 13 item 3): `maintenance list` and `check` print one
//! on stdout instead of JSON when stdout is a terminal and `--json` was not given. A pipe, a
//! file or `$(…)` still gets the JSON (or the primary output), byte for byte as before.

use std::sync::atomic::Ordering;

use super::Reporter;
use super::escape::visible_controls;
use crate::error::Result;

/// Rows under headings; cells are plain text, escaped when rendered.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headings: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headings: &[&str]) -> Self {
        Table {
            headings: headings.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Columns padded to their widest cell, two spaces apart, the last one unpadded. Control
    /// characters in a cell (an ESC sequence in a monitor's name) show as escapes, so text from
    /// the API cannot recolour or rewrite the terminal; a line break shows as `\n` and keeps
    /// the row on one line.
    pub fn render(&self) -> String {
        let clean = |cell: &str| {
            visible_controls(cell)
                .replace('\n', "\\n")
                .replace('\t', " ")
        };
        let headings: Vec<String> = self.headings.iter().map(|h| h.to_uppercase()).collect();
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| row.iter().map(|c| clean(c)).collect())
            .collect();
        let columns = headings.len();
        let mut widths: Vec<usize> = headings.iter().map(|h| h.chars().count()).collect();
        for row in &rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for row in std::iter::once(&headings).chain(&rows) {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate().take(columns) {
                if i + 1 < columns {
                    let pad = widths[i] - cell.chars().count();
                    line.push_str(&format!("{cell}{}  ", " ".repeat(pad)));
                } else {
                    line.push_str(cell);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

impl Reporter {
    /// A person reads stdout (a terminal) and asked for no JSON: data goes there as a table.
    pub fn tables_on_stdout(&self) -> bool {
        self.presentation.stdout_is_terminal && !self.json_requested()
    }

    /// Print `table` on stdout if [`Reporter::tables_on_stdout`]; then the run prints it instead
    /// of its primary output. Returns whether it was printed.
    pub fn show_table(&self, table: &Table) -> Result<bool> {
        if !self.tables_on_stdout() {
            return Ok(false);
        }
        self.print_data(&table.render())?;
        self.table_shown.store(true, Ordering::Relaxed);
        Ok(true)
    }

    /// Whether a table took the place of the primary output on stdout.
    pub fn table_shown(&self) -> bool {
        self.table_shown.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_and_hostile_cells_stay_inert() {
        let mut t = Table::new(&["id", "name", "status"]);
        t.row(vec!["1".into(), "Home".into(), "active".into()]);
        t.row(vec![
            "22".into(),
            "\x1b[2Jevil\nname".into(),
            "ended".into(),
        ]);
        assert_eq!(
            t.render(),
            "ID  NAME               STATUS\n\
             1   Home               active\n\
             22  \\x1b[2Jevil\\nname  ended\n"
        );
    }
}
