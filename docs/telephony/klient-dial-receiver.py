#!/usr/bin/env python3
"""Klient's click-to-call webhook turned into an Asterisk originate (AMI), for Asterisk/FreePBX.

Klient posts {"type": "call.requested", "data": {"number": "+48601234567", "agent": {"email": ...}}} signed as
Standard Webhooks specify. This receiver checks the signature (and that the message is fresh), finds the agent's
extension, and asks Asterisk's manager interface to ring that extension and, once picked up, dial the number:

  Action: Originate / Channel: PJSIP/<extension> / Context: <context> / Exten: <number> / Priority: 1

Settings (environment):
  KLIENT_SECRET    the whsec_... secret shown on Klient's Phone and messaging page
  AGENTS_FILE      JSON {"agent@example.com": "201", ...}
  AMI_HOST, AMI_PORT (5038), AMI_USER, AMI_SECRET, DIAL_CONTEXT (from-internal), CHANNEL_TECH (PJSIP)
  LISTEN_PORT      (8088 is Asterisk's own HTTP port: pick another, e.g. 8099); put TLS in front of it

An example: tested only against Klient's own webhook sender, not against a real Asterisk.
"""
import base64
import hashlib
import hmac
import json
import os
import socket
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE = 300  # seconds a signed message stays valid


def verify(secret, headers, body):
    msg_id, stamp, signatures = (headers.get("webhook-id"), headers.get("webhook-timestamp"),
                                 headers.get("webhook-signature", ""))
    if not msg_id or not stamp or not stamp.isdigit() or abs(time.time() - int(stamp)) > TOLERANCE:
        return False
    key = base64.b64decode(secret[len("whsec_"):])
    expected = base64.b64encode(hmac.new(key, ("%s.%s." % (msg_id, stamp)).encode() + body,
                                         hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest("v1," + expected, s) for s in signatures.split(" "))


def originate(extension, number, msg_id):
    with socket.create_connection((os.environ.get("AMI_HOST", "127.0.0.1"),
                                   int(os.environ.get("AMI_PORT", "5038"))), timeout=5) as ami:
        f = ami.makefile("rw", newline="")  # AMI lines end in \r\n, written and read as they are
        f.readline()  # the banner
        def action(**fields):
            f.write("".join("%s: %s\r\n" % (k, v) for k, v in fields.items()) + "\r\n")
            f.flush()
            answer = []
            while True:
                line = f.readline()
                if line in ("\r\n", "\n", ""):
                    return answer
                answer.append(line.strip())
        login = action(Action="Login", Username=os.environ["AMI_USER"], Secret=os.environ["AMI_SECRET"])
        if "Response: Success" not in login:
            raise RuntimeError("AMI login refused")
        answer = action(Action="Originate", ActionID=msg_id,
                        Channel="%s/%s" % (os.environ.get("CHANNEL_TECH", "PJSIP"), extension),
                        Context=os.environ.get("DIAL_CONTEXT", "from-internal"), Exten=number, Priority="1",
                        CallerID="Klient <%s>" % number, Async="true")
        action(Action="Logoff")
        return answer


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(min(int(self.headers.get("Content-Length", "0")), 65536))
        headers = {k.lower(): v for k, v in self.headers.items()}
        if not verify(os.environ["KLIENT_SECRET"], headers, body):
            return self.answer(401)
        message = json.loads(body)
        if message.get("type") != "call.requested":
            return self.answer(204)  # a test message from Klient, or something this receiver does not do
        with open(os.environ["AGENTS_FILE"], encoding="utf-8") as f:
            extension = json.load(f).get(message["data"]["agent"]["email"].lower())
        if not extension:
            return self.answer(422)  # Klient shows the delivery failed; nobody is rung
        try:
            originate(extension, message["data"]["number"].replace("+", "00"), headers["webhook-id"])
        except (OSError, RuntimeError):
            return self.answer(503)  # Klient retries
        return self.answer(202)

    def answer(self, status):
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("LISTEN_PORT", "8099"))), Receiver).serve_forever()
