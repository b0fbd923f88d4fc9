#!/usr/bin/env python3
"""Twenty people working the worklist at once, on loopback: each signs in (all of them before the clock
starts), then repeatedly opens the
list, a card, and records a call on it with the version they saw. Prints latency per page (p50, p99)
and counts every write: sent, saved (303), handed back as a conflict (409), other; then how many
outcomes the case holds, which `run.sh` compares with the saves.

    load.py URL SECONDS PEOPLE
"""
import http.client
import re
import statistics
import sys
import threading
import time
import urllib.parse

url, seconds, people = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
host, port = urllib.parse.urlparse(url).hostname, urllib.parse.urlparse(url).port
times = {"list": [], "card": [], "call": []}
counts = {"sent": 0, "saved": 0, "conflict": 0, "other": 0}
lock = threading.Lock()


def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read().decode("utf-8", "replace")
    headers = dict(response.getheaders())
    # Two cookies may be set at once: keep them all.
    headers["Set-Cookie"] = "; ".join(response.msg.get_all("Set-Cookie") or [])
    return response.status, headers, data


def hidden(html, name):
    match = re.search(r'name="%s" value="([^"]*)"' % name, html)
    return match.group(1) if match else ""


def person(n):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    _, headers, html = request(conn, "GET", "/login")
    form_cookie = re.search(r"lacuna_signin=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    body = urllib.parse.urlencode({"csrf": hidden(html, "csrf"), "name": f"person{n}", "password": "correct horse battery", "next": "/"})
    _, headers, _ = request(conn, "POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"lacuna_signin={form_cookie}"})
    cookie = "lacuna_session=" + re.search(r"lacuna_session=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    # Everyone signed in (bcrypt takes its time on purpose) before the clock starts.
    ready.wait()
    end = time.time() + seconds
    k = 0
    while time.time() < end:
        start = time.perf_counter()
        _, _, html = request(conn, "GET", "/list?status=all", headers={"Cookie": cookie})
        times_list = time.perf_counter() - start
        cards = re.findall(r'href="/card/([^"]+)"', html)
        card = cards[(n * 37 + k * 11) % len(cards)]
        start = time.perf_counter()
        _, _, html = request(conn, "GET", f"/card/{card}", headers={"Cookie": cookie})
        times_card = time.perf_counter() - start
        body = urllib.parse.urlencode({"csrf": hidden(html, "csrf"), "version": hidden(html, "version"), "outcome": "no answer",
                                       "summary": f"load {n}.{k}"})
        start = time.perf_counter()
        status, _, _ = request(conn, "POST", f"/card/{card}/call", body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        times_call = time.perf_counter() - start
        with lock:
            times["list"].append(times_list)
            times["card"].append(times_card)
            times["call"].append(times_call)
            counts["sent"] += 1
            counts["saved" if status == 303 else "conflict" if status == 409 else "other"] += 1
        k += 1


ready = threading.Barrier(people)
threads = [threading.Thread(target=person, args=(n,)) for n in range(people)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for page, values in times.items():
    values.sort()
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    print(f"{page:5} {len(values):6} requests  p50 {statistics.median(values) * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms")
print("writes: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
