//! The Content-Security-Policy of every page.

use leptos::prelude::*;

/// Builds the policy for one response. Scripts run only from our own origin or with this
/// response's nonce; WebAssembly needs `wasm-unsafe-eval`; no inline styles, no plugins, and no
/// framing by other sites.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
pub fn policy(nonce: &str, live_reload: Option<u32>) -> String {
    let reload = live_reload
        .map(|port| format!(" ws://127.0.0.1:{port} ws://localhost:{port}"))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'{reload}; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Puts the policy on the response being rendered (server side only; a no-op in the browser).
pub fn set_content_security_policy(options: &LeptosOptions) {
    #[cfg(feature = "ssr")]
    {
        use leptos::nonce::use_nonce;
        let (Some(nonce), Some(response)) =
            (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
        else {
            return;
        };
        // `cargo leptos watch` sets LEPTOS_WATCH; its live-reload script then opens a WebSocket.
        let reload = std::env::var("LEPTOS_WATCH")
            .is_ok()
            .then_some(options.reload_port);
        if let Ok(value) = http::HeaderValue::from_str(&policy(&nonce, reload)) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = options;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_carries_the_nonce_and_forbids_framing() {
        let policy = policy("abc", None);
        assert!(policy.contains("'nonce-abc'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(!policy.contains("ws://"));
    }
}
