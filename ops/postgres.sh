#!/usr/bin/env bash
# Local, throwaway PostgreSQL cluster for Portico development and tests.
#
#   ops/postgres.sh ensure   install (Debian, if missing) + initdb + start + create databases; idempotent
#   ops/postgres.sh start    start the cluster (initialising it if needed), wait until ready
#   ops/postgres.sh stop     fast shutdown; harmless when not running
#   ops/postgres.sh status   print state; exit 0 when running, 3 when not
#   ops/postgres.sh env      print `export PORTICO_*DATABASE_URL=...` lines (eval-able)
#   ops/postgres.sh reset-test  recreate portico_test, drop leftover throw-away test databases and the
#                               tenant roles no other database (`portico` of make run) uses; make test runs it
#
# It runs the newest installed PostgreSQL >= 15 (or the version an existing cluster was made with);
# when none is installed it installs the distribution's default `postgresql` package (apt), without
# letting Debian create and start its own "main" cluster on 5432.
#
# The cluster lives in <repo>/.pgdata/ (data in .pgdata/data, log in .pgdata/postgres.log), listens on
# 127.0.0.1:${PORTICO_PG_PORT:-54329} only, with trust auth for the `portico` superuser. It is tuned for
# speed, not durability (fsync=off): never point it at data you care about.
#
# When run as root (CI on a fresh clone) the server runs as the `postgres` system user (or `portico-pg`,
# created on demand), because PostgreSQL refuses to run as root; otherwise it runs as the invoking
# user. That user must be able to reach the data directory. A checkout under a directory others cannot
# traverse (/root is 700) therefore keeps its cluster in /var/tmp/portico-pg-<hash of the repo path>
# (kept across reboots, like .pgdata/, unlike /tmp) instead of .pgdata/: this script never loosens the
# permissions of your home directory. `status` prints where the data and log are.
#
# Environment: PORTICO_PG_PORT (default 54329), PORTICO_PG_BINDIR (override binary discovery),
#              PORTICO_PG_READY_TIMEOUT (seconds, default 30).
set -euo pipefail

PG_MIN_MAJOR=15
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

PORT="${PORTICO_PG_PORT:-54329}"
HOST=127.0.0.1
SUPERUSER=portico
DATABASES=(portico portico_test)
READY_TIMEOUT="${PORTICO_PG_READY_TIMEOUT:-30}"

IS_ROOT=false
[[ "$(id -u)" == 0 ]] && IS_ROOT=true

# Can users other than the owner search every directory from / down to $1?
others_can_traverse() {
    local d="$1"
    while :; do
        [[ "$(stat -c %A "$d" 2>/dev/null | cut -c10)" =~ [xt] ]] || return 1
        [[ "$d" == / ]] && return 0
        d="$(dirname "$d")"
    done
}

PGROOT="$ROOT/.pgdata"
if $IS_ROOT && ! others_can_traverse "$ROOT"; then
    PGROOT="/var/tmp/portico-pg-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
fi
PGDATA_DIR="$PGROOT/data"
LOGFILE="$PGROOT/postgres.log"
INIT_MARKER="$PGDATA_DIR/portico-initialized"
LOCKFILE="$PGROOT/.ops.lock"

