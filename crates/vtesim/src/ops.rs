//! The webservice operations: parameter sourcing, session checks and each operation's answers,
//! as recorded from a real vtenext (facts refer to shared/vtenext-wire/README.md).
use crate::db::{Record, Selected, parse_ws_id};
use crate::schema::{Field, Module};
use crate::server::Sim;
use crate::state::{Access, OtpCode, OutboxEntry};
use crate::vtql::{self, QueryError, Select};
use md5::{Digest, Md5};
use serde_json::{Map, Value, json};
use std::net::IpAddr;
use std::time::Instant;

/// One uploaded multipart file part.
#[derive(Debug, Clone)]
pub struct Upload {
    pub field: String,
    pub name: String,
    pub content_type: String,
    /// Larger than `upload_max_filesize`: PHP dropped the bytes (`data` is empty, fact 40).
    pub over_limit: bool,
    pub data: Vec<u8>,
}

/// A decoded HTTP request to webservice.php.
#[derive(Debug, Clone, Default)]
pub struct WsRequest {
    /// Query-string parameters ($_GET).
    pub get: Vec<(String, String)>,
    /// Body parameters ($_POST), urlencoded or multipart text parts.
    pub post: Vec<(String, String)>,
    pub files: Vec<Upload>,
    pub ip: Option<IpAddr>,
    pub is_get: bool,
}

fn last<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

impl WsRequest {
    pub fn get(&self, name: &str) -> &str {
        last(&self.get, name).unwrap_or("")
    }
    pub fn post(&self, name: &str) -> &str {
        last(&self.post, name).unwrap_or("")
    }
    /// $_REQUEST: POST wins over GET.
    pub fn any(&self, name: &str) -> &str {
        last(&self.post, name)
            .or_else(|| last(&self.get, name))
            .unwrap_or("")
    }
    fn ip(&self) -> IpAddr {
        self.ip.unwrap_or(IpAddr::from([127, 0, 0, 1]))
    }
}

/// What the webservice answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Ok(Value),
    Err(&'static str, String),
    /// HTTP 500, empty body (unknown operation, PHP fatal).
    Fatal,
    /// HTTP 200 application/json with an empty body (format=xml).
    Empty,
    /// HTTP 200 text/html plain text (forged session expiry).
    Text(String),
}

fn err(code: &'static str, msg: &str) -> Answer {
    Answer::Err(code, msg.to_string())
}

const DENIED: &str = "Permission to perform the operation is denied";
const READ_DENIED: &str = "Permission to read given object is denied";

fn denied() -> Answer {
    err("ACCESS_DENIED", DENIED)
}
fn denied_for(what: &str) -> Answer {
    Answer::Err("ACCESS_DENIED", format!("{DENIED} for {what}"))
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Get,
    Post,
}

/// Known operations: (name, parameter source, prelogin).
fn operation(name: &str, info_op: bool) -> Option<(&'static str, Kind, bool)> {
    let ops: &[(&'static str, Kind, bool)] = &[
        ("getchallenge", Kind::Get, true),
        ("login", Kind::Post, true),
        ("login_pwd", Kind::Post, true),
        ("extendsession", Kind::Post, true),
        ("logout", Kind::Post, false),
        ("listtypes", Kind::Get, false),
        ("describe", Kind::Get, false),
        ("query", Kind::Get, false),
        ("retrieve", Kind::Get, false),
        ("create", Kind::Post, false),
        ("update", Kind::Post, false),
        ("revise", Kind::Post, false),
        ("delete", Kind::Post, false),
        ("relate", Kind::Post, false),
        ("getrelationsextra", Kind::Get, false),
        ("mailconnector_info", Kind::Get, true),
        ("login_sso", Kind::Post, true),
    ];
    let lower = name.to_ascii_lowercase();
    ops.iter()
        .find(|(n, _, _)| *n == lower)
        .filter(|(n, _, _)| info_op || !matches!(*n, "mailconnector_info" | "login_sso"))
        .copied()
}

/// Authenticated caller of a non-prelogin operation.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: u32,
    pub ws_id: String,
    pub admin: bool,
    pub session: String,
}

pub fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

