#!/usr/bin/env bash
# A throwaway PostgreSQL server for the team-plan tests: its data, its Unix
# socket and its log all live in one directory, on a free port of 127.0.0.1,
# and nothing of it is shared with any other server on the machine.
#
#   scripts/pg-server.sh start DIR [--owner-pid PID]
#       Creates DIR (it must be empty or absent) and starts a fresh server in
#       it. Prints these shell lines on stdout, and nothing else (diagnostics
#       go to stderr), and writes the same lines to DIR/env:
#           PGTEST_DIR=<DIR, absolute>
#           PGTEST_SOCKET=<DIR>/sock
#           PGTEST_PORT=<port>
#           PGTEST_USER=postgres
#           PGTEST_PASSWORD=<password>
#           PGTEST_BIN=<folder of the PostgreSQL programs>
#           PGTEST_ROOTCERT=<DIR>/root.crt (the server's self-signed TLS
#                           certificate, for localhost and 127.0.0.1)
#       The superuser postgres needs no password over the socket (trust) and
#       its password over TCP (scram-sha-256). The port is the first free one
#       from 54330 upward; PGTEST_PORT=N in the environment forces it. With
#       --owner-pid PID, a detached watcher stops the server and removes DIR
#       once PID has exited (a test process passes its own id).
#   scripts/pg-server.sh stop DIR      stop the server and remove DIR (no error
#                                      if it is not running or not there)
#   scripts/pg-server.sh restart DIR   restart, keeping data, port and socket
#   scripts/pg-server.sh kill DIR      stop at once (immediate), keeping the data
#   scripts/pg-server.sh resume DIR    start again after kill
#
# The server refuses to run as root: run as root, this script runs the
# PostgreSQL programs as the postgres system user (Debian's postgresql package
# creates it), which must be able to reach DIR. Put DIR under /tmp (the tests
# use a folder under the system's temporary directory); a DIR under /root,
# which only root can enter, fails with a message saying so. The programs come
# from the newest /usr/lib/postgresql/*/bin (PGTEST_BIN=folder overrides);
# scripts/install-deps.sh installs them. A server started here never touches
# the system's own cluster (port 5432, /var/run/postgresql).
set -euo pipefail

script=$(realpath "${BASH_SOURCE[0]}")
first_port=54330
last_port=54999
# Ports handed out are recorded here (PORT -> DIR) so that a killed server's
# port is not given to another one before it resumes.
registry="/tmp/trainyard-pg-server.ports"
lock_file="/tmp/trainyard-pg-server.lock"

die() { echo "pg-server: error: $*" >&2; exit 1; }
note() { echo "pg-server: $*" >&2; }

usage() {
    sed -n '2,/^set -euo/p' "$script" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# ---- the PostgreSQL programs and the user that runs them

find_bin() {
    if [ -n "${PGTEST_BIN:-}" ]; then
        [ -x "$PGTEST_BIN/pg_ctl" ] || die "PGTEST_BIN=$PGTEST_BIN holds no pg_ctl"
        echo "$PGTEST_BIN"
        return
    fi
    local d best=""
    # Highest version first.
    while IFS= read -r d; do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
            best=$d
            break
        fi
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5,5 -V -r)
    if [ -z "$best" ] && command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && best=$d
    fi
    if [ -z "$best" ] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        best=$(dirname "$(command -v initdb)")
    fi
    [ -n "$best" ] || die "no PostgreSQL server programs found (looked in /usr/lib/postgresql/*/bin, pg_config --bindir and PATH); run scripts/install-deps.sh, which installs Debian's postgresql package"
    echo "$best"
}

# The server and its tools run as the current user, or as postgres when root.
if [ "$(id -u)" -eq 0 ]; then
    run_user=postgres
    id -u postgres >/dev/null 2>&1 \
        || die "running as root, but there is no postgres system user to run the server as (PostgreSQL refuses to run as root); run scripts/install-deps.sh, which installs Debian's postgresql package and creates it"
    as_pg() { runuser -u postgres -- "$@"; }
else
    run_user=$(id -un)
    as_pg() { "$@"; }
fi

# ---- the directory

# DIR as an absolute path, without requiring it to exist.
absolute() { realpath -m -- "$1"; }

created_dirs=()
# Creates DIR and whichever of its parents are missing, each with mode 755
# whatever the umask, so that the postgres user can walk into it.
make_dir() {
    local dir=$1 missing=() p=$1
    while [ ! -e "$p" ]; do
        missing=("$p" "${missing[@]}")
        p=$(dirname "$p")
    done
    local m
    for m in "${missing[@]}"; do
        mkdir "$m"
        chmod 755 "$m"
        created_dirs=("$m" "${created_dirs[@]}")
    done
    [ -d "$dir" ] || die "$dir is not a directory"
}

