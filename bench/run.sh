#!/usr/bin/env bash
# Strangler proxy benchmark: the same nginx static backend measured (1) directly, (2) through the
# Strangler proxy jar and (3) through nginx as a keep-alive reverse proxy, for 1 KiB and 64 KiB
# bodies, on 127.0.0.1 only. Peak throughput with wrk, then latency at a fixed rate with h2load.
# Usage: bench/run.sh            (see bench/README.md for the BENCH_* knobs)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

DURATION=${BENCH_DURATION:-12}            # seconds per measured run
WARMUP=${BENCH_WARMUP:-3}                 # unmeasured seconds before every measured run
JVM_WARMUP=${BENCH_JVM_WARMUP:-15}        # minimum extra warm-up of a JVM per body size (s); it goes on in 5 s
JVM_WARMUP_MAX=${BENCH_JVM_WARMUP_MAX:-60} # steps until three in a row agree within 5 %, at most this long
CONNS=${BENCH_CONNECTIONS:-64}            # wrk / h2load connections
# httpproxy and vertxpipe are the floors under Strangler's cost (bench/ForwardingFloor.java): the same Vert.x setup
# with vertx-http-proxy alone, and with no proxy library at all.
PATHS=${BENCH_PATHS:-"direct strangler httpproxy vertxpipe nginx"}
SIZES=${BENCH_SIZES:-"1k 64k"}
FIXED_RATE=${BENCH_FIXED_RATE:-1}         # 0 skips the fixed-rate latency runs
PORT_BACKEND=${BENCH_PORT_BACKEND:-18181}
PORT_STRANGLER=${BENCH_PORT_STRANGLER:-18180}
PORT_NGINX=${BENCH_PORT_NGINX:-18182}
PORT_ALT=${BENCH_PORT_ALT:-18183}         # path "alt": a second Strangler JVM, for A/B runs of a variant
PORT_HTTPPROXY=${BENCH_PORT_HTTPPROXY:-18184}
PORT_VERTXPIPE=${BENCH_PORT_VERTXPIPE:-18185}
EVENT_LOOPS=${BENCH_EVENT_LOOPS:-1}      # Strangler event loops (STRANGLER_EVENT_LOOPS) = nginx proxy worker_processes
TRANSPORT=${BENCH_TRANSPORT:-auto}        # STRANGLER_TRANSPORT of Strangler, alt and the floors: auto (epoll), io_uring, nio
ROUNDS=${BENCH_ROUNDS:-3}                 # peak runs per path and size, interleaved; the tables show medians (one round moves by ±10–25 % on a shared host)
STRANGLER_JAR=${STRANGLER_JAR:-$REPO/strangler-proxy/target/strangler-proxy.jar}
STRANGLER_JAVA_OPTS=${STRANGLER_JAVA_OPTS:-}
ALT_JAR=${ALT_JAR:-$STRANGLER_JAR}
ALT_JAVA_OPTS=${ALT_JAVA_OPTS:-}
ALT_ENV=${ALT_ENV:-}                      # environment added to the alt JVM only (e.g. STRANGLER_TRANSPORT=io_uring)
LABEL=${BENCH_LABEL:-}
# Any other name in BENCH_PATHS is a route prefix on the Strangler JVM: path "plain" requests /plain/1k.bin from it.
# STRANGLER_ENV adds environment to that JVM (e.g. STRANGLER_ROUTES_FILE=...), BENCH_BASELINE names the path the
# others are compared with in the summary (throughput and fixed-rate p99 ratios). bench/shadow.sh uses all three.
STRANGLER_ENV=${STRANGLER_ENV:-}
# Access logs, the same on both proxies: off (nginx `access_log off`, STRANGLER_ACCESS_LOG=off) or on (nginx writes
# its combined log to a file, Strangler its JSON lines to its log file). The backend never logs.
ACCESS_LOG=${BENCH_ACCESS_LOG:-off}
case "$ACCESS_LOG" in on|off) ;; *) echo "BENCH_ACCESS_LOG must be on or off" >&2; exit 2;; esac
BASELINE=${BENCH_BASELINE:-}
# BENCH_HEADER_<path>="Name: value" adds a request header on that path (bench/report.sh sends a session cookie).
# BENCH_IDLE_CONNECTIONS=N (0 = skip) ends the run by holding N idle keep-alive connections open to each path of
# BENCH_IDLE_PATHS (default: strangler and nginx, those measured) and recording the proxy's resident memory.
IDLE_CONNECTIONS=${BENCH_IDLE_CONNECTIONS:-0}
IDLE_PATHS=${BENCH_IDLE_PATHS:-"strangler nginx"}
# BENCH_PROFILE=1 profiles every measured peak run of a JVM path (Strangler, alt, the floors) with async-profiler
# (CPU samples every BENCH_PROFILE_INTERVAL, loaded into the running JVM for that run only) and appends the split of
# each run's CPU per request by layer to the results (bench/ProfileSplit.java); the collapsed stacks are kept beside
# the results file. The profiler costs throughput: compare profiled runs with each other, not with unprofiled ones.
PROFILE=${BENCH_PROFILE:-0}
PROFILE_INTERVAL=${BENCH_PROFILE_INTERVAL:-1ms}
ASYNC_PROFILER_VERSION=${BENCH_ASYNC_PROFILER_VERSION:-4.2} # tools.profiler:async-profiler on Maven Central
HOST=127.0.0.1                            # loopback only, never anything else

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- tools
need_apt=()
command -v nginx  >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
command -v wrk    >/dev/null 2>&1 || need_apt+=(wrk)
command -v h2load >/dev/null 2>&1 || need_apt+=(nghttp2-client)
command -v curl   >/dev/null 2>&1 || need_apt+=(curl)
command -v taskset >/dev/null 2>&1 || need_apt+=(util-linux)
if [ ${#need_apt[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${need_apt[*]}: install them (apt-get install ${need_apt[*]}) or run as root"
  log "installing ${need_apt[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

. "$REPO/bin/lib.sh" # find_jdk, java_major, use_jdk: the same JDK lookup as ./lab and .ci/run
use_jdk || die "no JDK >= 21 in JAVA_HOME, /usr/lib/jvm or on PATH"
JDK=$JAVA_HOME
JAVA="$JDK/bin/java"
JAVA_V=$(java_major "$JDK")

AP_LIB=""
if [ "$PROFILE" = 1 ]; then
  ap_jar=$HOME/.m2/repository/tools/profiler/async-profiler/$ASYNC_PROFILER_VERSION/async-profiler-$ASYNC_PROFILER_VERSION.jar
  if [ ! -f "$ap_jar" ]; then
    log "fetching async-profiler $ASYNC_PROFILER_VERSION from Maven Central"
    mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION" >/dev/null \
      || die "could not fetch tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION"
  fi
  case $(uname -m) in x86_64) ap_arch=linux-x64;; aarch64) ap_arch=linux-arm64;; *) die "no async-profiler for $(uname -m)";; esac
  ap_dir=${TMPDIR:-/tmp}/strangler-bench-async-profiler-$ASYNC_PROFILER_VERSION
  mkdir -p "$ap_dir"
  (cd "$ap_dir" && "$JDK/bin/jar" xf "$ap_jar" "$ap_arch/libasyncProfiler.so")
  AP_LIB=$ap_dir/$ap_arch/libasyncProfiler.so
  [ -f "$AP_LIB" ] || die "no $ap_arch/libasyncProfiler.so in $ap_jar"