fn md5_hex(text: &str) -> String {
    let digest = Md5::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Entry point: one webservice request → one answer. Returns the operation name for stats.
pub async fn handle(sim: &Sim, req: &WsRequest) -> (String, Answer) {
    let op_param = req.any("operation").to_string();
    let Some((op, kind, prelogin)) = operation(&op_param, sim.config.info_op) else {
        return (op_param, Answer::Fatal);
    };
    if req.any("format").eq_ignore_ascii_case("xml") {
        return (op.to_string(), Answer::Empty);
    }
    let params: &[(String, String)] = if kind == Kind::Get {
        &req.get
    } else {
        &req.post
    };
    let p = |name: &str| last(params, name).unwrap_or("").to_string();
    if prelogin {
        let answer = match op {
            "getchallenge" => getchallenge(sim, &p("username")),
            "login" => login(sim, &p("username"), &p("accessKey"), req.ip()),
            "login_pwd" => login_pwd(sim, &p("username"), &p("password"), &p("otp"), req.ip()),
            "extendsession" => {
                if req.is_get {
                    err("AUTHENTICATION_REQUIRED", "Authencation required")
                } else {
                    err("AUTHENTICATION_FAILURE", "Authencation Failed")
                }
            }
            "mailconnector_info" => mailconnector_info(sim),
            "login_sso" => crate::sso::login_sso(sim, &p("id_token"), req.ip()).await,
            _ => Answer::Fatal,
        };
        return (op.to_string(), answer);
    }
    let caller = match check_session(sim, req.any("sessionName")) {
        Ok(c) => c,
        Err(a) => return (op.to_string(), a),
    };
    let answer = match op {
        "logout" => {
            sim.auth().sessions.remove(&caller.session);
            Answer::Ok(json!({"message": "successfull"}))
        }
        "listtypes" => listtypes(sim, &caller, &p("fieldTypeList")),
        "describe" => describe(sim, &caller, &p("elementType")),
        "query" => query(sim, &caller, &p("query")),
        "retrieve" => retrieve(sim, &caller, &p("id")),
        "create" => create(sim, &caller, &p("elementType"), &p("element"), &req.files),
        "update" => update(sim, &caller, &p("element"), false),
        "revise" => update(sim, &caller, &p("element"), true),
        "delete" => delete(sim, &caller, &p("id")),
        "relate" => relate(sim, &caller, &p("id"), &p("relatelist")),
        "getrelationsextra" => Answer::Ok(json!([])),
        _ => Answer::Fatal,
    };
    (op.to_string(), answer)
}

fn check_session(sim: &Sim, name: &str) -> Result<Caller, Answer> {
    if name.is_empty() {
        return Err(err("AUTHENTICATION_REQUIRED", "Authencation required"));
    }
    let invalid = || {
        err(
            "INVALID_SESSIONID",
            "Session Identifier provided is Invalid",
        )
    };
    let mut auth = sim.auth();
    let Some(session) = auth.sessions.get(name).cloned() else {
        return Err(invalid());
    };
    let idle_expired = sim
        .config
        .session_idle
        .is_some_and(|idle| session.last_used.elapsed() > idle);
    let calls_expired = sim.config.expire_every.is_some_and(|n| session.calls >= n);
    if session.doomed || idle_expired || calls_expired {
        auth.sessions.remove(name);
        return Err(if sim.config.forged_expiry {
            Answer::Text("No valid user ID found.".into())
        } else {
            invalid()
        });
    }
    if let Some(s) = auth.sessions.get_mut(name) {
        s.calls += 1;
        s.last_used = Instant::now();
    }
    let admin = auth.by_id(session.user_id).is_some_and(|a| a.admin);
    Ok(Caller {
        user_id: session.user_id,
        ws_id: format!("19x{}", session.user_id),
        admin,
        session: name.to_string(),
    })
}

fn getchallenge(sim: &Sim, username: &str) -> Answer {
    let mut auth = sim.auth();
    let user_id = auth.by_name(username).map(|a| a.id).unwrap_or(0);
    let token = auth.rng.hex(13);
    let server_time = now_unix();
    let expire = server_time + crate::state::TOKEN_TTL;
    let list = auth.tokens.entry(user_id).or_default();
    list.retain(|(_, exp)| *exp >= server_time);
    list.push((token.clone(), expire));
    Answer::Ok(json!({"token": token, "serverTime": server_time, "expireTime": expire}))
}

fn session_answer(sim: &Sim, user_id: u32) -> Answer {
    let name = sim.auth().new_session(user_id);
    Answer::Ok(json!({
        "sessionName": name, "userId": format!("19x{user_id}"),
        "version": "0.22", "vteVersion": "5.2.1", "timezone": 0
    }))
}

const BAD_CREDENTIALS: &str = "Invalid username or password";

fn login(sim: &Sim, username: &str, access_key: &str, ip: IpAddr) -> Answer {
    let user_id = {
        let mut auth = sim.auth();
        if auth.banned.contains(&ip) {
            return err(
                "IP_BANNED",
                "Ip banned because too many unsuccessfully logins",
            );
        }
        let bad_token = || {
            err(
                "INVALID_AUTH_TOKEN",
                "Specified token is invalid or expired",
            )
        };
        let Some(account) = auth.by_name(username).cloned() else {
            return bad_token();
        };
        let now = now_unix();
        let tokens: Vec<String> = auth
            .tokens
            .get(&account.id)
            .map(|l| {
                l.iter()
                    .filter(|(_, exp)| *exp >= now)
                    .map(|(t, _)| t.clone())
                    .collect()
            })
            .unwrap_or_default();
        if tokens.is_empty() {
            return bad_token();
        }
        let matches = !access_key.is_empty()
            // Compared as the exact lower-case hex string, like PHP's `!==` on md5() output.
            && tokens.iter().any(|t| {
                md5_hex(&format!("{t}{}", account.access_key)) == access_key
            });
        if !matches {
            auth.fail(account.id, ip);
            return err("INVALID_USER_CREDENTIALS", BAD_CREDENTIALS);
        }
        if auth.locked.contains(&(account.id, ip)) {
            return err(
                "LOGIN_LOCKED",
                "Login failed because too many unsuccessfully logins",
            );
        }
        if !account.active {
            return err("AUTHENTICATION_REQUIRED", "Given user is inactive");
        }
        if !auth.licensed {
            return not_licensed();
        }
        auth.succeed(account.id, ip);
        account.id
    };
    session_answer(sim, user_id)
}

pub fn not_licensed() -> Answer {
    err(
        "MAILCONNECTOR_NOT_LICENSED",
        "The Mail Connector is not licensed on this CRM",
    )
}

fn login_pwd(sim: &Sim, username: &str, password: &str, otp: &str, ip: IpAddr) -> Answer {
    let bad = || err("INVALID_USER_CREDENTIALS", BAD_CREDENTIALS);
    let mut auth = sim.auth();
    if auth.banned.contains(&ip) {
        return bad();
    }
    let Some(account) = auth.by_name(username).cloned() else {
        return bad();
    };
    if auth.locked.contains(&(account.id, ip)) || !account.active {
        return bad();
    }
    if password.is_empty() || password != account.password {
        auth.fail(account.id, ip);
        return bad();
    }
    if account.otp {
        if otp.is_empty() {
            let code = format!("{:06}", auth.rng.below(1_000_000));
            auth.otp.insert(
                account.id,
                OtpCode {
                    code: code.clone(),
                    sent: Instant::now(),
                    used: false,
                },
            );
            auth.outbox.push(OutboxEntry {
                user: account.name.clone(),
                code,
                sent_at: now_text(),
            });
            return err(
                "OTP_REQUIRED",
                "A security code was sent to your vtenext app. It is valid for 60 seconds.",
            );
        }
        let outstanding = auth.otp.get(&account.id).cloned();
        match outstanding {
            Some(c) if !c.used && c.sent.elapsed() <= crate::state::OTP_TTL => {
                if c.code != otp.trim() {
                    auth.fail(account.id, ip);
                    return err("INVALID_OTP", "The security code is not valid");
                }
                if let Some(c) = auth.otp.get_mut(&account.id) {
                    c.used = true;
                }
            }
            _ => return err("OTP_EXPIRED", "The security code has expired"),
        }
    }
    auth.succeed(account.id, ip);
    Answer::Ok(json!([account.access_key]))
}

fn mailconnector_info(sim: &Sim) -> Answer {
    let auth = sim.auth();
    let otp = auth.accounts.iter().any(|a| a.otp);
    let sso = match &sim.config.sso {
        Some(s) => json!({"issuer": s.issuer, "client_id": s.client_id}),
        None => Value::Null,
    };
    Answer::Ok(json!({
        "product": "vtenext", "version": sim.config.crm_version, "build": sim.config.crm_build,
        "mailconnector": {"installed": true, "licensed": auth.licensed},
        "auth": {"password": true, "otp": otp, "sso": sso}
    }))
}

fn access(sim: &Sim, caller: &Caller, module: &str) -> Access {
    sim.auth()
        .by_id(caller.user_id)
        .map(|a| a.access(module))
        .unwrap_or(Access::None)
}

fn listtypes(sim: &Sim, caller: &Caller, field_type_list: &str) -> Answer {
    let wanted: Vec<String> = serde_json::from_str::<Value>(field_type_list)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let all = &sim.schema.listtypes;
    let mut types = Vec::new();
    let mut info = Map::new();
    for t in all["types"].as_array().into_iter().flatten() {
        let Some(name) = t.as_str() else { continue };
        if access(sim, caller, name) == Access::None {
            continue;
        }
        if !wanted.is_empty() {
            let by_email = wanted.iter().any(|w| w == "email")
                && sim.schema.email_modules.iter().any(|m| m == name);
            let by_schema = sim.schema.module(name).is_some_and(|m| {
                m.fields
                    .iter()
                    .any(|f| f.type_name != "email" && wanted.contains(&f.type_name))
            });
            if !(by_email || by_schema) {
                continue;
            }
        }
        types.push(t.clone());
        if let Some(i) = all["information"].get(name) {
            info.insert(name.to_string(), i.clone());
        }
    }
    Answer::Ok(json!({"types": types, "information": info}))
}

/// Fields a caller sees for a module (hidden secondary e-mail only when shown).
fn visible_fields<'a>(sim: &Sim, module: &'a Module) -> Vec<&'a Field> {
    let mut out: Vec<&Field> = module.fields.iter().collect();
    if sim.show_hidden() {
        let pos = out
            .iter()
            .position(|f| f.name == "email")
            .map(|p| p + 1)
            .unwrap_or(out.len());
        for (i, h) in module.hidden.iter().enumerate() {
            out.insert(pos + i, h);
        }
    }
    out
}

