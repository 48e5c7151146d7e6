//! The CRM's version and licence report (`mailconnector_info`,
//! docs/protocol.md §2) and the policy that refuses what the Mail Connector
//! does not support.

use serde::Serialize;
use serde_json::Value;

use super::CrmError;
use crate::l10n::Msg;
use crate::msg;

/// The oldest vtenext the Mail Connector supports (its manual: "Versione
/// minima supportata 24.08.2").
pub const MIN_VERSION: &str = "24.08.2";

#[derive(Debug, Clone, Serialize)]
pub struct SsoInfo {
    pub issuer: String,
    pub client_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CrmInfo {
    pub product: String,
    pub version: String,
    pub build: Option<String>,
    pub installed: bool,
    pub licensed: bool,
    pub otp: bool,
    pub sso: Option<SsoInfo>,
}

impl CrmInfo {
    pub(crate) fn from_result(result: &Value) -> Result<CrmInfo, CrmError> {
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        let flag = |v: Option<&Value>| match v {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s == "1" || s.eq_ignore_ascii_case("true"),
            Some(Value::Number(n)) => n.as_i64() == Some(1),
            _ => false,
        };
        let version = text(result.get("version"))
            .ok_or_else(|| CrmError::Decode("mailconnector_info".into()))?;
        let connector = result.get("mailconnector");
        let auth = result.get("auth");
        let sso = auth.and_then(|a| a.get("sso")).and_then(|sso| {
            Some(SsoInfo {
                issuer: text(sso.get("issuer"))?,
                client_id: text(sso.get("client_id")).unwrap_or_else(|| "vtelink-cli".into()),
            })
        });
        Ok(CrmInfo {
            product: text(result.get("product")).unwrap_or_else(|| "vtenext".into()),
            version,
            build: text(result.get("build")),
            installed: connector.is_none_or(|c| c.get("installed").is_none_or(|v| flag(Some(v)))),
            licensed: connector.is_some_and(|c| flag(c.get("licensed"))),
            otp: auth.is_some_and(|a| flag(a.get("otp"))),
            sso,
        })
    }
}

/// Numeric comparison of `YY.MM[.patch]` versions; `None` if unparseable.
pub fn version_at_least(version: &str, minimum: &str) -> Option<bool> {
    let parse = |v: &str| -> Option<Vec<u64>> {
        v.trim()
            .split('.')
            .map(|part| part.trim().parse::<u64>().ok())
            .collect()
    };
    let mut have = parse(version)?;
    let mut want = parse(minimum)?;
    let len = have.len().max(want.len());
    have.resize(len, 0);
    want.resize(len, 0);
    Some(have >= want)
}

/// Refuse a CRM the Mail Connector does not support. Returns warnings to
/// show (sentences for people; `english()` for logs) when `allow_unsupported`
/// let an old or silent CRM through. A CRM that says its connector is not
/// licensed is refused even then.
pub fn check_supported(
    info: Option<&CrmInfo>,
    allow_unsupported: bool,
) -> Result<Vec<Msg>, CrmError> {
    let Some(info) = info else {
        let message = msg!("err-crm-no-version", minimum = MIN_VERSION);
        return if allow_unsupported {
            Ok(vec![message])
        } else {
            Err(CrmError::UnsupportedVersion {
                message: message.english(),
                version: None,
            })
        };
    };
    if !info.installed || !info.licensed {
        // No server message: the licence check itself (see `error_text`).
        return Err(CrmError::NotLicensed(String::new()));
    }
    match version_at_least(&info.version, MIN_VERSION) {
        Some(true) => Ok(Vec::new()),
        verdict => {
            let version = info.version.as_str();
            let message = if verdict.is_none() {
                msg!(
                    "crm-unrecognised-version",
                    version = version,
                    minimum = MIN_VERSION
                )
            } else {
                msg!(
                    "err-crm-old-version",
                    version = version,
                    minimum = MIN_VERSION
                )
            };
            if allow_unsupported {
                Ok(vec![message])
            } else {
                Err(CrmError::UnsupportedVersion {
                    message: message.english(),
                    version: Some(info.version.clone()),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(version: &str, licensed: bool) -> CrmInfo {
        CrmInfo {
            product: "vtenext".into(),
            version: version.into(),
            build: None,
            installed: true,
            licensed,
            otp: false,
            sso: None,
        }
    }

    #[test]
    fn versions() {
        assert_eq!(version_at_least("24.08.2", MIN_VERSION), Some(true));
        assert_eq!(version_at_least("24.08", MIN_VERSION), Some(false));
        assert_eq!(version_at_least("24.10", MIN_VERSION), Some(true));
        assert_eq!(version_at_least("20.04.3", MIN_VERSION), Some(false));
        assert_eq!(version_at_least("26.01", MIN_VERSION), Some(true));
        assert_eq!(version_at_least("beta", MIN_VERSION), None);
    }

    #[test]
    fn policy() {
        assert!(
            check_supported(Some(&info("25.04.1", true)), false)
                .unwrap()
                .is_empty()
        );
        assert!(matches!(
            check_supported(Some(&info("20.04.3", true)), false),
            Err(CrmError::UnsupportedVersion { .. })
        ));
        assert_eq!(
            check_supported(Some(&info("20.04.3", true)), true)
                .unwrap()
                .len(),
            1
        );
        assert!(matches!(
            check_supported(None, false),
            Err(CrmError::UnsupportedVersion { .. })
        ));
        assert!(matches!(
            check_supported(Some(&info("25.04.1", false)), true),
            Err(CrmError::NotLicensed(_))
        ));
    }

    #[test]
    fn parses_the_documented_answer() {
        let v = serde_json::json!({"product":"vtenext","version":"25.04.1","build":"2900",
            "mailconnector":{"installed":true,"licensed":true},
            "auth":{"password":true,"otp":true,"sso":{"issuer":"http://127.0.0.1:9","client_id":"c"}}});
        let info = CrmInfo::from_result(&v).unwrap();
        assert!(info.licensed && info.otp);
        assert_eq!(info.sso.unwrap().client_id, "c");
    }
}
