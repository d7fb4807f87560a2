"""The HTTP protocol the workers of `scrutiny serve --workers N` speak.

Kept apart from the app (api/workers.py) and named to uvicorn by its import path: uvicorn sends
its configuration to each worker process it starts, and a class named in it would be imported
while the new process unpickles it, before the process answers its supervisor's health checks.
Importing the whole app there took more than the supervisor's five seconds on a busy machine,
and it killed and restarted workers over and over.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

NO_DELAY_H11 = "api.http_protocol:NoDelayH11Protocol"


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection.

    asyncio turns it off only on sockets that say they are TCP, and the listening socket
    uvicorn hands its worker processes does not say so; without this each answer could wait
    for the client's delayed acknowledgement (about 40 ms on Linux)."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]
