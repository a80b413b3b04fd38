"""Where a request ends in the bytes received so far (service/framing.py), fed as a slow or
hostile client would send them: in pieces, one byte at a time, chunked, too large."""

from __future__ import annotations

import pytest

from service.framing import MAX_HEAD_BYTES, Framer, Refused

HEAD = b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"


def _feed_bytewise(framer: Framer, data: bytes) -> int | None:
    buf = bytearray()
    for i in range(len(data)):
        buf += data[i : i + 1]
        end = framer.feed(buf)
        if end is not None:
            return end
    return None


def test_a_request_with_a_length_ends_after_its_body() -> None:
    request = HEAD + b"Content-Length: 5\r\n\r\nhello" + b"GET / HTTP/1.1\r\n"
    assert _feed_bytewise(Framer(100), request) == len(request) - len(b"GET / HTTP/1.1\r\n")
    assert Framer(100).feed(HEAD + b"Content-Length: 5\r\n\r\nhel") is None


def test_a_declared_body_over_the_limit_is_refused_before_it_is_sent() -> None:
    with pytest.raises(Refused) as refused:
        Framer(100).feed(HEAD + b"Content-Length: 101\r\n\r\n")
    assert refused.value.status == 413


def test_a_chunked_body_is_framed_byte_by_byte_and_refused_past_the_limit() -> None:
    chunked = HEAD + b"Transfer-Encoding: chunked\r\n\r\n"
    body = b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"
    assert _feed_bytewise(Framer(100), chunked + body) == len(chunked + body)
    over = chunked + b"".join(b"a\r\n" + b"x" * 10 + b"\r\n" for _ in range(11))
    with pytest.raises(Refused) as refused:
        _feed_bytewise(Framer(100), over)
    assert refused.value.status == 413
    trailer = chunked + b"3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n"
    assert Framer(100).feed(trailer) == len(trailer)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        (HEAD + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabcXY", 400),
        (b"GET /" + b"x" * 5000, 414),
        (b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * (MAX_HEAD_BYTES // 6 + 1), 431),
    ],
)
def test_malformed_or_oversized_framing_is_refused(data: bytes, status: int) -> None:
    with pytest.raises(Refused) as refused:
        Framer(100).feed(data)
    assert refused.value.status == status


def test_ambiguous_framing_is_left_to_gunicorns_parser() -> None:
    both = HEAD + b"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
    assert Framer(100).feed(both) == len(both)  # handed over at once: gunicorn answers 400
    bad_length = HEAD + b"Content-Length: abc\r\n\r\n"
    assert Framer(100).feed(bad_length) == len(bad_length)


def test_expect_continue_is_noticed() -> None:
    framer = Framer(100)
    assert framer.feed(HEAD + b"Expect: 100-continue\r\nContent-Length: 4\r\n\r\n") is None
    assert framer.expects_continue and framer.wants_body
