//! A deliberately small HTTP/1.1 server on `std::net`: one thread per connection, one request per
//! connection, every answer with `Content-Length` and `Connection: close`.
//!
//! Why not a server crate: fault injection needs the raw socket. "Drop the connection after the
//! create was applied" means running the handler and then closing the socket without writing a
//! byte, which a framework that owns the response path does not allow; and no new dependency is
//! needed for the handful of requests a test makes.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::faults::Injected;
use super::observe::RecordedRequest;
use super::{Shared, lock, routes};

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 16 * 1024 * 1024;
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// One parsed request.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub method: String,
    /// The path without the query, still percent-encoded.
    pub path: String,
    /// The raw query string (without `?`), or empty.
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Query parameters, decoded.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_bytes())
            .into_owned()
            .collect()
    }
}

/// One answer.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(status: u16, body: &serde_json::Value) -> Response {
        Response {
            status,
            content_type: "application/json;charset=UTF-8",
            headers: Vec::new(),
            body: body.to_string().into_bytes(),
        }
    }

    pub fn text(status: u16, content_type: &'static str, body: impl Into<String>) -> Response {
        Response {
            status,
            content_type,
            headers: Vec::new(),
            body: body.into().into_bytes(),
        }
    }

    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.to_string(), value.into()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

fn bad_request(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}

