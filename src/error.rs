//! The error type every command returns, and how each kind maps onto the exit-code contract
//! (`design.md` §3): 1 runtime/API failure, 2 invalid input (nothing was changed), 3 authentication.

use std::fmt;

use crate::api::ApiError;

/// A place in an input file, for `file:line:col` messages and CI annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One thing wrong with the input, optionally pinned to a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub location: Option<Location>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(at) => write!(f, "{at}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is wrong; nothing was sent that changes anything. All problems found are listed,
    /// so a user fixes them in one round.
    #[error("{}", list(.0))]
    Invalid(Vec<Problem>),

    /// The credentials were refused, or no token could be had in time.
    #[error("{0}")]
    Auth(String),

    #[error(transparent)]
    Api(#[from] ApiError),

    /// Anything else that went wrong at run time (a file that cannot be written, a step that failed).
    #[error("{0}")]
    Runtime(String),
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::Invalid(vec![Problem {
            message: message.into(),
            location: None,
        }])
    }

    pub fn invalid_at(location: Location, message: impl Into<String>) -> Self {
        Error::Invalid(vec![Problem {
            message: message.into(),
            location: Some(location),
        }])
    }

    pub fn runtime(message: impl Into<String>) -> Self {
        Error::Runtime(message.into())
    }

    /// The process exit code this error stands for.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_) => 2,
            Error::Auth(_) => 3,
            Error::Api(api) if api.is_auth_failure() => 3,
            Error::Api(_) | Error::Runtime(_) => 1,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects problems while validating a whole input, so every one is reported before any request.
#[derive(Debug, Default)]
pub struct Problems(Vec<Problem>);

impl Problems {
    pub fn push(&mut self, message: impl Into<String>) {
        self.0.push(Problem {
            message: message.into(),
            location: None,
        });
    }

    pub fn push_at(&mut self, location: Location, message: impl Into<String>) {
        self.0.push(Problem {
            message: message.into(),
            location: Some(location),
        });
    }

    pub fn absorb(&mut self, error: Error) -> Result<()> {
        match error {
            Error::Invalid(mut more) => {
                self.0.append(&mut more);
                Ok(())
            }
            other => Err(other),
        }
    }

    /// The value, or `None` after keeping an input problem for the list; other errors pass on.
    pub fn keep<T>(&mut self, result: Result<T>) -> Result<Option<T>> {
        match result {
            Ok(value) => Ok(Some(value)),
            Err(error) => self.absorb(error).map(|()| None),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` if nothing was found, else every problem as one [`Error::Invalid`].
    pub fn into_result<T>(self, value: T) -> Result<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(Error::Invalid(self.0))
        }
    }
}
