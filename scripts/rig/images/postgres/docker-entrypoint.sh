#!/usr/bin/env bash
# Entrypoint of the rig's swarmops/postgres:rig (our own code, Debian 13's postgresql-17).
# Honours the environment contract of the official `postgres` image:
#   POSTGRES_PASSWORD | POSTGRES_PASSWORD_FILE   one required (exclusive) unless
#                                                POSTGRES_HOST_AUTH_METHOD=trust
#   POSTGRES_USER[_FILE]   superuser, default postgres
#   POSTGRES_DB[_FILE]     database created on init, default = POSTGRES_USER
#   POSTGRES_INITDB_ARGS[_FILE]  extra initdb arguments
#   POSTGRES_HOST_AUTH_METHOD    method of the `host all all all` pg_hba line, default scram-sha-256
#   PGDATA                 default /var/lib/postgresql/data; may be a subdirectory of a volume
# On an empty PGDATA (no PG_VERSION): initdb, pg_hba, create POSTGRES_DB, run
# /docker-entrypoint-initdb.d/*.sh|*.sql|*.sql.gz on a socket-only temporary server. A PGDATA
# with PG_VERSION is reused as is. Started as root, it fixes ownership and re-executes itself as
# postgres (setpriv); postgres then runs as pid 1 (STOPSIGNAL SIGINT = fast shutdown).
set -Eeo pipefail

msg() { echo "$(date '+%F %T.%3N %Z') [entrypoint] $*" >&2; }
die() { echo "error: $*" >&2; exit 1; }

# file_env VAR [DEFAULT]: VAR from $VAR or from the file named by ${VAR}_FILE, never both.
file_env() {
  local var=$1 fvar=${1}_FILE def=${2:-} val
  if [ -n "${!var:-}" ] && [ -n "${!fvar:-}" ]; then
    die "both $var and $fvar are set (but are exclusive)"
  fi
  val=$def
  if [ -n "${!var:-}" ]; then
    val=${!var}
  elif [ -n "${!fvar:-}" ]; then
    [ -r "${!fvar}" ] || die "$fvar: ${!fvar} is not readable"
    val=$(<"${!fvar}")
  fi
  export "$var=$val"
  unset "$fvar"
}

setup_env() {
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  : "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
  : "${PGDATA:=/var/lib/postgresql/data}"
  export PGDATA POSTGRES_HOST_AUTH_METHOD
  DATABASE_ALREADY_EXISTS=
  [ -s "$PGDATA/PG_VERSION" ] && DATABASE_ALREADY_EXISTS=true
  return 0
}

# Directories postgres needs, owned by it when we are root (a fresh volume is root-owned).
create_dirs() {
  local uid
  uid=$(id -u)
  mkdir -p "$PGDATA"
  chmod 00700 "$PGDATA" || :
  mkdir -p /var/run/postgresql || :
  chmod 03777 /var/run/postgresql || :
  if [ "$uid" = 0 ]; then
    find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
    find /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
  fi
}

verify_env() {
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    cat >&2 <<'EOM'
error: Database is uninitialized and superuser password is not specified.
       Set POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE) to a non-empty value for the
       superuser, or POSTGRES_HOST_AUTH_METHOD=trust to allow all connections without one.
EOM
    exit 1
  fi
  if [ "${#POSTGRES_PASSWORD}" -ge 100 ]; then
    msg "warning: POSTGRES_PASSWORD is 100+ characters"
  fi
}

init_database_dir() {
  # the password goes through a pipe, never argv; the <(...) must sit in the initdb command
  # itself (bash closes a process substitution's fd when the command that expanded it ends)
  # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS is a word list by contract
  if [ -n "$POSTGRES_PASSWORD" ]; then
    initdb --username="$POSTGRES_USER" --pgdata="$PGDATA" \
      --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") $POSTGRES_INITDB_ARGS
  else
    initdb --username="$POSTGRES_USER" --pgdata="$PGDATA" $POSTGRES_INITDB_ARGS
  fi
}

setup_hba() {
  {
    echo
    if [ "$POSTGRES_HOST_AUTH_METHOD" = trust ]; then
      echo '# warning trust is enabled for all connections'
    fi
    echo "host all all all $POSTGRES_HOST_AUTH_METHOD"
  } >>"$PGDATA/pg_hba.conf"
}

# psql against the temporary server, as the superuser, over the socket
process_sql() {
  PGHOST=/var/run/postgresql PGPORT=5432 psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" \
    --no-password --no-psqlrc "$@"
}

temp_server_start() {
  # socket only: nothing can reach the database before it is fully set up
  PGUSER=$POSTGRES_USER pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start >/dev/null
}

temp_server_stop() {
  PGUSER=$POSTGRES_USER pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
}

setup_db() {
  local exists
  exists=$(process_sql --dbname postgres --set db="$POSTGRES_DB" --tuples-only <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")
  if [ -z "${exists// /}" ]; then
    process_sql --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";' >/dev/null
    msg "created database $POSTGRES_DB"
  fi
}

process_init_files() {
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    case $f in
      *.sh)
        if [ -x "$f" ]; then msg "running $f"; "$f"
        else msg "sourcing $f"; . "$f"
        fi ;;
      *.sql) msg "running $f"; process_sql --dbname "$POSTGRES_DB" -f "$f" >/dev/null ;;
      *.sql.gz) msg "running $f"; gunzip -c "$f" | process_sql --dbname "$POSTGRES_DB" >/dev/null ;;
      *) msg "ignoring $f" ;;
    esac
  done
}

# true when the arguments ask postgres for help/version/a config value rather than to run
want_help() {
  local a
  for a; do
    case $a in -'?' | --help | --describe-config | -V | --version | -C) return 0 ;; esac
  done
  return 1
}

main() {
  # `docker run IMAGE -c x=y` means postgres -c x=y
  if [ "${1:0:1}" = - ]; then
    set -- postgres "$@"
  fi
  if [ "$1" = postgres ] && ! want_help "$@"; then
    setup_env
    create_dirs
    if [ "$(id -u)" = 0 ]; then
      # re-run this script as postgres, like the official image does with gosu
      exec env HOME=/var/lib/postgresql setpriv --reuid=postgres --regid=postgres --init-groups \
        "${BASH_SOURCE[0]}" "$@"
    fi
    if [ -z "$DATABASE_ALREADY_EXISTS" ]; then
      verify_env
      # fail now, not after initdb, if postgres cannot list the init scripts
      ls /docker-entrypoint-initdb.d/ >/dev/null
      init_database_dir
      setup_hba
      export PGPASSWORD=${PGPASSWORD:-$POSTGRES_PASSWORD}
      temp_server_start
      setup_db
      process_init_files
      temp_server_stop
      unset PGPASSWORD
      msg "PostgreSQL init process complete; ready for start up."
    else
      msg "PostgreSQL Database directory appears to contain a database; skipping initialization"
    fi
  fi
  exec "$@"
}

main "$@"
