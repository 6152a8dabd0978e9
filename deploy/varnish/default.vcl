# Varnish in front of the Twentse Koers app servers (make cluster; the same file in production).
#
# Two files are included from Varnish's vcl_path, written per installation (deploy/cluster.py
# writes them for the loopback cluster; deploy/varnish/README.md shows them for real hosts):
#   backends.vcl  the app servers, each with `.probe = healthz;`, and `sub vcl_init` adding them
#                 to the round-robin director `app`;
#   purgers.vcl   `acl purgers { ... }`: who may PURGE and BAN (loopback by default).
#
# What it does:
# - anonymous GET/HEAD for public pages: cookies stripped, cached for the page's s-maxage;
# - /admin/, previews, /healthz, other methods, and requests carrying a session or CSRF cookie
#   or an Authorization header: passed to the app servers untouched;
# - PURGE /path: every cached query string of that path on that host (core/varnish.py sends it);
#   BAN /: everything of that host;
# - grace: while the app servers are healthy a stale page is refreshed within 10 s; while both
#   are down, cached pages are served stale for up to a day;
# - a GET that fails on one app server is tried on the next one.
vcl 4.1;

import std;
import directors;

probe healthz {
    .request =
        "GET /healthz HTTP/1.1"
        "Host: 127.0.0.1"
        "User-Agent: varnish-probe"
        "Connection: close";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

include "backends.vcl";
include "purgers.vcl";

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.method == "BAN") {
            if (req.url != "/") {
                return (synth(400, "BAN accepts only /"));
            }
            ban("obj.http.x-host == " + req.http.host);
            return (synth(200, "Banned"));
        }
        ban("obj.http.x-host == " + req.http.host + " && obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }

    set req.backend_hint = app.backend();

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin)(/|$)" || req.url ~ "^/healthz") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=") {
        return (pass);
    }
    unset req.http.Cookie;

    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    }
    return (lookup);
}

sub vcl_backend_response {
    # What the ban expressions match on (bans by object headers are checked by the ban lurker).
    set beresp.http.x-host = bereq.http.host;
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    set beresp.grace = 24h;
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        # Keep serving the stale copy rather than replace it with an error.
        return (abandon);
    }
}

sub vcl_backend_error {
    if ((bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 2) {
        return (retry);
    }
}

sub vcl_deliver {
    unset resp.http.x-host;
    unset resp.http.x-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
