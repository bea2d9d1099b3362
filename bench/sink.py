"""An SMTP sink in its own process: aiosmtpd keeping every message, driven over a pipe.

The sink stands for the mail server, so it runs beside the measured sender as a real server
would, not inside it: in the same process its work would compete with the sender for the
interpreter lock and make every database round trip of the job wait for it. This module imports
no Django, so the spawned process starts in a fraction of a second.
"""

import logging
import multiprocessing
import socket
import threading
import time
from collections import Counter

START_TIMEOUT = 30


class Handler:
    """An aiosmtpd handler that keeps every message and counts envelope recipients."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.per_recipient: Counter = Counter()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        with self.lock:
            self.messages.append(
                (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
            )
            self.per_recipient.update(address.lower() for address in envelope.rcpt_tos)
        return "250 OK"

    def take(self) -> tuple[list, dict]:
        """Return the messages and recipient counts received so far, and start afresh."""
        with self.lock:
            taken = (self.messages, dict(self.per_recipient))
            self.messages, self.per_recipient = [], Counter()
        return taken


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(pipe) -> None:
    """Run the sink until told to stop; answer "take" with what it received."""
    from aiosmtpd.controller import Controller

    # aiosmtpd logs every SMTP line at INFO; that would slow the sink down.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    pipe.send(controller.port)
    try:
        while (command := pipe.recv()) != "stop":
            if command == "take":
                pipe.send(handler.take())
    finally:
        controller.stop()


class SinkProcess:
    """Start the sink in a child process; `port`, `take()` and `stop()` from the parent."""

    def __init__(self):
        context = multiprocessing.get_context("spawn")
        self.pipe, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self.pipe.poll(0.1):
            if not self.process.is_alive() or time.monotonic() > deadline:
                self.process.kill()
                raise RuntimeError(
                    f"the SMTP sink process did not start (exit code {self.process.exitcode})"
                )
        self.port: int = self.pipe.recv()

    def take(self) -> tuple[list[tuple[str, list[str], bytes]], dict[str, int]]:
        self.pipe.send("take")
        return self.pipe.recv()

    def stop(self) -> None:
        if self.process.is_alive():
            self.pipe.send("stop")
            self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
