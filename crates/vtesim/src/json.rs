//! PHP `json_encode` style output: compact, `/` escaped as `\/`, non-ASCII as `\uXXXX`.
use serde_json::Value;

/// Encodes like PHP's `json_encode` with default flags.
pub fn php_json(value: &Value) -> String {
    let compact = value.to_string();
    let mut out = String::with_capacity(compact.len() + 16);
    // `/` and non-ASCII only ever occur inside string literals, so a flat pass is exact.
    for ch in compact.chars() {
        match ch {
            '/' => out.push_str("\\/"),
            c if (c as u32) < 0x80 => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{:04x}", unit));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn escapes_like_php() {
        let v = serde_json::json!({"a":"x/y ü 😀"});
        assert_eq!(php_json(&v), r#"{"a":"x\/y \u00fc \ud83d\ude00"}"#);
    }
}