fi

if [ ! -f "$STRANGLER_JAR" ]; then
  log "building $STRANGLER_JAR with $JDK"
  command -v mvn >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null; } || die "mvn missing"
  (cd "$REPO" && { mvn -B -q -o -pl strangler-proxy -am package -DskipTests 2>/dev/null \
                  || mvn -B -q -pl strangler-proxy -am package -DskipTests; }) || die "build failed"
  [ -f "$STRANGLER_JAR" ] || die "build produced no $STRANGLER_JAR"
fi

# ---------------------------------------------------------------- CPU layout
NCPU=$(nproc)
if [ "$NCPU" -ge 3 ]; then
  CPU_CLIENT=${BENCH_CPU_CLIENT:-0}; CPU_BACKEND=${BENCH_CPU_BACKEND:-1}; CPU_PROXY=${BENCH_CPU_PROXY:-2}
elif [ "$NCPU" -eq 2 ]; then
  # Load generator and backend share core 0; the proxy under test (Strangler or nginx) owns core 1.
  CPU_CLIENT=${BENCH_CPU_CLIENT:-0}; CPU_BACKEND=${BENCH_CPU_BACKEND:-0}; CPU_PROXY=${BENCH_CPU_PROXY:-1}
else
  CPU_CLIENT=0; CPU_BACKEND=0; CPU_PROXY=0
fi
# On a shared machine every benchmark process runs at a higher priority (nice -10 as root) so other
# workloads steal less CPU from the measurement; BENCH_NICE=0 turns that off.
NICE=${BENCH_NICE:-$([ "$(id -u)" = 0 ] && echo -10 || echo 0)}
PRIO=(); [ "$NICE" != 0 ] && PRIO=(nice -n "$NICE")
# With sched_autogroup (the Debian default) nice only ranks processes inside one session's autogroup:
# the benchmark's autogroup itself gets the priority for the duration of the run (restored on exit).
AUTOGROUP_OLD=""
if [ "$NICE" != 0 ] && [ "$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null)" = 1 ] && [ -w /proc/self/autogroup ]; then
  AUTOGROUP_OLD=$(awk '{print $3}' /proc/self/autogroup)
  echo "$NICE" > /proc/self/autogroup 2>/dev/null || AUTOGROUP_OLD=""
fi
pin() { local cpu=$1; shift; if [ "${BENCH_PIN:-1}" = 1 ]; then "${PRIO[@]}" taskset -c "$cpu" "$@"; else "${PRIO[@]}" "$@"; fi; }
# For background servers: nice and taskset exec the server, so $! is the server's own pid.
PIN_BACKEND=("${PRIO[@]}"); PIN_PROXY=("${PRIO[@]}")
[ "${BENCH_PIN:-1}" = 1 ] && { PIN_BACKEND+=(taskset -c "$CPU_BACKEND"); PIN_PROXY+=(taskset -c "$CPU_PROXY"); }

