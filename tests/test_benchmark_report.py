"""The benchmark tells the whole truth: a key press that changes nothing is reported as
silent and left out of the medians, and the posts a client was really served are counted
from the HTTP that went through the forwarder.

Pure pieces are fed recorded byte streams; the forwarder and the pty are driven for real
(a small HTTP server and a small program), with no timing asserted.
"""

from __future__ import annotations

import gzip
import http.client
import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyte
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.clients import tootui_client  # noqa: E402
from benchmarks.proxy import (  # noqa: E402
    HOME,
    Conversation,
    Exchange,
    Forwarder,
    ServedLog,
    is_timeline,
    status_ids,
)
from benchmarks.run import (  # noqa: E402
    _against_best_peer,
    describe_silent,
    parse_args,
    pinned,
    posts_cells,
    press_series,
    series_figures,
    silent_presses,
    table,
    tally_silent,
    targets,
)
from benchmarks.terminal import (  # noqa: E402
    ANSWER_WITHIN,
    Press,
    PtyProgram,
    answer_of,
    screen_state,
)

# --- silent presses -----------------------------------------------------------------


def test_no_byte_within_the_window_is_silent_not_zero_ms() -> None:
    assert answer_of(10.0, [], window=2.0, quiet=0.03) == (None, 0, False)
    # bytes that came only after the window are not this key's answer
    assert answer_of(10.0, [(12.5, 900, True)], window=2.0, quiet=0.03) == (None, 0, False)
    # bytes read before the key was written are not its answer either
    assert answer_of(10.0, [(9.9, 500, True)], window=2.0, quiet=0.03) == (None, 0, False)


def test_bytes_that_change_nothing_within_the_window_are_a_silent_press() -> None:
    arrivals = [(10.1, 40, False), (11.0, 40, False), (12.5, 3000, True)]
    assert answer_of(10.0, arrivals, window=2.0, quiet=0.03) == (None, 80, False)


def test_the_answer_runs_until_the_screen_changed_and_then_settled() -> None:
    arrivals = [
        (9.0, 7, False),  # before the key
        (10.4, 100, False),  # a first burst that changed nothing (the same frame again)
        (10.42, 50, False),
        (10.6, 300, True),  # the change, 180 ms later: still this key's answer
        (10.62, 20, True),
        (10.9, 999, True),  # after 30 ms of quiet: not part of it
    ]
    seconds, written, changed = answer_of(10.0, arrivals, window=2.0, quiet=0.03)
    assert (written, changed) == (470, True)
    assert seconds == pytest.approx(0.62)


def test_a_late_answer_within_the_window_is_counted_with_its_real_time() -> None:
    # a client busy loading posts answered a key after 17.5 s: that is its latency
    assert answer_of(10.0, [(27.5, 500, True)], window=20.0, quiet=0.03) == (17.5, 500, True)


class Ignoring:
    """Stands in for a program: answers the presses whose number is in ``answers``."""

    def __init__(self, answers: set[int]) -> None:
        self.answers = answers
        self.windows: list[float] = []

    def press(self, key: bytes, *, quiet: float, window: float) -> Press:
        self.windows.append(window)
        if len(self.windows) in self.answers:
            return Press(key, 0.005, 2000, True)
        return Press(key, None, 0, False)


def test_after_a_silent_press_the_next_ones_wait_less() -> None:
    program = Ignoring(answers={1, 5})
    presses = press_series(program, b"j", 6)  # type: ignore[arg-type]
    assert [p.silent for p in presses] == [False, True, True, True, False, True]
    assert program.windows == [ANSWER_WITHIN, ANSWER_WITHIN, 2.0, 2.0, 2.0, ANSWER_WITHIN]


def frame(text: str, colour: str = "255;255;255") -> bytes:
    """A full-screen frame as a Textual app writes it: cursor hidden, 24-bit colour."""
    return f"\x1b[?25l\x1b[1;1H\x1b[38;2;{colour}m{text}\x1b[0m".encode()


