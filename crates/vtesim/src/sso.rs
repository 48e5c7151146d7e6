//! `login_sso` (docs/protocol.md §4): validates an OpenID provider's RS256 ID token against
//! the provider's JWKS (discovery → jwks_uri, keys cached, refetched for an unknown `kid`).
use crate::ops::{Answer, not_licensed};
use crate::server::Sim;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use std::net::IpAddr;

#[derive(Debug, Clone)]
pub struct Jwk {
    pub kid: Option<String>,
    pub n: Vec<u8>,
    pub e: Vec<u8>,
}

#[derive(Debug, Clone, Default)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

fn rejected(why: &str) -> Answer {
    Answer::Err("SSO_TOKEN_REJECTED", why.to_string())
}

fn b64(part: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()
}

async fn fetch_jwks(sim: &Sim, issuer: &str) -> Result<Jwks, String> {
    let discovery_url = format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    );
    let discovery: Value = sim
        .http
        .get(&discovery_url)
        .send()
        .await
        .map_err(|e| format!("cannot reach the identity provider: {e}"))?
        .json()
        .await
        .map_err(|e| format!("bad discovery document: {e}"))?;
    let jwks_uri = discovery["jwks_uri"]
        .as_str()
        .ok_or("discovery document has no jwks_uri")?;
    let doc: Value = sim
        .http
        .get(jwks_uri)
        .send()
        .await
        .map_err(|e| format!("cannot fetch the provider's keys: {e}"))?
        .json()
        .await
        .map_err(|e| format!("bad JWKS: {e}"))?;
    let keys = doc["keys"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|k| k["kty"] == "RSA")
        .filter_map(|k| {
            Some(Jwk {
                kid: k["kid"].as_str().map(String::from),
                n: b64(k["n"].as_str()?)?,
                e: b64(k["e"].as_str()?)?,
            })
        })
        .collect();
    Ok(Jwks { keys })
}

fn find_key<'a>(jwks: &'a Jwks, kid: Option<&str>) -> Option<&'a Jwk> {
    match kid {
        Some(kid) => jwks.keys.iter().find(|k| k.kid.as_deref() == Some(kid)),
        None => jwks.keys.first(),
    }
}

/// Validates the token; returns its claims or why it was rejected.
pub async fn validate(sim: &Sim, token: &str) -> Result<Value, String> {
    let Some(sso) = &sim.config.sso else {
        return Err("SSO is not configured on this CRM".into());
    };
    let parts: Vec<&str> = token.trim().split('.').collect();
    if parts.len() != 3 {
        return Err("the ID token is not a JWT".into());
    }
    let header: Value = b64(parts[0])
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or("the ID token header is unreadable")?;
    let claims: Value = b64(parts[1])
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or("the ID token claims are unreadable")?;
    let signature = b64(parts[2]).ok_or("the ID token signature is unreadable")?;
    if header["alg"] != "RS256" {
        return Err(format!("unsupported signing algorithm {}", header["alg"]));
    }
    let kid = header["kid"].as_str();
    let mut cache = sim.jwks.lock().await;
    if cache.as_ref().and_then(|j| find_key(j, kid)).is_none() {
        *cache = Some(fetch_jwks(sim, &sso.issuer).await?);
    }
    let key = cache
        .as_ref()
        .and_then(|j| find_key(j, kid))
        .ok_or("no provider key matches the token's kid")?;
    let signed = format!("{}.{}", parts[0], parts[1]);
    ring::signature::RsaPublicKeyComponents {
        n: &key.n,
        e: &key.e,
    }
    .verify(
        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        signed.as_bytes(),
        &signature,
    )
    .map_err(|_| "bad signature".to_string())?;
    drop(cache);
    if claims["iss"].as_str().map(|s| s.trim_end_matches('/'))
        != Some(sso.issuer.trim_end_matches('/'))
    {
        return Err("wrong issuer".into());
    }
    let aud_ok = match &claims["aud"] {
        Value::String(a) => a == &sso.client_id,
        Value::Array(list) => list
            .iter()
            .any(|a| a.as_str() == Some(sso.client_id.as_str())),
        _ => false,
    };
    if !aud_ok {
        return Err("wrong audience".into());
    }
    let now = crate::ops::now_unix();
    match claims["exp"].as_i64() {
        Some(exp) if exp + 60 > now => {}
        _ => return Err("token expired".into()),
    }
    if claims["iat"].as_i64().is_some_and(|iat| iat > now + 60) {
        return Err("token issued in the future".into());
    }
    Ok(claims)
}

pub async fn login_sso(sim: &Sim, token: &str, ip: IpAddr) -> Answer {
    if sim.auth().banned.contains(&ip) {
        return Answer::Err(
            "IP_BANNED",
            "Ip banned because too many unsuccessfully logins".into(),
        );
    }
    let claims = match validate(sim, token).await {
        Ok(c) => c,
        Err(why) => return rejected(&why),
    };
    let sub = claims["sub"].as_str().unwrap_or("");
    let email = claims["email"].as_str().unwrap_or("");
    let user_id = {
        let auth = sim.auth();
        let account = auth
            .accounts
            .iter()
            .find(|a| !sub.is_empty() && a.sso_subject.as_deref() == Some(sub))
            .or_else(|| {
                auth.accounts
                    .iter()
                    .find(|a| !sub.is_empty() && a.name.eq_ignore_ascii_case(sub))
            })
            .or_else(|| {
                auth.accounts
                    .iter()
                    .find(|a| !email.is_empty() && a.email.eq_ignore_ascii_case(email))
            });
        let Some(account) = account else {
            return rejected("no such user");
        };
        if !account.active {
            return Answer::Err("AUTHENTICATION_REQUIRED", "Given user is inactive".into());
        }
        if !auth.licensed {
            return not_licensed();
        }
        account.id
    };
    let name = sim.auth().new_session(user_id);
    Answer::Ok(json!({
        "sessionName": name, "userId": format!("19x{user_id}"),
        "version": "0.22", "vteVersion": "5.2.1", "timezone": 0
    }))
}