# ---------------------------------------------------------------- work dir and cleanup
WORK=$(mktemp -d /tmp/strangler-bench.XXXXXX)
chmod 755 "$WORK"                          # nginx workers run as nobody and must read www/
PIDS=()
cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${AUTOGROUP_OLD:-}" ] && { echo "$AUTOGROUP_OLD" > /proc/self/autogroup; } 2>/dev/null
  [ "${BENCH_KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
for p in $PORT_BACKEND $PORT_STRANGLER $PORT_NGINX $PORT_ALT $PORT_HTTPPROXY $PORT_VERTXPIPE; do port_open "$p" && die "port $p is already in use (set BENCH_PORT_*)"; done
wait_port() { local port=$1 pid=$2 i; for i in $(seq 1 300); do port_open "$port" && return 0; kill -0 "$pid" 2>/dev/null || return 1; sleep 0.1; done; return 1; }

# ---------------------------------------------------------------- backend + nginx proxy
mkdir -p "$WORK/www"
head -c 1024  /dev/urandom > "$WORK/www/1k.bin"
head -c 65536 /dev/urandom > "$WORK/www/64k.bin"
chmod -R a+rX "$WORK/www"

nginx_common() { # $1 = name
  cat <<EOF
worker_processes 1;
daemon off;
pid $WORK/$1.pid;
error_log $WORK/$1.error.log warn;
worker_rlimit_nofile 40000;
events { worker_connections 16384; multi_accept on; }
http {
  access_log off;
  default_type application/octet-stream;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_timeout 120s;
  keepalive_requests 100000000;
  client_body_temp_path $WORK/$1.tmp/body;
  proxy_temp_path $WORK/$1.tmp/proxy;
  fastcgi_temp_path $WORK/$1.tmp/fastcgi;
  uwsgi_temp_path $WORK/$1.tmp/uwsgi;
  scgi_temp_path $WORK/$1.tmp/scgi;
EOF
}
{ nginx_common backend; cat <<EOF
  open_file_cache max=16;
  open_file_cache_valid 600s;
  server {
    listen $HOST:$PORT_BACKEND backlog=4096;
    root $WORK/www;
    location / { }
  }
}
EOF
} > "$WORK/backend.conf"
# The nginx proxy gets as many workers as the Strangler proxy has event loops (1 by default).
{ nginx_common nginxproxy | sed "s/^worker_processes 1;/worker_processes $EVENT_LOOPS;/"; cat <<EOF
  upstream legacy {
    server $HOST:$PORT_BACKEND;
    keepalive 64;
    keepalive_requests 100000000;
    keepalive_timeout 120s;
  }
  server {
    listen $HOST:$PORT_NGINX backlog=4096;
    $( [ "$ACCESS_LOG" = on ] && echo "access_log $WORK/nginxproxy.access.log;" )
    location / {
      proxy_pass http://legacy;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$http_host;
      # Buffer a 64 KiB reply in memory, never on disk.
      proxy_buffering on;
      proxy_buffer_size 16k;
      proxy_buffers 8 16k;
      proxy_busy_buffers_size 32k;
      proxy_max_temp_file_size 0;
    }
  }
}
EOF
} > "$WORK/nginxproxy.conf"

check_nginx_conf() {
  mkdir -p "$WORK/$1.tmp"
  "$NGINX" -t -q -p "$WORK" -c "$WORK/$1.conf" 2>"$WORK/$1.test.log" || { cat "$WORK/$1.test.log" >&2; die "nginx config $1 invalid"; }
}
check_nginx_conf backend
"${PIN_BACKEND[@]}" "$NGINX" -p "$WORK" -c "$WORK/backend.conf" >"$WORK/backend.out" 2>&1 &
BACKEND_PID=$!; PIDS+=("$BACKEND_PID")
wait_port "$PORT_BACKEND" "$BACKEND_PID" || { cat "$WORK/backend.error.log" "$WORK/backend.out" >&2 || true; die "backend nginx did not start"; }

case " $PATHS " in *" nginx "*)
  check_nginx_conf nginxproxy
  "${PIN_PROXY[@]}" "$NGINX" -p "$WORK" -c "$WORK/nginxproxy.conf" >"$WORK/nginxproxy.out" 2>&1 &
  NGINXPROXY_PID=$!; PIDS+=("$NGINXPROXY_PID")
  wait_port "$PORT_NGINX" "$NGINXPROXY_PID" || { cat "$WORK/nginxproxy.error.log" "$WORK/nginxproxy.out" >&2 || true; die "nginx proxy did not start"; } ;;
esac

JVM_FLAGS=()
[ "$JAVA_V" -ge 24 ] && [ "${BENCH_JVM_DEFAULT_FLAGS:-0}" = 1 ] && JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
prefixed() { case $1 in direct|strangler|nginx|alt|httpproxy|vertxpipe) return 1;; *) return 0;; esac; }
jvm_path() { case $1 in direct|nginx) return 1;; *) return 0;; esac; } # Strangler, alt, a floor or a route prefix
NEEDS_STRANGLER=""
for p in $PATHS; do { [ "$p" = strangler ] || prefixed "$p"; } && NEEDS_STRANGLER=1; done
case "$NEEDS_STRANGLER" in 1)
  # shellcheck disable=SC2086
  env STRANGLER_ACCESS_LOG=$ACCESS_LOG STRANGLER_TRANSPORT=$TRANSPORT $STRANGLER_ENV STRANGLER_PUBLIC_HOST=$HOST STRANGLER_PUBLIC_PORT=$PORT_STRANGLER STRANGLER_LEGACY_URL=http://$HOST:$PORT_BACKEND STRANGLER_EVENT_LOOPS=$EVENT_LOOPS \
    "${PIN_PROXY[@]}" "$JAVA" "${JVM_FLAGS[@]}" $STRANGLER_JAVA_OPTS -jar "$STRANGLER_JAR" >"$WORK/strangler.log" 2>&1 &
  STRANGLER_PID=$!; PIDS+=("$STRANGLER_PID")
  wait_port "$PORT_STRANGLER" "$STRANGLER_PID" || { cat "$WORK/strangler.log" >&2; die "Strangler proxy did not start"; } ;;
esac
case " $PATHS " in *" alt "*)
  # shellcheck disable=SC2086
  env STRANGLER_ACCESS_LOG=$ACCESS_LOG STRANGLER_TRANSPORT=$TRANSPORT $ALT_ENV STRANGLER_PUBLIC_HOST=$HOST STRANGLER_PUBLIC_PORT=$PORT_ALT STRANGLER_LEGACY_URL=http://$HOST:$PORT_BACKEND STRANGLER_EVENT_LOOPS=$EVENT_LOOPS \
    "${PIN_PROXY[@]}" "$JAVA" "${JVM_FLAGS[@]}" $ALT_JAVA_OPTS -jar "$ALT_JAR" >"$WORK/alt.log" 2>&1 &
  ALT_PID=$!; PIDS+=("$ALT_PID")
  wait_port "$PORT_ALT" "$ALT_PID" || { cat "$WORK/alt.log" >&2; die "alt Strangler proxy did not start"; } ;;
esac

