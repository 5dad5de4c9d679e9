#!/usr/bin/env python3
"""Approval command for ../shared/interop (OAUTH_APPROVE_CMD): approves one request token as a person would.

Usage: INTEROP_USERNAME=alice INTEROP_PASSWORD=... approve.py AUTHORIZE_URL

GETs the authorize URL (following the redirect to the login page), submits the login form with its CSRF token,
loads the consent page, submits its "Allow" form with its CSRF token, and prints the oauth_verifier from the
Location header of the redirect to the callback (or, for an `oob` callback, from the page). Python standard
library only; cookies kept in memory; never prints the password. INTEROP_DECISION=deny presses "Deny" instead.
"""
import html.parser
import http.cookiejar
import os
import sys
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Forms(html.parser.HTMLParser):
    """Collects each POST form's action and hidden inputs, and the text of #verifier."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.verifier = None
        self._in_verifier = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.forms.append({"action": a.get("action") or "", "fields": {}})
        elif tag == "input" and a.get("type") == "hidden" and self.forms:
            self.forms[-1]["fields"][a.get("name")] = a.get("value") or ""
        elif a.get("id") == "verifier":
            self._in_verifier = True

    def handle_data(self, data):
        if self._in_verifier and data.strip():
            self.verifier = data.strip()
            self._in_verifier = False


def fail(message):
    print(f"approve.py: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) < 2:
        fail("usage: approve.py AUTHORIZE_URL")
    authorize_url = sys.argv[-1]
    username = os.environ.get("INTEROP_USERNAME")
    password = os.environ.get("INTEROP_PASSWORD")
    if not username or not password:
        fail("set INTEROP_USERNAME and INTEROP_PASSWORD")
    decision = os.environ.get("INTEROP_DECISION", "allow")
    origin = urllib.parse.urlsplit(authorize_url)[:2]
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())

    def send(url, form=None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(url, data=data, headers={"User-Agent": "applink-interop-approver/1"})
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode("utf-8", "replace")

    def get_following(url):
        """GET, following redirects that stay on the service's origin (login and back)."""
        for _ in range(5):
            status, headers, body = send(url)
            if status not in (301, 302, 303, 307, 308):
                return url, status, body
            url = urllib.parse.urljoin(url, headers["Location"])
            if urllib.parse.urlsplit(url)[:2] != origin:
                fail(f"unexpected redirect off the service to {urllib.parse.urlsplit(url).netloc}")
        fail("too many redirects")

    def parse(body):
        forms = Forms()
        forms.feed(body)
        return forms

    def form_to(forms, path):
        for form in forms.forms:
            if urllib.parse.urlsplit(form["action"]).path.endswith(path):
                return form
        return None

    url, status, body = get_following(authorize_url)
    login = form_to(parse(body), "/login")
    if login is not None:
        fields = dict(login["fields"], username=username, password=password)
        status, headers, body = send(urllib.parse.urljoin(url, login["action"]), fields)
        if status != 303:
            fail(f"login failed (HTTP {status}); check INTEROP_USERNAME/INTEROP_PASSWORD")
        url, status, body = get_following(urllib.parse.urljoin(url, headers["Location"]))
    if status != 200:
        fail(f"consent page answered HTTP {status}")
    consent = form_to(parse(body), "/oauth/authorize")
    if consent is None:
        fail("no consent form on the page")
    status, headers, body = send(urllib.parse.urljoin(url, consent["action"]), dict(consent["fields"], decision=decision))
    if status in (302, 303):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(headers["Location"]).query)
        verifier = query.get("oauth_verifier", [None])[-1]
        if not verifier:
            fail("the redirect to the callback carries no oauth_verifier")
        print(verifier)
        return
    verifier = parse(body).verifier if status == 200 else None
    if not verifier:
        fail(f"decision answered HTTP {status} without a verifier")
    print(verifier)


if __name__ == "__main__":
    main()
