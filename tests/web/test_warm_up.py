"""The web trainer's routes on loopback read the library as they start, before any trainee asks for a page."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer

from scenarios.store.trainee import served_trainee
from scenarios.web.server import WebRoutes

PATIENCE = 60.0


def test_the_library_is_read_at_start_and_kept_out_of_full_collections(tmp_path: Path, story_file: Path) -> None:
    aino = served_trainee("Aino")
    routes = WebRoutes(
        tmp_path / "web.sqlite3",
        sign=lambda *parts: "signed",
        trainee_of=lambda request: aino,
        secure=lambda request: False,
        language="en",
        paths=[story_file],
    )
    app = web.Application()
    app.add_routes(routes.routes())
    app.on_startup.append(routes.start)
    app.on_cleanup.append(routes.stop)

    async def visit() -> tuple[bool, str]:
        async with TestServer(app) as server:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + PATIENCE
            while gc.get_freeze_count() == 0:  # nobody has asked for anything yet
                assert loop.time() < deadline, "the library was never read"
                await asyncio.sleep(0.02)
            read = routes.trainer is not None and routes.trainer.library.get("mini") is not None
            async with ClientSession() as client, client.get(server.make_url("/")) as response:
                return read, await response.text()

    gc.unfreeze()
    try:
        read, library = asyncio.run(visit())
    finally:
        gc.unfreeze()
    assert read
    assert "A small story" in library
