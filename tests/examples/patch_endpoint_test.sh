#!/usr/bin/env bash
# End-to-end test of an example PATCH endpoint (examples/patch_endpoint_*) over a real socket,
# with curl: starts SERVER --port 0 on 127.0.0.1, reads its port from stdout, runs every case,
# stops it. Every wait and every request is bounded in time.
# Usage: tests/examples/patch_endpoint_test.sh SERVER
set -euo pipefail
server=${1:?usage: patch_endpoint_test.sh SERVER}
command -v curl >/dev/null || { echo "curl is missing (scripts/setup.sh installs it)" >&2; exit 1; }

work=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

: >"$work/stdout" # read below before the server may have opened it
"$server" --port 0 >"$work/stdout" 2>"$work/stderr" &
pid=$!
port=
for _ in $(seq 100); do # 10 s at most
    port=$(sed -n 's#^listening on http://127\.0\.0\.1:\([0-9][0-9]*\)$#\1#p' "$work/stdout")
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then
    echo "FAIL: the server did not print 'listening on http://127.0.0.1:PORT'" >&2
    cat "$work/stdout" "$work/stderr" >&2
    exit 1
fi
url=http://127.0.0.1:$port/articles/a1
echo "testing $server on port $port"

failures=0
case_name=
fail() {
    echo "FAIL [$case_name]: $*" >&2
    echo "--- response: $status" >&2
    cat "$work/headers" "$work/body" >&2 || true
    echo >&2
    failures=$((failures + 1))
}

# send NAME METHOD TARGET [curl options...]: one request; sets $status, writes headers and body.
send() {
    case_name=$1
    local method=$2 target=$3
    shift 3
    local how=(-X "$method")
    [ "$method" = HEAD ] && how=(--head) # curl would wait for the content -X HEAD announces
    rm -f "$work/body" "$work/headers"   # curl writes no file for an answer without content
    touch "$work/body" "$work/headers"
    status=$(curl -sS --max-time 10 "${how[@]}" -o "$work/body" -D "$work/headers" \
        -w '%{http_code}' "$@" "$target") || status=curl-failed
}

# patch NAME CONTENT_TYPE BODY [curl options...]: a PATCH of /articles/a1.
patch() {
    local name=$1 type=$2 body=$3
    shift 3
    send "$name" PATCH "$url" -H "Content-Type: $type" --data-binary "$body" "$@"
}

# The value of the last header field NAME of the response (there may be a 100 Continue first).
field() {
    grep -i "^$1:" "$work/headers" | tail -n 1 | cut -d: -f2- | sed 's/^[ \t]*//; s/[ \t\r]*$//'
}

expect_status() { [ "$status" = "$1" ] || fail "status $status, expected $1"; }
expect_field() { [ "$(field "$1")" = "$2" ] || fail "$1 is '$(field "$1")', expected '$2'"; }
expect_no_field() { [ -z "$(field "$1")" ] || fail "unexpected $1: $(field "$1")"; }
expect_body() { [ "$(cat "$work/body")" = "$1" ] || fail "body is not $1"; }
expect_in_body() {
    local needle
    for needle in "$@"; do
        grep -qF -- "$needle" "$work/body" || fail "body lacks $needle"
    done
}
expect_not_in_body() { ! grep -qF -- "$1" "$work/body" || fail "body has $1"; }
# A problem details answer: its status, media type and "status" member.
expect_problem() {
    expect_status "$1"
    expect_field Content-Type application/problem+json
    expect_in_body "\"status\":$1" '"type":"about:blank"'
}

json=application/json-patch+json
merge=application/merge-patch+json
accept_patch='application/json-patch+json, application/merge-patch+json'
article='{"id":"a1","tags":["x"],"title":"Hello","version":1}'

# --- reading
send "GET" GET "$url"
expect_status 200
expect_field ETag '"v1"'
expect_field Content-Type application/json
expect_field Accept-Patch "$accept_patch"
expect_body "$article"

send "HEAD" HEAD "$url"
expect_status 200
expect_field ETag '"v1"'
expect_field Content-Length 52

send "GET, If-None-Match current" GET "$url" -H 'If-None-Match: "v1"'
expect_status 304
expect_field ETag '"v1"'
[ ! -s "$work/body" ] || fail "a 304 has content"
# RFC 9110 §8.6: a 304 sends no Content-Length, or the one the 200 would send.
case "$(field Content-Length)" in "" | 52) ;; *) fail "Content-Length $(field Content-Length)" ;; esac

send "GET, If-None-Match weak and in a list" GET "$url" -H 'If-None-Match: "v0", W/"v1"'
expect_status 304

