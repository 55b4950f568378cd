#!/usr/bin/env bash
# Ceph RADOS Gateway (S3) on 127.0.0.1 for integration tests: 1 mon, 1 in-memory (memstore) OSD, no mgr,
# no cephx, radosgw (beast) on 127.0.0.1:${WEFT_RGW_PORT:-4590} with the user TESTKEY / TESTSECRET.
#
#   radosgw.sh up   [--holder PID] [--keep]   install if needed, start or reuse; prints KEY=VALUE lines
#   radosgw.sh down [--holder PID]            drop PID's lease; stop the gateway if this script started it
#                                             for a holder and no live holder is left
#   radosgw.sh stop                           stop what this script started, whatever the leases
#   radosgw.sh status                         print whether it is up
#
# Idempotent. Installs the Debian packages (radosgw ceph-mon ceph-osd) with apt-get when they are missing,
# running `apt-get update` first when the package lists are empty or the install fails. A gateway that is
# already listening on the port is reused and never stopped by `down`. `up --keep` starts one that `down`
# leaves running (for a development loop); stop it with `stop`. State lives in $WEFT_RGW_DIR
# (default ${TMPDIR:-/tmp}/weft-radosgw-<port>); the data is in RAM and gone after a stop.
# Environment: WEFT_RGW_PORT (4590), WEFT_RGW_MON_PORT (6789), WEFT_RGW_ACCESS_KEY (TESTKEY),
# WEFT_RGW_SECRET_KEY (TESTSECRET), WEFT_RGW_MEMSTORE_BYTES (2 GiB), WEFT_RGW_DIR.
set -euo pipefail
exec </dev/null

PORT=${WEFT_RGW_PORT:-4590}
MON_PORT=${WEFT_RGW_MON_PORT:-6789}
AK=${WEFT_RGW_ACCESS_KEY:-TESTKEY}
SK=${WEFT_RGW_SECRET_KEY:-TESTSECRET}
MEMSTORE_BYTES=${WEFT_RGW_MEMSTORE_BYTES:-2147483648}
DIR=${WEFT_RGW_DIR:-${TMPDIR:-/tmp}/weft-radosgw-$PORT}
PACKAGES=(radosgw ceph-mon ceph-osd)
TOOLS=(radosgw radosgw-admin ceph ceph-mon ceph-osd ceph-authtool monmaptool)

log() { printf '[radosgw %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

cmd=${1:-up}
[[ $# -gt 0 ]] && shift
holder="" keep=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --holder) holder=${2:?--holder needs a pid}; shift 2 ;;
    --keep) keep=1; shift ;;
    *) die "unknown argument '$1' (use: up|down|stop|status [--holder PID] [--keep])" ;;
  esac
