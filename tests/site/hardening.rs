//! Requests a careful operator expects on the open web: security headers on every status,
//! limits, broken and hostile bodies, traversal, cross-site posts, caching and compression.

use crate::support::*;
use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;

fn assert_security_headers(page: &Page, what: &str) {
    let csp = page
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no CSP"));
    for directive in [
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{what}: {directive}");
    }
    assert!(!csp.contains("unsafe-inline"), "{what}");
    assert_eq!(
        page.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        page.header("referrer-policy"),
        Some("no-referrer"),
        "{what}"
    );
    assert_eq!(
        page.header("cross-origin-opener-policy"),
        Some("same-origin"),
        "{what}"
    );
    assert_eq!(
        page.header("cross-origin-resource-policy"),
        Some("same-origin"),
        "{what}"
    );
    assert!(
        page.header("permissions-policy")
            .is_some_and(|p| p.contains("camera=()")),
        "{what}"
    );
    assert_eq!(page.header("set-cookie"), None, "{what}");
}

#[actix_web::test]
async fn every_status_carries_the_security_headers() {
    let article = format!("/articles/{LIFTING}");
    let etag = get(&article).await.header("etag").unwrap().to_string();
    let cases = vec![
        ("200", get(&article).await, StatusCode::OK),
        (
            "303",
            get(&format!("{article}/check")).await,
            StatusCode::SEE_OTHER,
        ),
        (
            "304",
            send(
                TestRequest::get()
                    .uri(&article)
                    .insert_header(("if-none-match", etag)),
            )
            .await,
            StatusCode::NOT_MODIFIED,
        ),
        ("404", get("/missing").await, StatusCode::NOT_FOUND),
        (
            "405",
            request(Method::DELETE, &article).await,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            "413",
            post_form(&format!("{article}/check"), &"a=b&".repeat(5000)).await,
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "422",
            post_form(&format!("{article}/check"), "").await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (what, page, status) in cases {
        assert_eq!(page.status, status, "{what}");
        assert_security_headers(&page, what);
    }
}

#[actix_web::test]
async fn an_oversized_quiz_body_is_rejected_with_413() {
    let page = post_form(&format!("/articles/{LIFTING}/check"), &"x".repeat(9 * 1024)).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.body().contains("<h1>Too much data was sent</h1>"));
}

#[actix_web::test]
async fn broken_bodies_get_a_clear_400() {
    for body in ["a=%zz", "warning_signs=%", "x=%FF%FE", "%E2%82=1"] {
        let page = post_form(&format!("/articles/{WEIGHT_LOSS}/check"), body).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(
            page.body()
                .contains("<h1>Your answers could not be read</h1>"),
            "{body}"
        );
    }
}

#[actix_web::test]
async fn a_body_that_is_not_utf8_gets_400() {
    let page = send(form_request(
        &format!("/articles/{WEIGHT_LOSS}/check"),
        vec![b'a', b'=', 0xff, 0xfe],
    ))
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn a_wrong_or_missing_content_type_gets_415() {
    let path = format!("/articles/{WEIGHT_LOSS}/check");
    let json = send(
        TestRequest::post()
            .uri(&path)
            .insert_header(("content-type", "application/json"))
            .set_payload("{}"),
    )
    .await;
    assert_eq!(json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let bare = send(TestRequest::post().uri(&path)).await;
    assert_eq!(bare.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        bare.body()
            .contains("<h1>Your answers could not be read</h1>")
    );
}

#[actix_web::test]
async fn a_cross_site_post_is_refused() {
    let page = send(
        form_request(
            &format!("/articles/{WEIGHT_LOSS}/check"),
            encode(&calm_answers(WEIGHT_LOSS)),
        )
        .insert_header(("sec-fetch-site", "cross-site")),
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let same_origin = send(
        form_request(
            &format!("/articles/{WEIGHT_LOSS}/check"),
            encode(&calm_answers(WEIGHT_LOSS)),
        )
        .insert_header(("sec-fetch-site", "same-origin")),
    )
    .await;
    assert_eq!(same_origin.status, StatusCode::OK);
}

#[actix_web::test]
async fn a_post_whose_origin_is_another_site_is_refused_when_sec_fetch_site_is_absent() {
    let path = format!("/articles/{WEIGHT_LOSS}/check");
    let answers = encode(&calm_answers(WEIGHT_LOSS));
    let with_origin = |origin: &'static str| {
        form_request(&path, answers.clone())
            .insert_header(("host", "backwise.test"))
            .insert_header(("origin", origin))
    };
    let other = send(with_origin("https://evil.example")).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert!(other.body().contains("<h1>Answers from another site</h1>"));
    assert!(
        other
            .body()
            .contains("Please use the form on the article page.")
    );
    let lookalike = send(with_origin("https://backwise.test.evil.example")).await;
    assert_eq!(lookalike.status, StatusCode::FORBIDDEN);
    // The site's own page, as the address it was sent to or as its public base URL; and a post
    // from a page with no-referrer, which browsers send as `Origin: null`.
    let base_url = &state().site.settings.base_url;
    let base_url: &'static str = Box::leak(base_url.clone().into_boxed_str());
    for origin in [
        "https://backwise.test",
        "http://BACKWISE.test",
        base_url,
        "null",
    ] {
        let page = send(with_origin(origin)).await;
        assert_eq!(page.status, StatusCode::OK, "{origin}");
    }
    // Old browsers send neither header.
    assert_eq!(
        send(form_request(&path, answers.clone())).await.status,
        StatusCode::OK
    );
    // Sec-Fetch-Site, when sent, is the browser's own word.
    let same =
        send(with_origin("https://evil.example").insert_header(("sec-fetch-site", "same-origin")))
            .await;
    assert_eq!(same.status, StatusCode::OK);
}

#[actix_web::test]
async fn a_body_with_any_content_encoding_gets_415() {
    let path = format!("/articles/{WEIGHT_LOSS}/check");
    let answers = encode(&calm_answers(WEIGHT_LOSS));
    for encoding in ["gzip", "br", "deflate", "identity"] {
        let page = send(
            form_request(&path, answers.clone()).insert_header(("content-encoding", encoding)),
        )
        .await;
        assert_eq!(
            page.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{encoding}"
        );
        assert!(page.body().contains("not compressed"), "{encoding}");
    }
    let mut zipped = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut zipped, answers.as_bytes()).unwrap();
    let page = send(
        form_request(&path, zipped.finish().unwrap()).insert_header(("content-encoding", "gzip")),
    )
    .await;
    assert_eq!(page.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[actix_web::test]
async fn nothing_outside_the_static_assets_is_ever_served() {
    for path in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/static/%2e%2e%2fCargo.toml",
        "/static/..%5cCargo.toml",
        "/static/..\\Cargo.toml",
        "/static/style.css",
        "/static/",
        "/articles/../Cargo.toml",
        "/articles/%2e%2e%2farticles%2fweight-loss-and-upper-back-pain.md",
    ] {
        let page = get(path).await;
        assert!(page.status.is_client_error(), "{path}: {}", page.status);
        let body = page.body();
        assert!(
            !body.contains("[package]") && !body.contains("+++"),
            "{path}"
        );
    }
}

#[actix_web::test]
async fn unknown_methods_get_405_with_allow() {
    for method in [
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::from_bytes(b"BREW").unwrap(),
    ] {
        let page = request(method.clone(), &format!("/articles/{LIFTING}")).await;
        assert_eq!(page.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(page.header("allow"), Some("GET, HEAD"));
        assert!(page.body().contains("<h1>Request not allowed</h1>"));
    }
    let post_home = request(Method::POST, "/").await;
    assert_eq!(post_home.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[actix_web::test]
async fn an_overlong_url_is_a_client_error_not_a_crash() {
    let page = get(&format!("/articles/{}", "a".repeat(20_000))).await;
    assert!(page.status.is_client_error(), "{}", page.status);
}

#[actix_web::test]
async fn error_pages_show_no_internals() {
    for page in [
        get("/nope").await,
        post_form(&format!("/articles/{LIFTING}/check"), "a=%zz").await,
        request(Method::PUT, "/about").await,
    ] {
        let body = page.body();
        for leak in [
            "panicked",
            "src/",
            ".rs:",
            "backtrace",
            "RUST_",
            "/root",
            "/work",
        ] {
            assert!(!body.contains(leak), "{leak}");
        }
    }
}

#[actix_web::test]
async fn article_pages_revalidate_by_etag_with_an_empty_304() {
    let path = format!("/articles/{WEIGHT_LOSS}");
    let first = get(&path).await;
    let etag = first.header("etag").expect("an ETag").to_string();
    assert!(
        etag.starts_with('"') && !etag.starts_with("W/"),
        "a strong ETag: {etag}"
    );
    assert_eq!(first.header("cache-control"), Some("no-cache"));
    let again = send(
        TestRequest::get()
            .uri(&path)
            .insert_header(("if-none-match", etag.clone())),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let stale = send(
        TestRequest::get()
            .uri(&path)
            .insert_header(("if-none-match", "\"old\"")),
    )
    .await;
    assert_eq!(stale.status, StatusCode::OK);
}

#[actix_web::test]
async fn if_none_match_compares_weakly_and_takes_a_star() {
    let home = get("/").await;
    let etag = home.header("etag").unwrap().to_string();
    for condition in [
        format!("W/{etag}"),
        format!("\"other\", W/{etag}"),
        "*".to_string(),
    ] {
        let again = send(
            TestRequest::get()
                .uri("/")
                .insert_header(("if-none-match", condition.clone())),
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{condition}");
    }
}

#[actix_web::test]
async fn the_home_page_has_an_etag_too() {
    let home = get("/").await;
    let etag = home.header("etag").unwrap().to_string();
    let again = send(
        TestRequest::get()
            .uri("/")
            .insert_header(("if-none-match", etag)),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
}

#[actix_web::test]
async fn hashed_assets_are_cached_for_a_year() {
    let body = get("/").await.body();
    let href = body.split("rel=\"stylesheet\" href=\"").nth(1).unwrap();
    let css = get(&href[..href.find('"').unwrap()]).await;
    assert_eq!(
        css.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
}

#[actix_web::test]
async fn pages_are_gzipped_for_clients_that_accept_it() {
    let path = format!("/articles/{LIFTING}");
    let plain = get(&path).await;
    let zipped = send(
        TestRequest::get()
            .uri(&path)
            .insert_header(("accept-encoding", "br;q=1, gzip;q=0.8")),
    )
    .await;
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    assert!(
        zipped
            .header("vary")
            .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
    );
    assert!(
        zipped.bytes.len() * 3 < plain.bytes.len(),
        "{} vs {}",
        zipped.bytes.len(),
        plain.bytes.len()
    );
    let mut unzipped = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&zipped.bytes[..]),
        &mut unzipped,
    )
    .unwrap();
    assert_eq!(unzipped, plain.body());
    let refused = send(
        TestRequest::get()
            .uri(&path)
            .insert_header(("accept-encoding", "gzip;q=0")),
    )
    .await;
    assert_eq!(refused.header("content-encoding"), None);
}

#[actix_web::test]
async fn quiz_results_are_compressed_too() {
    let page = send(
        form_request(
            &format!("/articles/{LIFTING}/check"),
            encode(&calm_answers(LIFTING)),
        )
        .insert_header(("accept-encoding", "gzip")),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("content-encoding"), Some("gzip"));
}

#[actix_web::test]
async fn error_pages_are_compressed_too() {
    let page = send(
        TestRequest::get()
            .uri("/no-such-page")
            .insert_header(("accept-encoding", "gzip")),
    )
    .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(page.header("content-encoding"), Some("gzip"));
    let mut unzipped = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&page.bytes[..]),
        &mut unzipped,
    )
    .unwrap();
    assert!(unzipped.contains("Page not found"), "{unzipped}");
}

/// No route of the site fails on purpose, so a stand-in handler fails, behind the same error-page
/// and header middleware the app uses.
#[actix_web::test]
async fn a_server_error_says_sorry_shows_no_internals_and_keeps_the_headers() {
    use actix_web::{App, HttpResponse, test, web};
    use backwise::web::error::AppError;
    let app = test::init_service(
        App::new()
            .app_data(state())
            .route(
                "/fails",
                web::get().to(|| async { Err::<HttpResponse, _>(AppError::Internal) }),
            )
            .wrap(backwise::web::respond::error_pages())
            .wrap(backwise::web::server::security_headers()),
    )
    .await;
    let page =
        read_page(test::call_service(&app, TestRequest::get().uri("/fails").to_request()).await)
            .await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_security_headers(&page, "500");
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let body = page.body();
    assert!(body.contains("<h1>Sorry, something went wrong</h1>"));
    for internal in ["panicked", "src/", ".rs", "backtrace", "Error {"] {
        assert!(!body.contains(internal), "{internal}");
    }
}

#[test]
fn a_clients_malformed_request_is_not_an_error_of_the_server() {
    let bad = "GET / HTTP/1.1\r\nHost: x\r\nNot a header\r\n\r\n";
    let server = crate::server::RunningServer::start(&[]);
    assert!(server.raw(bad).starts_with("HTTP/1.1 400"));
    let log = server.stop();
    assert!(log.contains("INFO stream error"), "{log}");
    assert!(!log.contains("ERROR"), "{log}");
}
