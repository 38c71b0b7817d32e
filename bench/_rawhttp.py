"""A minimal HTTP/1.1 keep-alive client on asyncio streams, for load generators that share the server's
machine: one connection per simulated user (as a browser keeps one), no pool to search, no redirects, no
cookies, JSON bodies only. It spends a fraction of httpx's CPU per request, so less of the two cores goes
to the generator and its event loop stamps the times on time. Responses must carry Content-Length (the
API's do)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(slots=True)
class RawResponse:
    status_code: int
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> object:
        return json.loads(self.content)


class RawConnection:
    """One keep-alive connection; requests on it run one at a time. Reconnects once if the server closed
    it between requests."""

    def __init__(self, base_url: str, timeout: float = 60.0) -> None:
        parts = urlsplit(base_url)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        self._timeout = timeout
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._lock = asyncio.Lock()

    async def request(
        self, method: str, path: str, *, json_body: object = None, headers: dict[str, str] | None = None
    ) -> RawResponse:
        body = b"" if json_body is None else json.dumps(json_body, separators=(",", ":")).encode()
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self._host}:{self._port}"]
        lines.append(f"Content-Length: {len(body)}")
        if json_body is not None:
            lines.append("Content-Type: application/json")
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        payload = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        async with self._lock:
            for retry in (True, False):
                if self._writer is None:
                    self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
                try:
                    return await asyncio.wait_for(self._exchange(payload), self._timeout)
                except (ConnectionError, asyncio.IncompleteReadError):
                    await self.close()
                    if not retry:
                        raise
        raise AssertionError("unreachable")

    async def _exchange(self, payload: bytes) -> RawResponse:
        assert self._reader is not None and self._writer is not None
        self._writer.write(payload)
        head = await self._reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        length, close = 0, False
        for line in header_lines:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        content = await self._reader.readexactly(length) if length else b""
        if close:
            await self.close()
        return RawResponse(status, content)

    async def close(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            try:
                await writer.wait_closed()
            except (ConnectionError, OSError):
                pass