done
[[ -z $holder || $holder =~ ^[0-9]+$ ]] || die "--holder must be a process id, got '$holder'"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The gateway answers an anonymous GET / with an S3 XML document.
rgw_answers() {
  local reply
  reply=$(
    exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1
    printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    timeout 5 head -c 512 <&3
  ) || return 1
  [[ $reply == HTTP/* ]]
}

alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

# The pids this script started, if the processes are still the ceph daemons it started.
our_pids() {
  local f pid
  for f in "$DIR"/run/rgw.pid "$DIR"/run/osd.pid "$DIR"/run/mon.pid; do
    [[ -f $f ]] || continue
    pid=$(<"$f")
    alive "$pid" && grep -qa -- "$DIR/ceph.conf" "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
  done
  return 0
}

stop_ours() {
  local pids pid i
  mapfile -t pids < <(our_pids)
  if [[ ${#pids[@]} -gt 0 ]]; then
    log "stopping pids ${pids[*]}"
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    # Wait until the processes are gone, not just their command lines: an exiting OSD still talks to a mon.
    local left
    for ((i = 0; i < 150; i++)); do
      left=()
      for pid in "${pids[@]}"; do alive "$pid" && left+=("$pid"); done
      [[ ${#left[@]} -eq 0 ]] && break
      sleep 0.1
    done
    for pid in "${left[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  fi
  for ((i = 0; i < 100; i++)); do port_open "$MON_PORT" || port_open "$PORT" || break; sleep 0.1; done
  rm -rf "$DIR"/run "$DIR"/mon "$DIR"/osd "$DIR"/leases "$DIR"/managed "$DIR"/kept
}

live_leases() {
  local f n=0
  for f in "$DIR"/leases/*; do
    [[ -e $f ]] || continue
    if alive "${f##*/}"; then n=$((n + 1)); else rm -f "$f"; fi
  done
  echo "$n"
}

install_packages() {
  local missing=() t sudo=()
  for t in "${TOOLS[@]}"; do command -v "$t" >/dev/null || missing+=("$t"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null && sudo -n true 2>/dev/null || die "missing ${missing[*]}; run as root: apt-get install -y --no-install-recommends ${PACKAGES[*]}"
    sudo=(sudo -n)
  fi
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install ${PACKAGES[*]}"
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q)
  log "installing ${PACKAGES[*]} (missing: ${missing[*]})"
  if ! compgen -G '/var/lib/apt/lists/*Packages*' >/dev/null; then
    "${apt[@]}" update >&2
  fi
  if ! "${apt[@]}" install -y --no-install-recommends "${PACKAGES[@]}" >&2; then
    "${apt[@]}" update >&2
    "${apt[@]}" install -y --no-install-recommends "${PACKAGES[@]}" >&2
  fi
  for t in "${TOOLS[@]}"; do command -v "$t" >/dev/null || die "$t is still missing after installing ${PACKAGES[*]}"; done
}

show_logs() {
  local f
  for f in "$DIR"/log/*.out "$DIR"/log/*.log; do
    [[ -f $f ]] && { echo "--- $f" >&2; tail -n 15 "$f" >&2; }
  done
  return 0
}

start_cluster() {
  local c=$DIR fsid u id i
  stop_ours
  rm -rf "$c"/log "$c"/ceph.conf "$c"/keyring "$c"/monmap
  mkdir -p "$c"/{run,log,mon,osd,leases}
  fsid=$(</proc/sys/kernel/random/uuid)
  cat >"$c/ceph.conf" <<CONF
[global]
fsid = $fsid
mon_host = v1:127.0.0.1:$MON_PORT
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
ms_bind_msgr2 = false
ms_bind_ipv6 = false
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_max_pg_per_osd = 1000
osd_crush_chooseleaf_type = 0
run_dir = $c/run
admin_socket = $c/run/\$name.asok
log_file = $c/log/\$name.log
keyring = $c/keyring
mon_data = $c/mon/\$cluster-\$id
osd_data = $c/osd/\$cluster-\$id
osd_objectstore = memstore
memstore_device_bytes = $MEMSTORE_BYTES
mon_data_avail_warn = 2
mon_data_avail_crit = 1
[client.rgw.local]
rgw_frontends = beast endpoint=127.0.0.1:$PORT
rgw_thread_pool_size = 32
# Deleted and overwritten objects would wait 2 h for garbage collection and fill the in-memory OSD.
rgw_gc_obj_min_wait = 1
rgw_gc_processor_period = 5
rgw_gc_processor_max_time = 5
CONF
  local conf=$c/ceph.conf
  # Anything that fails from here on leaves no daemon behind.
  trap 'log "start failed"; show_logs; stop_ours' ERR
  ceph-authtool --create-keyring "$c/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "$c/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
  monmaptool --create --addv a "v1:127.0.0.1:$MON_PORT" --fsid "$fsid" "$c/monmap" >/dev/null
  ceph-mon -c "$conf" --mkfs -i a --monmap "$c/monmap" --keyring "$c/keyring"
  ceph-mon -c "$conf" -f -i a >"$c/log/mon.out" 2>&1 9>&- &
  echo $! >"$c/run/mon.pid"
  for ((i = 0; i < 60; i++)); do timeout 5 ceph -c "$conf" mon stat >/dev/null 2>&1 && break; sleep 0.5; done
  timeout 5 ceph -c "$conf" mon stat >/dev/null
  u=$(</proc/sys/kernel/random/uuid)
  id=$(timeout 30 ceph -c "$conf" osd new "$u")
  mkdir -p "$c/osd/ceph-$id"
  ceph-osd -c "$conf" -i "$id" --mkfs --osd-uuid "$u" >"$c/log/osd-mkfs.out" 2>&1
  ceph-osd -c "$conf" -f -i "$id" >"$c/log/osd.out" 2>&1 9>&- &
  echo $! >"$c/run/osd.pid"
  for ((i = 0; i < 120; i++)); do
    timeout 5 ceph -c "$conf" osd stat 2>/dev/null | grep -q '1 up' && break
    alive "$(<"$c/run/osd.pid")" || false
    sleep 0.5
  done
  timeout 5 ceph -c "$conf" osd stat | grep -q '1 up'
  radosgw -c "$conf" -f -n client.rgw.local >"$c/log/rgw.out" 2>&1 9>&- &
  echo $! >"$c/run/rgw.pid"
  for ((i = 0; i < 240; i++)); do rgw_answers && break; alive "$(<"$c/run/rgw.pid")" || false; sleep 0.5; done
  rgw_answers
  timeout 60 radosgw-admin -c "$conf" user create --uid test --display-name test \
    --access-key "$AK" --secret "$SK" >/dev/null
  trap - ERR
}

if [[ $cmd == status ]]; then
  if rgw_answers; then echo "WEFT_RGW_STATE=up"; exit 0; else echo "WEFT_RGW_STATE=down"; exit 1; fi
fi

# Internal: one start attempt in its own process (so `set -e` holds), run by `up` under its lock.
if [[ $cmd == __start ]]; then
  start_cluster
  exit 0
fi

# One invocation at a time per gateway (the daemons are started with this descriptor closed).
mkdir -p "$DIR"
exec 9>"$DIR.lock"
flock -w 600 9 || die "timed out waiting for the lock $DIR.lock"

case $cmd in
  up)
    state=reused
    if rgw_answers; then
      log "reusing the gateway on 127.0.0.1:$PORT"
    elif port_open "$PORT"; then
      die "127.0.0.1:$PORT is taken by something that is not an S3 gateway (set WEFT_RGW_PORT)"
    else
      install_packages
      port_open "$MON_PORT" && [[ -z $(our_pids) ]] && die "127.0.0.1:$MON_PORT (ceph mon) is taken (set WEFT_RGW_MON_PORT)"
      log "starting ceph mon + memstore osd + radosgw on 127.0.0.1:$PORT"
      start=$SECONDS
      # A fresh OSD now and then fails to register ("wrong fsid") right after another cluster stopped: retry.
      for attempt in 1 2 3; do
        if bash "${BASH_SOURCE[0]}" __start 1>&2 9>&-; then break; fi
        [[ $attempt -eq 3 ]] && die "radosgw did not start after 3 attempts (logs in $DIR/log)"
        log "start attempt $attempt failed; retrying"
        sleep 2
      done
      if [[ $keep -eq 1 ]]; then touch "$DIR/kept"; else touch "$DIR/managed"; fi
      state=started
      log "ready in $((SECONDS - start)) s (pids $(our_pids | tr '\n' ' '))"
    fi
    mkdir -p "$DIR/leases"
    [[ -n $holder ]] && : >"$DIR/leases/$holder"
    echo "WEFT_RGW_STATE=$state"
    echo "WEFT_RGW_ENDPOINT=http://127.0.0.1:$PORT"
    echo "WEFT_RGW_ACCESS_KEY=$AK"
    echo "WEFT_RGW_SECRET_KEY=$SK"
    ;;
  down)
    [[ -n $holder ]] && rm -f "$DIR/leases/$holder"
    if [[ -f $DIR/managed && $(live_leases) -eq 0 ]]; then
      stop_ours
      echo "WEFT_RGW_STATE=stopped"
    else
      echo "WEFT_RGW_STATE=left-running"
    fi
    ;;
  stop)
    stop_ours
    echo "WEFT_RGW_STATE=stopped"
    ;;
  *) die "unknown command '$cmd' (use: up|down|stop|status)" ;;
esac
