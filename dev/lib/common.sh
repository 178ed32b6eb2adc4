# shellcheck shell=bash disable=SC2034 # variables used by the scripts that source this file
# Helpers shared by dev/stack and dev/run: messages, timing, probes over bash's /dev/tcp (no curl,
# nc or psql needed), and background processes tracked by PID files.
# Needs: bash 4.4+, coreutils; Linux /proc for the PID checks.

STACK_LOGS=$HUIKETANG_STACK_DIR/logs
STACK_PIDS=$HUIKETANG_STACK_DIR/pids

info() { printf '%s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# Microseconds since the epoch; EPOCHREALTIME needs bash 5, date +%s%N is the fallback.
now_us() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    local t=${EPOCHREALTIME/[.,]/}
    printf '%s' "$t"
  else
    printf '%s' "$(($(date +%s%N) / 1000))"
  fi
}
# Seconds (one decimal) since a now_us value.
since() {
  local d=$((($(now_us) - $1) / 100000))
  printf '%d.%d' $((d / 10)) $((d % 10))
}

# The java to use: JAVA_HOME's, else the one on PATH. A JDK (not a JRE): StackAdmin.java is run
# as a source file.
java_bin() {
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    printf '%s' "$JAVA_HOME/bin/java"
  elif have java; then
    command -v java
  else
    die "java not found: install a JDK 17 or newer, or set JAVA_HOME"
  fi
}

# ---------------------------------------------------------------- probes (bash /dev/tcp)

# Does something accept TCP connections on host:port?
tcp_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# Is PostgreSQL answering? Sends an SSLRequest; a server replies 'S' or 'N'.
pg_answers() {
  (
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf '\x00\x00\x00\x08\x04\xd2\x16\x2f' >&3
    IFS= read -r -n1 -t 3 reply <&3 || exit 1
    [[ $reply == [SN] ]]
  ) 2>/dev/null
}

# Is Redis answering? PING gets +PONG (or an error such as -NOAUTH: a Redis all the same).
redis_answers() {
  (
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf 'PING\r\n' >&3
    IFS= read -r -t 3 reply <&3 || exit 1
    [[ $reply == [+-]* ]]
  ) 2>/dev/null
}

# Prints the HTTP status code of GET http://host:port/path (empty when nothing answers).
http_status() {
  (
    exec 3<>"/dev/tcp/$1/$2" || exit 0
    printf 'GET %s HTTP/1.0\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$3" "$1" "$2" >&3
    IFS=' ' read -r -t 10 _ code _ <&3 || exit 0
    printf '%s' "$code"
  ) 2>/dev/null
}

# ---------------------------------------------------------------- processes

# Start time of a process (clock ticks since boot, field 22 of /proc/PID/stat): with the PID it
# identifies the process even after its PID is reused.
proc_start_time() {
  local stat
  stat=$(<"/proc/$1/stat") 2>/dev/null || return 1
  local -a f
  read -r -a f <<<"${stat##*) }"
  printf '%s' "${f[19]}"
}

proc_pgid() {
  local stat
  stat=$(<"/proc/$1/stat") 2>/dev/null || return 1
  local -a f
  read -r -a f <<<"${stat##*) }"
  printf '%s' "${f[2]}"
}

# Remember a process we started: .stack/pids/NAME.pid (the PID) and NAME.start (its start time).
write_pid() {
  local name=$1 pid=$2
  mkdir -p "$STACK_PIDS"
  printf '%s\n' "$pid" >"$STACK_PIDS/$name.pid"
  proc_start_time "$pid" >"$STACK_PIDS/$name.start" || true
}

# Prints the PID of NAME when the process we started is still alive; else cleans up, fails.
live_pid() {
  local name=$1 pid start
  [[ -f $STACK_PIDS/$name.pid ]] || return 1
  pid=$(<"$STACK_PIDS/$name.pid")
  if [[ $pid =~ ^[0-9]+$ ]] && proc_alive "$pid"; then
    start=$(cat "$STACK_PIDS/$name.start" 2>/dev/null || true)
    if [[ -z $start || ! -e /proc/$pid || $(proc_start_time "$pid") == "$start" ]]; then
      printf '%s' "$pid"
      return 0
    fi
  fi
  rm -f "$STACK_PIDS/$name.pid" "$STACK_PIDS/$name.start"
  return 1
}

