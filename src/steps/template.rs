//! `${env:NAME}` and `${steps.ID.OUTPUT}` in step settings.

/// One piece of a setting's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Env(String),
    Output { step: String, output: String },
}

/// Split `text` into literal text and references; `Err` names what is malformed.
pub fn parse(text: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        if start > 0 {
            parts.push(Part::Text(rest[..start].to_string()));
        }
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| format!("`${{` without a closing `}}` in `{text}`"))?;
        let inner = after[..end].trim();
        parts.push(reference(inner)?);
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_string()));
    }
    Ok(parts)
}

fn reference(inner: &str) -> Result<Part, String> {
    if let Some(name) = inner.strip_prefix("env:") {
        let name = name.trim();
        if name.is_empty() {
            return Err("`${env:}` needs a variable name".into());
        }
        crate::inputs::check_env_reference(name)?;
        return Ok(Part::Env(name.to_string()));
    }
    if let Some(path) = inner.strip_prefix("steps.") {
        if let Some((step, output)) = path.split_once('.')
            && !step.is_empty()
            && !output.is_empty()
        {
            return Ok(Part::Output {
                step: step.to_string(),
                output: output.to_string(),
            });
        }
        return Err(format!("`${{{inner}}}` should read `${{steps.ID.OUTPUT}}`"));
    }
    Err(format!(
        "unknown reference `${{{inner}}}`; use `${{env:NAME}}` or `${{steps.ID.OUTPUT}}`"
    ))
}

/// The text with every reference replaced by `lookup`'s answer.
pub fn render(parts: &[Part], mut lookup: impl FnMut(&Part) -> String) -> String {
    parts
        .iter()
        .map(|part| match part {
            Part::Text(text) => text.clone(),
            reference => lookup(reference),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found() {
        assert_eq!(
            parse("id ${steps.window.maintenance-id} by ${env:USER}!").unwrap(),
            vec![
                Part::Text("id ".into()),
                Part::Output {
                    step: "window".into(),
                    output: "maintenance-id".into()
                },
                Part::Text(" by ".into()),
                Part::Env("USER".into()),
                Part::Text("!".into()),
            ]
        );
        assert!(parse("${steps.window}").is_err());
        assert!(parse("${secrets.X}").is_err());
        assert!(parse("${env:X").is_err());
        assert_eq!(parse("plain").unwrap(), vec![Part::Text("plain".into())]);
    }
}