def screen_after(*streams: bytes) -> pyte.Screen:
    screen = pyte.Screen(40, 5)
    stream = pyte.ByteStream(screen)
    for data in streams:
        stream.feed(data)
    return screen


def test_bytes_that_change_no_cell_leave_the_screen_state_as_it_was() -> None:
    before = screen_state(screen_after(frame("> first post")))
    # the same frame written again, and a move of the hidden cursor: nothing to see
    assert screen_state(screen_after(frame("> first post"), frame("> first post"))) == before
    assert screen_state(screen_after(frame("> first post"), b"\x1b[3;7H")) == before
    # a different colour on the same text (the selection tint moving) is a change
    assert screen_state(screen_after(frame("> first post"), frame("> first post", "1;2;3"))) != (
        before
    )
    assert screen_state(screen_after(frame("> first post"), frame("  first post"))) != before


def press(seconds: float | None, written: int, changed: bool = True) -> Press:
    return Press(b"j", seconds, written, changed)


def test_silent_presses_are_left_out_of_the_medians() -> None:
    presses = [press(0.004, 2000), press(None, 0, False), press(0.006, 3000)]
    presses += [press(0.001, 40, False)]  # wrote, but changed no cell
    figures = series_figures(presses)
    # counted as 0 ms and 0 B, the two silent ones would have pulled both medians down
    assert figures["p50_ms"] == pytest.approx(5.0)
    assert figures["bytes"] == 2500
    assert silent_presses(presses) == {
        "key": "j",
        "pressed": 4,
        "silent": [2, 4],
        "wrote_nothing": [2],
    }


def test_a_key_that_is_always_ignored_has_no_figure() -> None:
    assert series_figures([press(None, 0, False)] * 5) == {}


def test_silent_presses_add_up_over_runs_and_say_which_run() -> None:
    totals: dict[str, dict[str, Any]] = {}
    first = {"j_40": silent_presses([press(0.004, 2000)] * 3)}
    second = {"j_40": silent_presses([press(0.004, 2000), press(None, 0, False)] * 2)}
    assert tally_silent(totals, 1, first) == []
    assert tally_silent(totals, 2, second) == [
        "2 of 4 j presses with the first page loaded were silent "
        "(wrote nothing; run 2: press 2, 4), left out of the medians"
    ]
    assert totals == {
        "j_40": {
            "key": "j",
            "pressed": 7,
            "silent": 2,
            "wrote_nothing": 2,
            "runs": {"2": [2, 4]},
        }
    }


def results_with(tooi_silent: int, tooi_posts: float) -> dict[str, Any]:
    """Two clients' summarised figures as ``bench_client`` leaves them."""

    def metric(value: float | None) -> dict[str, Any]:
        if value is None:
            return {"median": None, "note": "all 25 silent"}
        return {"median": value, "min": value, "max": value}

    def series(silent: int) -> dict[str, Any]:
        return {"key": "j", "pressed": 25, "silent": silent, "wrote_nothing": silent}

    tootui = {
        "metrics": {
            "j_40_p50_ms": metric(3.0),
            "j_40_bytes": metric(2700),
            "posts_j_40": metric(40),
            "rss_2000_mb": metric(72.0),
            "loaded_2000": metric(1998),
        },
        "silent_presses": {"j_40": series(0)},
        "errors": [],
    }
    tooi = {
        "metrics": {
            "j_40_p50_ms": metric(16.0),
            "j_40_bytes": metric(7700),
            "posts_j_40": metric(40),
            "rss_2000_mb": metric(300.0),
            "loaded_2000": metric(tooi_posts),
        },
        "silent_presses": {
            "j_40": series(tooi_silent) | ({"runs": {"1": [23, 24, 25]}} if tooi_silent else {})
        },
        "errors": [],
    }
    return {"clients": {"tootui": tootui, "tooi": tooi}}