/// Fields a record answer carries: Documents never show `filename` (fact 28).
fn output_fields<'a>(sim: &Sim, module: &'a Module) -> Vec<&'a Field> {
    visible_fields(sim, module)
        .into_iter()
        .filter(|f| !(module.name == "Documents" && f.name == "filename"))
        .collect()
}

fn describe(sim: &Sim, caller: &Caller, element_type: &str) -> Answer {
    let Some(module) = sim.schema.module(element_type) else {
        return if sim.schema.module_ci(element_type).is_some() {
            denied()
        } else {
            denied_for("name")
        };
    };
    let acc = access(sim, caller, &module.name);
    if acc == Access::None {
        return denied();
    }
    let mut d = module.describe.clone();
    if acc == Access::Read {
        for k in ["createable", "updateable", "deleteable"] {
            d[k] = Value::Bool(false);
        }
    }
    if sim.show_hidden() && !module.hidden.is_empty() {
        d["fields"] = Value::Array(
            visible_fields(sim, module)
                .iter()
                .map(|f| f.def.clone())
                .collect(),
        );
    }
    // vtenext's own `$upload_maxsize` (fact 42), as configured.
    if let Some(fields) = d["fields"].as_array_mut() {
        for field in fields {
            if field["type"].get("maxUploadFileSize").is_some() {
                field["type"]["maxUploadFileSize"] = Value::from(sim.config.max_upload_file_size);
            }
        }
    }
    Answer::Ok(d)
}

