"""A tiny SMTP server on 127.0.0.1 for the crash test (no authentication,
no TLS). Each message is recorded (its Message-ID, envelope recipients and
the current tag) when its DATA ends, before the 250 reply: a client killed
after sending the final dot may resend it, and that shows as a duplicate."""

import re
import socketserver
import threading

MESSAGE_ID = re.compile(rb"^message-id:\s*(<[^>\r\n]*>)", re.IGNORECASE | re.MULTILINE)


class Inbox:
    """What the server accepted, grouped by the tag set when it arrived."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tag = None
        self.messages = []  # (tag, message_id, recipients)

    def record(self, message_id, rcpts):
        with self.lock:
            self.messages.append((self.tag, message_id, tuple(rcpts)))

    def of(self, tag):
        with self.lock:
            return [(m, r) for (t, m, r) in self.messages if t == tag]


class Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        try:
            self.converse(self.server.inbox)
        except (ConnectionError, TimeoutError):
            pass  # the client was killed: whatever had not ended its DATA is not accepted

    def converse(self, inbox):
        self.reply("220 crash-test.localhost ESMTP")
        sender, rcpts = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.strip().split(b" ", 1)[0].upper()
            if cmd in (b"EHLO", b"HELO"):
                self.wfile.write(b"250-crash-test.localhost\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                self.wfile.flush()
            elif cmd == b"MAIL":
                sender, rcpts = line, []
                self.reply("250 OK")
            elif cmd == b"RCPT":
                m = re.search(rb"<([^>]*)>", line)
                rcpts.append(m.group(1).decode(errors="replace") if m else "?")
                self.reply("250 OK")
            elif cmd == b"DATA":
                if sender is None or not rcpts:
                    self.reply("503 need MAIL and RCPT first")
                    continue
                self.reply("354 end with <CRLF>.<CRLF>")
                body = self.read_data()
                if body is None:
                    return  # the connection dropped inside DATA: nothing accepted
                m = MESSAGE_ID.search(body)
                inbox.record(m.group(1).decode() if m else "(none)", rcpts)
                self.reply("250 OK queued")
                sender, rcpts = None, []
            elif cmd == b"RSET":
                sender, rcpts = None, []
                self.reply("250 OK")
            elif cmd == b"NOOP":
                self.reply("250 OK")
            elif cmd == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 command not implemented")

    def read_data(self):
        lines = []
        while True:
            line = self.rfile.readline()
            if not line:
                return None
            if line in (b".\r\n", b".\n"):
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def start():
    """Start on a free port; returns (server, inbox, port)."""
    server = Server(("127.0.0.1", 0), Handler)
    server.inbox = Inbox()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.inbox, server.server_address[1]