# start_bg NAME LOG COMMAND...: run COMMAND in the background, in a session (and so a process
# group) of its own, so that a stop can signal it with all its children and a Ctrl-C in the
# terminal does not reach it. Sets STARTED_PID. Closes fd 9 (dev/stack's lock).
start_bg() {
  local name=$1 log=$2
  shift 2
  mkdir -p "$(dirname "$log")"
  printf '\n===== %s: starting %s: %s\n' "$(date '+%F %T')" "$name" "$*" >>"$log"
  if have setsid; then
    # bash does not make a background child a group leader, so setsid execs in place: $! is it.
    setsid "$@" </dev/null >>"$log" 2>&1 9>&- &
    STARTED_PID=$!
  else
    set -m
    "$@" </dev/null >>"$log" 2>&1 9>&- &
    STARTED_PID=$!
    set +m
  fi
  write_pid "$name" "$STARTED_PID"
}

# The process to measure: kc.sh runs java as a child, so prefer a java child of PID.
main_process() {
  local pid=$1 p comm
  comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  if [[ $comm != java ]]; then
    for p in /proc/[0-9]*; do
      p=${p#/proc/}
      [[ $(cat "/proc/$p/comm" 2>/dev/null) == java ]] || continue
      local stat
      stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
      local -a f
      read -r -a f <<<"${stat##*) }"
      if [[ ${f[1]} == "$pid" ]]; then
        printf '%s' "$p"
        return
      fi
    done
  fi
  printf '%s' "$pid"
}

# Resident memory of a process in MB ("-" when unknown).
rss_mb() {
  local kb
  kb=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status" 2>/dev/null || true)
  if [[ -n $kb ]]; then printf '%d' $((kb / 1024)); else printf -- '-'; fi
}

# Is the process alive? A zombie is not (PID 1 of some containers reaps them only now and then).
proc_alive() {
  [[ -d /proc/self ]] || { kill -0 "$1" 2>/dev/null; return; }
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [[ ${stat##*) } != Z* ]]
}

# Is any live process left in process group $1?
group_alive() {
  local p stat
  for p in /proc/[0-9]*; do
    stat=$(cat "$p/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    [[ $stat != Z* ]] || continue
    local -a f
    read -r -a f <<<"$stat"
    [[ ${f[2]} == "$1" ]] && return 0
  done
  return 1
}

# stop_pid NAME SIGNAL TIMEOUT [group]: signal the process we started (its whole process group
# with "group"), wait up to TIMEOUT seconds, then SIGKILL. Never touches anything else.
stop_pid() {
  local name=$1 sig=$2 timeout=$3 scope=${4:-} pid group=
  pid=$(live_pid "$name") || return 0
  if [[ $scope == group && $(proc_pgid "$pid") == "$pid" ]]; then
    group=$pid
  fi
  alive() { if [[ -n $group ]]; then group_alive "$group"; else proc_alive "$pid"; fi; }
  kill "-$sig" -- "${group:+-}$pid" 2>/dev/null || true
  local deadline=$((SECONDS + timeout))
  while alive; do
    if ((SECONDS >= deadline)); then
      warn "$name (PID $pid) still running after ${timeout}s: sending SIGKILL"
      kill -KILL -- "${group:+-}$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.1
  done
  rm -f "$STACK_PIDS/$name.pid" "$STACK_PIDS/$name.start"
}

# Last lines of a log, to show with a failure.
log_tail() {
  [[ -f $1 ]] || return 0
  printf -- '----- last lines of %s -----\n' "$1" >&2
  tail -n "${2:-25}" "$1" >&2 || true
  printf -- '-----\n' >&2
}