fn record_json(sim: &Sim, module: &Module, rec: &Record) -> Value {
    let mut out = Map::new();
    for f in output_fields(sim, module) {
        out.insert(f.name.clone(), Value::String(rec.get(&f.name).to_string()));
    }
    out.insert(
        "id".into(),
        Value::String(format!("{}x{}", module.prefix, rec.crmid)),
    );
    Value::Object(out)
}

fn query(sim: &Sim, caller: &Caller, text: &str) -> Answer {
    if text.trim().is_empty() {
        return denied_for("query");
    }
    let q = match vtql::parse(text) {
        Ok(q) => q,
        Err(QueryError::Internal) => {
            return err(
                "INTERNAL_SERVER_ERROR",
                "Unknown Error while processing request",
            );
        }
        Err(QueryError::Syntax(m)) => return Answer::Err("QUERY_SYNTAX_ERROR", m),
    };
    if q.modules.len() != 1 {
        return denied_for("name");
    }
    let sniffed = vtql::sniffed_module(text).unwrap_or_else(|| q.modules[0].clone());
    let Some(module) = sim.schema.module_ci(&sniffed) else {
        return denied_for("name");
    };
    if !module.name.eq_ignore_ascii_case(&q.modules[0]) {
        return denied_for("name");
    }
    if access(sim, caller, &module.name) == Access::None {
        return denied();
    }
    let outputs = output_fields(sim, module);
    // What cannot be selected cannot be filtered or sorted on either (Documents `filename`:
    // refused in the select list, 316; the WHERE form is assumed to follow fact 27).
    let known = |c: &str| c == "id" || outputs.iter().any(|f| f.name == c);
    let columns: Vec<String> = match &q.select {
        Select::Star => outputs
            .iter()
            .map(|f| f.name.clone())
            .chain(["id".to_string()])
            .collect(),
        Select::Count => Vec::new(),
        Select::Columns(cols) => {
            for c in cols {
                if !(c == "id" || outputs.iter().any(|f| &f.name == c)) {
                    return Answer::Err(
                        "ACCESS_DENIED",
                        format!("Permission to access '.{c}.' attribute denied."),
                    );
                }
            }
            // The id comes back even when not selected, last (capture 334).
            let mut cols = cols.clone();
            if !cols.iter().any(|c| c == "id") {
                cols.push("id".to_string());
            }
            cols
        }
    };
    for cond in q.filter.iter().flatten() {
        if !known(&cond.column) {
            return Answer::Err(
                "ACCESS_DENIED",
                format!("Permission to access {} attribute denied.", cond.column),
            );
        }
        if cond.values.iter().any(|v| v.is_empty()) {
            return err(
                "INTERNAL_SERVER_ERROR",
                "Unknown Error while processing request",
            );
        }
    }
    for (c, _) in &q.order {
        if !known(c) {
            return Answer::Err(
                "ACCESS_DENIED",
                format!("Permission to access {c} attribute denied."),
            );
        }
    }
    // Messages are private to their owner (fact 29): others' rows are filtered out silently.
    let owner = (module.name == "Messages" && !caller.admin).then(|| caller.ws_id.clone());
    let sql_columns: Vec<String> = columns.iter().filter(|c| *c != "id").cloned().collect();
    let store = sim.store();
    let result = store.select(
        module,
        &sql_columns,
        &q.filter,
        owner.as_deref(),
        &q.order,
        q.limit,
        q.select == Select::Count,
    );
    match result {
        Err(e) => {
            tracing::warn!("query failed: {e}");
            err(
                "INTERNAL_SERVER_ERROR",
                "Unknown Error while processing request",
            )
        }
        Ok(Selected::Count(count)) => Answer::Ok(json!([{"count": count.to_string()}])),
        Ok(Selected::Rows(rows)) => {
            let list: Vec<Value> = rows
                .into_iter()
                .map(|(crmid, vals)| {
                    let mut obj = Map::new();
                    let mut vals = vals.into_iter();
                    for c in &columns {
                        if c == "id" {
                            obj.insert(
                                "id".into(),
                                Value::String(format!("{}x{}", module.prefix, crmid)),
                            );
                        } else {
                            let v = vals.next().unwrap_or_default();
                            // Messages' description comes back empty in query results (fact 28).
                            let v = if module.name == "Messages" && c == "description" {
                                String::new()
                            } else {
                                v
                            };
                            obj.insert(c.clone(), Value::String(v));
                        }
                    }
                    Value::Object(obj)
                })
                .collect();
            Answer::Ok(Value::Array(list))
        }
    }
}

