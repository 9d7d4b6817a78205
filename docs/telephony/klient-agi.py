#!/usr/bin/env python3
"""Asterisk/FreePBX AGI script for Klient: screen pop while a call rings, the call record when it ends.

Dialplan (see docs/telephony.md):
  same => n,AGI(klient-agi.py,ringing,${CALLERID(num)},${AGENT_EMAIL})
  exten => h,1,AGI(klient-agi.py,hangup,${UNIQUEID},${CALLERID(num)},${EXTEN},${DIALSTATUS},${CDR(billsec)},${AGENT_EMAIL})

Settings come from the environment (or /etc/klient-agi.conf, KEY=value lines):
  KLIENT_URL    the Klient server, e.g. https://crm.example.com
  KLIENT_TOKEN  an API token of a Klient administrator (Permission CHANNELS)
  KLIENT_TIMEOUT seconds to wait for Klient (default 3): a slow CRM must never hold a call

The script never fails the call: whatever happens, it answers Asterisk and exits 0, and tells what went wrong
through the AGI VERBOSE command (and on standard error).
"""
import datetime
import json
import os
import sys
import urllib.error
import urllib.request

OUTCOMES = {
    "ANSWER": "ANSWERED", "NOANSWER": "MISSED", "CANCEL": "MISSED", "BUSY": "BUSY",
    "CONGESTION": "FAILED", "CHANUNAVAIL": "FAILED", "DONTCALL": "FAILED", "TORTURE": "FAILED",
    "VOICEMAIL": "VOICEMAIL",
}


def read_agi_environment(stream):
    """Asterisk sends agi_* variables, one per line, ended by an empty line."""
    env = {}
    for line in stream:
        line = line.rstrip("\n")
        if not line:
            break
        key, _, value = line.partition(":")
        env[key.strip()] = value.strip()
    return env


def settings():
    conf = {}
    try:
        with open(os.environ.get("KLIENT_AGI_CONF", "/etc/klient-agi.conf"), encoding="utf-8") as f:
            for line in f:
                if "=" in line and not line.lstrip().startswith("#"):
                    key, _, value = line.partition("=")
                    conf[key.strip()] = value.strip()
    except OSError:
        pass
    conf.update({k: v for k, v in os.environ.items() if k.startswith("KLIENT_")})
    return conf


def verbose(message):
    """Logs through Asterisk (and waits for its answer, as AGI requires)."""
    sys.stdout.write('VERBOSE "%s" 1\n' % message.replace('"', "'"))
    sys.stdout.flush()
    sys.stdin.readline()
    sys.stderr.write(message + "\n")


def post(conf, path, body):
    request = urllib.request.Request(conf["KLIENT_URL"].rstrip("/") + path, method="POST",
                                     data=json.dumps(body).encode("utf-8"),
                                     headers={"Content-Type": "application/json",
                                              "Authorization": "Bearer " + conf["KLIENT_TOKEN"]})
    with urllib.request.urlopen(request, timeout=float(conf.get("KLIENT_TIMEOUT", "3"))) as response:
        return response.status, json.loads(response.read() or b"{}")


def main():
    env = read_agi_environment(sys.stdin)
    args = [env.get("agi_arg_%d" % i, "") for i in range(1, 8)]
    conf = settings()
    if not conf.get("KLIENT_URL") or not conf.get("KLIENT_TOKEN"):
        verbose("klient-agi: KLIENT_URL and KLIENT_TOKEN are not set")
        return
    mode = args[0]
    try:
        if mode == "ringing":
            caller = args[1] or env.get("agi_callerid", "")
            status, answer = post(conf, "/api/v1/calls/ringing", {"from": caller, "agent": args[2]})
            verbose("klient-agi: screen pop %s -> %s (%s)" % (caller, args[2], status))
        elif mode == "hangup":
            call_id, caller, exten, dial_status, billsec, agent = args[1:7]
            seconds = int(billsec) if billsec.isdigit() else 0
            started = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=seconds)
            body = {
                "callId": call_id or env.get("agi_uniqueid", ""),
                "from": caller or env.get("agi_callerid", ""),
                "to": exten or env.get("agi_extension", ""),
                "direction": "INBOUND",
                "agent": agent or None,
                "startedAt": started.replace(microsecond=0).isoformat(),
                "durationSeconds": seconds,
                "outcome": OUTCOMES.get(dial_status.upper(), "MISSED"),
            }
            status, answer = post(conf, "/api/v1/calls", body)
            verbose("klient-agi: call %s stored as %s (%s)" % (body["callId"], answer.get("id"), status))
        else:
            verbose("klient-agi: unknown mode %r (ringing or hangup)" % mode)
    except urllib.error.HTTPError as e:
        verbose("klient-agi: Klient answered %s: %s" % (e.code, e.read()[:300].decode("utf-8", "replace")))
    except (OSError, ValueError) as e:
        verbose("klient-agi: Klient could not be reached: %s" % e)


if __name__ == "__main__":
    main()
    sys.exit(0)
