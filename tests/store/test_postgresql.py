"""What only a store shared by several servers meets: other servers' writes at the same moment, a server that
cannot be reached, and servers starting together on an empty database (the tests' own PostgreSQL server)."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from scenarios.store import Store, schema_version, served_trainee, transaction
from scenarios.store.problems import describe, store_message, write_locked
from scenarios.store.progress import MIGRATIONS
from tests.postgresql import Server


def test_a_write_waits_for_another_servers_write_and_then_says_the_store_is_busy(postgresql_url: str) -> None:
    holder, waiter = Store(postgresql_url), Store(postgresql_url, timeout=0.3)
    try:
        playthrough = waiter.start("s", "S", "fi", "practice", "{}")
        holder.conn.execute("BEGIN IMMEDIATE")  # another server is in the middle of a save
        assert write_locked(waiter.conn, wait=0.1)
        with pytest.raises(sqlite3.OperationalError) as caught:
            waiter.autosave(playthrough, '{"n": 1}', decisions=1, solution_focused=1, ideal=1)
        assert describe(caught.value, postgresql_url)[0] == "store.busy"
        assert not waiter.conn.in_transaction  # nothing half done is left open on the connection
        holder.conn.execute("COMMIT")
        assert not write_locked(waiter.conn, wait=0.1)
        assert waiter.autosave(playthrough, '{"n": 1}', decisions=1, solution_focused=1, ideal=1)
        record = holder.get(playthrough)
        assert record is not None and record.save == '{"n": 1}'
    finally:
        holder.close()
        waiter.close()


def test_servers_starting_together_on_an_empty_database_make_the_tables_once(postgresql_url: str) -> None:
    opened: list[Store] = []
    failed: list[BaseException] = []
    start = threading.Barrier(4)

    def open_one() -> None:
        start.wait()
        try:
            opened.append(Store(postgresql_url))
        except BaseException as error:
            failed.append(error)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert failed == [] and len(opened) == 4
        assert {schema_version(store.conn, "progress") for store in opened} == {len(MIGRATIONS)}
        first = opened[0].start("s", "S", "fi", "practice", "{}")
        assert opened[3].get(first) is not None
    finally:
        for store in opened:
            store.close()


def test_a_server_that_cannot_be_reached_is_named_in_one_sentence_without_the_password() -> None:
    url = "postgresql://scenarios:very-secret@127.0.0.1:1/scenarios"
    with pytest.raises(sqlite3.Error) as caught:
        Store(url, timeout=1.0)
    message = store_message(caught.value, "en", url)
    assert message.startswith("The shared store postgresql://scenarios@127.0.0.1:1/scenarios cannot be reached (")
    assert "very-secret" not in message
    assert "PostgreSQL server is running" in message
    assert "PostgreSQL-palvelin on käynnissä" in store_message(caught.value, "fi", url)


def test_a_restarted_database_server_is_connected_to_again_and_a_save_it_cut_short_is_said_lost(
    postgresql_server: Server, postgresql_url: str
) -> None:
    store = Store(postgresql_url)
    try:
        playthrough = store.start("s", "S", "fi", "practice", "{}")
        postgresql_server.restart()
        # Dropped while nothing was under way: the next save connects again and is kept, nobody is told.
        assert store.autosave(playthrough, '{"n": 1}', decisions=1, solution_focused=1, ideal=1)
        # Dropped in the middle of a save: the save fails as a save does, nothing of it is kept, the next one works.
        store.conn.execute("BEGIN IMMEDIATE")
        store.conn.execute("UPDATE playthrough SET decisions = 7 WHERE id = ?", (playthrough,))
        postgresql_server.restart()
        with pytest.raises(sqlite3.OperationalError):
            store.conn.execute("COMMIT")
        assert not store.conn.in_transaction
        record = store.get(playthrough)
        assert record is not None and record.decisions == 1
        assert store.autosave(playthrough, '{"n": 2}', decisions=2, solution_focused=2, ideal=2)
    finally:
        store.close()


def test_two_trainees_saves_go_on_together_and_one_trainees_take_turns(postgresql_url: str) -> None:
    aino = Store(postgresql_url, trainee=served_trainee("Aino"))
    bo = Store(postgresql_url, trainee=served_trainee("Bo"), timeout=0.3)
    aino_elsewhere = Store(postgresql_url, trainee=served_trainee("Aino"), timeout=0.3)
    try:
        hers, his = aino.start("s", "S", "fi", "practice", "{}"), bo.start("s", "S", "fi", "practice", "{}")
        with transaction(aino.conn, trainee=aino.trainee.key):  # Aino's save under way on one server
            aino.conn.execute("UPDATE playthrough SET decisions = 1 WHERE id = ?", (hers,))
            # Bo's save on another server does not wait for hers.
            assert bo.autosave(his, '{"n": 1}', decisions=1, solution_focused=1, ideal=1)
            # Another of her own windows waits for it, as does a write of what is everyone's (the settings).
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                aino_elsewhere.autosave(hers, '{"n": 9}', decisions=9, solution_focused=0, ideal=0)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                bo.write_setting("records", {})
        record = aino_elsewhere.get(hers)
        assert record is not None and record.decisions == 1
        assert aino_elsewhere.autosave(hers, '{"n": 2}', decisions=2, solution_focused=1, ideal=1)
    finally:
        for store in (aino, bo, aino_elsewhere):
            store.close()