/// Resolves a ws id to a live record the caller may read (facts 30, 38).
fn resolve(sim: &Sim, caller: &Caller, id: &str) -> Result<(&'static str, Module, Record), Answer> {
    let Some((prefix, crmid)) = parse_ws_id(id) else {
        return Err(denied_for("id"));
    };
    let Some(prefix_module) = sim.schema.prefixes.get(&prefix).cloned() else {
        return Err(denied_for("id"));
    };
    if prefix_module == "Users" {
        let Some(module) = sim.schema.module("Users").cloned() else {
            return Err(denied());
        };
        if !caller.admin && crmid != caller.user_id as i64 {
            return Err(err("ACCESS_DENIED", READ_DENIED));
        }
        let rec = sim.store().load(&module, crmid).ok().flatten();
        return match rec {
            Some(r) => Ok(("Users", module, r)),
            None => Err(denied()),
        };
    }
    let entity = sim.store().entity(crmid).ok().flatten();
    let Some((module_name, deleted)) = entity else {
        return Err(denied());
    };
    if deleted {
        return Err(denied());
    }
    if module_name != prefix_module {
        return Err(err("INVALID_ID_ATTRIBUTE", "Id specified is incorrect"));
    }
    let Some(module) = sim.schema.module(&module_name).cloned() else {
        return Err(denied());
    };
    if access(sim, caller, &module.name) == Access::None {
        return Err(denied());
    }
    let Some(rec) = sim.store().load(&module, crmid).ok().flatten() else {
        return Err(denied());
    };
    if module.name == "Messages" && !caller.admin && rec.get("assigned_user_id") != caller.ws_id {
        return Err(err("ACCESS_DENIED", READ_DENIED));
    }
    Ok(("", module, rec))
}

