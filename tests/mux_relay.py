"""Mastodon's multiplexed streaming WebSocket, put in front of mastodon-mock.

mastodon-mock's ``/api/v1/streaming`` WebSocket carries the one stream named in its URL
and never reads what the client sends, while real Mastodon also takes
``{"type": "subscribe"|"unsubscribe", "stream": ..., "tag"/"list": ...}`` frames, answers
a bad one with ``{"error": ..., "status": 400}``, and labels each event with its stream
(``["hashtag", "cats"]``). This relay adds exactly that on top of the mock: every stream
a client subscribes to is one upstream connection to the mock, and the events it sends
are the mock's own, passed on with the stream label set. It counts what it sees, so a
test can check that tootui used one connection for several streams.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

KNOWN = {"user", "public", "public:local", "public:remote", "hashtag", "hashtag:local", "list"}


class MultiplexingRelay:
    """Runs on its own thread and event loop; ``base_url`` is where clients connect."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = f"ws://127.0.0.1:{upstream_port}/api/v1/streaming"
        self.connections = 0  # client connections accepted
        self.frames: list[dict[str, Any]] = []  # every frame clients sent
        self.tokens_in_url = 0  # handshakes that carried the token in the URL
        self._upstreams: list[ClientConnection] = []  # every connection made to the mock
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self.port = 0
        self._thread = threading.Thread(target=self._main, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the relay did not start")
        self.base_url = f"http://127.0.0.1:{self.port}"

    def _main(self) -> None:
        self._loop.run_until_complete(self._serve())
        self._loop.run_until_complete(self._finish())
        self._loop.close()

    async def _finish(self) -> None:
        """End what the connections left (pumps, keep-alive pings) before the loop goes."""
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        # A pump cancelled in the middle of its closing handshake leaves its connection
        # to the mock open: cut each one, and let the loop close their sockets.
        for upstream in self._upstreams:
            upstream.transport.abort()
        await asyncio.sleep(0)

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        async with serve(self._handle, "127.0.0.1", 0) as server:
            self.port = next(iter(server.sockets)).getsockname()[1]
            self._ready.set()
            await self._stop.wait()

    def close(self) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(5)

    def subscribed(self) -> list[str]:
        """The streams subscribed to by frame, in order."""
        return [str(f.get("stream")) for f in self.frames if f.get("type") == "subscribe"]

    async def _handle(self, client: ServerConnection) -> None:
        assert client.request is not None
        url = urlsplit(client.request.path)
        query = dict(parse_qsl(url.query))
        token = query.pop("access_token", "")
        if token:
            self.tokens_in_url += 1
        auth = client.request.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            token = token or auth.removeprefix("Bearer ")
        self.connections += 1
        pumps: dict[tuple[str, str], asyncio.Task[None]] = {}

        def key(params: dict[str, str]) -> tuple[str, str]:
            return (params["stream"], params.get("tag") or params.get("list") or "")

        def start(params: dict[str, str]) -> None:
            if key(params) not in pumps:
                pumps[key(params)] = asyncio.create_task(self._pump(client, params, token))

        try:
            if "stream" in query:
                start(query)
            async for raw in client:
                frame = json.loads(raw)
                self.frames.append(frame)
                params = {k: str(v) for k, v in frame.items() if k in ("stream", "tag", "list")}
                if frame.get("type") == "subscribe":
                    if params.get("stream") not in KNOWN:
                        await client.send(
                            json.dumps({"error": "Unknown stream type", "status": 400})
                        )
                        continue
                    start(params)
                elif frame.get("type") == "unsubscribe" and "stream" in params:
                    task = pumps.pop(key(params), None)
                    if task is not None:
                        task.cancel()
        except ConnectionClosed:
            pass
        finally:
            for task in pumps.values():
                task.cancel()

    async def _pump(self, client: ServerConnection, params: dict[str, str], token: str) -> None:
        """One stream: the mock's events, labelled the way Mastodon labels them."""
        label = [params["stream"]]
        if params.get("tag") or params.get("list"):
            label.append(params.get("tag") or params.get("list") or "")
        query = urlencode({**params, "access_token": token})
        with contextlib.suppress(ConnectionClosed, OSError):
            async with connect(f"{self.upstream}?{query}") as upstream:
                self._upstreams.append(upstream)
                async for raw in upstream:
                    event = json.loads(raw)
                    event["stream"] = label
                    await client.send(json.dumps(event))
