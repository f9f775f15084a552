#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the PAT service's tests and benchmark, on 127.0.0.1 only.
# Usage:
#   scripts/pg_cluster.sh create DIR PORT   initdb in DIR (must not exist), start it, create the
#                                          database "pat"; prints its URI on stdout
#   scripts/pg_cluster.sh start DIR         start a cluster that create made (after stop)
#   scripts/pg_cluster.sh stop DIR          stop it (fast shutdown), keep its files
#   scripts/pg_cluster.sh restart DIR       stop (fast) and start again: every connection is cut
#   scripts/pg_cluster.sh freeze DIR        SIGSTOP the postmaster and its children (a server that
#                                          stops answering, as in a network partition)
#   scripts/pg_cluster.sh thaw DIR          SIGCONT them again
#   scripts/pg_cluster.sh sql DIR SQL       run SQL in the database "pat" as the superuser
#   scripts/pg_cluster.sh destroy DIR       stop it if running and remove DIR
# PostgreSQL refuses to run as root, so as root every server command runs as the "postgres" user
# (Debian's postgresql package creates it), DIR is handed to that user, and DIR's parent must be
# traversable by it (a mktemp -d directory is not until chmod 0755). Set PG_CLUSTER_FSYNC=off
# for tests that do not measure durability. Every wait is bounded.
set -euo pipefail

bindir=$(pg_config --bindir 2>/dev/null || true)
if [ ! -x "$bindir/initdb" ]; then
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
if [ ! -x "${bindir:-}/initdb" ]; then
    echo "pg_cluster: initdb not found (apt-get install postgresql)" >&2
    exit 1
fi

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg() { as_owner "$bindir/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 30 "${@:2}"; }

# signal_cluster DIR SIGNAL: the postmaster (first line of postmaster.pid) and its children, by
# process id only. STOP goes to the postmaster first, so it forks nothing unstopped; CONT last.
signal_cluster() {
    local postmaster children
    postmaster=$(head -n 1 "$1/data/postmaster.pid" 2>/dev/null) || return 0
    [ -n "$postmaster" ] || return 0
    [ "$2" != STOP ] || kill -STOP "$postmaster" 2>/dev/null || true
    children=$(pgrep -P "$postmaster" || true)
    for pid in $children; do kill "-$2" "$pid" 2>/dev/null || true; done
    [ "$2" != CONT ] || kill -CONT "$postmaster" 2>/dev/null || true
}

usage() {
    sed -n '2,16p' "$0" >&2
    exit 2
}

[ $# -ge 2 ] || usage
command=$1
dir=$2
case "$command" in
create)
    [ $# -eq 3 ] || usage
    port=$3
    [ ! -e "$dir" ] || { echo "pg_cluster: $dir already exists" >&2; exit 1; }
    mkdir -p "$dir"
    if ! as_owner test -x "$(dirname "$dir")"; then
        rmdir "$dir"
        echo "pg_cluster: the postgres user cannot reach $(dirname "$dir") (e.g. chmod 0755 it)" >&2
        exit 1
    fi
    chmod 0700 "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    {
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$dir'"
        echo "fsync = ${PG_CLUSTER_FSYNC:-on}"
        echo "max_connections = 200"
    } | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
    pg "$dir" start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres pat
    echo "$port" >"$dir/port"
    echo "postgresql://postgres@127.0.0.1:$port/pat"
    ;;
start) pg "$dir" start >/dev/null ;;
stop) pg "$dir" stop -m fast >/dev/null ;;
restart) pg "$dir" restart -m fast >/dev/null ;;
freeze) signal_cluster "$dir" STOP ;;
thaw) signal_cluster "$dir" CONT ;;
sql)
    [ $# -eq 3 ] || usage
    PGOPTIONS="-c client_min_messages=warning" "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$dir/port")" -U postgres pat \
        -c "$3" >/dev/null
    ;;
destroy)
    if [ -f "$dir/data/postmaster.pid" ]; then
        signal_cluster "$dir" CONT # a frozen server cannot stop
        pg "$dir" stop -m immediate >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*) usage ;;
esac