fn retrieve(sim: &Sim, caller: &Caller, id: &str) -> Answer {
    match resolve(sim, caller, id) {
        Ok((_, module, rec)) => Answer::Ok(record_json(sim, &module, &rec)),
        Err(a) => a,
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn decode_element(element: &str) -> Map<String, Value> {
    // Malformed encoded parameters decode silently to null (fact 6).
    serde_json::from_str::<Value>(element)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default()
}

/// Checks mandatory fields then references; returns the first problem as the server words it.
fn validate(sim: &Sim, module: &Module, values: &Map<String, Value>) -> Result<(), Answer> {
    for f in &module.fields {
        if f.mandatory
            && values
                .get(&f.name)
                .map(value_text)
                .unwrap_or_default()
                .trim()
                .is_empty()
        {
            return Err(Answer::Err(
                "MANDATORY_FIELDS_MISSING",
                format!("{} does not have a value", f.name),
            ));
        }
    }
    for f in &module.fields {
        let v = values.get(&f.name).map(value_text).unwrap_or_default();
        if v.is_empty() || !(f.type_name == "reference" || f.type_name == "owner") {
            continue;
        }
        if !reference_ok(sim, f, &v) {
            return Err(Answer::Err(
                "REFERENCE_INVALID",
                format!("Invalid reference specified for {}", f.name),
            ));
        }
    }
    Ok(())
}

fn reference_ok(sim: &Sim, f: &Field, v: &str) -> bool {
    let Some((prefix, crmid)) = parse_ws_id(v) else {
        return false;
    };
    let Some(target) = sim.schema.prefixes.get(&prefix) else {
        return false;
    };
    if f.type_name == "owner" {
        return match target.as_str() {
            "Users" => u32::try_from(crmid).is_ok_and(|id| sim.auth().by_id(id).is_some()),
            "Groups" => true,
            _ => false,
        };
    }
    if !f.refers_to.iter().any(|r| r == target) {
        return false;
    }
    match target.as_str() {
        "Users" => u32::try_from(crmid).is_ok_and(|id| sim.auth().by_id(id).is_some()),
        "DocumentFolders" => crmid == 1,
        _ => matches!(sim.store().entity(crmid), Ok(Some((m, false))) if &m == target),
    }
}

/// Fills defaults and generated values for a new record.
fn complete_new(sim: &Sim, module: &Module, caller_ws: &str, values: &mut Map<String, Value>) {
    let now = now_text();
    for f in module.columns() {
        let cur = values.get(&f.name).map(value_text).unwrap_or_default();
        if cur.is_empty() && !f.default.is_empty() {
            values.insert(f.name.clone(), Value::String(f.default.clone()));
        }
    }
    if let Some((field, prefix)) = &module.autonumber {
        let n = sim
            .store()
            .next_counter(&format!("no_{}", module.name), 1)
            .unwrap_or(1);
        values.insert(field.clone(), Value::String(format!("{prefix}{n}")));
    }
    for (k, v) in [
        ("createdtime", now.clone()),
        ("modifiedtime", now),
        ("creator", caller_ws.to_string()),
    ] {
        if module.columns().any(|f| f.name == k) {
            values.insert(k.into(), Value::String(v));
        }
    }
    if module.name == "Documents"
        && values
            .get("folderid")
            .map(value_text)
            .unwrap_or_default()
            .is_empty()
    {
        values.insert("folderid".into(), json!("24x1"));
    }
}

/// Messages bodies are sanitised and copied to cleaned_body (fact 32).
fn sanitize_message(values: &mut Map<String, Value>) {
    let body = values
        .get("description")
        .map(value_text)
        .unwrap_or_default();
    if !body.is_empty() {
        let wrapped =
            format!("\n<!-- begin sanitized html -->\n{body}\n<!-- end sanitized html -->\n");
        values.insert("description".into(), Value::String(wrapped.clone()));
        values.insert("cleaned_body".into(), Value::String(wrapped));
    }
}

/// Keeps only known, settable columns as strings.
fn known_values(sim: &Sim, module: &Module, element: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for f in visible_fields(sim, module) {
        if let Some(v) = element.get(&f.name) {
            out.insert(f.name.clone(), Value::String(value_text(v)));
        }
    }
    out
}

fn create(
    sim: &Sim,
    caller: &Caller,
    element_type: &str,
    element: &str,
    files: &[Upload],
) -> Answer {
    let Some(module) = sim.schema.module(element_type).cloned() else {
        return denied();
    };
    if module.name == "Users" || module.name == "Emails" {
        return denied();
    }
    match access(sim, caller, &module.name) {
        Access::Write => {}
        Access::Read => return err("ACCESS_DENIED", "Permission to write is denied"),
        Access::None => return denied(),
    }
    let element = decode_element(element);
    let mut values = known_values(sim, &module, &element);
    if let Err(a) = validate(sim, &module, &values) {
        return a;
    }
    if module.name == "Messages" {
        if values
            .get("messageid")
            .map(value_text)
            .unwrap_or_default()
            .is_empty()
        {
            // The real server dies with a PHP fatal here (fact 32).
            return Answer::Fatal;
        }
        sanitize_message(&mut values);
        // Integer columns: MariaDB stores an empty value as 0 (335, 338).
        for numeric in ["xuid", "account"] {
            if values
                .get(numeric)
                .map(value_text)
                .unwrap_or_default()
                .is_empty()
            {
                values.insert(numeric.into(), json!("0"));
            }
        }
    }
    let mut upload: Option<&Upload> = None;
    if module.name == "Documents" {
        upload = document_fields(&mut values, files);
    }
    complete_new(sim, &module, &caller.ws_id, &mut values);
    let store = sim.store();
    let crmid = match store.next_counter("crmid", 1) {
        Ok(n) => n,
        Err(_) => return Answer::Fatal,
    };
    if store.insert(&module, crmid, &values).is_err() {
        return Answer::Fatal;
    }
    if let Some(u) = upload {
        let _ = store.save_file(
            crmid,
            &values.get("filename").map(value_text).unwrap_or_default(),
            &u.content_type,
            &u.data,
        );
    }
    match store.load(&module, crmid) {
        Ok(Some(rec)) => {
            drop(store);
            Answer::Ok(record_json(sim, &module, &rec))
        }
        _ => Answer::Fatal,
    }
}

/// vtenext's `upload_badext` list (fact 43).
const BAD_EXTENSIONS: &[&str] = &[
    "php", "php3", "php4", "php5", "pht", "phtml", "phps", "phar", "htm", "html", "xhtml", "js",
    "pl", "py", "rb", "cgi", "asp", "cfm", "vbs", "jsp", "exe", "bin", "bat", "com", "sh", "dll",
    "msi", "htaccess", "htpasswd",
];

/// The name a Document's file is stored under: whitespace becomes `_` (146), and a name whose
/// last extension is on the bad list, in any case, gets `.txt` appended (315: `setup.exe` →
/// `setup.exe.txt`; `.htaccess` counts as the extension `htaccess`).
pub fn stored_file_name(name: &str) -> String {
    let mut stored: String = name
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    let bad = stored
        .rsplit_once('.')
        .is_some_and(|(_, ext)| BAD_EXTENSIONS.iter().any(|b| b.eq_ignore_ascii_case(ext)));
    if bad {
        stored.push_str(".txt");
    }
    stored
}

/// Applies the Documents upload rules of fact 33; returns the upload whose bytes are kept.
fn document_fields<'a>(values: &mut Map<String, Value>, files: &'a [Upload]) -> Option<&'a Upload> {
    let location = values
        .get("filelocationtype")
        .map(value_text)
        .unwrap_or_default();
    let status = if values.get("filestatus").map(value_text).unwrap_or_default() == "1" {
        "1"
    } else {
        "0"
    };
    values.insert("filestatus".into(), json!(status));
    match location.as_str() {
        "B" | "I" => {
            let part = files.iter().find(|f| f.field == "filename");
            if location == "I" {
                values.insert("backend_name".into(), json!(""));
            }
            match part {
                Some(u) if u.over_limit => {
                    // What the recording shows for a file PHP refused (312, 313): no stored
                    // file, filesize "0", and the location type where the MIME type would be.
                    values.insert("filename".into(), json!(""));
                    values.insert("filesize".into(), json!("0"));
                    values.insert("filetype".into(), json!(location.as_str()));
                    return None;
                }
                Some(u) => {
                    values.insert("filename".into(), json!(stored_file_name(&u.name)));
                    values.insert("filesize".into(), json!(u.data.len().to_string()));
                    values.insert("filetype".into(), json!(u.content_type));
                }
                None => {
                    values.insert("filename".into(), json!(""));
                    values.insert("filesize".into(), json!(""));
                    values.insert("filetype".into(), json!(""));
                }
            }
            part
        }
        "E" => {
            let url = values.get("filename").map(value_text).unwrap_or_default();
            let url = if url.starts_with("http://") || url.starts_with("https://") || url.is_empty()
            {
                url
            } else {
                format!("http://{url}")
            };
            values.insert("filename".into(), json!(url));
            values.insert("backend_name".into(), json!(""));
            values.insert("filesize".into(), json!("0"));
            values.insert("filetype".into(), json!(""));
            None
        }
        _ => {
            // Without a location type the upload is ignored (142).
            values.insert("filelocationtype".into(), json!(""));
            values.insert("backend_name".into(), json!(""));
            values.insert("filename".into(), json!(""));
            values.insert("filesize".into(), json!(""));
            values.insert("filetype".into(), json!(""));
            None
        }
    }
}

