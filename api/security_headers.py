"""Security headers on every response, errors included."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
    # Pages may hold exempt information: never kept by browsers or shared caches.
    (b"cache-control", b"no-store"),
]
_STRICT_CSP = (
    b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    b"connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
    b"frame-ancestors 'none'"
)
# The interactive API documentation loads Swagger UI / ReDoc from their CDN.
_DOCS_CSP = (
    b"default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    b"style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    b"img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    b"font-src 'self' https://fonts.gstatic.com; worker-src 'self' blob:; "
    b"connect-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
)
_DOCS = ("/docs", "/redoc")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = _DOCS_CSP if scope["path"].startswith(_DOCS) else _STRICT_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in {name for name, _ in _COMMON}]
                message["headers"] = [*headers, *_COMMON, (b"content-security-policy", csp)]
            await send(message)

        await self.app(scope, receive, send_with_headers)
