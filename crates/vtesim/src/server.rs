//! HTTP side: the shared simulator state, fault injection, webservice.php decoding and the
//! test-only `/__vtesim/*` endpoints.
use crate::db::{Store, parse_ws_id};
use crate::json::php_json;
use crate::ops::{self, Answer, Upload, WsRequest};
use crate::schema::Schema;
use crate::state::AuthState;
use crate::{Config, SeedUser};
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, FromRequest, Multipart, Path, Query, State};
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tower::ServiceExt;

/// Shared state of one simulated CRM.
pub struct Sim {
    pub config: Config,
    pub schema: Arc<Schema>,
    store: Mutex<Store>,
    auth: Mutex<AuthState>,
    pub seed_users: Vec<SeedUser>,
    show_hidden: AtomicBool,
    request_no: AtomicU64,
    stats: Mutex<BTreeMap<String, u64>>,
    /// The PHP workers and the time each operation holds one (`--php-workers`, `--service-time`).
    pub workers: crate::busy::Workers,
    pub jwks: tokio::sync::Mutex<Option<crate::sso::Jwks>>,
    pub http: reqwest::Client,
    pub startup: Duration,
}

impl Sim {
    pub fn new(config: Config) -> anyhow::Result<Sim> {
        let started = std::time::Instant::now();
        let schema = Arc::new(Schema::load(config.language)?);
        let (store, already_seeded) = Store::open(schema.clone(), config.db.as_deref())?;
        let accounts = crate::seed::accounts();
        if !already_seeded {
            crate::seed::seed(&store, &config, &accounts)?;
        }
        let seed_users = crate::seed::seed_users(&accounts);
        let auth = AuthState::new(accounts, config.licensed, config.seed);
        Ok(Sim {
            workers: crate::busy::Workers::new(config.php_workers, config.service_time.clone()),
            show_hidden: AtomicBool::new(config.show_secondary_email),
            config,
            schema,
            store: Mutex::new(store),
            auth: Mutex::new(auth),
            seed_users,
            request_no: AtomicU64::new(0),
            stats: Mutex::new(BTreeMap::new()),
            jwks: tokio::sync::Mutex::new(None),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()?,
            startup: started.elapsed(),
        })
    }

    pub fn auth(&self) -> MutexGuard<'_, AuthState> {
        self.auth.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub fn show_hidden(&self) -> bool {
        self.show_hidden.load(Ordering::Relaxed)
    }

    pub fn last_otp(&self, user: &str) -> Option<String> {
        self.auth()
            .outbox
            .iter()
            .rev()
            .find(|e| e.user.eq_ignore_ascii_case(user))
            .map(|e| e.code.clone())
    }

    pub fn startup_json(&self, url: &str) -> Value {
        let counts: serde_json::Map<String, Value> = self
            .store()
            .module_counts()
            .unwrap_or_default()
            .into_iter()
            .map(|(m, n)| (m, json!(n)))
            .collect();
        json!({
            "url": url,
            "webservice": format!("{url}/webservice.php"),
            "users": self.seed_users,
            "crm_version": self.config.crm_version,
            "licensed": self.config.licensed,
            "seed": self.config.seed,
            "records": counts,
            "upload_max_filesize": self.config.upload_max_filesize,
            "post_max_size": self.config.post_max_size,
            "language": self.config.language.code(),
            "php_workers": self.config.php_workers,
            "service_time": self.config.service_time.to_string(),
            "startup_ms": self.startup.as_millis() as u64,
        })
    }