fn update(sim: &Sim, caller: &Caller, element: &str, merge: bool) -> Answer {
    let element = decode_element(element);
    let id = element.get("id").map(value_text).unwrap_or_default();
    if id.is_empty() {
        return denied_for("id");
    }
    let (_, module, rec) = match resolve(sim, caller, &id) {
        Ok(r) => r,
        Err(a) => return a,
    };
    if module.name == "Users" {
        return denied();
    }
    if access(sim, caller, &module.name) != Access::Write {
        return err("ACCESS_DENIED", READ_DENIED);
    }
    let given = known_values(sim, &module, &element);
    let mut values = if merge {
        rec.values.clone()
    } else {
        Map::new()
    };
    for (k, v) in given {
        values.insert(k, v);
    }
    if let Err(a) = validate(sim, &module, &values) {
        return a;
    }
    // Generated values survive a full update.
    for k in ["createdtime", "creator", "filename", "filesize", "filetype"] {
        if let Some(v) = rec.values.get(k) {
            values.insert(k.into(), v.clone());
        }
    }
    if let Some((field, _)) = &module.autonumber {
        values.insert(field.clone(), Value::String(rec.get(field).to_string()));
    }
    if module.columns().any(|f| f.name == "modifiedtime") {
        values.insert("modifiedtime".into(), Value::String(now_text()));
    }
    for f in module.columns() {
        if !values.contains_key(&f.name) {
            values.insert(f.name.clone(), Value::String(f.default.clone()));
        }
    }
    let store = sim.store();
    if store.update(&module, rec.crmid, &values).is_err() {
        return Answer::Fatal;
    }
    match store.load(&module, rec.crmid) {
        Ok(Some(r)) => {
            drop(store);
            Answer::Ok(record_json(sim, &module, &r))
        }
        _ => Answer::Fatal,
    }
}