declare -A FLOOR_PID
for f in httpproxy vertxpipe; do case " $PATHS " in *" $f "*)
  fport=PORT_${f^^}
  # shellcheck disable=SC2086
  "${PIN_PROXY[@]}" "$JAVA" "${JVM_FLAGS[@]}" $STRANGLER_JAVA_OPTS -cp "$STRANGLER_JAR" "$BENCH_DIR/ForwardingFloor.java" \
    "$f" "$HOST" "${!fport}" "$PORT_BACKEND" "$EVENT_LOOPS" "$TRANSPORT" >"$WORK/$f.log" 2>&1 &
  FLOOR_PID[$f]=$!; PIDS+=("$!")
  wait_port "${!fport}" "$!" || { cat "$WORK/$f.log" >&2; die "$f floor did not start"; } ;;
esac; done

port_of() { case $1 in direct) echo "$PORT_BACKEND";; strangler) echo "$PORT_STRANGLER";; nginx) echo "$PORT_NGINX";; alt) echo "$PORT_ALT";;
                       httpproxy) echo "$PORT_HTTPPROXY";; vertxpipe) echo "$PORT_VERTXPIPE";; *) echo "$PORT_STRANGLER";; esac; }
# The URL of a body on a path: prefixed paths put their name in front.
url_of() { if prefixed "$1"; then echo "http://$HOST:$(port_of "$1")/$1/$2.bin"; else echo "http://$HOST:$(port_of "$1")/$2.bin"; fi; }
pids_of() { # every pid whose CPU time is the path's proxy cost
  case $1 in
    strangler) echo "$STRANGLER_PID" ;;
    alt) echo "$ALT_PID" ;;
    httpproxy|vertxpipe) echo "${FLOOR_PID[$1]}" ;;
    backend) echo "$BACKEND_PID $(pgrep -P "$BACKEND_PID" | tr '\n' ' ')" ;;
    nginx) echo "$NGINXPROXY_PID $(pgrep -P "$NGINXPROXY_PID" | tr '\n' ' ')" ;;
    *) echo "$STRANGLER_PID" ;;
  esac
}
bytes_of() { case $1 in 1k) echo 1024;; 64k) echo 65536;; *) die "unknown size $1";; esac; }
header_of() { local v="BENCH_HEADER_$1"; printf '%s' "${!v:-}"; }
# wrk/h2load/curl arguments for the path's header, if it has one: hdr_args <path> <flag>
hdr_args() { local h; h=$(header_of "$1"); [ -n "$h" ] && printf '%s\n%s\n' "$2" "$h"; return 0; }

# Sanity: every path returns the right body.
for path in $PATHS; do for size in $SIZES; do
  mapfile -t H < <(hdr_args "$path" -H)
  got=$(curl -s --noproxy '*' "${H[@]}" -o /dev/null -w '%{http_code} %{size_download}' "$(url_of "$path" "$size")")
  [ "$got" = "200 $(bytes_of "$size")" ] || die "$path /$size.bin answered '$got'"
done; done

# ---------------------------------------------------------------- measuring helpers
TCK=$(getconf CLK_TCK)
proc_ticks() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
# "busy idle" ticks per core, and over all cores, from /proc/stat
cpu_snapshot() { awk '/^cpu/ {b=$2+$3+$4+$7+$8+$9; i=$5+$6; printf "%s %d %d\n", $1, b, i}' /proc/stat; }
busy_pct() { # before-file after-file core-name
  awk -v c="$3" 'NR==FNR { if ($1==c) {b=$2; i=$3}; next } $1==c { db=$2-b; di=$3-i; printf "%.0f", (db+di) ? 100*db/(db+di) : 0 }' "$1" "$2"
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

cat > "$WORK/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCHRESULT %.1f %d %d %d %d %d %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max,
    e.connect + e.read + e.write + e.timeout, e.status, summary.requests))
end
EOF

# Sends async-profiler a command in a running JVM (pid, command); jcmd takes the quoted command as one value (unquoted it
# would split it at '='), and says whether the agent accepted it only in its output.
profiler() { "$JDK/bin/jcmd" "$1" JVMTI.agent_load "$AP_LIB" "\"$2\"" 2>&1 | grep -q 'return code: 0'; }
run_wrk() { # path size seconds -> prints the BENCHRESULT line plus CPU figures
  local path=$1 size=$2 secs=$3 url ppids bpids p0 p1 b0 b1 tfile
  url=$(url_of "$path" "$size")
  ppids=$(pids_of "$path"); bpids=$(pids_of backend)
  local t0 t1 el
  local profiled="" # started before the CPU snapshot: attaching it is not the path's cost
  if [ -n "$AP_LIB" ] && jvm_path "$path"; then
    profiled=${ppids%% *}
    profiler "$profiled" "start,event=cpu,interval=$PROFILE_INTERVAL" \
      || { log "async-profiler did not start in $path (pid $profiled)"; profiled=""; }
  fi
  p0=$(proc_ticks $ppids); b0=$(proc_ticks $bpids); cpu_snapshot > "$WORK/cpu0"; t0=$(date +%s%N)
  tfile=$WORK/wrk.time
  local H; mapfile -t H < <(hdr_args "$path" -H)
  { TIMEFORMAT='%U %S'; time pin "$CPU_CLIENT" wrk -t1 -c"$CONNS" -d"${secs}s" --timeout 10s "${H[@]}" -s "$WORK/report.lua" "$url" > "$WORK/wrk.out" 2>&1; } 2> "$tfile"
  cpu_snapshot > "$WORK/cpu1"; p1=$(proc_ticks $ppids); b1=$(proc_ticks $bpids); t1=$(date +%s%N)
  local stacks="$PROFILE_DIR/$size-$path-r${round:-1}.collapsed"
  if [ -n "$profiled" ]; then
    mkdir -p "$PROFILE_DIR"
    profiler "$profiled" "stop,file=$stacks,collapsed" || log "async-profiler did not stop in $path (pid $profiled)"
  fi
  el=$(( (t1 - t0) / 10000000 ))   # elapsed wall time in 1/100 s (CPU % are over the whole window)
  local line; line=$(grep '^BENCHRESULT' "$WORK/wrk.out") || { cat "$WORK/wrk.out" >&2; die "wrk failed on $url"; }
  local wrk_cpu; wrk_cpu=$(awk -v e="$el" '{printf "%.0f", 10000*($1+$2)/e}' "$tfile")
  local proxy_cpu=- ; [ "$path" != direct ] && proxy_cpu=$(( (p1 - p0) * 10000 / TCK / el ))
  local backend_cpu=$(( (b1 - b0) * 10000 / TCK / el ))
  local allbusy; allbusy=$(busy_pct "$WORK/cpu0" "$WORK/cpu1" cpu)
  # other = CPU used by processes other than wrk/backend/proxy (other engineers' builds, kthreads), in % of one core
  local other; other=$(awk -v a="$allbusy" -v n="$NCPU" -v w="$wrk_cpu" -v b="$backend_cpu" -v p="${proxy_cpu/-/0}" 'BEGIN{o=a*n-w-b-p; if(o<0)o=0; printf "%.0f", o}')
  if [ -n "$profiled" ] && [ -s "$stacks" ]; then
    echo "$size $path ${round:-1} $(awk -v c="$proxy_cpu" -v r="$(awk '{print $2}' <<<"$line")" 'BEGIN {printf "%.2f", c*10000/r}') $stacks" \
      >> "$PROFILE_DIR/index.txt"
  fi
  echo "$line $proxy_cpu $backend_cpu $wrk_cpu $other $(busy_pct "$WORK/cpu0" "$WORK/cpu1" cpu$CPU_PROXY)"
}

