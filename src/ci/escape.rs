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
    let mut out = text.replace("::", ": :").replace("##", "# #");
    // A replacement can leave a new pair behind (`:::` → `: ::`); repeat until none is left.
    while out.contains("::") || out.contains("##") {
        out = out.replace("::", ": :").replace("##", "# #");
    }
    out
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
        assert_eq!(table_cell("a|b\n<i>"), "a\\|b &lt;i&gt;");
    }
}
