"""A counting TCP proxy in front of PostgreSQL: the SQL statements a server sends, counted at the wire.

Counts the frontend protocol messages of every connection through it: simple ``Query`` ('Q') and extended
``Execute`` ('E') are statements run; ``Sync`` ('S') plus ``Query`` are round trips. An ``SSLRequest`` is
answered 'N' by the proxy itself so that the session stays readable. Runs its own event loop in a thread.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter

SSL_REQUEST, GSS_REQUEST = 80877103, 80877104


class CountingProxy:
    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self.port = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> CountingProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def reset(self) -> None:
        with self._lock:
            self.counts.clear()

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return {
                "statements": self.counts["Q"] + self.counts["E"],
                "round_trips": self.counts["Q"] + self.counts["S"],
            }

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection(*self.target)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(self._frontend(client_r, client_w, server_w), self._pipe(server_r, client_w))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _frontend(
        self, reader: asyncio.StreamReader, client_w: asyncio.StreamWriter, server_w: asyncio.StreamWriter
    ) -> None:
        starting = True
        try:
            while True:
                if starting:  # untyped messages: SSLRequest / GSSENCRequest / StartupMessage
                    head = await reader.readexactly(8)
                    length, code = int.from_bytes(head[:4], "big"), int.from_bytes(head[4:], "big")
                    body = await reader.readexactly(length - 8)
                    if code in (SSL_REQUEST, GSS_REQUEST):
                        client_w.write(b"N")
                        await client_w.drain()
                        continue
                    starting = False
                    server_w.write(head + body)
                else:
                    head = await reader.readexactly(5)
                    body = await reader.readexactly(int.from_bytes(head[1:], "big") - 4)
                    with self._lock:
                        self.counts[chr(head[0])] += 1
                    server_w.write(head + body)
                await server_w.drain()
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            server_w.close()
