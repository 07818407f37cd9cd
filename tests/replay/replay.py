#!/usr/bin/env python3
"""replay.py - serve recorded platform responses on loopback, for the tests
of `bonafide fetch`.

The data is never copied into the repository: it is read at start-up from
the shared data folder (--data, e.g. ../shared/data) and served at the
platforms' own paths:

Bluesky (bluesky-atproto-dart, real AppView responses of 2023):
  /xrpc/app.bsky.actor.getProfile     actor/getProfile.json (shinyakato.dev)
  /xrpc/app.bsky.graph.getFollowers   graph/getFollowers.json, 50 followers
  /xrpc/app.bsky.graph.getFollows     graph/getFollows.json, 50 follows
  /xrpc/app.bsky.feed.getAuthorFeed   feed/getAuthorFeed.json, 25 items
  /xrpc/app.bsky.actor.getProfiles    the recorded profile views of the
                                      actors asked for (getProfile,
                                      getProfiles, searchActors and the
                                      follower and follow pages)
  The recorded lists are served in pages of --page-size items with the
  server's own cursors; the recording's end is the list's end.  Every
  other field is as recorded.

Mastodon (mastodon-py-cassettes, vcrpy recordings of a real Mastodon server):
  /api/v1/accounts/lookup?acct=U      the recorded lookup of U
  /api/v1/accounts/ID/statuses        every recorded Status of account ID
  /api/v1/accounts/ID/followers       the recorded Account objects of the
                                      cassettes other than ID (the recorded
                                      follower pages are empty), newest id
                                      first, with Link rel="next" headers
  /api/v1/accounts/ID/following       the recorded (empty) page
  The local recordings were made on an instance at http://localhost:3000,
  an address bonafide's web page refuses to collect from (a port, no
  dot).  --mastodon-host HOST serves them as a real instance at HOST
  would: every "http://localhost:3000" in an answer reads "https://HOST",
  so the profile address https://HOST/@mastodonpy_test names the account
  the answers describe.

X API v2 (tweepy-cassettes, gzip bodies served as recorded):
  /2/users/by/username/Twitter        test_client_get_user
  /2/users/783214/followers           test_client_get_users_followers, and
                                      for its next_token the page recorded
                                      by test_asyncclient_get_users_followers
  /2/users/783214/tweets              test_client_get_users_tweets
  A pagination token the recordings do not hold gets the API's empty page
  {"meta":{"result_count":0}}.  Without "Authorization: Bearer ..." the
  answer is 401.

YouTube Data API v3 (youtube-data-api-python-youtube, real recordings):
  /youtube/v3/channels                apidata/channels/info_multiple.json,
                                      the item whose id (id=) or customUrl
                                      (forHandle=) is asked for; an empty
                                      item list for any other
  /youtube/v3/playlistItems           apidata/playlist_items/playlist_items_
                                      paged_1.json, then _paged_2.json for
                                      its nextPageToken
  /youtube/v3/videos                  modeldata/videos/video_api_response.json
                                      (the one recorded video with its
                                      statistics, whatever ids are asked)
  Without an "X-Goog-Api-Key" header the answer is 403, as Google's.

Graph API (graph-api-python-facebook recordings; graph-api-facebook4j for
Page insights), under /v21.0/:
  /ASKER?fields=business_discovery.username(facebookfordevelopers){...}
                                      instagram/apidata/discovery/
                                      user_fields.json; with {media...} in
                                      the fields, medias_p1.json, then
                                      medias_p2.json for .after(CURSOR)
  /facebookapp?fields=...             facebook/apidata/pages/
                                      single_fields_page.json
  /20531316728/posts                  facebook/apidata/posts/
                                      feeds_default_fields_p1.json, then
                                      _p2.json for its after cursor
  /20531316728/insights               facebook4j page/insights.json
  Any other name answers the Graph API's error 100 (HTTP 400).  Without
  "Authorization: Bearer ..." the answer is 400 with OAuth error 190.

Faults, on demand, by request number (1 = the first request served):
  --fault 429@N       HTTP 429 with Retry-After: 1
  --fault 500@N       HTTP 500
  --fault 403@N       HTTP 403 (a list the service refuses)
  --fault reset@N     the connection is reset, no response
  --fault truncate@N  Content-Length larger than the body, then close
  --die-after N       every request after the Nth is reset (a server that
                      goes away in the middle of a list)

GET /_replay/reset?fault=KIND@N&die_after=N (neither counted nor logged)
starts again: request count 0, these faults only, the log emptied.

--dump DIR writes the pages as `bonafide ingest` reads them (whole lists,
Mastodon follower list wrapped with its subject) and exits.  --log FILE
appends one line per request: number, path and query (never headers).
The chosen port is written to --port-file once the socket listens.
"""
import argparse
import gzip
import json
import os
import socket
import struct
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml

