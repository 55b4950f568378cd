#!/usr/bin/env bash
# Makes sure the local database servers the integration tests use are up: PostgreSQL on 127.0.0.1:5432
# (trust auth) and MariaDB on 127.0.0.1:3306 (root, empty password). Starts whichever is installed but down.
# Tests create their own databases and never touch others. A server that is not installed is reported and
# left to the tests, which fail with a message naming it.
set -uo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { # <port> <seconds>
  local i
  for ((i = 0; i < $2 * 10; i++)); do port_open "$1" && return 0; sleep 0.1; done
  return 1
}

if ! port_open 5432; then
  if [[ -d /etc/postgresql ]] && command -v pg_ctlcluster >/dev/null; then
    echo "services: starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    wait_port 5432 30 || echo "services: PostgreSQL did not open 127.0.0.1:5432" >&2
  else
    echo "services: PostgreSQL is not installed; the offload tests need it on 127.0.0.1:5432" >&2
  fi
fi

if ! port_open 3306; then
  if [[ -x /usr/sbin/mariadbd ]]; then
    echo "services: starting MariaDB" >&2
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
    wait_port 3306 30 || echo "services: MariaDB did not open 127.0.0.1:3306" >&2
  else
    echo "services: MariaDB is not installed; the offload tests need it on 127.0.0.1:3306" >&2
  fi
fi
exit 0