# Fails with the first ancestor of DIR that the postgres user cannot enter.
check_reachable() {
    local dir=$1
    [ "$run_user" = postgres ] && [ "$(id -u)" -eq 0 ] || return 0
    as_pg test -w "$dir/sock" -a -w "$dir/data" -a -w "$dir/log" && return 0
    local p=/ part
    local IFS=/
    for part in $dir; do
        [ -n "$part" ] || continue
        p="${p%/}/$part"
        if ! as_pg test -x "$p"; then
            die "the postgres user (which runs the server, since PostgreSQL refuses to run as root) cannot enter $p (mode $(stat -c %a "$p")); use a DIR whose parents it can enter, such as a new folder under /tmp or a folder made by mktemp -d (DIR itself is opened to 755)"
        fi
    done
    die "the postgres user cannot write in $dir; put DIR under /tmp"
}

read_env() {
    local dir=$1
    [ -f "$dir/env" ] || die "$dir holds no server started by $0 (no $dir/env)"
    # The file is ours: KEY=value lines of plain characters.
    # shellcheck disable=SC1091
    . "$dir/env"
}

pid_alive() { [ -d "/proc/$1" ] || kill -0 "$1" 2>/dev/null; }

# Waits until the server answers on its socket and on TCP.
wait_ready() {
    local dir=$1 port=$2 bin=$3
    for _ in $(seq 1 100); do
        if "$bin/pg_isready" -q -h "$dir/sock" -p "$port" -t 1 \
            && "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

show_log() {
    local dir=$1
    if [ -s "$dir/log" ]; then
        note "last lines of $dir/log:"
        tail -n 20 "$dir/log" | sed 's/^/    /' >&2
    fi
}

# ---- ports

port_in_use() {
    # Something answers a TCP connection on 127.0.0.1:PORT.
    timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# A port recorded for another directory that still exists (its server may be
# killed, waiting to resume).
port_claimed() {
    local port=$1 dir=$2 owner
    owner=$(readlink "$registry/$port" 2>/dev/null) || return 1
    [ "$owner" != "$dir" ] && [ -e "$owner/.pg-server" ]
}

claim_port() {
    local port=$1 dir=$2
    if [ ! -d "$registry" ]; then
        mkdir -p "$registry" 2>/dev/null || true
        chmod 1777 "$registry" 2>/dev/null || true
    fi
    ln -sfn "$dir" "$registry/$port" 2>/dev/null || true
}

release_port() {
    local port=$1 dir=$2
    [ "$(readlink "$registry/$port" 2>/dev/null)" = "$dir" ] && rm -f "$registry/$port"
    return 0
}

# ---- subcommands

cmd_start() {
    local dir="" owner_pid=""
    while [ $# -gt 0 ]; do
        case $1 in
            --owner-pid) [ $# -ge 2 ] || usage; owner_pid=$2; shift 2 ;;
            --owner-pid=*) owner_pid=${1#*=}; shift ;;
            -*) usage ;;
            *) [ -z "$dir" ] || usage; dir=$1; shift ;;
        esac
    done
    [ -n "$dir" ] || usage
    if [ -n "$owner_pid" ]; then
        [[ $owner_pid =~ ^[0-9]+$ ]] || die "--owner-pid needs a process id, not '$owner_pid'"
        pid_alive "$owner_pid" || die "--owner-pid $owner_pid: no such process"
    fi
    local forced_port="${PGTEST_PORT:-}"
    if [ -n "$forced_port" ]; then
        if ! [[ $forced_port =~ ^[0-9]+$ ]] || [ "$forced_port" -lt 1 ] || [ "$forced_port" -gt 65535 ]; then
            die "PGTEST_PORT=$forced_port is not a port number"
        fi
        ! port_in_use "$forced_port" || die "PGTEST_PORT=$forced_port is in use on 127.0.0.1"
    fi

    local bin
    bin=$(find_bin)
    dir=$(absolute "$dir")
    # The socket's path must fit in a sockaddr_un (107 bytes).
    [ ${#dir} -le 80 ] || die "DIR is too long for a Unix socket path ($dir); use a shorter one under /tmp"
    if [ -e "$dir" ]; then
        [ -d "$dir" ] || die "$dir exists and is not a directory"
        [ -z "$(ls -A "$dir")" ] || die "$dir is not empty (stop the server in it first: $0 stop $dir)"
    fi
    make_dir "$dir"
    # From here on DIR is ours: a failed start removes it.
    : >"$dir/.pg-server"
    failed_start_dir=$dir
    trap cleanup_failed_start EXIT
    [ "$(id -u)" -ne 0 ] || chmod 755 "$dir"

    local password
    password=$(od -An -tx1 -N18 /dev/urandom | tr -d ' \n')
    (umask 077 && printf '%s\n' "$password" >"$dir/password")
    chmod 600 "$dir/password"

    mkdir "$dir/data" "$dir/sock"
    : >"$dir/log"
    chmod 700 "$dir/data"
    chmod 755 "$dir/sock"
    chmod 644 "$dir/log"
    # initdb reads the password from a file the server's user can read.
    local pwfile="$dir/data.pwfile"
    (umask 077 && printf '%s\n' "$password" >"$pwfile")
    if [ "$run_user" = postgres ] && [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$dir/data" "$dir/sock" "$dir/log" "$pwfile"
    fi
    check_reachable "$dir"

    cd /
    note "initdb in $dir/data ($bin)"
    if ! as_pg "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
        sed 's/^/    /' "$dir/initdb.log" >&2
        rm -f "$pwfile"
        die "initdb failed"
    fi
    rm -f "$pwfile" "$dir/initdb.log"

    # Settings (initdb of PostgreSQL 15 takes no -c): everything but the port
    # in postgresql.conf, the port in a file of its own, chosen below.
    local sockq=${dir//\'/\'\'}
    {
        echo ""
        echo "# scripts/pg-server.sh"
        echo "listen_addresses = '127.0.0.1'"
        echo "unix_socket_directories = '$sockq/sock'"
        echo "max_connections = 300"
        echo "shared_buffers = 32MB"
        echo "fsync = on"
        echo "ssl = on"
        echo "include 'port.conf'"
    } >>"$dir/data/postgresql.conf"

    # TLS with a self-signed certificate for localhost and 127.0.0.1, so the
    # tests can connect with sslmode=require and verify-full; a copy of the
    # certificate outside the private data folder is the clients' root.
    if ! openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$dir/data/server.key" -out "$dir/data/server.crt" >/dev/null 2>&1; then
        die "openssl could not make the server's certificate (install openssl)"
    fi
    chmod 600 "$dir/data/server.key"
    cp "$dir/data/server.crt" "$dir/root.crt"
    chmod 644 "$dir/root.crt"
    if [ "$(id -u)" -eq 0 ]; then
        chown "$run_user": "$dir/data/server.key" "$dir/data/server.crt"
    fi

    # One start at a time chooses a port, so two servers started together
    # never pick the same one.
    local lock_fd
    [ -e "$lock_file" ] || (umask 0 && : >>"$lock_file") 2>/dev/null || true
    if [ -r "$lock_file" ] && command -v flock >/dev/null 2>&1; then
        exec {lock_fd}<"$lock_file"
        flock -w 120 "$lock_fd" || die "waited 120 s for $lock_file"
    else
        exec {lock_fd}</dev/null
    fi

    local port started=0 tries=0
    port=${forced_port:-$first_port}
    while [ "$started" = 0 ]; do
        if [ -z "$forced_port" ]; then
            while port_in_use "$port" || port_claimed "$port" "$dir"; do
                port=$((port + 1))
                [ "$port" -le "$last_port" ] || die "no free port in $first_port-$last_port"
            done
        elif port_in_use "$port"; then
            die "PGTEST_PORT=$port is in use on 127.0.0.1"
        fi
        echo "port = $port" >"$dir/data/port.conf"
        [ "$(id -u)" -ne 0 ] || chown "$run_user": "$dir/data/port.conf"
        if as_pg "$bin/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/log" >&2 {lock_fd}<&-; then
            started=1
        elif [ -z "$forced_port" ] && [ "$tries" -lt 5 ] && grep -q "could not bind\|Address already in use" "$dir/log"; then
            # Taken between the check and the bind: the next port.
            note "port $port was taken, trying the next"
            tries=$((tries + 1))
            port=$((port + 1))
        else
            die "the server did not start (log: $dir/log)"
        fi
    done
    claim_port "$port" "$dir"
    exec {lock_fd}<&-

    wait_ready "$dir" "$port" "$bin" || die "the server started but does not answer on $dir/sock and 127.0.0.1:$port"

    local env
    env=$(printf '%s\n' \
        "PGTEST_DIR=$dir" \
        "PGTEST_SOCKET=$dir/sock" \
        "PGTEST_PORT=$port" \
        "PGTEST_USER=postgres" \
        "PGTEST_PASSWORD=$password" \
        "PGTEST_BIN=$bin" \
        "PGTEST_ROOTCERT=$dir/root.crt")
    (umask 077 && printf '%s\n' "$env" >"$dir/env")
    chmod 600 "$dir/env"

    if [ -n "$owner_pid" ]; then
        # Detached, in a session of its own, holding none of the caller's
        # pipes: the caller reads our stdout to its end without waiting for it.
        setsid nohup bash "$script" __watch "$dir" "$owner_pid" "$(start_time "$owner_pid")" \
            </dev/null >/dev/null 2>&1 &
    fi
    trap - EXIT
    note "started PostgreSQL $("$bin/postgres" -V | awk '{print $3}') in $dir on 127.0.0.1:$port"
    printf '%s\n' "$env"
}

# A start that fails leaves nothing behind: no server, no DIR.
failed_start_dir=""
cleanup_failed_start() {
    local dir=$failed_start_dir
    [ -n "$dir" ] || return 0
    show_log "$dir"
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_pg "$(find_bin)/pg_ctl" stop -m immediate -D "$dir/data" >/dev/null 2>&1 || true
    fi
    [ -e "$dir/.pg-server" ] && rm -rf "$dir"
    # And the parents it made.
    local d
    for d in "${created_dirs[@]}"; do
        rmdir "$d" 2>/dev/null || true
    done
}

# The start time of a process (field 22 of /proc/PID/stat), so that a new
# process given the same id is not taken for the owner.
start_time() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    # Fields after the command name, which may hold spaces: state is the
    # first, start time the 20th.
    local -a f
    read -r -a f <<<"${stat##*) }"
    echo "${f[19]:-0}"
}

process_running() {
    local pid=$1 started=$2 stat state
    if [ -d /proc ] && [ -r /proc/self/stat ]; then
        stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
        state=${stat##*) }
        state=${state%% *}
        [ "$state" != Z ] || return 1
        [ "$started" = 0 ] || [ "$(start_time "$pid")" = "$started" ]
    else
        kill -0 "$pid" 2>/dev/null
    fi
}

cmd_watch() {
    local dir=$1 pid=$2 started=$3
    while process_running "$pid" "$started"; do
        # Stopped by someone else: nothing left to do.
        [ -e "$dir/.pg-server" ] || exit 0
        sleep 1
    done
    [ -e "$dir/.pg-server" ] || exit 0
    exec bash "$script" stop "$dir"
}

cmd_stop() {
    [ $# -eq 1 ] || usage
    local dir
    dir=$(absolute "$1")
    [ -e "$dir" ] || return 0
    if [ ! -e "$dir/.pg-server" ] && [ ! -f "$dir/env" ]; then
        die "$dir was not made by $0; not removing it"
    fi
    cd /
    if [ -f "$dir/data/postmaster.pid" ]; then
        local bin pid
        bin=$(sed -n 's/^PGTEST_BIN=//p' "$dir/env" 2>/dev/null || true)
        [ -n "$bin" ] || bin=$(find_bin)
        pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
        # Not stopped in time: stop it harder rather than leave it running.
        if ! as_pg "$bin/pg_ctl" stop -m fast -w -t 30 -D "$dir/data" >&2 \
            && [[ $pid =~ ^[0-9]+$ ]] && process_running "$pid" 0; then
            note "the server (pid $pid) did not stop; killing it"
            kill -QUIT "$pid" 2>/dev/null || true
            sleep 1
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    local port
    port=$(sed -n 's/^PGTEST_PORT=//p' "$dir/env" 2>/dev/null || true)
    [ -z "$port" ] || release_port "$port" "$dir"
    rm -rf "$dir"
}

cmd_restart() {
    [ $# -eq 1 ] || usage
    local dir
    dir=$(absolute "$1")
    read_env "$dir"
    cd /
    as_pg "$PGTEST_BIN/pg_ctl" restart -m fast -w -t 60 -D "$dir/data" -l "$dir/log" >&2 \
        || { show_log "$dir"; die "restart failed"; }
    wait_ready "$dir" "$PGTEST_PORT" "$PGTEST_BIN" || die "the server does not answer after the restart"
}

cmd_kill() {
    [ $# -eq 1 ] || usage
    local dir
    dir=$(absolute "$1")
    read_env "$dir"
    cd /
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_pg "$PGTEST_BIN/pg_ctl" stop -m immediate -w -D "$dir/data" >&2 \
            || die "could not stop the server in $dir"
    fi
}

cmd_resume() {
    [ $# -eq 1 ] || usage
    local dir
    dir=$(absolute "$1")
    read_env "$dir"
    cd /
    if as_pg "$PGTEST_BIN/pg_ctl" status -D "$dir/data" >/dev/null 2>&1; then
        note "the server in $dir is already running"
    else
        port_in_use "$PGTEST_PORT" && die "port $PGTEST_PORT is taken by another program; cannot resume"
        as_pg "$PGTEST_BIN/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/log" >&2 \
            || { show_log "$dir"; die "the server did not start again"; }
    fi
    wait_ready "$dir" "$PGTEST_PORT" "$PGTEST_BIN" || die "the server does not answer after resuming"
}

[ $# -ge 1 ] || usage
command=$1
shift
case $command in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    restart) cmd_restart "$@" ;;
    kill) cmd_kill "$@" ;;
    resume) cmd_resume "$@" ;;
    __watch) cmd_watch "$@" ;;
    -h | --help | help) usage ;;
    *) usage ;;
esac