BSKY = "bluesky-atproto-dart/packages/bluesky/test/src/services/suite/app/bsky"
MASTO = "mastodon-py-cassettes/tests"
TWEEPY = "tweepy-cassettes/cassettes"
YOUTUBE = "youtube-data-api-python-youtube/testdata"
GRAPH = "graph-api-python-facebook/testdata"


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def cassette(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)["interactions"]


def body_bytes(resp):
    b = resp["body"].get("string", "")
    return b if isinstance(b, bytes) else b.encode("utf-8")


def plain(b):
    return gzip.decompress(b) if b[:2] == b"\x1f\x8b" else b


class Data:
    def __init__(self, root):
        b = os.path.join(root, BSKY)
        self.profile = load_json(f"{b}/actor/getProfile.json")
        self.followers = load_json(f"{b}/graph/getFollowers.json")
        self.follows = load_json(f"{b}/graph/getFollows.json")
        self.feed = load_json(f"{b}/feed/getAuthorFeed.json")
        # Profile views by DID: the one with the most fields wins.
        self.views = {}
        views = [self.profile, self.followers["subject"]]
        views += self.followers["followers"] + self.follows["follows"]
        views += load_json(f"{b}/actor/getProfiles.json")["profiles"]
        views += load_json(f"{b}/actor/searchActors.json")["actors"]
        for v in views:
            old = self.views.get(v["did"])
            if old is None or len(v) > len(old):
                self.views[v["did"]] = v
        self.load_mastodon(os.path.join(root, MASTO))
        self.load_x(os.path.join(root, TWEEPY))
        y = os.path.join(root, YOUTUBE)
        self.yt_channels = load_json(f"{y}/apidata/channels/info_multiple.json")
        self.yt_pages = [load_json(f"{y}/apidata/playlist_items/"
                                   f"playlist_items_paged_{i}.json")
                         for i in (1, 2)]
        self.yt_videos = load_json(f"{y}/modeldata/videos/"
                                   "video_api_response.json")
        g = os.path.join(root, GRAPH)
        self.ig_user = load_json(f"{g}/instagram/apidata/discovery/"
                                 "user_fields.json")
        self.ig_media = [load_json(f"{g}/instagram/apidata/discovery/"
                                   f"medias_p{i}.json") for i in (1, 2)]
        self.fb_page = load_json(f"{g}/facebook/apidata/pages/"
                                 "single_fields_page.json")
        self.fb_posts = [load_json(f"{g}/facebook/apidata/posts/"
                                   f"feeds_default_fields_p{i}.json")
                         for i in (1, 2)]
        self.fb_insights = load_json(os.path.join(
            root, "graph-api-facebook4j/page/insights.json"))

    def yt_channel(self, ident, handle):
        items = [c for c in self.yt_channels["items"]
                 if c["id"] == ident or
                 c["snippet"].get("customUrl", "").lower() == handle.lower()]
        out = {k: v for k, v in self.yt_channels.items() if k != "items"}
        out["items"] = items
        out["pageInfo"] = {"totalResults": len(items),
                           "resultsPerPage": len(items)}
        return out

    def load_mastodon(self, root):
        self.m_lookup, self.m_accounts, self.m_statuses = {}, {}, {}
        self.m_following = {}
        for sub in ("cassettes", "cassettes_entity_tests"):
            d = os.path.join(root, sub)
            for name in sorted(os.listdir(d)):
                if not name.endswith(".yaml"):
                    continue
                for it in cassette(os.path.join(d, name)):
                    req, resp = it["request"], it["response"]
                    if resp["status"]["code"] != 200:
                        continue
                    try:
                        doc = json.loads(plain(body_bytes(resp)))
                    except ValueError:
                        continue
                    url = urllib.parse.urlsplit(req["uri"])
                    if (req["method"] == "GET" and
                            url.path == "/api/v1/accounts/lookup"):
                        acct = urllib.parse.parse_qs(url.query)["acct"][0]
                        self.m_lookup.setdefault(acct, doc)
                    if (req["method"] == "GET" and
                            url.path.endswith("/following")):
                        self.m_following[url.path.split("/")[4]] = doc
                    self.collect(doc)

    def collect(self, doc):
        """Walk a response for Account and Status objects."""
        if isinstance(doc, list):
            for e in doc:
                self.collect(e)
            return
        if not isinstance(doc, dict):
            return
        if "acct" in doc and "id" in doc and "username" in doc:
            self.m_accounts.setdefault(doc["id"], doc)
        if "account" in doc and "visibility" in doc and "id" in doc:
            self.m_statuses.setdefault(doc["id"], doc)
        for v in doc.values():
            if isinstance(v, (dict, list)):
                self.collect(v)

    def load_x(self, root):
        self.x = {}
        for name in ("test_client_get_user", "test_client_get_users_followers",
                     "test_asyncclient_get_users_followers",
                     "test_client_get_users_tweets"):
            it = cassette(os.path.join(root, name + ".yaml"))[0]
            resp = it["response"]
            hdrs = {k: v[0] for k, v in resp["headers"].items()
                    if k.lower().startswith("x-rate-limit")}
            self.x[name] = (body_bytes(resp), hdrs)

    def m_followers(self, aid):
        me = self.m_accounts.get(aid, {}).get("acct")
        accts = [a for i, a in self.m_accounts.items()
                 if i != aid and a["acct"] != me]
        return sorted(accts, key=lambda a: int(a["id"]), reverse=True)

    def m_posts(self, aid):
        st = [s for s in self.m_statuses.values() if s["account"]["id"] == aid]
        return sorted(st, key=lambda s: int(s["id"]), reverse=True)


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.log = args.log
        self.reset(args.fault, args.die_after)

    def reset(self, faults, die_after):
        with self.lock:
            self.count = 0
            self.faults = {}
            for f in faults:
                kind, n = f.split("@")
                self.faults[int(n)] = kind
            self.die_after = die_after
            if self.log:
                open(self.log, "w", encoding="utf-8").close()

    def next(self, path):
        with self.lock:
            self.count += 1
            if self.log:
                with open(self.log, "a", encoding="utf-8") as f:
                    f.write(f"{self.count} {path}\n")
            return self.count


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, ctype="application/json", headers=None,
             extra_length=0):
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
        gz = body[:2] == b"\x1f\x8b"
        if gz and "gzip" not in self.headers.get("Accept-Encoding", ""):
            body, gz = gzip.decompress(body), False
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if gz:
            self.send_header("Content-Encoding", "gzip")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) + extra_length))
        self.end_headers()
        self.wfile.write(body)
        if extra_length:
            self.wfile.flush()
            self.close_connection = True

    def reset(self):
        # SO_LINGER 0: close sends RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def do_GET(self):
        st, data, page = self.server.st, self.server.data, self.server.page
        if self.path.startswith("/_replay/reset"):
            q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            st.reset(q.get("fault", []), int(q.get("die_after", ["0"])[0]))
            return self.send(200, {"reset": True})
        n = st.next(self.path)
        fault = st.faults.get(n)
        if st.die_after and n > st.die_after:
            fault = "reset"
        if fault == "reset":
            return self.reset()
        if fault == "429":
            return self.send(429, {"error": "RateLimitExceeded"},
                             headers={"Retry-After": "1"})
        if fault == "500":
            return self.send(500, {"error": "InternalServerError"})
        if fault == "403":
            return self.send(403, {"error": "Forbidden"})
        status, body, headers = self.route(data, page)
        self.send(status, body, headers=headers,
                  extra_length=100 if fault == "truncate" else 0)

    def route(self, data, page):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        p = url.path
        one = lambda k, d="": q.get(k, [d])[0]
        if p.startswith("/xrpc/"):
            return self.bsky(data, page, p[6:], q, one)
        if p.startswith("/api/v1/"):
            status, body, headers = self.mastodon(data, page, p, one)
            host = self.server.mastodon_host
            if host:
                body = json.loads(json.dumps(body).replace(
                    '"http://localhost:3000', f'"https://{host}'))
            return status, body, headers
        if p.startswith("/2/"):
            if not self.headers.get("Authorization", "").startswith("Bearer "):
                return 401, {"title": "Unauthorized", "status": 401}, None
            return self.xapi(data, p, one)
        if p.startswith("/v21.0/"):
            if not self.headers.get("Authorization", "").startswith("Bearer "):
                return 400, {"error": {"message": "An access token is "
                                       "required", "type": "OAuthException",
                                       "code": 190}}, None
            return self.graph(data, p[7:], one)
        if p.startswith("/youtube/v3/"):
            if not self.headers.get("X-Goog-Api-Key"):
                return 403, {"error": {"code": 403,
                                       "message": "The request is missing a "
                                                  "valid API key."}}, None
            return self.youtube(data, p[12:], one)
        return 404, {"error": "NotFound"}, None

    def graph(self, data, p, one):
        fields = one("fields")
        nope = (400, {"error": {"message": "Unsupported get request.",
                                "type": "GraphMethodException",
                                "code": 100}}, None)
        if "business_discovery.username(" in fields:
            if "business_discovery.username(facebookfordevelopers)" \
                    not in fields:
                return 400, {"error": {"message": "Invalid user id",
                                       "code": 110}}, None
            if "{media" not in fields:
                return 200, data.ig_user, None
            return 200, data.ig_media[1 if ".after(" in fields else 0], None
        if p == "facebookapp":
            return 200, data.fb_page, None
        if p == "20531316728/posts":
            after = one("after")
            if not after:
                return 200, data.fb_posts[0], None
            if after == data.fb_posts[0]["paging"]["cursors"]["after"]:
                return 200, data.fb_posts[1], None
            return nope
        if p == "20531316728/insights":
            return 200, data.fb_insights, None
        return nope

    def youtube(self, data, what, one):
        if what == "channels":
            return 200, data.yt_channel(one("id"), one("forHandle")), None
        if what == "playlistItems":
            token = one("pageToken")
            if not token:
                return 200, data.yt_pages[0], None
            if token == data.yt_pages[0].get("nextPageToken"):
                return 200, data.yt_pages[1], None
            return 400, {"error": {"code": 400,
                                   "message": "invalid page token"}}, None
        if what == "videos":
            return 200, data.yt_videos, None
        return 404, {"error": {"code": 404, "message": "Not Found"}}, None

    def bsky(self, data, page, method, q, one):
        subject = (data.profile["handle"], data.profile["did"])
        lists = {"app.bsky.graph.getFollowers": (data.followers, "followers"),
                 "app.bsky.graph.getFollows": (data.follows, "follows"),
                 "app.bsky.feed.getAuthorFeed": (data.feed, "feed")}
        notfound = (400, {"error": "InvalidRequest",
                          "message": "Profile not found"}, None)
        if method == "app.bsky.actor.getProfile":
            return (200, data.profile, None) if one("actor") in subject \
                else notfound
        if method == "app.bsky.actor.getProfiles":
            found = [data.views[a] for a in q.get("actors", [])
                     if a in data.views]
            return 200, {"profiles": found}, None
        if method in lists:
            if one("actor") not in subject:
                return notfound
            doc, key = lists[method]
            start = int(one("cursor", "o0")[1:] or 0)
            size = min(int(one("limit", "50")), page)
            items = doc[key][start:start + size]
            out = {k: v for k, v in doc.items() if k not in (key, "cursor")}
            out[key] = items
            if start + size < len(doc[key]):
                out["cursor"] = f"o{start + size}"
            return 200, out, None
        return 400, {"error": "MethodNotImplemented"}, None

    def mastodon(self, data, page, p, one):
        parts = p.split("/")
        if p == "/api/v1/accounts/lookup":
            acct = data.m_lookup.get(one("acct"))
            return (200, acct, None) if acct else \
                (404, {"error": "Record not found"}, None)
        if len(parts) != 6 or parts[3] != "accounts":
            return 404, {"error": "Record not found"}, None
        aid, what = parts[4], parts[5]
        if what == "following":
            return 200, data.m_following.get(aid, []), None
        if what == "followers":
            items = data.m_followers(aid)
        elif what == "statuses":
            items = data.m_posts(aid)
        else:
            return 404, {"error": "Record not found"}, None
        max_id = one("max_id")
        if max_id:
            items = [i for i in items if int(i["id"]) < int(max_id)]
        size = min(int(one("limit", "40")), page)
        out = items[:size]
        headers = None
        if len(items) > size:
            host = self.headers.get("Host")
            headers = {"Link": f"<http://{host}{p}?limit={size}&max_id="
                               f"{out[-1]['id']}>; rel=\"next\", "
                               f"<http://{host}{p}?limit={size}&min_id="
                               f"{out[0]['id']}>; rel=\"prev\""}
        return 200, out, headers

    def xapi(self, data, p, one):
        token = one("pagination_token")
        empty = (200, {"meta": {"result_count": 0}}, None)
        if p == "/2/users/by/username/Twitter":
            return (200, *data.x["test_client_get_user"])
        if p == "/2/users/783214/followers":
            first = data.x["test_client_get_users_followers"]
            if not token:
                return (200, *first)
            nxt = json.loads(plain(first[0])).get("meta", {}).get("next_token")
            if token == nxt:
                return (200, *data.x["test_asyncclient_get_users_followers"])
            return empty
        if p == "/2/users/783214/tweets":
            return (200, *data.x["test_client_get_users_tweets"]) \
                if not token else empty
        return 404, {"title": "Not Found Error"}, None


