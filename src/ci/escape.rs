//! Exact escaping for each platform's commands (`ci-conventions.md` §1.4, §2.3), and the
//! neutralising of untrusted text (API messages, monitor names) so it can never be read as one.

/// GitHub workflow command data: `%` first, then CR and LF.
pub fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub workflow command property values also escape `:` and `,`.
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Azure DevOps logging command message: `%` first (as `%AZP25`), then CR and LF.
pub fn azure_message(text: &str) -> String {
    text.replace('%', "%AZP25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Azure DevOps property values also escape `]` and `;`.
pub fn azure_property(text: &str) -> String {
    azure_message(text).replace(']', "%5D").replace(';', "%3B")
}

/// Make text from outside (an API message, a name) unable to act as a workflow or logging
/// command on any platform: GitHub reads `::cmd::` at a line start and `##[cmd]` anywhere, Azure
/// DevOps reads `##vso[` anywhere. Breaking every `::` and `##` pair is blunt, but it cannot miss,
/// and the text stays readable.
pub fn neutralise(text: &str) -> String {
    let mut out = visible_controls(text)
        .replace("::", ": :")
        .replace("##", "# #");
    // A replacement can leave a new pair behind (`:::` → `: ::`); repeat until none is left.
    while out.contains("::") || out.contains("##") {
        out = out.replace("::", ": :").replace("##", "# #");
    }
    out
}

/// Control characters shown as escapes (`\x1b`, `\r`): an ANSI or OSC sequence from the API
/// cannot recolour, hide or retitle the log, and a bare CR cannot start a new line (the runners
/// split lines on CR too, so `x\r::warning::` would be a command). Line feeds and tabs stay.
pub fn visible_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            // Bidirectional overrides and isolates reorder what a reader sees.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                out.push_str(&format!("\\u{{{:04x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Data printed on stdout while a CI runner reads it (`monitors export` YAML, `--json`): every
/// line a runner would take for a command (GitHub: `::` after leading blanks, `##[` anywhere;
/// Azure DevOps: `##vso[` or `##[` anywhere) is neutralised; every other line is left byte for
/// byte, so ordinary data is unchanged. Lines are split on CR as well as LF, as the runners do.
pub fn inert_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).map_or(rest.len(), |i| i + 1);
        let (segment, after) = rest.split_at(end);
        let body = segment.trim_end_matches(['\n', '\r']);
        if is_live(body) {
            out.push_str(&neutralise(body));
            out.push_str(&segment[body.len()..]);
        } else {
            out.push_str(segment);
        }
        rest = after;
    }
    out
}

/// Whether a runner would read this one line as a command on some platform.
fn is_live(line: &str) -> bool {
    line.trim_start().starts_with("::") || line.contains("##")
}

/// Text safe inside a markdown table cell of a step summary: one line, no `|` that would split
/// the cell, no HTML.
pub fn table_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\n', '\r'], " ")
}

/// Single-line rendering of untrusted text for a log line.
pub fn one_line(text: &str) -> String {
    neutralise(&text.replace(['\r', '\n'], " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_is_escaped_first() {
        assert_eq!(github_data("50%\nx%0A"), "50%25%0Ax%250A");
        assert_eq!(github_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(azure_message("50%;]\r\n"), "50%AZP25;]%0D%0A");
        assert_eq!(azure_property("a;b]c"), "a%3Bb%5Dc");
    }

    #[test]
    fn commands_in_untrusted_text_are_broken() {
        for hostile in [
            "::warning::pwned",
            "x ##vso[task.setvariable variable=a]b",
            "##[error]x",
            ":::::",
            "####",
        ] {
            let safe = neutralise(hostile);
            assert!(
                !safe.contains("::") && !safe.contains("##"),
                "{hostile} -> {safe}"
            );
        }
        assert_eq!(one_line("a\nb"), "a b");
        assert_eq!(neutralise("\x1b[31mred\r::x"), "\\x1b[31mred\\r: :x");
    }

    #[test]
    fn data_lines_change_only_where_a_runner_would_read_a_command() {
        let yaml = "name: a::b\nurl: http://x\n";
        assert_eq!(inert_data(yaml), yaml);
        let hostile = "name: ok\n  ::warning::x\nbody: \"##vso[task.setvariable variable=A]b\"\nx\r::error::y\n";
        let safe = inert_data(hostile);
        assert!(safe.starts_with("name: ok\n"), "{safe}");
        for line in safe.split(['\n', '\r']) {
            assert!(
                !line.trim_start().starts_with("::") && !line.contains("##"),
                "{line}"
            );
        }
        assert_eq!(table_cell("a|b\n<i>"), "a\\|b &lt;i&gt;");
    }
}