send "GET, If-None-Match stale" GET "$url" -H 'If-None-Match: "v0"'
expect_status 200
expect_body "$article"

send "GET another id" GET "http://127.0.0.1:$port/articles/a2"
expect_problem 404
send "PATCH another id" PATCH "http://127.0.0.1:$port/articles/a2" -H "Content-Type: $json" \
    -H 'If-Match: "v1"' --data-binary '[]'
expect_problem 404

# --- what the server refuses before reading the body
patch "PATCH without If-Match" "$json" '[{"op": "replace", "path": "/title", "value": "Hi"}]'
expect_problem 428
expect_field Accept-Patch "$accept_patch"

patch "PATCH, stale If-Match" "$json" '[{"op": "replace", "path": "/title", "value": "Hi"}]' \
    -H 'If-Match: "v0"'
expect_problem 412

patch "PATCH, stale If-Match, broken body" "$json" '[{"op": ' -H 'If-Match: "v0"'
expect_problem 412
expect_not_in_body '"code"'

patch "PATCH, weak If-Match" "$merge" '{"title": "Hi"}' -H 'If-Match: W/"v1"'
expect_problem 412

patch "PATCH, application/json" application/json '{"title": "Hi"}' -H 'If-Match: "v1"'
expect_problem 415
expect_field Accept-Patch "$accept_patch"

patch "PATCH, charset latin1" "$merge; charset=latin1" '{"title": "Hi"}' -H 'If-Match: "v1"'
expect_problem 415

# A content coding is refused before the body is read: decoding would bypass the body limit.
printf '{"title": "Hi"}' | gzip -c >"$work/body.gz"
send "PATCH, gzip" PATCH "$url" -H "Content-Type: $merge" -H 'If-Match: "v1"' \
    -H 'Content-Encoding: gzip' --data-binary "@$work/body.gz"
expect_problem 415
expect_field Accept-Encoding identity

send "DELETE" DELETE "$url" -H 'If-Match: "v1"'
expect_problem 405
expect_field Allow 'GET, HEAD, PATCH, OPTIONS'

send "OPTIONS" OPTIONS "$url"
expect_status 204
expect_field Allow 'GET, HEAD, PATCH, OPTIONS'
expect_field Accept-Patch "$accept_patch"

# --- patches that change the article, and one that does not
patch "JSON Patch" "$json" '[{"op": "replace", "path": "/title", "value": "Hi"}]' \
    -H 'If-Match: "v1"'
expect_status 200
expect_field ETag '"v2"'
expect_field Content-Type application/json
expect_body '{"id":"a1","tags":["x"],"title":"Hi","version":2}'

patch "a no-op keeps version and ETag" "$json" '[{"op": "test", "path": "/title", "value": "Hi"}]' \
    -H 'If-Match: "v2"'
expect_status 200
expect_field ETag '"v2"'
expect_body '{"id":"a1","tags":["x"],"title":"Hi","version":2}'

patch "merge patch, any case, charset" "Application/Merge-Patch+JSON; charset=UTF-8" \
    '{"tags": ["x", "y"]}' -H 'If-Match: "v2"'
expect_status 200
expect_field ETag '"v3"'
expect_body '{"id":"a1","tags":["x","y"],"title":"Hi","version":3}'

patch "merge no-op" "$merge" '{"title": "Hi"}' -H 'If-Match: "v3"'
expect_status 200
expect_field ETag '"v3"'

patch "If-Match list and *" "$json" '[]' -H 'If-Match: "v1", "v3"'
expect_status 200
patch "If-Match *" "$json" '[]' -H 'If-Match: *'
expect_status 200

long_title=$(printf 'é%.0s' $(seq 200)) # 200 code points, 400 bytes
patch "a title of 200 code points" "$merge" "{\"title\": \"$long_title\"}" -H 'If-Match: "v3"'
expect_status 200
expect_field ETag '"v4"'

# --- patches the model refuses: nothing changes
patch "title too long" "$merge" "{\"title\": \"${long_title}é\"}" -H 'If-Match: "v4"'
expect_problem 422
expect_in_body '"code":"validation_failed"' '"path":"/title"'
expect_not_in_body '"op_index"'

patch "empty title" "$json" '[{"op": "replace", "path": "/title", "value": ""}]' \
    -H 'If-Match: "v4"'
expect_problem 422
expect_in_body '"path":"/title"'

patch "title not a string" "$merge" '{"title": 7}' -H 'If-Match: "v4"'
expect_problem 422