    /// Test control actions (docs/protocol.md §6).
    pub fn admin(&self, action: &Value) -> Result<Value, String> {
        let name = action["action"].as_str().unwrap_or("");
        let user = action["user"].as_str().unwrap_or("");
        let mut auth = self.auth();
        let user_id = || {
            auth.by_name(user)
                .map(|a| a.id)
                .ok_or_else(|| format!("no such user: {user}"))
        };
        match name {
            "expire_sessions" => {
                if self.config.forged_expiry {
                    for s in auth.sessions.values_mut() {
                        s.doomed = true;
                    }
                } else {
                    auth.sessions.clear();
                }
            }
            "deactivate" | "activate" => {
                let id = user_id()?;
                if let Some(a) = auth.by_id_mut(id) {
                    a.active = name == "activate";
                }
            }
            "revoke_key" => {
                let id = user_id()?;
                let key = auth.rng.hex(16);
                if let Some(a) = auth.by_id_mut(id) {
                    a.access_key = key;
                }
            }
            "unlock" => {
                let id = user_id()?;
                auth.unlock(id);
            }
            "unban" => {
                auth.banned.clear();
                auth.failures.clear();
                auth.locked.clear();
            }
            "set_licensed" => auth.licensed = action["value"].as_bool().unwrap_or(true),
            "show_secondary_email" => self
                .show_hidden
                .store(action["value"].as_bool().unwrap_or(true), Ordering::Relaxed),
            _ => return Err(format!("unknown action: {name}")),
        }
        Ok(json!({"ok": true}))
    }

    /// What `relate` stored for a record, both directions; `None` for a malformed id.
    /// Deleted records are left out (and a deleted record lists nothing), as related lists do.
    pub fn relations(&self, ws_id: &str) -> Option<Vec<Value>> {
        let (_, crmid) = parse_ws_id(ws_id)?;
        let store = self.store();
        let mut out = Vec::new();
        if !matches!(store.entity(crmid), Ok(Some((_, false)))) {
            return Some(out);
        }
        for (other, via, outgoing) in store.relations(crmid).unwrap_or_default() {
            let Some((module, deleted)) = store.entity(other).ok().flatten() else {
                continue;
            };
            if deleted {
                continue;
            }
            let prefix = self.schema.module(&module).map(|m| m.prefix).unwrap_or(0);
            out.push(json!({
                "id": format!("{prefix}x{other}"), "module": module, "via": via,
                "direction": if outgoing { "from_this" } else { "to_this" }
            }));
        }
        Some(out)
    }

    /// A live Document with its stored file, including the name the webservice never shows.
    pub fn document(&self, ws_id: &str) -> Option<crate::StoredDocument> {
        let (prefix, crmid) = parse_ws_id(ws_id)?;
        let module = self.schema.module("Documents")?;
        if prefix != module.prefix {
            return None;
        }
        let store = self.store();
        let rec = store.load(module, crmid).ok().flatten()?;
        let file = store.file(crmid).ok().flatten();
        let (content_type, content) = file.map(|(_, ct, bytes)| (ct, bytes)).unzip();
        Some(crate::StoredDocument {
            notes_title: rec.get("notes_title").to_string(),
            filename: rec.get("filename").to_string(),
            filesize: rec.get("filesize").to_string(),
            filetype: rec.get("filetype").to_string(),
            filelocationtype: rec.get("filelocationtype").to_string(),
            stored_content_type: content_type,
            content: content.unwrap_or_default(),
        })
    }

    /// Name, content type and bytes of a live Document's stored file.
    pub fn document_file(&self, ws_id: &str) -> Option<(String, String, Vec<u8>)> {
        let (_, crmid) = parse_ws_id(ws_id)?;
        let store = self.store();
        if !matches!(store.entity(crmid), Ok(Some((_, false)))) {
            return None;
        }
        store.file(crmid).ok().flatten()
    }

    fn count(&self, op: &str) {
        let mut stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
        *stats.entry(op.to_string()).or_insert(0) += 1;
    }
}

/// Marker: the connection must be closed without an answer (fault injection).
#[derive(Clone, Copy)]
struct DropConnection;

#[derive(Debug)]
struct Dropped;
impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}
impl std::error::Error for Dropped {}

pub async fn serve(
    sim: Arc<Sim>,
    listener: tokio::net::TcpListener,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let app = router(sim);
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                let app = app.clone();
                let mut conn_stop = stop.clone();
                tokio::spawn(async move {
                    let svc = hyper::service::service_fn(move |mut req: Request<hyper::body::Incoming>| {
                        let app = app.clone();
                        async move {
                            req.extensions_mut().insert(ConnectInfo(peer));
                            let resp = match app.oneshot(req.map(Body::new)).await {
                                Ok(r) => r,
                                Err(never) => match never {},
                            };
                            if resp.extensions().get::<DropConnection>().is_some() {
                                return Err(Dropped);
                            }
                            Ok(resp)
                        }
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let conn = hyper::server::conn::http1::Builder::new().serve_connection(io, svc);
                    tokio::pin!(conn);
                    tokio::select! {
                        _ = conn.as_mut() => {}
                        _ = conn_stop.changed() => {}
                    }
                });
            }
        }
    }
}