if ! [[ "$PORT" =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then
    echo "postgres.sh: PORTICO_PG_PORT must be a TCP port number, got '$PORT'" >&2
    exit 2
fi

log() { echo "postgres.sh: $*" >&2; }
die() {
    log "error: $*"
    exit 1
}

url_for() { echo "postgres://${SUPERUSER}@${HOST}:${PORT}/$1"; }

# --------------------------------------------------------------------------------------------------
# privileges / the user the server runs as

SUDO=()
if ! $IS_ROOT; then
    if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); fi
fi

PG_USER=""      # user the server runs as
RUN_AS_OTHER=false

# resolve_pg_user [--create]: pick the server user; only with --create is a missing portico-pg created.
resolve_pg_user() {
    [[ -n "$PG_USER" ]] && return 0
    if $IS_ROOT; then
        if id -u postgres >/dev/null 2>&1; then
            PG_USER=postgres
        else
            if [[ "${1:-}" == --create ]] && ! id -u portico-pg >/dev/null 2>&1; then
                log "creating system user portico-pg to run the cluster"
                if command -v useradd >/dev/null 2>&1; then
                    useradd --system --user-group --no-create-home --home-dir /nonexistent \
                        --shell /usr/sbin/nologin portico-pg
                elif command -v adduser >/dev/null 2>&1; then
                    adduser -S -D -H -s /sbin/nologin portico-pg 2>/dev/null ||
                        adduser --system --group --no-create-home portico-pg
                else
                    die "running as root but neither the 'postgres' user exists nor useradd/adduser is available"
                fi
            fi
            PG_USER=portico-pg
        fi
        RUN_AS_OTHER=true
    else
        PG_USER="$(id -un)"
    fi
}

# Run a command as the cluster owner. fd 9 (the ops lock) is closed so that the postmaster, which
# pg_ctl starts in the background, does not inherit and hold the lock forever.
as_pg() {
    if ! $RUN_AS_OTHER; then
        "$@" 9>&-
        return
    fi
    # From /, since the server user may not be allowed into the current directory (a checkout in /root).
    if command -v runuser >/dev/null 2>&1; then
        (cd / && runuser -u "$PG_USER" -- "$@" 9>&-)
    elif command -v sudo >/dev/null 2>&1; then
        (cd / && sudo -u "$PG_USER" -- "$@" 9>&-)
    else
        (cd / && su -s /bin/sh "$PG_USER" -c "$(printf '%q ' "$@")" 9>&-)
    fi
}

# The server user must be able to reach .pgdata: every ancestor directory needs search (x) permission.
check_traversal() {
    $RUN_AS_OTHER || return 0
    local top
    top="$(dirname "$PGROOT")"
    if as_pg test -x "$top" 2>/dev/null; then return 0; fi
    local d="$top" blocked=""
    while :; do
        if ! as_pg test -x "$d" 2>/dev/null; then blocked="$d"; fi
        [[ "$d" == / ]] && break
        d="$(dirname "$d")"
    done
    die "the cluster runs as user '$PG_USER' (PostgreSQL refuses to run as root), but that user cannot
  traverse to $PGROOT: no search permission on ${blocked:-a parent directory}:
$(d="$top"; while :; do ls -ld "$d" | sed 's/^/    /'; [[ "$d" == / ]] && break; d="$(dirname "$d")"; done)
  Fix it with e.g. 'chmod o+x ${blocked:-<dir>}' (or 755), or put the checkout under a world-searchable
  directory such as /work or /tmp, or run this script as a non-root user."
}

# --------------------------------------------------------------------------------------------------
# binaries

BINDIR=""

has_server() { [[ -x "$1/postgres" && -x "$1/initdb" && -x "$1/pg_ctl" ]]; }

# Major version of the PostgreSQL in bin directory $1 ("postgres (PostgreSQL) 17.6 (Debian ...)" -> 17).
major_of() { "$1/postgres" --version 2>/dev/null | sed -E 's/^[^0-9]*([0-9]+).*/\1/'; }

# The bin directory to use: PORTICO_PG_BINDIR; else the version an existing cluster was made with,
# when installed; else the newest installed version >= PG_MIN_MAJOR.
find_bindir() {
    local cand major existing
    if [[ -n "${PORTICO_PG_BINDIR:-}" ]]; then
        has_server "$PORTICO_PG_BINDIR" || die "PORTICO_PG_BINDIR=$PORTICO_PG_BINDIR has no postgres/initdb/pg_ctl"
        BINDIR="$PORTICO_PG_BINDIR"
        return 0
    fi
    existing="$(cat "$PGDATA_DIR/PG_VERSION" 2>/dev/null || true)"
    if [[ -n "$existing" ]] && has_server "/usr/lib/postgresql/$existing/bin"; then
        BINDIR="/usr/lib/postgresql/$existing/bin"
        return 0
    fi
    local candidates=()
    for cand in /usr/lib/postgresql/*/bin; do candidates+=("$cand"); done
    if command -v pg_config >/dev/null 2>&1; then candidates+=("$(pg_config --bindir 2>/dev/null || true)"); fi
    local best="" best_major=0
    for cand in "${candidates[@]}"; do
        [[ -n "$cand" ]] && has_server "$cand" || continue
        major="$(major_of "$cand")"
        [[ "$major" =~ ^[0-9]+$ ]] && ((major >= PG_MIN_MAJOR && major > best_major)) || continue
        best="$cand" best_major="$major"
    done
    [[ -n "$best" ]] || return 1
    BINDIR="$best"
}

install_postgres() {
    if ! $IS_ROOT && ((${#SUDO[@]} == 0)); then
        die "no PostgreSQL >= $PG_MIN_MAJOR is installed and installing it needs root (no sudo available).
  Install it yourself: apt-get install postgresql"
    fi
    log "installing the distribution's PostgreSQL (apt-get install postgresql)"
    local apt=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
    "${apt[@]}" update
    # Install postgresql-common first and tell it not to create + start the default "main" cluster on
    # port 5432: we run our own cluster, and CI must not be left with a stray server.
    "${apt[@]}" install -y --no-install-recommends postgresql-common
    if [[ -f /etc/postgresql-common/createcluster.conf ]]; then
        "${SUDO[@]}" sed -ri 's/^#?[[:space:]]*(create_main_cluster)[[:space:]]*=.*$/\1 = false/' \
            /etc/postgresql-common/createcluster.conf
    fi
    "${apt[@]}" install -y postgresql
}

ensure_binaries() {
    find_bindir && return 0
    command -v apt-get >/dev/null 2>&1 ||
        die "no PostgreSQL >= $PG_MIN_MAJOR server binaries found (looked in /usr/lib/postgresql/*/bin and pg_config --bindir).
  Install PostgreSQL $PG_MIN_MAJOR or newer, or set PORTICO_PG_BINDIR to its bin directory."
    install_postgres
    find_bindir || die "after installing the distribution's postgresql package there is still no PostgreSQL >= $PG_MIN_MAJOR
  (the distribution's default is too old); install a newer one, or set PORTICO_PG_BINDIR."
}

need_binaries() {
    [[ -n "$BINDIR" ]] && return 0
    find_bindir || die "no PostgreSQL server binaries found; run 'ops/postgres.sh ensure' (or 'make db') first"
}

bin_major() { major_of "$BINDIR"; }

# --------------------------------------------------------------------------------------------------
# cluster state

# Unix socket directory: inside the data dir, unless that path is too long for sun_path (~107 bytes).
socket_dir() {
    local d="$PGDATA_DIR"
    if ((${#d} + ${#PORT} + 12 > 100)); then
        d="${TMPDIR:-/tmp}/portico-pg-$(id -u "$PG_USER" 2>/dev/null || id -u)-$PORT"
    fi
    echo "$d"
}

# Is PID a live process? (kill -0 can fail with EPERM for another user's process; a zombie -- e.g. a
# kill -9'd postmaster whose parent never reaps it -- counts as dead.)
pid_alive() {
    local pid="$1" stat
    kill -0 "$pid" 2>/dev/null || [[ -d "/proc/$pid" ]] || return 1
    stat="$(ps -o stat= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
    [[ -n "$stat" && "$stat" != Z* ]]
}

# PID of our running postmaster, or nothing. Validates that the PID in postmaster.pid really is a
# postgres process serving this data directory (a stale file after kill -9 / a reboot may name a PID
# that is dead or has been reused by an unrelated process).
running_pid() {
    local pidfile="$PGDATA_DIR/postmaster.pid" pid comm cwd
    [[ -f "$pidfile" ]] || return 0
    pid="$(head -n1 "$pidfile" 2>/dev/null | tr -dc '0-9' || true)"
    [[ -n "$pid" ]] || return 0
    pid_alive "$pid" || return 0
    comm="$(ps -o comm= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
    comm="${comm##*/}"
    [[ "$comm" == postgres* || "$comm" == postmaster* ]] || return 0
    if [[ -e "/proc/$pid/cwd" ]]; then
        # The postmaster chdir()s into its data directory.
        cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null || true)"
        if [[ -n "$cwd" && "$cwd" != "$(cd "$PGDATA_DIR" 2>/dev/null && pwd -P)" ]]; then
            return 0
        fi
    fi
    echo "$pid"
}

running_port() { sed -n 4p "$PGDATA_DIR/postmaster.pid" 2>/dev/null | tr -dc '0-9' || true; }

remove_stale_locks() {
    local pidfile="$PGDATA_DIR/postmaster.pid" sock f
    if [[ -f "$pidfile" ]]; then
        log "removing stale $pidfile (PID $(head -n1 "$pidfile" | tr -dc '0-9') is not a running postmaster for this cluster)"
        rm -f "$pidfile"
    fi
    sock="$(socket_dir)"
    for f in "$sock"/.s.PGSQL.*.lock; do
        [[ -e "$f" ]] || continue
        local pid
        pid="$(head -n1 "$f" 2>/dev/null | tr -dc '0-9' || true)"
        if [[ -z "$pid" ]] || ! pid_alive "$pid"; then rm -f "$f" "${f%.lock}"; fi
    done
}

is_ready() {
    "$BINDIR/pg_isready" -q -h "$HOST" -p "$PORT" -U "$SUPERUSER" -d postgres -t 2 >/dev/null 2>&1
}

LOG_OFFSET=0 # byte offset in LOGFILE where the current operation's output starts

log_tail() {
    if [[ -f "$LOGFILE" ]]; then
        echo "---- $LOGFILE (last 40 lines of this run) ----" >&2
        tail -c +$((LOG_OFFSET + 1)) "$LOGFILE" | tail -n 40 >&2 || true
        echo "----" >&2
    fi
}

# --------------------------------------------------------------------------------------------------
# setup

prepare_dirs() {
    resolve_pg_user --create
    check_traversal
    mkdir -p "$PGROOT"
    if $RUN_AS_OTHER; then
        if [[ "$(stat -c %U "$PGROOT")" != "$PG_USER" || ( -d "$PGDATA_DIR" && "$(stat -c %U "$PGDATA_DIR")" != "$PG_USER" ) ]]; then
            chown -R "$PG_USER": "$PGROOT"
        fi
    else
        local owner
        owner="$(stat -c %U "$PGROOT" 2>/dev/null || stat -f %Su "$PGROOT")"
        [[ "$owner" == "$PG_USER" ]] ||
            die "$PGROOT is owned by '$owner' (probably created by a run as root); run as root, or 'sudo rm -rf $PGROOT'"
    fi
    chmod 700 "$PGROOT"
    touch "$LOGFILE" && $RUN_AS_OTHER && chown "$PG_USER": "$LOGFILE"
    # Keep the log from growing without bound across many runs.
    if [[ $(wc -c <"$LOGFILE") -gt $((50 * 1024 * 1024)) ]]; then : >"$LOGFILE"; fi
    return 0
}

write_config() {
    local sock conf="$PGDATA_DIR/portico.conf"
    sock="$(socket_dir)"
    if [[ "$sock" != "$PGDATA_DIR" ]]; then
        mkdir -p "$sock"
        chmod 700 "$sock"
        $RUN_AS_OTHER && chown "$PG_USER": "$sock"
    fi
    cat >"$conf" <<EOF
# Written by ops/postgres.sh on every start; edits are overwritten.
# Throwaway local dev/test cluster: speed over durability.
listen_addresses = '$HOST'
port = $PORT
unix_socket_directories = '$sock'
max_connections = 600
shared_buffers = 256MB
max_locks_per_transaction = 256
fsync = off
synchronous_commit = off
full_page_writes = off
log_line_prefix = '%m [%p] %q%u@%d '
EOF
    cat >"$PGDATA_DIR/pg_hba.conf" <<EOF
# Written by ops/postgres.sh. Trust, loopback only: local dev/test cluster.
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
EOF
    grep -q "^include_if_exists = 'portico.conf'" "$PGDATA_DIR/postgresql.conf" ||
        echo "include_if_exists = 'portico.conf'" >>"$PGDATA_DIR/postgresql.conf"
    if $RUN_AS_OTHER; then chown "$PG_USER": "$conf" "$PGDATA_DIR/pg_hba.conf" "$PGDATA_DIR/postgresql.conf"; fi
    chmod 600 "$conf" "$PGDATA_DIR/pg_hba.conf"
}

init_cluster() {
    if [[ -f "$INIT_MARKER" && -f "$PGDATA_DIR/PG_VERSION" ]]; then
        local have want
        have="$(cat "$PGDATA_DIR/PG_VERSION")"
        want="$(bin_major)"
        [[ "$have" == "$want" ]] ||
            die "$PGDATA_DIR was created by PostgreSQL $have but the binaries in $BINDIR are $want.
  This is a throwaway cluster: 'ops/postgres.sh stop; rm -rf $PGROOT' and run ensure again."
        return 0
    fi
    if [[ -e "$PGDATA_DIR" ]]; then
        # No marker: a previous initdb was interrupted. Nothing of value can be in there.
        [[ -z "$(running_pid)" ]] || die "$PGDATA_DIR is incomplete but a postmaster is running on it"
        log "removing incomplete cluster in $PGDATA_DIR"
        rm -rf "$PGDATA_DIR"
    fi
    log "initialising cluster in $PGDATA_DIR (server user: $PG_USER)"
    LOG_OFFSET=$(wc -c <"$LOGFILE")
    if ! as_pg env LC_ALL=C LANG=C "$BINDIR/initdb" -D "$PGDATA_DIR" --auth=trust --username="$SUPERUSER" \
        --encoding=UTF8 --locale=C >>"$LOGFILE" 2>&1; then
        log_tail
        die "initdb failed"
    fi
    touch "$INIT_MARKER"
    $RUN_AS_OTHER && chown "$PG_USER": "$INIT_MARKER"
    return 0
}

STARTED_HERE=false

start_cluster() {
    local pid rport
    pid="$(running_pid)"
    if [[ -n "$pid" ]]; then
        rport="$(running_port)"
        if [[ -n "$rport" && "$rport" != "$PORT" ]]; then
            die "the cluster is already running on port $rport (PID $pid), not $PORT; run 'ops/postgres.sh stop' first"
        fi
        if wait_ready; then verify_ours; return 0; fi
        if pid_alive "$pid"; then
            log_tail
            die "PostgreSQL (PID $pid) is running but not accepting connections on $HOST:$PORT"
        fi
        log "postmaster $pid exited while waiting for it; starting a new one"
    fi
    remove_stale_locks
    write_config

    local attempt
    for attempt in 1 2 3 4 5; do
        log "starting PostgreSQL $(bin_major) on $HOST:$PORT (log: $LOGFILE)"
        LOG_OFFSET=$(wc -c <"$LOGFILE")
        if ! as_pg env LC_ALL=C LANG=C "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -l "$LOGFILE" -W start >/dev/null; then
            log_tail
            die "pg_ctl start failed"
        fi
        STARTED_HERE=true
        if wait_ready; then verify_ours; return 0; fi
        # After a kill -9 of the postmaster its children may linger for a moment holding the old
        # shared memory segment; the new postmaster then refuses to start. Give them time, retry.
        if tail -n 20 "$LOGFILE" | grep -q 'pre-existing shared memory block'; then
            log "old server processes still hold shared memory; retrying (attempt $attempt)"
            sleep 2
            continue
        fi
        break
    done
    log_tail
    die "PostgreSQL failed to start, or did not accept connections on $HOST:$PORT within ${READY_TIMEOUT}s (log above)"
}

# Poll pg_isready for up to READY_TIMEOUT seconds. Returns 1 early when the postmaster exits (or never
# writes its pid file), so the caller can show the log instead of waiting out the timeout.
wait_ready() {
    local start=$SECONDS pid
    while ((SECONDS - start < READY_TIMEOUT)); do
        if is_ready; then return 0; fi
        pid="$(head -n1 "$PGDATA_DIR/postmaster.pid" 2>/dev/null | tr -dc '0-9' || true)"
        if [[ -n "$pid" ]]; then
            pid_alive "$pid" || return 1
        elif ((SECONDS - start >= 5)); then
            return 1
        fi
        sleep 0.5
    done
    return 1
}

# pg_isready only says *something* answers on the port: make sure it is this cluster and not, say,
# another checkout's cluster on the same port while ours failed to bind.
verify_ours() {
    local dir
    dir="$("$BINDIR/psql" -X -q -At -h "$HOST" -p "$PORT" -U "$SUPERUSER" -d postgres -c 'SHOW data_directory' 2>/dev/null || true)"
    if [[ "$dir" != "$PGDATA_DIR" ]]; then
        sleep 1
        log_tail
        die "something else is answering on $HOST:$PORT (data directory: '${dir:-unknown}', expected $PGDATA_DIR).
  Stop it, or pick another port with PORTICO_PG_PORT."
    fi
}

create_databases() {
    local db exists
    for db in "${DATABASES[@]}"; do
        exists="$("$BINDIR/psql" -X -q -At -h "$HOST" -p "$PORT" -U "$SUPERUSER" -d postgres \
            -v ON_ERROR_STOP=1 -c "SELECT 1 FROM pg_database WHERE datname = '$db'")"
        if [[ "$exists" != 1 ]]; then
            log "creating database $db"
            "$BINDIR/createdb" -h "$HOST" -p "$PORT" -U "$SUPERUSER" -O "$SUPERUSER" "$db"
        fi
    done
}

# Tests create tenants (a schema in their database plus a cluster-wide role each) in portico_test and
# in throw-away portico_t_* databases; roles outlive the databases. Start every test run from a clean
# slate so neither grows across runs. Tenant roles still used by a schema in another database (the
# `portico` database of `make run`) are kept.
reset_test_databases() {
    local psql=("$BINDIR/psql" -X -q -At -h "$HOST" -p "$PORT" -U "$SUPERUSER" -v ON_ERROR_STOP=1)
    local db keep="''"
    is_ready || die "the cluster is not accepting connections on $HOST:$PORT; run 'make db' first"
    for db in $("${psql[@]}" -d postgres -c \
        "SELECT datname FROM pg_database WHERE datname = 'portico_test' OR datname LIKE 'portico\_t\_%'"); do
        "${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
    done
    "$BINDIR/createdb" -h "$HOST" -p "$PORT" -U "$SUPERUSER" -O "$SUPERUSER" portico_test
    for db in $("${psql[@]}" -d postgres -c \
        "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate AND datname <> 'portico_test'"); do
        keep+="$("${psql[@]}" -d "$db" -c \
            "SELECT string_agg(',' || quote_literal(nspname), '') FROM pg_namespace WHERE nspname ~ '^t_[0-9a-f]{32}$'")"
    done
    "${psql[@]}" -d postgres -c "DO \$\$
        DECLARE r record; dropped int := 0;
        BEGIN
          FOR r IN SELECT rolname FROM pg_roles WHERE rolname ~ '^t_[0-9a-f]{32}$' AND rolname NOT IN ($keep) LOOP
            EXECUTE format('DROP ROLE %I', r.rolname);
            dropped := dropped + 1;
          END LOOP;
          RAISE NOTICE 'postgres.sh: portico_test recreated; % leftover test tenant role(s) dropped', dropped;
        END \$\$" 2>&1 | sed 's/^NOTICE:  //' >&2
}

stop_cluster() {
    resolve_pg_user
    local pid
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        log "not running"
        return 0
    fi
    need_binaries
    log "stopping (PID $pid)"
    if ! as_pg "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null; then
        log_tail
        die "pg_ctl stop failed"
    fi
}

with_lock() {
    if command -v flock >/dev/null 2>&1; then
        mkdir -p "$PGROOT"
        exec 9>>"$LOCKFILE"
        flock -w 120 9 || die "timed out waiting for another ops/postgres.sh to finish ($LOCKFILE)"
    fi
}

# If `ensure` fails after it started the server itself, shut it down again rather than leaving a
# half-provisioned server behind (notably in CI).
cleanup_on_failure() {
    local rc=$?
    if ((rc != 0)) && $STARTED_HERE && [[ -n "$(running_pid 2>/dev/null)" ]]; then
        log "ensure failed; stopping the server it started"
        as_pg "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
    exit "$rc"
}

# --------------------------------------------------------------------------------------------------

cmd="${1:-}"
case "$cmd" in
    ensure)
        with_lock
        trap cleanup_on_failure EXIT
        ensure_binaries
        prepare_dirs
        init_cluster
        start_cluster
        create_databases
        trap - EXIT
        log "ready: $(url_for portico)"
        ;;
    start)
        with_lock
        trap cleanup_on_failure EXIT
        need_binaries
        prepare_dirs
        init_cluster
        start_cluster
        trap - EXIT
        log "ready: $(url_for postgres)"
        ;;
    stop)
        with_lock
        stop_cluster
        ;;
    status)
        resolve_pg_user
        pid="$(running_pid)"
        if [[ -n "$pid" ]]; then
            rport="$(running_port)"
            echo "running: PID $pid, $HOST:${rport:-?}, data $PGDATA_DIR, server user $PG_USER"
            if [[ -n "$BINDIR" ]] || find_bindir; then
                if PORT="${rport:-$PORT}" is_ready; then echo "accepting connections"; else echo "not accepting connections (yet)"; fi
            fi
            exit 0
        fi
        if [[ -f "$INIT_MARKER" ]]; then
            echo "stopped (data $PGDATA_DIR)"
        else
            echo "not initialised (run: ops/postgres.sh ensure)"
        fi
        exit 3
        ;;
    reset-test)
        with_lock
        need_binaries
        reset_test_databases
        ;;
    env)
        echo "export PORTICO_DATABASE_URL='$(url_for portico)'"
        echo "export PORTICO_TEST_DATABASE_URL='$(url_for portico_test)'"
        echo "export PORTICO_TEST_ADMIN_DATABASE_URL='$(url_for postgres)'"
        ;;
    *)
        sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
        [[ -z "$cmd" || "$cmd" == -h || "$cmd" == --help || "$cmd" == help ]] && exit 0
        exit 2
        ;;
esac
