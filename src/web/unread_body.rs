//! A request body that is not read to its end closes its connection.
//!
//! actix-http keeps a connection whose request body was left unread (an error answered before
//! the form arrived, a body sent to a page that takes none) only if that body is chunked, and
//! then reads and discards the rest of it with no deadline: a client that starts a chunked body
//! and never finishes it holds its connection, and the open file behind it, for ever. It closes
//! the connection instead when the handler's end of the body is still alive as the response
//! goes out. So the body is handed to the handler through a shared stream, and the other end is
//! kept in the response body until the response is written.

use actix_web::HttpMessage;
use actix_web::body::{BodySize, BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// The middleware: requests with no body pass through untouched.
pub async fn close_if_unread<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B, HeldBody>>, actix_web::Error> {
    let payload = req.take_payload();
    if matches!(payload, Payload::None) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let shared = Rc::new(RefCell::new(payload));
    req.set_payload(Payload::Stream {
        payload: Box::pin(SharedPayload(shared.clone())),
    });
    let response = next.call(req).await?;
    Ok(response.map_body(|_, body| {
        EitherBody::right(HeldBody {
            body: body.boxed(),
            _request_body: shared,
        })
    }))
}

/// The request body as the handler reads it; the middleware holds the same one.
struct SharedPayload(Rc<RefCell<Payload>>);

impl futures_core::Stream for SharedPayload {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut *self.0.borrow_mut()).poll_next(cx)
    }
}

/// A response body that keeps its request's body alive until it has been written.
pub struct HeldBody {
    body: BoxBody,
    _request_body: Rc<RefCell<Payload>>,
}

impl MessageBody for HeldBody {
    type Error = <BoxBody as MessageBody>::Error;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Pin::new(&mut self.body).poll_next(cx)
    }
}