def dump(data, out):
    """Write the recorded pages as whole files, the way ingest reads them."""
    os.makedirs(out, exist_ok=True)

    def write(name, doc):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            json.dump(doc, f)
            f.write("\n")
    write("bsky-profile.json", data.profile)
    write("bsky-followers.json", data.followers)
    write("bsky-follows.json", data.follows)
    write("bsky-feed.json", data.feed)
    acct = data.m_lookup["mastodonpy_test"]
    write("masto-profile.json", acct)
    write("masto-followers.json",
          {"subject": acct, "followers": data.m_followers(acct["id"])})
    write("masto-statuses.json", data.m_posts(acct["id"]))
    with open(os.path.join(out, "youtube.jsonl"), "w", encoding="utf-8") as f:
        for doc in ([data.yt_channel("", "@googledevelopers")] +
                    data.yt_pages + [data.yt_videos]):
            json.dump(doc, f)
            f.write("\n")
    with open(os.path.join(out, "instagram.jsonl"), "w", encoding="utf-8") as f:
        for doc in [data.ig_user] + data.ig_media:
            json.dump(doc, f)
            f.write("\n")
    with open(os.path.join(out, "facebook.jsonl"), "w", encoding="utf-8") as f:
        for doc in [data.fb_page] + data.fb_posts + [data.fb_insights]:
            json.dump(doc, f)
            f.write("\n")
    with open(os.path.join(out, "x.jsonl"), "wb") as f:
        for name in ("test_client_get_user", "test_client_get_users_followers",
                     "test_asyncclient_get_users_followers",
                     "test_client_get_users_tweets"):
            f.write(plain(data.x[name][0]).replace(b"\n", b" ") + b"\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--port-file")
    ap.add_argument("--page-size", type=int, default=20)
    ap.add_argument("--fault", action="append", default=[])
    ap.add_argument("--die-after", type=int, default=0)
    ap.add_argument("--log")
    ap.add_argument("--dump")
    ap.add_argument("--mastodon-host")
    args = ap.parse_args()
    data = Data(args.data)
    if args.dump:
        dump(data, args.dump)
        return
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.st, srv.data, srv.page = State(args), data, args.page_size
    srv.mastodon_host = args.mastodon_host
    tmp = args.port_file + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(f"{srv.server_address[1]}\n")
    os.rename(tmp, args.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