fn delete(sim: &Sim, caller: &Caller, id: &str) -> Answer {
    let Some((prefix, crmid)) = parse_ws_id(id) else {
        return denied_for("id");
    };
    if !sim.schema.prefixes.contains_key(&prefix) {
        return denied_for("id");
    }
    let entity = sim.store().entity(crmid).ok().flatten();
    match entity {
        None => denied(),
        // Deleting again succeeds with a null result (157).
        Some((_, true)) => Answer::Ok(Value::Null),
        Some(_) => {
            let (_, module, rec) = match resolve(sim, caller, id) {
                Ok(r) => r,
                Err(a) => return a,
            };
            if access(sim, caller, &module.name) != Access::Write {
                return denied();
            }
            if sim.store().mark_deleted(&module, rec.crmid).is_err() {
                return Answer::Fatal;
            }
            Answer::Ok(json!({"status": "successful"}))
        }
    }
}

/// Which relation table a pair lands in (facts 36, 44). `documents` rows are kept as
/// (record, Document) whichever side `relate` was called from, like `vte_senotesrel`.
fn relation_kind(src_module: &str, target_module: &str) -> &'static str {
    match (src_module, target_module) {
        ("Messages", _) => "messages",
        // Not recorded; kept apart from the related lists.
        ("Documents", "Documents" | "Messages") => "generic",
        ("Documents", _) | (_, "Documents") => "documents",
        _ => "generic",
    }
}

fn relate(sim: &Sim, caller: &Caller, id: &str, relatelist: &str) -> Answer {
    let (_, src_module, src) = match resolve(sim, caller, id) {
        Ok(r) => r,
        Err(a) => return a,
    };
    // Relating changes the source record: a module the user may only read is refused with
    // the server's (sic) wording, while the same pair made from the other side works (fact 46).
    if access(sim, caller, &src_module.name) != Access::Write {
        return err("ACCESS_DENIED", READ_DENIED);
    }
    let Some(list) = serde_json::from_str::<Value>(relatelist)
        .ok()
        .and_then(|v| v.as_array().cloned())
    else {
        return err("INVALID_ID_ATTRIBUTE", "Relatelist must be an array");
    };
    for target in list {
        let target = value_text(&target);
        let no_relation = |m: &str| {
            Answer::Err(
                "ACCESS_DENIED",
                format!("There is no relation with module {m}"),
            )
        };
        let Some((prefix, crmid)) = parse_ws_id(&target) else {
            return no_relation("");
        };
        let entity = sim.store().entity(crmid).ok().flatten();
        let module = match entity {
            Some((m, false)) if sim.schema.prefixes.get(&prefix) == Some(&m) => m,
            _ => return no_relation(""),
        };
        if access(sim, caller, &module) == Access::None {
            return no_relation(&module);
        }
        let via = relation_kind(&src_module.name, &module);
        let (from, to) = if via == "documents" && src_module.name == "Documents" {
            (crmid, src.crmid)
        } else {
            (src.crmid, crmid)
        };
        if sim.store().relate(from, to, via).is_err() {
            return Answer::Fatal;
        }
    }
    Answer::Ok(Value::Null)
}