def test_the_table_says_which_client_had_silent_presses_and_which_keys() -> None:
    text = table(results_with(tooi_silent=3, tooi_posts=1998))
    row = next(line for line in text.splitlines() if line.startswith("j settle p50, first"))
    cells = [cell.strip() for cell in row.split("|")]
    assert cells[1] == "3.0"  # tootui: no note
    assert cells[3] == "16.0 (3/25 silent)"
    assert (
        "tooi: 3 of 25 j presses with the first page loaded were silent "
        "(wrote nothing; run 1: press 23, 24, 25), left out of the medians." in text
    )
    assert "tootui: 0 of" not in text
    verdicts = dict(targets(results_with(tooi_silent=3, tooi_posts=1998)))
    assert "tooi (3/25 silent)" in verdicts["bytes per j <= 0.5x best peer (40 posts)"]


def test_a_peer_that_loaded_fewer_posts_says_so_next_to_its_figure() -> None:
    results = results_with(tooi_silent=0, tooi_posts=1240)
    assert posts_cells(results, ["tootui", "tooi"], "loaded_2000") == ["1,998", "1,240 fewer"]
    row = next(line for line in table(results).splitlines() if line.startswith("peak RSS, ~2"))
    assert [cell.strip() for cell in row.split("|")][1:5] == [
        "72.0",
        "1,998",
        "300.0",
        "1,240 fewer",
    ]
    # figures with the same posts have no mark, and figures not about posts no count
    assert posts_cells(results, ["tootui", "tooi"], "posts_j_40") == ["40", "40"]
    assert posts_cells(results, ["tootui", "tooi"], None) == ["", ""]


def test_the_silent_sentence_tells_nothing_written_from_nothing_changed() -> None:
    total = {"key": "Down", "pressed": 50, "silent": 5, "wrote_nothing": 2, "runs": {"2": [1]}}
    assert describe_silent("j_2000", total) == (
        "5 of 50 Down presses with ~2,000 posts loaded were silent (2 wrote nothing, "
        "3 wrote but changed no cell; run 2: press 1), left out of the medians"
    )


# --- the posts a client was served --------------------------------------------------


def statuses(*ids: int) -> bytes:
    return json.dumps([{"id": str(i), "content": "<p>hi</p>"} for i in ids]).encode()


def chunked(body: bytes, size: int = 7) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x;ext=1\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\nX-T: 1\r\n\r\n"


def response(body: bytes, *headers: str, status: str = "200 OK") -> bytes:
    head = "\r\n".join([f"HTTP/1.1 {status}", *headers])
    return head.encode() + b"\r\n\r\n" + body


REQUESTS = (
    b"GET /api/v1/timelines/home?limit=40 HTTP/1.1\r\nHost: x\r\n\r\n"
    b"POST /api/v1/statuses HTTP/1.1\r\nContent-Length: 11\r\n\r\nstatus=hey!"
    b"HEAD /api/v1/timelines/home HTTP/1.1\r\n\r\n"
    b"GET /api/v1/timelines/home?max_id=9&limit=40 HTTP/1.1\r\nExpect: 100-continue\r\n\r\n"
    b"GET /api/v1/timelines/public HTTP/1.1\r\n\r\n"
)
RESPONSES = (
    response(statuses(12, 11, 10), "Content-Length: " + str(len(statuses(12, 11, 10))))
    + response(b'{"id": "99"}', "Content-Length: 12")
    + response(b"", "Content-Length: 999")  # HEAD: the length of a body never sent
    + response(b"", status="100 Continue")
    + response(
        chunked(gzip.compress(statuses(10, 9, 8))),
        "Transfer-Encoding: chunked",
        "Content-Encoding: gzip",
    )
    + response(b'{"error": "nope"}', "Content-Length: 17", status="401 Unauthorized")
)


def split_every(data: bytes, size: int) -> Iterator[bytes]:
    return (data[i : i + size] for i in range(0, len(data), size))