fn router(sim: Arc<Sim>) -> Router {
    Router::new()
        .route("/__vtesim/outbox", get(outbox))
        .route("/__vtesim/relations", get(relations))
        .route("/__vtesim/documents/{id}", get(document_meta))
        .route("/__vtesim/documents/{id}/content", get(document_content))
        .route("/__vtesim/stats", get(stats))
        .route("/__vtesim/admin", post(admin))
        .fallback(webservice)
        // The webservice applies the configured PHP limits itself (post_max_size, upload_max_filesize).
        .layer(axum::extract::DefaultBodyLimit::disable())
        .with_state(sim)
}

fn json_response(status: StatusCode, v: &Value) -> Response<Body> {
    let mut r = Response::new(Body::from(php_json(v)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

async fn outbox(
    State(sim): State<Arc<Sim>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response<Body> {
    let user = q.get("user").cloned().unwrap_or_default();
    let list: Vec<Value> = sim
        .auth()
        .outbox
        .iter()
        .filter(|e| user.is_empty() || e.user.eq_ignore_ascii_case(&user))
        .map(|e| json!(e))
        .collect();
    json_response(StatusCode::OK, &Value::Array(list))
}

async fn relations(
    State(sim): State<Arc<Sim>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response<Body> {
    let id = q.get("id").cloned().unwrap_or_default();
    match sim.relations(&id) {
        Some(list) => json_response(StatusCode::OK, &Value::Array(list)),
        None => json_response(
            StatusCode::BAD_REQUEST,
            &json!({"error": "id must be a ws id like 44x154"}),
        ),
    }
}

async fn document_meta(State(sim): State<Arc<Sim>>, Path(id): Path<String>) -> Response<Body> {
    match sim.document(&id) {
        Some(doc) => json_response(StatusCode::OK, &doc.to_json(&id)),
        None => json_response(
            StatusCode::NOT_FOUND,
            &json!({"error": "no live Document with this id"}),
        ),
    }
}

async fn document_content(State(sim): State<Arc<Sim>>, Path(id): Path<String>) -> Response<Body> {
    let file = sim.document_file(&id);
    match file {
        Some((name, content_type, bytes)) => {
            let mut r = Response::new(Body::from(bytes));
            if let Ok(v) = HeaderValue::from_str(&content_type) {
                r.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            if let Ok(v) =
                HeaderValue::from_str(&format!("attachment; filename*=UTF-8''{}", percent(&name)))
            {
                r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        // A Document without a file (over upload_max_filesize, external URL, none sent) has
        // empty content; only an unknown or deleted id is "not found".
        None if sim.document(&id).is_some() => {
            let mut r = Response::new(Body::empty());
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            );
            r
        }
        None => json_response(
            StatusCode::NOT_FOUND,
            &json!({"error": "no stored file for this id"}),
        ),
    }
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn stats(State(sim): State<Arc<Sim>>) -> Response<Body> {
    let requests = sim.stats.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let records: BTreeMap<String, i64> = sim
        .store()
        .module_counts()
        .unwrap_or_default()
        .into_iter()
        .collect();
    let sessions = sim.auth().sessions.len();
    json_response(
        StatusCode::OK,
        &json!({"requests": requests, "records": records, "sessions": sessions,
            "busy": sim.workers.stats_json()}),
    )
}

async fn admin(State(sim): State<Arc<Sim>>, body: axum::body::Bytes) -> Response<Body> {
    let action: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    match sim.admin(&action) {
        Ok(v) => json_response(StatusCode::OK, &v),
        Err(e) => json_response(StatusCode::BAD_REQUEST, &json!({"error": e})),
    }
}

fn with_php_headers(mut r: Response<Body>) -> Response<Body> {
    let h = r.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, no-cache, must-revalidate"),
    );
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    h.insert(
        header::EXPIRES,
        HeaderValue::from_static("Thu, 19 Nov 1981 08:52:00 GMT"),
    );
    r
}

fn html(status: StatusCode, body: String) -> Response<Body> {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=UTF-8"),
    );
    with_php_headers(r)
}

pub fn answer_response(answer: Answer) -> Response<Body> {
    match answer {
        Answer::Ok(v) => with_php_headers(json_response(
            StatusCode::OK,
            &json!({"success": true, "result": v}),
        )),
        Answer::Err(code, message) => with_php_headers(json_response(
            StatusCode::OK,
            &json!({"success": false, "error": {"code": code, "message": message}}),
        )),
        Answer::Fatal => html(StatusCode::INTERNAL_SERVER_ERROR, String::new()),
        Answer::Empty => {
            let mut r = Response::new(Body::empty());
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            with_php_headers(r)
        }
        Answer::Text(t) => html(StatusCode::OK, t),
    }
}

fn answer_kind(a: &Answer) -> String {
    match a {
        Answer::Ok(_) => "ok".into(),
        Answer::Err(code, _) => (*code).into(),
        Answer::Fatal => "http-500".into(),
        Answer::Empty => "empty".into(),
        Answer::Text(_) => "text".into(),
    }
}

/// A request body that is always read to its end but passes on nothing past `cap` bytes,
/// noting in `over` that it was cut (PHP's post_max_size for bodies of unknown length).
struct CappedBody {
    inner: Body,
    seen: u64,
    cap: u64,
    over: Arc<AtomicBool>,
}

impl axum::body::HttpBody for CappedBody {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let this = self.get_mut();
        loop {
            let frame = match std::pin::Pin::new(&mut this.inner).poll_frame(cx) {
                std::task::Poll::Ready(Some(Ok(frame))) => frame,
                other => return other,
            };
            if let Some(data) = frame.data_ref() {
                this.seen = this.seen.saturating_add(data.len() as u64);
                if this.seen > this.cap {
                    this.over.store(true, Ordering::Relaxed);
                    continue;
                }
            }
            return std::task::Poll::Ready(Some(Ok(frame)));
        }
    }
}

/// Reads a body to its end, keeping nothing.
async fn drain(body: Body) {
    use http_body_util::BodyExt;
    let mut body = body;
    while let Some(frame) = body.frame().await {
        if frame.is_err() {
            break;
        }
    }
}

fn parse_pairs(text: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(text).unwrap_or_default()
}

async fn webservice(State(sim): State<Arc<Sim>>, req: Request<Body>) -> Response<Body> {
    if !req.uri().path().ends_with("/webservice.php") {
        return json_response(
            StatusCode::NOT_FOUND,
            &json!({"error": "not found; the webservice is at /webservice.php"}),
        );
    }
    // Fault injection, decided per request number so a given seed replays the same faults.
    let n = sim.request_no.fetch_add(1, Ordering::Relaxed);
    let cfg = &sim.config;
    let seed = cfg.seed;
    let mut delay = cfg.latency_ms;
    if cfg.jitter_ms > 0 {
        delay += (crate::rng::draw(seed, n, 1) * (cfg.jitter_ms + 1) as f64) as u64;
    }
    if cfg.slow_rate > 0.0 && crate::rng::draw(seed, n, 2) < cfg.slow_rate {
        delay += cfg.slow_ms;
    }
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    if cfg.drop_rate > 0.0 && crate::rng::draw(seed, n, 3) < cfg.drop_rate {
        sim.count("(dropped)");
        let mut r = Response::new(Body::empty());
        r.extensions_mut().insert(DropConnection);
        return r;
    }
    if cfg.fail_rate > 0.0 && crate::rng::draw(seed, n, 4) < cfg.fail_rate {
        sim.count("(failed)");
        return answer_response(Answer::Fatal);
    }
    // The latency is the network's; from here on a PHP worker is busy with the request:
    // reading its body, running the operation, and holding on for its service time.
    let worker = sim.workers.acquire().await;
    let (key, response) = decode_and_run(&sim, req, n).await;
    worker.finish(&key).await;
    response
}

/// Reads a webservice request as PHP would and runs its operation. Returns the key its
/// service time is looked up by (see [`crate::busy::service_key`]) and the answer.
async fn decode_and_run(sim: &Sim, req: Request<Body>, n: u64) -> (String, Response<Body>) {
    let cfg = &sim.config;
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let is_get = req.method() == axum::http::Method::GET;
    let get_params = parse_pairs(req.uri().query().unwrap_or(""));
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let mut ws = WsRequest {
        get: get_params,
        post: Vec::new(),
        files: Vec::new(),
        ip,
        is_get,
    };
    // PHP compares the declared length with post_max_size before reading anything; over it
    // every field is dropped, so the request looks like one without an operation (fact 41).
    let declared_length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    // 0 disables the limit, as in php.ini.
    let post_max_size = match cfg.post_max_size {
        0 => u64::MAX,
        n => n,
    };
    if declared_length.is_some_and(|n| n > post_max_size) {
        // Read the body to its end without keeping it, so the client sees the answer rather
        // than a connection reset while it is still sending.
        drain(req.into_body()).await;
        sim.count("(over post_max_size)");
        return (
            "(over post_max_size)".into(),
            answer_response(Answer::Fatal),
        );
    }
    // A body without a declared length is read to its end too, but nothing past post_max_size
    // reaches the parser; such a request is then answered as above.
    let limit = usize::try_from(post_max_size).unwrap_or(usize::MAX);
    let over_post_max = Arc::new(AtomicBool::new(false));
    let req = req.map(|inner| {
        Body::new(CappedBody {
            inner,
            seen: 0,
            cap: post_max_size,
            over: over_post_max.clone(),
        })
    });
    let over = || {
        sim.count("(over post_max_size)");
        (
            "(over post_max_size)".to_string(),
            answer_response(Answer::Fatal),
        )
    };
    if content_type.starts_with("multipart/form-data") {
        let Ok(mut mp) = Multipart::from_request(req, &()).await else {
            return ("(unreadable)".into(), answer_response(Answer::Fatal));
        };
        let mut broken = false;
        loop {
            let mut field = match mp.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(_) => {
                    broken = true;
                    break;
                }
            };
            let name = field.name().unwrap_or("").to_string();
            let file_name = field.file_name().map(String::from);
            let ct = field
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_string();
            // A file part over upload_max_filesize is read to its end but not kept: PHP
            // reports it as an upload error and the script carries on without it (fact 40).
            let cap = if file_name.is_some() {
                cfg.upload_max_filesize
            } else {
                post_max_size
            };
            let mut data = Vec::new();
            let mut seen: u64 = 0;
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => {
                        seen = seen.saturating_add(chunk.len() as u64);
                        if seen <= cap {
                            data.extend_from_slice(&chunk);
                        } else {
                            data = Vec::new();
                        }
                    }
                    Ok(None) => break,
                    Err(_) => {
                        broken = true;
                        break;
                    }
                }
            }
            if broken {
                break;
            }
            match file_name {
                Some(file_name) => ws.files.push(Upload {
                    field: name,
                    name: file_name,
                    content_type: ct,
                    over_limit: seen > cap,
                    data,
                }),
                None => ws
                    .post
                    .push((name, String::from_utf8_lossy(&data).into_owned())),
            }
        }
        if broken {
            // Read what is left so the client gets the answer, not a reset. A malformed body
            // otherwise keeps the fields read so far, as PHP does.
            while let Ok(Some(mut field)) = mp.next_field().await {
                while let Ok(Some(_)) = field.chunk().await {}
            }
        }
        if over_post_max.load(Ordering::Relaxed) {
            return over();
        }
    } else {
        let body = to_bytes(req.into_body(), limit).await;
        if over_post_max.load(Ordering::Relaxed) {
            return over();
        }
        let Ok(body) = body else {
            return ("(unreadable)".into(), answer_response(Answer::Fatal));
        };
        if content_type.starts_with("application/x-www-form-urlencoded") {
            ws.post = parse_pairs(&String::from_utf8_lossy(&body));
        }
    }
    let (op, answer) = ops::handle(sim, &ws).await;
    tracing::debug!(request = n, op = %op, answer = ?answer_kind(&answer), "webservice");
    sim.count(&op);
    let key = crate::busy::service_key(&op, ws.any("elementType"));
    (key, answer_response(answer))
}
