//! A logged-in connection: a [`Client`] plus the current [`Session`] and a way
//! to renew it. When the CRM says the session is gone (INVALID_SESSIONID,
//! SESSION_EXPIRED, SESSION_LEFT_IDLE or the plain-text "No valid user ID
//! found."), the session is renewed and the call sent again; concurrent
//! calls that lost the same session share one renewal. A failed renewal is
//! returned as is, and a call renews at most a few times — never a loop.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use serde_json::Value;

use super::CrmError;
use super::client::{Call, Client, FilePart, Session};
use super::types::{self, Describe, ModuleInfo, Record};
use crate::redact::Secret;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How to get a fresh session when the current one is lost.
pub trait Renew: Send + Sync {
    fn renew<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<Session, CrmError>>;
}

/// Renew with the user's access key (`getchallenge` + `login`).
pub struct AccessKeyRenew {
    pub user: String,
    pub access_key: Secret,
}

impl Renew for AccessKeyRenew {
    fn renew<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<Session, CrmError>> {
        Box::pin(client.login(&self.user, &self.access_key))
    }
}

/// A session that cannot be renewed (the caller logs in again by hand).
pub struct NoRenew;

impl Renew for NoRenew {
    fn renew<'a>(&'a self, _client: &'a Client) -> BoxFuture<'a, Result<Session, CrmError>> {
        Box::pin(async {
            Err(CrmError::InvalidSession(
                "the session ended and cannot be renewed automatically".into(),
            ))
        })
    }
}

type RenewHook = Box<dyn Fn(&Session) + Send + Sync>;

/// How often one call may find its session gone and renew it. Concurrent
/// calls that lost the same session share one renewal (the generation).
const RENEWALS_PER_CALL: u32 = 3;

pub struct Connection {
    client: Client,
    /// The session and a generation number that changes on every renewal,
    /// so concurrent calls that lost the same session renew it only once.
    current: Mutex<(u64, Session)>,
    renewing: tokio::sync::Mutex<()>,
    renew: Box<dyn Renew>,
    on_renew: Option<RenewHook>,
    /// What `mailconnector_info` said while connecting, when it was asked.
    crm_info: Option<super::CrmInfo>,
}

impl Connection {
    pub fn new(client: Client, session: Session, renew: Box<dyn Renew>) -> Connection {
        Connection {
            client,
            current: Mutex::new((0, session)),
            renewing: tokio::sync::Mutex::new(()),
            renew,
            on_renew: None,
            crm_info: None,
        }
    }

    /// Keep what `mailconnector_info` answered (product version, licence).
    pub fn set_crm_info(&mut self, info: Option<super::CrmInfo>) {
        self.crm_info = info;
    }

    /// What `mailconnector_info` answered while connecting, if it was asked.
    pub fn crm_info(&self) -> Option<&super::CrmInfo> {
        self.crm_info.as_ref()
    }

