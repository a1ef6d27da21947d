//! HTTP over the browser's own `fetch`, with the little of a client the API calls need: a
//! method, headers, a JSON body, query pairs, and the answer's status and text. (It replaced
//! reqwest, whose wasm build is also `fetch` underneath but brought `http`, `url` and `idna`
//! along: about 30 KB of the gzipped download.)

use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::upper_case_acronyms)]
pub enum Method {
    GET,
    HEAD,
    POST,
    PUT,
    DELETE,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::GET => "GET",
            Method::HEAD => "HEAD",
            Method::POST => "POST",
            Method::PUT => "PUT",
            Method::DELETE => "DELETE",
        }
    }
}

/// Why no answer came: the network, or the browser refused the request.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchError(pub String);

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn js_error(e: JsValue) -> FetchError {
    FetchError(
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "the request failed".to_string()),
    )
}

/// An answer: its status and its body as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub body: String,
}

impl Response {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A request being built.
#[derive(Debug, Clone)]
pub struct RequestBuilder {
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
    /// A body that would not serialize: the request fails when sent.
    error: Option<String>,
}

impl RequestBuilder {
    pub fn new(method: Method, url: String) -> Self {
        Self {
            method,
            url,
            headers: Vec::new(),
            body: None,
            error: None,
        }
    }

    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A JSON body, with its content type.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_string(body) {
            Ok(text) => {
                self.body = Some(text);
                self = self.header("Content-Type", "application/json");
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        self
    }

    /// Query pairs, each value percent-encoded as `encodeURIComponent` does.
    pub fn query<K: AsRef<str>>(mut self, pairs: &[(K, String)]) -> Self {
        for (key, value) in pairs {
            let sep = if self.url.contains('?') { '&' } else { '?' };
            self.url.push(sep);
            self.url
                .push_str(&String::from(js_sys::encode_uri_component(key.as_ref())));
            self.url.push('=');
            self.url.push_str(&String::from(js_sys::encode_uri_component(value)));
        }
        self
    }

    /// Sends it with `fetch` (the page's cookies go along on its own origin) and reads the
    /// answer's text.
    pub async fn send(self) -> Result<Response, FetchError> {
        if let Some(e) = self.error {
            return Err(FetchError(e));
        }
        let init = web_sys::RequestInit::new();
        init.set_method(self.method.as_str());
        let headers = web_sys::Headers::new().map_err(js_error)?;
        for (name, value) in &self.headers {
            headers.set(name, value).map_err(js_error)?;
        }
        init.set_headers(&headers);
        if let Some(body) = &self.body {
            init.set_body(&JsValue::from_str(body));
        }
        let request = web_sys::Request::new_with_str_and_init(&self.url, &init).map_err(js_error)?;
        let window = web_sys::window().ok_or_else(|| FetchError("no window".to_string()))?;
        let answer: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(js_error)?
            .dyn_into()
            .map_err(js_error)?;
        let text = JsFuture::from(answer.text().map_err(js_error)?)
            .await
            .map_err(js_error)?
            .as_string()
            .unwrap_or_default();
        Ok(Response {
            status: answer.status(),
            body: text,
        })
    }
}