patch "a tag twice" "$json" '[{"op": "add", "path": "/tags/-", "value": "x"}]' -H 'If-Match: "v4"'
expect_problem 422
expect_in_body '"path":"/tags/2"'

patch "eleven tags" "$merge" '{"tags": ["a","b","c","d","e","f","g","h","i","j","k"]}' \
    -H 'If-Match: "v4"'
expect_problem 422
expect_in_body '"path":"/tags"'

patch "a tag not a string" "$json" '[{"op": "add", "path": "/tags/0", "value": 1}]' \
    -H 'If-Match: "v4"'
expect_problem 422

patch "id is read-only" "$merge" '{"id": "b1"}' -H 'If-Match: "v4"'
expect_problem 403
expect_in_body '"code":"operation_not_allowed"' '"path":"/id"'
expect_not_in_body '"op_index"'

patch "version is read-only" "$json" '[{"op": "replace", "path": "/version", "value": 99}]' \
    -H 'If-Match: "v4"'
expect_problem 403
expect_in_body '"op_index":0' '"path":"/version"'

patch "a failed test" "$json" '[{"op": "test", "path": "/title", "value": "Bye"}]' \
    -H 'If-Match: "v4"'
expect_problem 409
expect_in_body '"code":"test_failed"'

patch "malformed JSON" "$json" '[{"op": "replace",' -H 'If-Match: "v4"'
expect_problem 400
expect_in_body '"code":"invalid_json"'

patch "invalid UTF-8" "$merge" "$(printf '{"title": "\xff"}')" -H 'If-Match: "v4"'
expect_problem 400
expect_in_body '"code":"invalid_json"'

patch "not a patch document" "$json" '{"op": "add"}' -H 'If-Match: "v4"'
expect_problem 400
expect_in_body '"code":"patch_not_array"'

# Over the model's 64 KiB: its own 413. Over the server's 1 MiB: the server's 413 (curl sends
# Expect: 100-continue for such a body, so it is refused before it is sent).
head -c 100000 /dev/zero | tr '\0' ' ' >"$work/large"
printf '[]' >>"$work/large"
send "a body over 64 KiB" PATCH "$url" -H "Content-Type: $json" -H 'If-Match: "v4"' \
    --data-binary "@$work/large"
expect_problem 413
expect_in_body '"code":"patch_too_large"'
head -c 2000000 /dev/zero | tr '\0' ' ' >"$work/huge"
send "a body over 1 MiB" PATCH "$url" -H "Content-Type: $json" -H 'If-Match: "v4"' \
    --data-binary "@$work/huge"
expect_problem 413

send "still version 4" GET "$url"
expect_field ETag '"v4"'
expect_in_body '"version":4'

# --- concurrent patches of the same version: exactly one wins, the others are stale
for i in $(seq 8); do
    curl -sS --max-time 10 -o /dev/null -w '%{http_code}\n' -X PATCH -H "Content-Type: $merge" \
        -H 'If-Match: "v4"' --data-binary "{\"title\": \"writer $i\"}" "$url" \
        >"$work/racer_$i" 2>&1 &
done
wait_failed=0
for job in $(jobs -p); do
    [ "$job" = "$pid" ] || wait "$job" || wait_failed=1
done
case_name="concurrent patches"
[ "$wait_failed" = 0 ] || fail "a concurrent request failed"
wins=$(cat "$work"/racer_* | grep -c '^200$' || true)
stale=$(cat "$work"/racer_* | grep -c '^412$' || true)
[ "$wins" = 1 ] && [ "$stale" = 7 ] || fail "$wins answers 200 and $stale answers 412, expected 1 and 7"

# --- concurrent patches with If-Match: *: every one applies, none is lost
for i in $(seq 8); do
    curl -sS --max-time 10 -o /dev/null -w '%{http_code}\n' -X PATCH -H "Content-Type: $json" \
        -H 'If-Match: *' --data-binary "[{\"op\": \"replace\", \"path\": \"/title\", \"value\": \"t$i\"}]" \
        "$url" >"$work/writer_$i" 2>&1 &
done
for job in $(jobs -p); do
    [ "$job" = "$pid" ] || wait "$job" || true
done
case_name="concurrent unconditional patches"
writes=$(cat "$work"/writer_* | grep -c '^200$' || true)
[ "$writes" = 8 ] || fail "$writes of 8 answered 200"
send "every write counted" GET "$url"
expect_in_body '"version":13'
expect_field ETag '"v13"'

kill -0 "$pid" 2>/dev/null || { case_name="server alive"; fail "the server died"; }
if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    cat "$work/stderr" >&2
    exit 1
fi
echo "all checks passed"
