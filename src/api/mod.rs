//! Site24x7 API client — placeholder.
#[derive(Debug, thiserror::Error)]
#[error("api error")]
pub struct ApiError;
impl ApiError {
    pub fn is_auth_failure(&self) -> bool {
        false
    }
}