warm() { local H; mapfile -t H < <(hdr_args "$1" -H); pin "$CPU_CLIENT" wrk -t1 -c"$CONNS" -d"${2}s" "${H[@]}" "$(url_of "$1" "$3")" >/dev/null 2>&1 || true; }
# JIT warm-up on a contended core takes long and varies: warm in 5 s steps until throughput settles.
# Three steps in a row must agree: two can sit on a plateau before C2 has compiled the hot path (a run on 2026-12-01 went
# 2,279 -> 6,476 -> 6,594 req/s and stopped there, its first measured round far below the next two).
within5() { awk -v a="$1" -v b="$2" 'BEGIN{d=(b-a)/a; exit !(a > 0 && d < 0.05 && d > -0.05)}'; }
jvm_warm() { # path size -> prints the req/s of every step
  local t=0 prev2=0 prev=0 cur steps="" H
  mapfile -t H < <(hdr_args "$1" -H)
  while [ "$t" -lt "$JVM_WARMUP_MAX" ]; do
    cur=$(pin "$CPU_CLIENT" wrk -t1 -c"$CONNS" -d5s "${H[@]}" "$(url_of "$1" "$2")" 2>/dev/null | awk '/^Requests\/sec/ {printf "%.0f", $2}')
    t=$((t + 5)); steps+="${cur:-0} "
    if [ "$t" -ge "$JVM_WARMUP" ] && [ "${cur:-0}" -gt 0 ] && within5 "$prev2" "$prev" && within5 "$prev" "$cur"; then break; fi
    prev2=$prev; prev=${cur:-0}
  done
  echo "$steps"
}

# ---------------------------------------------------------------- run
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS_DIR=${BENCH_RESULTS_DIR:-$BENCH_DIR/results}
mkdir -p "$RESULTS_DIR"
OUT="$RESULTS_DIR/$STAMP${LABEL:+-$LABEL}.txt"
PROFILE_DIR="$RESULTS_DIR/$STAMP${LABEL:+-$LABEL}-profile"
RAW=$WORK/raw.txt; : > "$RAW"
T_START=$(date +%s)

{
  echo "# Strangler proxy benchmark $STAMP${LABEL:+ ($LABEL)}"
  echo "host: $(uname -srm), $NCPU cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "load average at start: $(loadavg)"
  echo "java: $("$JAVA" -version 2>&1 | head -1) ($JDK)"
  echo "strangler jar: $STRANGLER_JAR ($(stat -c '%y' "$STRANGLER_JAR" | cut -d. -f1))"
  echo "strangler JVM flags: ${JVM_FLAGS[*]:-} ${STRANGLER_JAVA_OPTS:-(none)}"
  echo "access logs (both proxies): $ACCESS_LOG (BENCH_ACCESS_LOG)"
  case " $PATHS " in *" alt "*) echo "alt: $ALT_JAR, JVM flags: ${JVM_FLAGS[*]:-} ${ALT_JAVA_OPTS:-(none)}, environment: ${ALT_ENV:-(none)}";; esac
  echo "nginx: $("$NGINX" -v 2>&1 | sed 's/.*: //'), wrk: $(wrk -v 2>&1 | head -1 | awk '{print $2}'), h2load: $(h2load --version 2>&1 | awk '{print $NF; exit}')"
  echo "Strangler event loops (STRANGLER_EVENT_LOOPS) and nginx proxy worker_processes: $EVENT_LOOPS"
  echo "event loop transport (STRANGLER_TRANSPORT, BENCH_TRANSPORT) of Strangler, alt and the floors: $TRANSPORT; the JVMs say: $(for f in strangler alt httpproxy vertxpipe; do [ -f "$WORK/$f.log" ] && printf '%s %s; ' "$f" "$(grep -ho 'transport: [^,]*' "$WORK/$f.log" | head -1 | sed 's/transport: //')"; done)"
  echo "floors (bench/ForwardingFloor.java, same Vert.x, transport, codec chunks, pool and event loops as Strangler, none of its work):"
  echo "  httpproxy = vertx-http-proxy alone; vertxpipe = a Vert.x HttpServer request piped to an HttpClient request, no proxy library"
  echo "pinning: wrk/h2load on CPU $CPU_CLIENT, backend nginx on CPU $CPU_BACKEND, proxy under test (Strangler JVM or nginx proxy) on CPU $CPU_PROXY$([ "${BENCH_PIN:-1}" = 1 ] || echo ' (DISABLED)')"
  echo "wrk: 1 thread, $CONNS connections, ${DURATION}s per run after ${WARMUP}s warm-up; each JVM is first warmed ${JVM_WARMUP}-${JVM_WARMUP_MAX}s per size, until three 5 s steps in a row agree within 5 %"
  echo "priority: ${PRIO[*]:-default} for every benchmark process${AUTOGROUP_OLD:+, and autogroup nice $NICE (was $AUTOGROUP_OLD)}"
  echo
} > "$OUT"
cat "$OUT" >&2

