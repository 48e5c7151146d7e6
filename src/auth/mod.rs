//! Profiles, secrets and login flows. (Filled in by the login issue.)

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("not logged in to profile '{profile}': run `vtelink login --profile {profile}`")]
    NotLoggedIn { profile: String },
    #[error("keyring: {0}")]
    Keyring(String),
    #[error("config: {0}")]
    Config(String),
}