@pytest.mark.parametrize("size", [1, 5, 64, 100_000])
def test_a_keep_alive_connection_is_read_whatever_the_pieces(size: int) -> None:
    conversation = Conversation(wanted=is_timeline)
    requested = [
        r for piece in split_every(REQUESTS, size) for r in conversation.client_sent(piece)
    ]
    assert [method for method, _ in requested] == ["GET", "POST", "HEAD", "GET", "GET"]
    answers = [e for piece in split_every(RESPONSES, size) for e in conversation.server_sent(piece)]
    # the POST is not a timeline; the others are answered in order, bodies whole
    assert [(e.method, e.target, e.status) for e in answers] == [
        ("GET", "/api/v1/timelines/home?limit=40", 200),
        ("HEAD", "/api/v1/timelines/home", 200),
        ("GET", "/api/v1/timelines/home?max_id=9&limit=40", 200),
        ("GET", "/api/v1/timelines/public", 401),
    ]
    assert [status_ids(e) for e in answers] == [["12", "11", "10"], [], ["10", "9", "8"], []]


def test_an_event_stream_is_skipped_and_a_websocket_ends_the_reading() -> None:
    conversation = Conversation(wanted=is_timeline)
    conversation.client_sent(b"GET /api/v1/streaming/user HTTP/1.1\r\n\r\n")
    stream = response(b"", "Transfer-Encoding: chunked") + chunked(b"event: update\n" * 50)[:-5]
    assert conversation.server_sent(stream) == []
    assert not conversation.responses.body  # an endless stream is not kept

    socket = Conversation(wanted=is_timeline)
    socket.client_sent(
        b"GET /api/v1/streaming HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
        b"\x81\x05GET /api/v1/timelines/home HTTP/1.1\r\n\r\n"
    )
    assert socket.server_sent(response(b"", "Upgrade: websocket", status="101 Switching")) == []
    frames = response(statuses(1), "Content-Length: 30")
    assert socket.server_sent(frames) == []
    assert socket.client_sent(b"GET /api/v1/timelines/home HTTP/1.1\r\n\r\n") == []


def test_an_answer_without_a_length_ends_when_the_server_closes() -> None:
    conversation = Conversation(wanted=is_timeline)
    conversation.client_sent(b"GET /api/v1/timelines/home HTTP/1.0\r\n\r\n")
    assert conversation.server_sent(response(statuses(5, 4)[:10])) == []
    assert conversation.server_sent(statuses(5, 4)[10:]) == []
    (exchange,) = conversation.closed()
    assert status_ids(exchange) == ["5", "4"]


def exchange(
    path: str, body: bytes, status: int = 200, headers: dict[str, str] | None = None
) -> Exchange:
    return Exchange("GET", path, status, headers or {}, body)


def test_posts_loaded_are_the_distinct_home_statuses_served() -> None:
    log = ServedLog()
    log.answered(exchange(f"{HOME}?limit=40", statuses(30, 29, 28)))
    log.answered(exchange(f"{HOME}?since_id=28", statuses(31, 30)))  # a refresh: one new
    log.answered(exchange(f"{HOME}?max_id=28", statuses(27, 26)))
    log.answered(exchange("/api/v1/timelines/public", statuses(1, 2, 3, 4)))
    log.answered(exchange(f"{HOME}?max_id=26", statuses(25), status=500))
    log.answered(
        exchange(f"{HOME}?max_id=26", b"\x1f\x8b no", headers={"content-encoding": "gzip"})
    )
    assert log.posts() == 6
    assert log.posts("/api/v1/timelines/public") == 4
    assert len(log.unreadable) == 1 and "max_id=26" in log.unreadable[0]
    log.clear()
    assert log.posts() == 0 and not log.unreadable