declare -A RPS P50 P99 P999 ERR PCPU RANGE
median() { tr ' ' '\n' | { grep -v '^$' || true; } | sort -g | awk '{v[NR]=$1} END {if (!NR) print "-"; else print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
for size in $SIZES; do
  for path in $PATHS; do
    if jvm_path "$path" && [ "$JVM_WARMUP" -gt 0 ]; then
      log "JVM warm-up: $path /$size.bin, ${JVM_WARMUP}-${JVM_WARMUP_MAX}s"
      steps=$(jvm_warm "$path" "$size")
      log "  -> req/s per 5 s step: $steps"
      echo "JVM warm-up $path /$size.bin, req/s per 5 s step: $steps" >> "$WORK/warmup.txt"
    fi
  done
  for round in $(seq 1 "$ROUNDS"); do
    for path in $PATHS; do
      [ "$WARMUP" -gt 0 ] && warm "$path" "$WARMUP" "$size"
      la=$(loadavg)
      log "measure $path /$size.bin ${DURATION}s, round $round/$ROUNDS (load $la)"
      res=$(run_wrk "$path" "$size" "$DURATION")
      echo "peak $size $path $la $res $round" >> "$RAW"
      read -r _ rps p50 p99 p999 max errs non2xx reqs pcpu bcpu wcpu other pcore <<<"$res"
      log "  -> $rps req/s, p50 $p50 us, p99 $p99 us, errors $((errs + non2xx)), proxy CPU ${pcpu}%, other ${other}%"
    done
  done
  for path in $PATHS; do
    col() { awk -v s="$size" -v p="$path" -v c="$1" '$1=="peak" && $2==s && $3==p {printf "%s ", $c}' "$RAW"; }
    RPS[$size.$path]=$(col 8 | median); P50[$size.$path]=$(col 9 | median); P99[$size.$path]=$(col 10 | median)
    P999[$size.$path]=$(col 11 | median); PCPU[$size.$path]=$(col 16 | sed 's/-//g' | median)
    ERR[$size.$path]=$(awk -v s="$size" -v p="$path" '$1=="peak" && $2==s && $3==p {e += $13 + $14} END {print e+0}' "$RAW")
    RANGE[$size.$path]=$(col 8 | tr ' ' '\n' | { grep -v '^$' || true; } | sort -g | awk 'NR==1{a=$1} {b=$1} END {printf "%.0f-%.0f", a, b}')
  done
done

ms() { awk -v u="$1" 'BEGIN{printf "%.2f", u/1000}'; }
dms() { awk -v a="$1" -v b="$2" 'BEGIN{d=(a-b)/1000; printf "%s%.2f", (d>=0?"+":""), d}'; }
cpu_us() { awk -v c="$1" -v r="$2" 'BEGIN{ if (c=="-" || c=="" || r<=0) print "-"; else printf "%.0f", c*10000/r }'; }
{
  echo "## Peak throughput (wrk, closed loop, $CONNS connections, ${DURATION}s per run, $ROUNDS round(s) interleaved)"
  echo "CPU columns in % of one core over the run; 'other' = CPU used outside the benchmark (other builds,"
  echo "kernel threads); proxyC = busy % of the proxy's core $CPU_PROXY; us/req = proxy CPU microseconds per request;"
  echo "load = 1/5/15-min load average just before the run."
  printf '%-5s %-10s %2s %9s %7s %7s %8s %5s %6s %6s %5s %5s %6s %6s  %s\n' body path r req/s p50ms p99ms p99.9ms errs proxy backnd wrk other proxyC us/req load
  while read -r kind size path l1 l2 l3 _ rps p50 p99 p999 max errs non2xx reqs pcpu bcpu wcpu other pcore round; do
    [ "$kind" = peak ] || continue
    printf '%-5s %-10s %2s %9.0f %7s %7s %8s %5s %5s%% %5s%% %4s%% %4s%% %5s%% %6s  %s\n' "$size" "$path" "$round" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$(ms "$p999")" \
      "$((errs + non2xx))" "$pcpu" "$bcpu" "$wcpu" "$other" "$pcore" "$(cpu_us "$pcpu" "$rps")" "$l1 $l2 $l3"
  done < "$RAW"
  echo
  if [ "$ROUNDS" -gt 1 ]; then
    echo "### Medians over $ROUNDS rounds"
    printf '%-5s %-10s %9s %13s %7s %7s %8s %5s %6s %6s\n' body path req/s range p50ms p99ms p99.9ms errs proxy us/req
    for size in $SIZES; do for path in $PATHS; do
      k=$size.$path
      printf '%-5s %-10s %9.0f %13s %7s %7s %8s %5s %5s%% %6s\n' "$size" "$path" "${RPS[$k]}" "${RANGE[$k]}" "$(ms "${P50[$k]}")" "$(ms "${P99[$k]}")" "$(ms "${P999[$k]}")" \
        "${ERR[$k]}" "${PCPU[$k]:--}" "$(cpu_us "${PCPU[$k]:--}" "${RPS[$k]}")"
    done; done
    echo
  fi
  for size in $SIZES; do
    line="$size:"
    if [ -n "${RPS[$size.strangler]:-}" ] && [ -n "${RPS[$size.nginx]:-}" ]; then
      line+=" Strangler/nginx throughput = $(awk -v a="${RPS[$size.strangler]}" -v b="${RPS[$size.nginx]}" 'BEGIN{printf "%.2f", a/b}')."
    fi
    for f in httpproxy vertxpipe; do
      if [ -n "${RPS[$size.$f]:-}" ] && [ -n "${RPS[$size.nginx]:-}" ]; then
        line+=" $f floor/nginx = $(awk -v a="${RPS[$size.$f]}" -v b="${RPS[$size.nginx]}" 'BEGIN{printf "%.2f", a/b}')."
      fi
    done
    if [ -n "${RPS[$size.strangler]:-}" ] && [ -n "${RPS[$size.httpproxy]:-}" ]; then
      line+=" Strangler/httpproxy floor = $(awk -v a="${RPS[$size.strangler]}" -v b="${RPS[$size.httpproxy]}" 'BEGIN{printf "%.2f", a/b}')."
    fi
    if [ -n "${RPS[$size.strangler]:-}" ] && [ -n "${RPS[$size.alt]:-}" ]; then
      line+=" alt/strangler throughput = $(awk -v a="${RPS[$size.alt]}" -v b="${RPS[$size.strangler]}" 'BEGIN{printf "%.2f", a/b}')."
    fi
    if [ -n "$BASELINE" ] && [ -n "${RPS[$size.$BASELINE]:-}" ]; then
      for path in $PATHS; do
        [ "$path" != "$BASELINE" ] || continue
        line+=" $path/$BASELINE throughput = $(awk -v a="${RPS[$size.$path]}" -v b="${RPS[$size.$BASELINE]}" 'BEGIN{printf "%.3f", a/b}')."
      done
    fi
    if [ -n "${RPS[$size.direct]:-}" ]; then
      for path in strangler alt httpproxy vertxpipe nginx; do
        [ -n "${P99[$size.$path]:-}" ] || continue
        line+=" $path p99 $(dms "${P99[$size.$path]}" "${P99[$size.direct]}") ms vs direct (at peak load)."
      done
    fi
    echo "$line"
  done
  echo
} >> "$OUT"

# ---------------------------------------------------------------- fixed rate
if [ "$FIXED_RATE" = 1 ]; then
  {
    echo "## Latency at a fixed rate (h2load --h1 --rps, $CONNS connections, ${DURATION}s)"
    echo "Target = half of nginx-proxy's peak for that body size (BENCH_RATE_<size> overrides). h2load sends"
    echo "each connection's requests on a timer and times them from when they are actually written, so a"
    echo "path that cannot keep up shows a lower 'achieved' rate rather than the full queueing delay."
  } >> "$OUT"
  printf '%-5s %-10s %8s %9s %8s %8s %9s %8s %6s  %s\n' body path target achieved p50ms p99ms p99.9ms maxms errors load >> "$OUT"
  for size in $SIZES; do
    var=BENCH_RATE_$size
    rate=${!var:-}
    if [ -z "$rate" ]; then
      base=${RPS[$size.nginx]:-}
      [ -n "$base" ] || base=$(for p in $PATHS; do echo "${RPS[$size.$p]}"; done | sort -g | tail -1)
      rate=$(awk -v r="$base" 'BEGIN{printf "%d", r/2}')
    fi
    per_client=$(awk -v r="$rate" -v c="$CONNS" 'BEGIN{printf "%.3f", r/c}')
    for path in $PATHS; do
      warm "$path" 2 "$size"
      la=$(loadavg)
      log "fixed rate $path /$size.bin at $rate req/s (load $la)"
      rm -f "$WORK/h2.log"
      mapfile -t H < <(hdr_args "$path" -H)
      pin "$CPU_CLIENT" h2load --h1 -t1 -c"$CONNS" -D "$DURATION" --warm-up-time=1 --rps="$per_client" "${H[@]}" \
        --log-file="$WORK/h2.log" "$(url_of "$path" "$size")" > "$WORK/h2.out" 2>&1 || { cat "$WORK/h2.out" >&2; die "h2load failed"; }
      # h2load logs the few requests that span the end of its warm-up with status 0, while its summary counts them as
      # succeeded: they are not failures (the "64 KiB failures" of earlier runs), nor measured time, so they are left out.
      stats=$(awk -F'\t' '$2 != 0' "$WORK/h2.log" | sort -t$'\t' -k3,3n | awk -F'\t' -v d="$DURATION" '
        { v[NR]=$3; if ($2 !~ /^2/) bad++ }
        END { n=NR; if (!n) { print "0 0 0 0 0 0"; exit }
              i50=int(n*0.50); if(i50<1)i50=1; i99=int(n*0.99); if(i99<1)i99=1; i999=int(n*0.999); if(i999<1)i999=1
              printf "%.0f %d %d %d %d %d\n", n/d, v[i50], v[i99], v[i999], v[n], bad+0 }')
      failed=$(awk '/^requests:/ {print $10}' "$WORK/h2.out")
      read -r ach p50 p99 p999 max bad <<<"$stats"
      echo "fixed $size $path $la $rate $ach $p50 $p99 $p999 $max $((bad + ${failed:-0}))" >> "$RAW"
      printf '%-5s %-10s %8s %9s %8s %8s %9s %8s %6s  %s\n' "$size" "$path" "$rate" "$ach" "$(ms "$p50")" "$(ms "$p99")" "$(ms "$p999")" "$(ms "$max")" "$((bad + ${failed:-0}))" "$la" >> "$OUT"
      eval "FP99_${size}_$path=$p99"
      [ -n "$BASELINE" ] && [ "$path" != "$BASELINE" ] && [ -n "$(eval echo "\${FP99_${size}_$BASELINE:-}")" ] \
        && echo "$size at fixed rate: $path/$BASELINE p99 = $(awk -v a="$p99" -v b="$(eval echo "\$FP99_${size}_$BASELINE")" 'BEGIN{printf "%.3f", a/b}')" >> "$WORK/ratios.txt"
    done
  done
  echo >> "$OUT"
  for size in $SIZES; do
    d="FP99_${size}_direct"; [ -n "${!d:-}" ] || continue
    line="$size at fixed rate:"
    for path in strangler alt httpproxy vertxpipe nginx; do
      v="FP99_${size}_$path"; [ -n "${!v:-}" ] || continue
      line+=" $path p99 $(dms "${!v}" "${!d}") ms vs direct."
    done
    echo "$line" >> "$OUT"
  done
  echo >> "$OUT"
fi

# ---------------------------------------------------------------- idle connections
# Heap in use (KiB) after a full GC of a JVM; - for other processes.
heap_kib() { "$JDK/bin/jcmd" "$1" GC.run >/dev/null 2>&1 || { echo -; return; }; "$JDK/bin/jstat" -gc "$1" | awk 'NR == 2 {printf "%.0f", $3 + $4 + $6 + $8}'; }
jvm_pid() { case $1 in nginx|direct) echo "";; *) pids_of "$1";; esac; }
rss_kib() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/status" ] && t=$((t + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status"))); done; echo "$t"; }
if [ "$IDLE_CONNECTIONS" -gt 0 ]; then
  {
    echo "## Memory for $IDLE_CONNECTIONS idle keep-alive connections"
    echo "Each connection made one HEAD request and then stays open, idle; resident memory (VmRSS, every process of"
    echo "the proxy) just before they were opened and while they are held."
    echo "For the JVM also the heap in use after a full GC (jcmd GC.run, then jstat), before and while held: RSS"
    echo "hides what the heap had already grown to under load."
    printf '%-10s %7s %7s %11s %11s %9s %9s %12s\n' path open failed rss_before rss_held delta_MiB KiB/conn heap_KiB/conn
  } >> "$OUT"
  for path in $IDLE_PATHS; do
    case " $PATHS " in *" $path "*) ;; *) continue;; esac
    size=${SIZES%% *}
    jvm=$(jvm_pid "$path"); heap_before=-; [ -n "$jvm" ] && heap_before=$(heap_kib "$jvm")
    before=$(rss_kib $(pids_of "$path"))
    log "idle connections: $IDLE_CONNECTIONS to $path (RSS before $((before / 1024)) MiB)"
    : > "$WORK/idle.out"
    "$JAVA" "$BENCH_DIR/IdleConnections.java" "$HOST" "$(port_of "$path")" "$(url_of "$path" "$size" | sed -E 's#^http://[^/]+##')" "$IDLE_CONNECTIONS" > "$WORK/idle.out" 2>&1 &
    IDLE_PID=$!; PIDS+=("$IDLE_PID")
    for _ in $(seq 1 1200); do grep -q '^ready' "$WORK/idle.out" && break; kill -0 "$IDLE_PID" 2>/dev/null || break; sleep 0.1; done
    grep -q '^ready' "$WORK/idle.out" || { cat "$WORK/idle.out" >&2; die "idle connections to $path never got ready"; }
    sleep 2   # let the server settle after the last accept (a measurement pause, nothing waits on it)
    held=$(rss_kib $(pids_of "$path"))
    heap_held=-; [ -n "$jvm" ] && heap_held=$(heap_kib "$jvm")
    read -r _ open failed < "$WORK/idle.out"
    kill "$IDLE_PID" 2>/dev/null; wait "$IDLE_PID" 2>/dev/null || true
    echo "idle $path $IDLE_CONNECTIONS $open $failed $before $held $heap_before $heap_held" >> "$RAW"
    printf '%-10s %7s %7s %11s %11s %9.1f %9.1f %12s\n' "$path" "$open" "$failed" "$((before / 1024))MiB" "$((held / 1024))MiB" \
      "$(awk -v a="$held" -v b="$before" 'BEGIN{print (a-b)/1024}')" "$(awk -v a="$held" -v b="$before" -v n="$open" 'BEGIN{print n ? (a-b)/n : 0}')" \
      "$(awk -v a="$heap_held" -v b="$heap_before" -v n="$open" 'BEGIN{ if (a == "-" || !n) print "-"; else printf "%.2f", (a-b)/n }')" >> "$OUT"
  done
  echo >> "$OUT"
