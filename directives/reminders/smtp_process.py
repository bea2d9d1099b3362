"""One SMTP session in a process of its own: send the messages handed over, in order, say what became of each.

Run by directives.reminders.session as ``python -I -S <this file>``; it imports the standard
library only (no Django, not even the site packages), so it starts in a few tens of milliseconds.
The session holds no database connection and reads no settings: what it needs comes down the pipe.

The conversation on stdin and stdout is a sequence of frames: a 4-byte big-endian length, then a
pickle.

- Parent to child: first the session's settings (a dict: host, port, use_ssl, use_tls, username,
  password, timeout, local_hostname, ssl_certfile, ssl_keyfile), then one (sender, recipients,
  message bytes) per message. The end of stdin ends the session (QUIT).
- Child to parent: first None once connected (or the exception that stopped it connecting), then,
  per message in the order given, None when the server took it or the exception it raised. After
  an exception that leaves the session unusable (a disconnection, a timeout, a 4xx reply) it stops
  reading and exits: the parent treats the messages it handed over afterwards as never tried.
"""

import pickle
import smtplib
import ssl
import struct
import sys

HEADER = struct.Struct(">I")


def read_frame(stream):
    """Return the next object on `stream`, or raise EOFError at its end."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    (size,) = HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # noqa: S301 (the peer is our own parent process)


def write_frame(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def _portable(exc: BaseException) -> BaseException:
    """Return `exc` if it survives pickling (smtplib's and OSError's do), else an OSError saying what it was."""
    try:
        pickle.loads(pickle.dumps(exc))  # noqa: S301 (our own object)
        return exc
    except Exception:
        return OSError(f"{type(exc).__name__}: {exc}")


def unusable(exc: BaseException) -> bool:
    """Say whether the session cannot go on after `exc`: anything but a refusal of this one message."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused | ValueError):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    return True


def connect(options: dict) -> smtplib.SMTP:
    """Open the session as Django's SMTP backend does: SSL or STARTTLS, then login when a user is given."""
    context = None
    if options.get("use_ssl") or options.get("use_tls"):
        context = ssl.create_default_context()
        if options.get("ssl_certfile"):
            context.load_cert_chain(options["ssl_certfile"], options.get("ssl_keyfile"))
    kwargs = {"local_hostname": options.get("local_hostname")}
    if options.get("timeout") is not None:
        kwargs["timeout"] = options["timeout"]
    if options.get("use_ssl"):
        smtp = smtplib.SMTP_SSL(options["host"], options["port"], context=context, **kwargs)
    else:
        smtp = smtplib.SMTP(options["host"], options["port"], **kwargs)
        if options.get("use_tls"):
            smtp.starttls(context=context)
    if options.get("username") and options.get("password"):
        smtp.login(options["username"], options["password"])
    return smtp


def serve(stdin, stdout) -> None:
    options = read_frame(stdin)
    try:
        smtp = connect(options)
    except Exception as exc:
        write_frame(stdout, _portable(exc))
        return
    write_frame(stdout, None)
    try:
        while True:
            try:
                sender, recipients, message = read_frame(stdin)
            except EOFError:
                break
            try:
                smtp.sendmail(sender, recipients, message)
            except Exception as exc:
                write_frame(stdout, _portable(exc))
                if unusable(exc):
                    return
            else:
                write_frame(stdout, None)
    finally:
        try:
            smtp.quit()
        except Exception:  # noqa: S110 (the session is over either way)
            pass


if __name__ == "__main__":
    try:
        serve(sys.stdin.buffer, sys.stdout.buffer)
    except (BrokenPipeError, EOFError, KeyboardInterrupt):  # the parent went away
        sys.exit(0)