class Pages(BaseHTTPRequestHandler):
    """Home pages of 3 statuses from id 30 down, chunked and gzipped like a real server."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        top = 30
        if "max_id=" in self.path:
            top = int(self.path.split("max_id=")[1].split("&")[0]) - 1
        body = gzip.compress(statuses(*range(top, max(top - 3, 0), -1)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.write(chunked(body, 16))

    def log_message(self, *args: object) -> None:
        pass


def test_the_forwarder_counts_what_went_through_it() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    forwarder = Forwarder(("127.0.0.1", server.server_address[1])).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", forwarder.port, timeout=30)
        for target in (f"{HOME}?limit=3", f"{HOME}?max_id=28&limit=3", f"{HOME}?limit=3"):
            connection.request("GET", target)
            answer = connection.getresponse()
            assert answer.status == 200
            answer.read()
        connection.close()
        # the forwarder counts after passing an answer on: wait for it, not for a time
        pause = threading.Event()
        for _ in range(300):
            if forwarder.posts_loaded() == 6:
                break
            pause.wait(0.1)
        assert forwarder.posts_loaded() == 6  # 30-28, then 27-25; the third page repeats
        assert forwarder.log.home_requests == [
            f"{HOME}?limit=3",
            f"{HOME}?max_id=28&limit=3",
            f"{HOME}?limit=3",
        ]
        forwarder.reset()
        assert forwarder.posts_loaded() == 0
    finally:
        forwarder.stop()
        server.shutdown()
        server.server_close()


# --- a real program in a pty --------------------------------------------------------

ANSWERS = r"""
import os, sys, termios, time, tty
tty.setraw(0)
os.write(1, b"\x1b[?25l\x1b[1;1Hready 0")
count = 0
while True:
    key = os.read(0, 1)
    if key == b"q":
        break
    if key == b"j":  # moves: the screen changes
        count += 1
        os.write(1, b"\x1b[1;1Hready %d" % count)
    elif key == b"n":  # writes the same again: nothing changes
        os.write(1, b"\x1b[1;1Hready %d" % count)
    elif key == b"s":  # the same again at once, the change only a moment later
        os.write(1, b"\x1b[1;1Hready %d" % count)
        time.sleep(0.2)
        count += 1
        os.write(1, b"\x1b[1;1Hready %d" % count)
    # anything else: ignored, nothing written
"""


def test_a_program_that_ignores_a_key_is_caught_in_a_real_pty(tmp_path: Path) -> None:
    script = tmp_path / "answers.py"
    script.write_text(ANSWERS)
    with PtyProgram([sys.executable, str(script)], env={}, cols=20, rows=3) as program:
        assert program.wait_for(lambda text: "ready 0" in text, timeout=60) is not None
        moved = program.press(b"j", window=60)
        split = program.press(b"s", window=60)
        # a press that changes nothing costs the whole window
        same = program.press(b"n", window=1.0)
        ignored = program.press(b"x", window=1.0)
        assert program.text().startswith("ready 2")
        program.write(b"q")
    assert not moved.silent and moved.written == len(b"\x1b[1;1Hready 1")
    assert moved.seconds is not None
    # the change that came after a burst of the same frame is still this key's answer
    assert not split.silent and split.written == 2 * len(b"\x1b[1;1Hready 1")
    assert split.seconds is not None
    assert same.silent and same.written > 0 and not same.wrote_nothing and same.seconds is None
    assert ignored.silent and ignored.wrote_nothing and ignored.seconds is None


def test_one_run_covers_every_round_trip_at_every_core_count() -> None:
    args = parse_args(["--peers", "--rtt", "0,300", "--cpus", "2,1", "--runs", "3"])
    assert (args.rtts, args.cpu_counts, args.runs) == ([0.0, 300.0], [2, 1], 3)
    client = tootui_client(None)
    one_core = pinned(client, 1)
    assert one_core.command == ["taskset", "-c", "0-0", *client.command]
    assert one_core.version_args[:3] == ["taskset", "-c", "0-0"]
    assert client.command[0] != "taskset"  # the unpinned client is left as it was
    assert pinned(client, None) is client
    with pytest.raises(SystemExit):  # several core counts are a table of first posts only
        parse_args(["--cpus", "2,1"])


def test_the_first_posts_table_compares_tootui_with_its_fastest_peer() -> None:
    def row(cold: float | None, warm: float | None) -> dict[str, Any]:
        return {
            "first_post_cold_s": {"median": cold, "min": cold, "max": cold},
            "first_post_warm_s": {"median": warm, "min": warm, "max": warm},
        }

    by_client = {"tootui": row(2.0, 0.9), "tooi": row(4.0, 3.6), "mastui": row(6.0, None)}
    assert _against_best_peer(by_client) == "0.50x, 0.25x"
    assert _against_best_peer({"tootui": row(2.0, 0.9)}) == "-, -"