    /// Called with the new session after a renewal (to store it).
    pub fn on_renew(&mut self, hook: RenewHook) {
        self.on_renew = Some(hook);
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn session(&self) -> Session {
        self.snapshot().1
    }

    fn snapshot(&self) -> (u64, Session) {
        match self.current.lock() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Send a call with the session, renewing it if it was lost. A call
    /// that loses a fresh session again (other calls in flight can outlive
    /// it too) renews again, at most [`RENEWALS_PER_CALL`] times; a failed
    /// renewal is returned at once.
    pub(crate) async fn call(&self, call: &Call) -> Result<Value, CrmError> {
        let mut renewals = 0;
        loop {
            let (generation, session) = self.snapshot();
            match self.client.send(call, Some(&session.session_name)).await {
                Err(e) if e.is_session_lost() && renewals < RENEWALS_PER_CALL => {
                    tracing::info!(operation = call.operation, "session lost ({e}); renewing");
                    renewals += 1;
                    self.renewed_since(generation).await?;
                }
                other => return other,
            }
        }
    }

    async fn renewed_since(&self, generation: u64) -> Result<Session, CrmError> {
        let _guard = self.renewing.lock().await;
        let (now, session) = self.snapshot();
        if now != generation {
            // Another call renewed while we waited.
            return Ok(session);
        }
        let fresh = self.renew.renew(&self.client).await?;
        if let Ok(mut guard) = self.current.lock() {
            *guard = (now + 1, fresh.clone());
        }
        if let Some(hook) = &self.on_renew {
            hook(&fresh);
        }
        Ok(fresh)
    }

    pub async fn listtypes(&self) -> Result<Vec<ModuleInfo>, CrmError> {
        let result = self.call(&Call::get("listtypes")).await?;
        types::parse_listtypes(&result)
    }

    /// Modules that have at least one field of the given types (e.g. `email`).
    pub async fn listtypes_with_fields(
        &self,
        field_types: &[&str],
    ) -> Result<Vec<ModuleInfo>, CrmError> {
        let list = serde_json::to_string(field_types).unwrap_or_else(|_| "[]".into());
        let result = self
            .call(&Call::get("listtypes").param("fieldTypeList", list))
            .await?;
        types::parse_listtypes(&result)
    }

    pub async fn describe(&self, module: &str) -> Result<Describe, CrmError> {
        let result = self
            .call(&Call::get("describe").param("elementType", module))
            .await?;
        types::parse_describe(&result)
    }

    /// Run a VTQL query (build it with [`super::vtql::Query`]).
    pub async fn query(&self, vtql: &str) -> Result<Vec<Record>, CrmError> {
        tracing::debug!(query = vtql, "query");
        let result = self.call(&Call::get("query").param("query", vtql)).await?;
        types::parse_records(result, "query")
    }

    pub async fn retrieve(&self, id: &str) -> Result<Record, CrmError> {
        let result = self.call(&Call::get("retrieve").param("id", id)).await?;
        types::parse_record(result, "retrieve")
    }

    /// `create`. Not retried automatically: callers that need exactly-once
    /// look the record up before creating it again.
    pub async fn create(&self, module: &str, element: &Value) -> Result<Record, CrmError> {
        let call = Call::post("create")
            .param("elementType", module)
            .param("element", element.to_string());
        let result = self.call(&call).await?;
        types::parse_record(result, "create")
    }

    /// `create` of a Document with its file uploaded as the multipart part
    /// `filename` (wire fact 33: the element needs `filelocationtype` "B").
    pub async fn create_document(
        &self,
        element: &Value,
        file_name: &str,
        content_type: &str,
        data: bytes::Bytes,
    ) -> Result<Record, CrmError> {
        let mut call = Call::post("create")
            .param("elementType", "Documents")
            .param("element", element.to_string());
        call.file = Some(FilePart {
            file_name: file_name.to_owned(),
            content_type: content_type.to_owned(),
            data,
        });
        let result = self.call(&call).await?;
        types::parse_record(result, "create")
    }

    /// `revise`: update the given fields, keep the others.
    pub async fn revise(&self, element: &Value) -> Result<Record, CrmError> {
        let call = Call::post("revise").param("element", element.to_string());
        let result = self.call(&call).await?;
        types::parse_record(result, "revise")
    }

    pub async fn delete(&self, id: &str) -> Result<(), CrmError> {
        self.call(&Call::post("delete").param("id", id))
            .await
            .map(|_| ())
    }

    /// `relate`: relate `id` to every id in `targets`. Relating an already
    /// related pair succeeds (wire fact 35), so this is safe to repeat.
    pub async fn relate(&self, id: &str, targets: &[String]) -> Result<(), CrmError> {
        let list = serde_json::to_string(targets).unwrap_or_else(|_| "[]".into());
        let mut call = Call::post("relate")
            .param("id", id)
            .param("relatelist", list);
        call.idempotent = true;
        self.call(&call).await.map(|_| ())
    }

    /// End the session on the CRM.
    pub async fn logout(&self) -> Result<(), CrmError> {
        let session = self.session();
        self.client.logout(&session).await
    }
}
