#!/usr/bin/env python3
"""Signed-in web UI sessions, made the way a browser makes them, for measuring the server's memory per session.

    vaadin_sessions.py BASE_URL EMAIL PASSWORD SESSIONS

Each session is a cookie jar that speaks Vaadin's own protocol (UIDL over HTTP) like the browser's Flow client:
the login page and its init request (the UI), the client router's navigation to the login route (the LoginView),
the login form's "login" event (the session is signed in and its id renewed), the router's navigation to the
dashboard, then the polls the dashboard asks for until its figures are shown. Prints one line per session and
stops at the first that does not get there. Standard library only.
"""
import http.cookiejar
import json
import sys
import time
import urllib.request

ROOT_NODE = 1   # the UI's own element, where the router's and the poll's events go


class Browser:
    def __init__(self, base):
        self.base = base.rstrip('/')
        self.http = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = None
        self.sync_id = 0
        self.client_id = 0
        self.tags = {}   # node id -> element tag, as the changes name them

    def get(self, path):
        with self.http.open(self.base + path, timeout=60) as response:
            return response.read().decode('utf-8')

    def open_page(self, route):
        self.get('/' + route)
        uidl = json.loads(self.get('/?v-r=init&location=' + route + '&query='))['appConfig']['uidl']
        self.csrf = uidl['Vaadin-Security-Key']
        self.learn(uidl)

    def send(self, *rpc):
        body = json.dumps({'csrfToken': self.csrf, 'rpc': list(rpc), 'syncId': self.sync_id, 'clientId': self.client_id})
        request = urllib.request.Request(self.base + '/?v-r=uidl&v-uiId=0', data=body.encode('utf-8'),
                                         headers={'Content-Type': 'application/json; charset=UTF-8'})
        with self.http.open(request, timeout=60) as response:
            text = response.read().decode('utf-8')
        uidl = json.loads(text[len('for(;;);'):] if text.startswith('for(;;);') else text)
        uidl = uidl[0] if isinstance(uidl, list) else uidl
        if 'meta' in uidl and uidl['meta'].get('sessionExpired'):
            raise RuntimeError('the server says the session expired')
        self.client_id += 1
        self.learn(uidl)
        return json.dumps(uidl)

    def learn(self, uidl):
        self.sync_id = uidl.get('syncId', self.sync_id)
        for change in uidl.get('changes', []):
            if change.get('key') == 'tag' and 'value' in change:
                self.tags[change['node']] = change['value']

    def navigate(self, route, query=''):
        return self.send({'type': 'event', 'node': ROOT_NODE, 'event': 'ui-navigate',
                          'data': {'route': route, 'query': query, 'appShellTitle': '', 'historyState': {'idx': 0}, 'trigger': ''}})

    def node(self, tag):
        return next(n for n, t in self.tags.items() if t == tag)


def signed_in_dashboard(base, email, password):
    browser = Browser(base)
    browser.open_page('login')
    browser.navigate('login')
    browser.send({'type': 'event', 'node': browser.node('vaadin-login-form'), 'event': 'login',
                  'data': {'event.detail.username': email, 'event.detail.password': password}})
    shown = browser.navigate('dashboard', 'preset=last-12-months')
    deadline = time.time() + 120
    while 'tile-winRate' not in shown:
        if time.time() > deadline:
            raise RuntimeError('the dashboard did not show its figures within two minutes')
        time.sleep(0.3)
        shown = browser.send({'type': 'event', 'node': ROOT_NODE, 'event': 'ui-poll'})
    return browser


def main():
    base, email, password, sessions = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    kept = []   # the jars stay alive, as open browser tabs would
    for i in range(sessions):
        started = time.time()
        kept.append(signed_in_dashboard(base, email, password))
        print(f'session {i + 1}: dashboard shown in {time.time() - started:.1f} s', flush=True)


if __name__ == '__main__':
    main()
