"""The server's transport: a response's writes within one turn of the event loop leave in one
send, in order, and nothing written is lost on close or end-of-stream."""

from __future__ import annotations

import asyncio
import socket

from innograph.api.server import OneSendPerTurn


async def _pair() -> tuple[OneSendPerTurn, socket.socket]:
    loop = asyncio.get_running_loop()
    ours, theirs = socket.socketpair()
    transport, _ = await loop.create_connection(asyncio.Protocol, sock=ours)
    theirs.settimeout(5)
    return OneSendPerTurn(transport, loop), theirs  # type: ignore[arg-type]


def _available(sock: socket.socket) -> bytes:
    sock.setblocking(False)
    try:
        return sock.recv(65536)
    except BlockingIOError:
        return b""
    finally:
        sock.settimeout(5)


def test_writes_of_one_turn_leave_together_at_the_next() -> None:
    async def scenario() -> None:
        wrapped, peer = await _pair()
        wrapped.write(b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\n")
        wrapped.write(bytearray(b"bo"))
        wrapped.writelines([memoryview(b"dy"), b""])
        assert wrapped.get_write_buffer_size() == 42  # what waits is counted
        assert _available(peer) == b""  # nothing has left within the turn
        await asyncio.sleep(0)
        await asyncio.sleep(0.05)
        assert peer.recv(65536) == b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nbody"
        assert wrapped.get_write_buffer_size() == 0
        wrapped.write(b"second")
        await asyncio.sleep(0.05)
        assert peer.recv(65536) == b"second"  # and the next turn's writes in their turn
        wrapped.close()
        peer.close()

    asyncio.run(scenario())


def test_close_and_end_of_stream_send_what_waits_first() -> None:
    async def scenario() -> None:
        wrapped, peer = await _pair()
        wrapped.write(b"last words")
        wrapped.write_eof()
        await asyncio.sleep(0.05)
        assert peer.recv(65536) == b"last words" and peer.recv(65536) == b""  # then EOF
        wrapped.close()
        other, peer2 = await _pair()
        other.write(b"before close")
        other.close()
        await asyncio.sleep(0.05)
        assert peer2.recv(65536) == b"before close" and peer2.recv(65536) == b""
        assert other.is_closing()  # the wrapped transport answers what it does not redefine
        aborted, peer3 = await _pair()
        aborted.write(b"never sent")
        aborted.abort()
        await asyncio.sleep(0.05)
        assert peer3.recv(65536) == b""
        for sock in (peer, peer2, peer3):
            sock.close()

    asyncio.run(scenario())


def test_a_served_app_freezes_its_start_up_objects_and_others_do_not(store) -> None:
    import gc

    from fastapi.testclient import TestClient

    from innograph.api.app import create_app
    from innograph.api.config import Settings

    settings = Settings.from_env(store=str(store.root), warm_analytics=False)
    gc.unfreeze()
    try:
        with TestClient(create_app(settings)) as client:
            assert client.get("/healthz").status_code == 200
            assert gc.get_freeze_count() == 0  # a test's or a notebook's app: left alone
        with TestClient(create_app(settings, freeze=True)) as client:
            assert client.get("/healthz").status_code == 200
            assert gc.get_freeze_count() > 10_000  # innograph serve's: start-up kept out
    finally:
        gc.unfreeze()


def test_the_in_memory_copy_limit_is_a_setting_that_zero_turns_off() -> None:
    import pytest

    from innograph.api.config import Settings
    from innograph.graph.errors import SettingsError

    assert Settings().memory_quads == 250_000
    assert Settings.from_env({"INNOGRAPH_MEMORY_QUADS": "0"}).memory_quads == 0
    assert Settings.from_env({"INNOGRAPH_MEMORY_QUADS": "1000"}).memory_quads == 1000
    for bad in ("-1", "many"):
        with pytest.raises(SettingsError, match="INNOGRAPH_MEMORY_QUADS"):
            Settings.from_env({"INNOGRAPH_MEMORY_QUADS": bad})


def test_large_writes_leave_at_once_in_order_and_nothing_after_the_end() -> None:
    async def scenario() -> None:
        wrapped, peer = await _pair()
        big = b"x" * OneSendPerTurn.DIRECT
        wrapped.write(b"head ")
        wrapped.write(big)  # what waits goes first, then the large write, without a turn
        received = b""
        while len(received) < len(big) + 5:
            received += peer.recv(1 << 20)
        assert received == b"head " + big
        wrapped.write(b"last")
        wrapped.write_eof()
        wrapped.write(b"after the end")  # as a pipelined refusal may do: dropped, not raised
        wrapped.close()
        assert wrapped.is_closing()
        await asyncio.sleep(0.05)
        assert peer.recv(65536) == b"last" and peer.recv(65536) == b""
        peer.close()

    asyncio.run(scenario())