/// Read one request. `Ok(None)` when the peer closed the connection before sending anything
/// (the self-connect that wakes the accept loop on shutdown, or a probe).
pub(crate) fn read_request(stream: impl Read) -> io::Result<Option<Request>> {
    let mut reader = BufReader::new(stream);
    let mut head_bytes = 0usize;
    let mut line = String::new();
    // Tolerate blank lines before the request line (RFC 9112 §2.2).
    loop {
        line.clear();
        let n = reader.read_line(&mut line)?;
        if n == 0 {
            return Ok(None);
        }
        head_bytes += n;
        if head_bytes > MAX_HEAD {
            return Err(bad_request("request head too large"));
        }
        if !line.trim().is_empty() {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(bad_request("malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(bad_request("only HTTP/1.x is served"));
    }
    let method = method.to_ascii_uppercase();
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target.to_string(), String::new()),
    };
    let mut headers = Vec::new();
    loop {
        line.clear();
        let n = reader.read_line(&mut line)?;
        if n == 0 {
            return Err(bad_request("connection closed inside the request head"));
        }
        head_bytes += n;
        if head_bytes > MAX_HEAD {
            return Err(bad_request("request head too large"));
        }
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            break;
        }
        let Some((name, value)) = l.split_once(':') else {
            return Err(bad_request("malformed header line"));
        };
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let chunked =
        header("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        read_chunked(&mut reader)?
    } else if let Some(length) = header("content-length") {
        let length: usize = length
            .trim()
            .parse()
            .map_err(|_| bad_request("bad Content-Length"))?;
        if length > MAX_BODY {
            return Err(bad_request("request body too large"));
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        body
    } else {
        Vec::new()
    };
    Ok(Some(Request {
        method,
        path,
        query,
        headers,
        body,
    }))
}

fn read_chunked(reader: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let size_text = line.trim().split(';').next().unwrap_or("");
        let size =
            usize::from_str_radix(size_text, 16).map_err(|_| bad_request("bad chunk size"))?;
        if size == 0 {
            // Trailers, up to the blank line.
            loop {
                line.clear();
                if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        if body.len() + size > MAX_BODY {
            return Err(bad_request("request body too large"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        line.clear();
        reader.read_line(&mut line)?;
    }
}

pub(crate) fn write_response(mut stream: impl Write, response: &Response) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&response.body)?;
    stream.flush()
}

/// The accept loop; returns when [`Shared::shutdown`] is set (the handle's `Drop` sets it and
/// connects once to wake `accept`).
pub(crate) fn serve(listener: TcpListener, shared: Arc<Shared>) {
    for connection in listener.incoming() {
        if shared.shutdown.load(Ordering::SeqCst) {
            break;
        }
        let stream = match connection {
            Ok(stream) => stream,
            Err(_) => {
                // E.g. out of file descriptors: back off instead of spinning.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("s247-sandbox-conn".into())
            .spawn(move || handle_connection(stream, &shared));
        if spawned.is_err() {
            // No thread for it: the stream was moved into the failed closure and is dropped,
            // which closes it. The client sees a dropped connection.
            continue;
        }
    }
}

fn handle_connection(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let request = match read_request(&stream) {
        Ok(Some(request)) => request,
        Ok(None) => return,
        Err(e) => {
            let body = serde_json::json!({"error_code": 1002, "message": "Invalid data.", "error_info": {"request": e.to_string()}});
            let _ = write_response(&stream, &Response::json(400, &body));
            return;
        }
    };
    if shared.shutdown.load(Ordering::SeqCst) {
        return;
    }

    // Test plumbing: never faulted, counted or logged.
    if request.path == "/_sandbox" || request.path.starts_with("/_sandbox/") {
        let response = routes::control(shared, &request);
        let _ = write_response(&stream, &response);
        return;
    }

    let route = routes::route_name(&request.method, &request.path);
    let decision = lock(&shared.faults).decide(&request.method, &request.path);
    if !decision.latency.is_zero() {
        std::thread::sleep(decision.latency);
    }
    let mut record = RecordedRequest::new(&request, &route);
    if !decision.latency.is_zero() {
        record.latency_ms = Some(decision.latency.as_millis() as u64);
    }

    match decision.action {
        Some(Injected::Drop) => {
            record.fault = Some("drop".into());
            lock(&shared.log).push(record);
            close_without_answer(&stream);
        }
        Some(Injected::DropAfterApply) => {
            let response = routes::handle(shared, &request);
            record.fault = Some("drop_after_apply".into());
            record.applied_status = Some(response.status);
            lock(&shared.log).push(record);
            close_without_answer(&stream);
        }
        Some(Injected::Status(status)) => {
            let response = injected_error(status);
            record.fault = Some(format!("status {status}"));
            record.status = Some(status);
            lock(&shared.log).push(record);
            let _ = write_response(&stream, &response);
        }
        Some(Injected::RateLimit(retry_after)) => {
            let response = Response::text(429, "text/plain;charset=UTF-8", "Too Many Requests")
                .with_header("Retry-After", retry_after.to_string());
            record.fault = Some(format!("rate_limit retry_after={retry_after}"));
            record.status = Some(429);
            lock(&shared.log).push(record);
            let _ = write_response(&stream, &response);
        }
        Some(Injected::AnswerWithoutId) => {
            let response = without_id(routes::handle(shared, &request));
            record.fault = Some("answer_without_id".into());
            record.status = Some(response.status);
            lock(&shared.log).push(record);
            let _ = write_response(&stream, &response);
        }
        None => {
            let response = routes::handle(shared, &request);
            record.status = Some(response.status);
            // Logged before answering, so a client that got its answer also finds it in the log.
            lock(&shared.log).push(record);
            let _ = write_response(&stream, &response);
        }
    }
}

/// The same answer without the object's id in `data` (errors pass unchanged).
fn without_id(mut response: Response) -> Response {
    if let Ok(mut body) = serde_json::from_slice::<serde_json::Value>(&response.body)
        && let Some(data) = body.get_mut("data").and_then(|d| d.as_object_mut())
    {
        for field in ["maintenance_id", "monitor_id", "group_id", "tag_id"] {
            data.remove(field);
        }
        response.body = body.to_string().into_bytes();
    }
    response
}

/// An injected 5xx looks like what a load balancer in front of the service answers: HTML, not
/// the API's JSON error, so a client must not assume a JSON body on 5xx.
fn injected_error(status: u16) -> Response {
    let text = format!(
        "<html><head><title>{status} {reason}</title></head><body><h1>{status} {reason}</h1></body></html>",
        reason = reason(status)
    );
    Response::text(status, "text/html;charset=UTF-8", text)
}

fn close_without_answer(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Both);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_request_with_a_body_and_query() {
        let raw = b"POST /oauth/v2/token?grant_type=refresh_token HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na=b";
        let request = read_request(&raw[..]).unwrap().unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/oauth/v2/token");
        assert_eq!(request.query, "grant_type=refresh_token");
        assert_eq!(request.header("host"), Some("x"));
        assert_eq!(request.body, b"a=b");
    }

    #[test]
    fn parses_a_chunked_body() {
        let raw = b"PUT /api/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        let request = read_request(&raw[..]).unwrap().unwrap();
        assert_eq!(request.body, b"abcde");
    }

    #[test]
    fn an_empty_connection_is_not_a_request() {
        assert!(read_request(&b""[..]).unwrap().is_none());
        assert!(read_request(&b"GARBAGE\r\n\r\n"[..]).is_err());
    }

    #[test]
    fn writes_length_and_close() {
        let mut out = Vec::new();
        write_response(
            &mut out,
            &Response::json(201, &serde_json::json!({"a": 1})).with_header("X-A", "b"),
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 201 Created\r\n"));
        assert!(text.contains("Content-Length: 7\r\n"));
        assert!(text.contains("Connection: close\r\n"));
        assert!(text.contains("X-A: b\r\n"));
        assert!(text.ends_with("\r\n\r\n{\"a\":1}"));
    }
}
