//! TEMPORARY stand-in for `crate::crm`'s client API until it lands on main;
//! replaced by re-exports on merge. Every call fails.
#![allow(dead_code)]

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::time::Duration;

use serde::Serialize;

pub use crate::crm::CrmError;
use crate::redact::Secret;

#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub timeout: Duration,
    pub ca_cert: Option<PathBuf>,
    pub allow_http: bool,
    pub retries: u32,
}
impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Duration::from_secs(30),
            ca_cert: None,
            allow_http: false,
            retries: 2,
        }
    }
}

fn stub() -> CrmError {
    CrmError::Transport("crm client not available in this build".into())
}

#[derive(Clone, Debug)]
pub struct Client {
    url: String,
}
impl Client {
    pub fn new(crm_url: &str, _opts: &ClientOptions) -> Result<Client, CrmError> {
        Ok(Client {
            url: crm_url.to_owned(),
        })
    }
    pub fn base_url(&self) -> &str {
        &self.url
    }
    pub fn request_count(&self) -> u64 {
        0
    }
    pub async fn info(&self) -> Result<Option<CrmInfo>, CrmError> {
        Err(stub())
    }
    pub async fn login_pwd(
        &self,
        _user: &str,
        _password: &Secret,
        _otp: Option<&str>,
    ) -> Result<Secret, CrmError> {
        Err(stub())
    }
    pub async fn login(&self, _user: &str, _access_key: &Secret) -> Result<Session, CrmError> {
        Err(stub())
    }
    pub async fn login_sso(&self, _id_token: &Secret) -> Result<Session, CrmError> {
        Err(stub())
    }
    pub async fn logout(&self, _session: &Session) -> Result<(), CrmError> {
        Err(stub())
    }
}

pub const MIN_VERSION: &str = "24.08.2";
pub fn check_supported(
    _info: Option<&CrmInfo>,
    _allow_unsupported: bool,
) -> Result<Vec<String>, CrmError> {
    Ok(vec![])
}

#[derive(Clone, Debug, Serialize)]
pub struct CrmInfo {
    pub product: String,
    pub version: String,
    pub build: Option<String>,
    pub installed: bool,
    pub licensed: bool,
    pub otp: bool,
    pub sso: Option<SsoInfo>,
}
#[derive(Clone, Debug, Serialize)]
pub struct SsoInfo {
    pub issuer: String,
    pub client_id: String,
}
#[derive(Clone, Debug)]
pub struct Session {
    pub session_name: Secret,
    pub user_id: String,
    pub version: String,
    pub vte_version: String,
}
pub trait Renew: Send + Sync {
    fn renew<'a>(
        &'a self,
        client: &'a Client,
    ) -> Pin<Box<dyn Future<Output = Result<Session, CrmError>> + Send + 'a>>;
}
pub struct AccessKeyRenew {
    pub user: String,
    pub access_key: Secret,
}
impl Renew for AccessKeyRenew {
    fn renew<'a>(
        &'a self,
        client: &'a Client,
    ) -> Pin<Box<dyn Future<Output = Result<Session, CrmError>> + Send + 'a>> {
        Box::pin(async move { client.login(&self.user, &self.access_key).await })
    }
}
pub struct Connection {
    client: Client,
    session: Session,
}
impl Connection {
    pub fn new(client: Client, session: Session, _renew: Box<dyn Renew>) -> Connection {
        Connection { client, session }
    }
    pub fn on_renew(&mut self, _hook: Box<dyn Fn(&Session) + Send + Sync>) {}
    pub fn client(&self) -> &Client {
        &self.client
    }
    pub fn session(&self) -> Session {
        self.session.clone()
    }
    pub async fn listtypes(&self) -> Result<Vec<String>, CrmError> {
        Err(stub())
    }
}