fi

[ -f "$WORK/ratios.txt" ] && { cat "$WORK/ratios.txt"; echo; } >> "$OUT"
if [ -f "$PROFILE_DIR/index.txt" ]; then
  for size in $SIZES; do
    mapfile -t runs < <(awk -v s="$size" '$1 == s {printf "%s-r%s=%s=%s\n", $2, $3, $4, $5}' "$PROFILE_DIR/index.txt")
    [ ${#runs[@]} -gt 0 ] || continue
    { echo "## Profile, $size: CPU per request by layer (async-profiler, cpu every $PROFILE_INTERVAL, the measured runs above;"
      echo "## the profiler's own cost is in these runs' throughput and CPU; stacks in $(basename "$PROFILE_DIR")/)"
      "$JAVA" "$BENCH_DIR/ProfileSplit.java" "${runs[@]}" || echo "(bench/ProfileSplit.java failed)"
      echo; } >> "$OUT"
  done
fi
[ -f "$WORK/warmup.txt" ] && cat "$WORK/warmup.txt" >> "$OUT"
echo "load average at end: $(loadavg); total bench time $(( $(date +%s) - T_START ))s" >> "$OUT"
echo "raw:" >> "$OUT"; sed 's/^/  /' "$RAW" >> "$OUT"
cat "$OUT"
log "results written to $OUT"
