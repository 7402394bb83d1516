#!/usr/bin/env bash
# Backwise performance benchmark: article throughput against nginx serving the same bytes, quiz
# throughput and latency, memory, start-up time and page sizes. See bench/README.md.
#
# Needs: cargo, curl, nginx, wrk, taskset, python3, gzip; hey for the fixed-rate latency run
# (without it, p99 is approximated with wrk at 4 connections). Two or more cores: the servers
# run on core 0, the load generators and this script on core 1. Only 127.0.0.1 is used.
#
# Settings (environment): DURATION (s per article run, default 5), ROUNDS (rounds of an article
# run per server and a quiz run, interleaved, medians taken, default 5), CONNS (wrk connections,
# default 32), QUIZ_DURATION (s per quiz run, default 5), RATE_DURATION (s, default 10), MODERATE_RPS (default: a quarter
# of the measured quiz throughput), SLUG, STRICT=1 (exit 1 when a target is missed),
# BENCH_TIMEOUT (s for everything after the build, default 240), CONTENT (a folder of articles to
# serve with --content instead of the built-in ones), BACKWISE_BIN (a binary to measure instead of
# building this tree's; for comparing a change), RESULTS_JSON (where to write, default
# bench/results.json).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=${BACKWISE_BIN:-$CARGO_TARGET_DIR/release/backwise}
SLUG=${SLUG:-weightlifting-and-mid-back-pain}
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-5}
CONNS=${CONNS:-32}
QUIZ_DURATION=${QUIZ_DURATION:-5}
RATE_DURATION=${RATE_DURATION:-10}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-240}

# The answer sets the tests use: a calm one (no notes) and one raising every level of care.
CALM=$(python3 "$BENCH_DIR/answers.py" "$SLUG" calm)
EVERY_LEVEL=$(python3 "$BENCH_DIR/answers.py" "$SLUG" every_level)
# quiz.lua sends both, alternating.
export BACKWISE_CALM=$CALM BACKWISE_EVERY_LEVEL=$EVERY_LEVEL
FORM=application/x-www-form-urlencoded
SERVER_ARGS=()
[[ -z ${CONTENT:-} ]] || SERVER_ARGS=(--content "$CONTENT")

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Before the steps: tools and the build (outside the time bound), then re-run under `timeout`.
# ---------------------------------------------------------------------------------------------
if [[ -z ${BENCH_INNER:-} ]]; then
    missing=()
    need() { command -v "$1" >/dev/null 2>&1 || missing+=("$1: $2"); }
    need cargo "install Rust (rustup)"
    need curl "apt-get install -y curl"
    need nginx "apt-get install -y nginx-light (or nginx)"
    need wrk "apt-get install -y wrk"
    need taskset "apt-get install -y util-linux"
    need python3 "apt-get install -y python3"
    need gzip "apt-get install -y gzip"
    need timeout "apt-get install -y coreutils"
    if ((${#missing[@]})); then
        say "bench: missing tools:"
        printf '  %s\n' "${missing[@]}" >&2
        exit 1
    fi
    command -v hey >/dev/null 2>&1 ||
        say "bench: note: hey is missing (apt-get install -y hey); p99 will be approximated with wrk -c4"
    (($(nproc) >= 2)) || die "needs at least 2 cores (servers on core 0, load on core 1); nproc = $(nproc)"
    if [[ -z ${BACKWISE_BIN:-} ]]; then
        say "bench: cargo build --release"
        (cd "$ROOT" && cargo build --release) || die "the release build failed"
    fi
    say "bench: cargo bench --no-run"
    (cd "$ROOT" && cargo bench --bench hot_paths --no-run) || die "the benchmark build failed"
    [[ -x $BIN ]] || die "no binary at $BIN"
    BENCH_INNER=1 exec timeout -k 5 "$BENCH_TIMEOUT" "${BASH_SOURCE[0]}" "$@"
fi

# ---------------------------------------------------------------------------------------------
# Set-up: this shell (so curl, wrk, hey) on core 1; temporary files; clean-up on any exit.
# ---------------------------------------------------------------------------------------------
NPROC=$(nproc) # before pinning, which would make it 1
taskset -pc 1 $$ >/dev/null
TMP=$(mktemp -d -t backwise-bench.XXXXXX)
chmod 755 "$TMP" # nginx's worker may run as another user
PIDS=()
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'say "bench: interrupted"; exit 130' INT TERM

RESULTS=$TMP/results.tsv
: >"$RESULTS"
put() { printf '%s\t%s\n' "$1" "$2" >>"$RESULTS"; } # key, value

now_ns() { date +%s%N; }
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
forget_pid() { # drop a pid from PIDS after it was stopped
    local keep=() pid
    for pid in "${PIDS[@]}"; do [[ $pid == "$1" ]] || keep+=("$pid"); done
    PIDS=("${keep[@]}")
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; forget_pid "$1"; }

# Waits (at most $2 seconds) until $1 answers 2xx; prints the ns timestamp of the answer.
wait_answer() {
    local url=$1 limit_ns=$(($2 * 1000000000)) start
    start=$(now_ns)
    while :; do
        if curl -sf -o /dev/null --max-time 1 "$url"; then
            now_ns
            return 0
        fi
        (($(now_ns) - start < limit_ns)) || return 1
        sleep 0.002
    done
}

# Busy and total jiffies of one CPU, from /proc/stat.
cpu_ticks() {
    awk -v cpu="cpu$1" '$1 == cpu { idle = $5 + $6; total = 0; for (i = 2; i <= 9; i++) total += $i;
        print total - idle, total }' /proc/stat
}
busy_percent() { # before-busy before-total after-busy after-total
    awk -v b0="$1" -v t0="$2" -v b1="$3" -v t1="$4" \
        'BEGIN { if (t1 > t0) printf "%.0f", 100 * (b1 - b0) / (t1 - t0); else print 0 }'
}
# wrk latency ("812.00us", "1.23ms", "2.00s") in ms.
to_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n;
        else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

# Runs wrk on core 1 against $2 (a URL) for $3 seconds with $4 connections; extra arguments go
# to wrk. Sets WRK_RPS, WRK_P50, WRK_P99 (ms), WRK_BUSY0/1 (% busy of core 0 and 1), WRK_BAD.
run_wrk() {
    local label=$1 url=$2 secs=$3 conns=$4
    shift 4
    local out=$TMP/wrk.$label.txt c0b c0t c1b c1t d0b d0t d1b d1t
    read -r c0b c0t < <(cpu_ticks 0)
    read -r c1b c1t < <(cpu_ticks 1)
    timeout -k 2 $((secs + 20)) taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" --latency \
        -H 'Accept-Encoding: gzip' "$@" "$url" >"$out" 2>&1 || die "wrk failed: $(cat "$out")"
    read -r d0b d0t < <(cpu_ticks 0)
    read -r d1b d1t < <(cpu_ticks 1)
    WRK_BUSY0=$(busy_percent "$c0b" "$c0t" "$d0b" "$d0t")
    WRK_BUSY1=$(busy_percent "$c1b" "$c1t" "$d1b" "$d1t")
    WRK_RPS=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    WRK_P50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    WRK_P99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    WRK_BAD=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(",", "");
        n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")
    [[ -n $WRK_RPS ]] || die "could not read wrk's output: $(cat "$out")"
    if ((WRK_BAD > 0)); then
        cat "$out" >&2
        die "$label: $WRK_BAD failed requests or socket errors"
    fi
    say "  $label: $WRK_RPS req/s, p50 $WRK_P50 ms, p99 $WRK_P99 ms, core0 ${WRK_BUSY0}% busy, core1 ${WRK_BUSY1}% busy"
}

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

put machine.nproc "$NPROC"
put machine.cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
put machine.kernel "$(uname -r)"
put machine.memory_mib "$(awk '/^MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)"
put tools.nginx "$(nginx -v 2>&1 | sed 's/^nginx version: //')"
put tools.wrk "$(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')"
put settings.connections "$CONNS"
put settings.article_seconds "$DURATION"
put settings.rounds "$ROUNDS"
put settings.quiz_seconds "$QUIZ_DURATION"
put settings.slug "$SLUG"

# ---------------------------------------------------------------------------------------------
# 1. Start-up: from just before the spawn to the first answered /healthz (curl every ~2 ms).
# ---------------------------------------------------------------------------------------------
say "bench: start-up time (5 starts)"
startups=() readies=()
for i in 1 2 3 4 5; do
    port=$(free_port)
    t0=$(now_ns)
    taskset -c 0 "$BIN" "${SERVER_ARGS[@]}" --addr "127.0.0.1:$port" 2>"$TMP/startup.$i.log" &
    pid=$!
    PIDS+=("$pid")
    t1=$(wait_answer "http://127.0.0.1:$port/healthz" 5) ||
        die "the server did not answer within 5 s: $(cat "$TMP/startup.$i.log")"
    stop "$pid"
    startups+=("$(((t1 - t0) / 1000))")
    readies+=("$(grep -o 'ready in [0-9]* ms' "$TMP/startup.$i.log" | awk '{ print $3 }' | head -n1)")
done
STARTUP_US=$(median "${startups[@]}")
say "  first answer after (us): ${startups[*]}; server's own 'ready in' (ms): ${readies[*]}"
put startup.first_answer_ms "$(awk -v u="$STARTUP_US" 'BEGIN { printf "%.1f", u / 1000 }')"
put startup.first_answer_runs_ms "$(printf '%s\n' "${startups[@]}" | awk '{ printf "%s%.1f", (NR > 1 ? " " : ""), $1 / 1000 }')"
put startup.self_reported_ready_ms "$(median "${readies[@]:-0}")"

# ---------------------------------------------------------------------------------------------
# 2. The Backwise server for the load runs, and idle memory.
# ---------------------------------------------------------------------------------------------
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
# The access log stays on, as in production; it goes to a file.
taskset -c 0 "$BIN" "${SERVER_ARGS[@]}" --addr "127.0.0.1:$PORT" 2>"$TMP/server.log" &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
wait_answer "$BASE/healthz" 5 >/dev/null || die "the server did not start: $(cat "$TMP/server.log")"
# The resolution of the start-up loop: one curl against a running server.
t0=$(now_ns)
curl -sf -o /dev/null "$BASE/healthz"
t1=$(now_ns)
put startup.one_curl_ms "$(awk -v n=$((t1 - t0)) 'BEGIN { printf "%.1f", n / 1e6 }')"
sleep 1
put memory.idle_rss_kib "$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")"
put memory.threads "$(awk '/^Threads/ { print $2 }' "/proc/$SERVER_PID/status")"

# ---------------------------------------------------------------------------------------------
# 3. The article page's exact gzip bytes and headers, served by nginx.
# ---------------------------------------------------------------------------------------------
WWW=$TMP/www
NGX=$TMP/nginx
mkdir -p "$WWW" "$NGX"
chmod 755 "$WWW"
ARTICLE_URL=$BASE/articles/$SLUG
code=$(curl -sS -H 'Accept-Encoding: gzip' -D "$TMP/article.headers" -o "$WWW/article.html.gz" \
    -w '%{http_code}' "$ARTICLE_URL")
[[ $code == 200 ]] || die "GET /articles/$SLUG answered $code (is the article built in?)"
grep -qi '^content-encoding: *gzip' "$TMP/article.headers" || die "the article was not sent gzipped"
gzip -t "$WWW/article.html.gz" || die "the article's gzip body is invalid"
chmod 644 "$WWW/article.html.gz"
gzip -dc "$WWW/article.html.gz" >"$TMP/article.html"

NPORT=$(free_port)
python3 "$BENCH_DIR/nginx_conf.py" "$TMP/article.headers" "$NGX/nginx.conf" "$NGX" "$NPORT" \
    "/articles/$SLUG" "$WWW/article.html.gz"
taskset -c 0 nginx -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" 2>"$NGX/stderr.log" &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
NBASE=http://127.0.0.1:$NPORT
wait_answer "$NBASE/healthz" 5 >/dev/null ||
    die "nginx did not start: $(cat "$NGX/stderr.log" "$NGX/error.log" 2>/dev/null)"
curl -sS -H 'Accept-Encoding: gzip' -D "$TMP/nginx.headers" -o "$TMP/nginx.body" "$NBASE/articles/$SLUG"
cmp -s "$TMP/nginx.body" "$WWW/article.html.gz" || die "nginx does not serve the same bytes"
# Headers that differ (besides Date): reported, so any difference in bytes on the wire is known.
header_set() { # "name: value" lines, names in lower case, without Date
    tail -n +2 "$1" | tr -d '\r' | sed '/^$/d' | awk -F': ' '{ $1 = tolower($1); print }' OFS=': ' |
        grep -v '^date:' | sort
}
HEADER_DIFF=$(diff <(header_set "$TMP/article.headers") <(header_set "$TMP/nginx.headers") |
    grep -E '^[<>]' | sed 's/^</  backwise only:/; s/^>/  nginx only:  /' || true)
[[ -z $HEADER_DIFF ]] || say "bench: response header differences:"$'\n'"$HEADER_DIFF"
put article.gzip_body_bytes "$(stat -c %s "$WWW/article.html.gz")"
put article.backwise_header_bytes "$(wc -c <"$TMP/article.headers")"
put article.nginx_header_bytes "$(wc -c <"$TMP/nginx.headers")"

# ---------------------------------------------------------------------------------------------
# 4. Throughput, in interleaved rounds: the article from Backwise and from nginx, and the quiz.
#    This machine's speed drifts from minute to minute, so each ratio is taken within a round
#    (the runs seconds apart) and the median of the rounds' ratios reported.
# ---------------------------------------------------------------------------------------------
CHECK_URL=$BASE/articles/$SLUG/check
for body in "$CALM" "$EVERY_LEVEL"; do
    code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Content-Type: $FORM" --data "$body" "$CHECK_URL")
    [[ $code == 200 ]] || die "POST $CHECK_URL answered $code to: $body"
done
say "bench: ${ROUNDS} rounds of: article from Backwise and from nginx (${DURATION}s each), quiz POST"
say "  (${QUIZ_DURATION}s, quiz.lua); wrk -t1 -c$CONNS, after a 2 s warm-up of each"
run_wrk warmup-backwise "$ARTICLE_URL" 2 "$CONNS"
run_wrk warmup-nginx "$NBASE/articles/$SLUG" 2 "$CONNS"
run_wrk warmup-quiz "$CHECK_URL" 2 "$CONNS" -s "$BENCH_DIR/quiz.lua"
b_rps=() n_rps=() q_rps=() b_busy=() n_busy=() q_busy=() b_p99=() n_p99=() q_p50=() q_p99=()
b_ratio=() q_ratio=()
for ((r = 1; r <= ROUNDS; r++)); do
    # Each load first, second and last in turn.
    case $((r % 3)) in
        1) order=(backwise nginx quiz) ;;
        2) order=(nginx quiz backwise) ;;
        0) order=(quiz backwise nginx) ;;
    esac
    for who in "${order[@]}"; do
        case $who in
            backwise)
                run_wrk "backwise-$r" "$ARTICLE_URL" "$DURATION" "$CONNS"
                b_rps+=("$WRK_RPS") b_busy+=("$WRK_BUSY0") b_p99+=("$WRK_P99") ;;
            nginx)
                run_wrk "nginx-$r" "$NBASE/articles/$SLUG" "$DURATION" "$CONNS"
                n_rps+=("$WRK_RPS") n_busy+=("$WRK_BUSY0") n_p99+=("$WRK_P99") ;;
            quiz)
                run_wrk "quiz-$r" "$CHECK_URL" "$QUIZ_DURATION" "$CONNS" -s "$BENCH_DIR/quiz.lua"
                q_rps+=("$WRK_RPS") q_busy+=("$WRK_BUSY0") q_p50+=("$WRK_P50") q_p99+=("$WRK_P99") ;;
        esac
    done
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
    b_ratio+=("$(ratio "${b_rps[-1]}" "${n_rps[-1]}")")
    q_ratio+=("$(ratio "${q_rps[-1]}" "${n_rps[-1]}")")
    say "  round $r: article ${b_ratio[-1]} of nginx, quiz ${q_ratio[-1]} of nginx's article"
done
stop "$NGINX_PID"
put article.backwise_rps "$(median "${b_rps[@]}")"
put article.nginx_rps "$(median "${n_rps[@]}")"
put article.backwise_rps_runs "${b_rps[*]}"
put article.nginx_rps_runs "${n_rps[*]}"
put article.backwise_p99_ms "$(median "${b_p99[@]}")"
put article.nginx_p99_ms "$(median "${n_p99[@]}")"
put article.backwise_core0_busy_pct "$(median "${b_busy[@]}")"
put article.nginx_core0_busy_pct "$(median "${n_busy[@]}")"
put article.ratio_runs "${b_ratio[*]}"
put article.ratio_backwise_to_nginx "$(median "${b_ratio[@]}")"

# ---------------------------------------------------------------------------------------------
# 5. The quiz: saturating throughput (from the rounds above), then p99 at a fixed moderate rate.
# ---------------------------------------------------------------------------------------------
QUIZ_RPS=$(median "${q_rps[@]}")
put quiz.rps "$QUIZ_RPS"
put quiz.rps_runs "${q_rps[*]}"
put quiz.saturated_p50_ms "$(median "${q_p50[@]}")"
put quiz.saturated_p99_ms "$(median "${q_p99[@]}")"
put quiz.core0_busy_pct "$(median "${q_busy[@]}")"
put quiz.ratio_runs "${q_ratio[*]}"
put quiz.ratio_to_nginx_article "$(median "${q_ratio[@]}")"

RATE=${MODERATE_RPS:-$((QUIZ_RPS / 4))}
((RATE >= 4)) || RATE=4
if command -v hey >/dev/null 2>&1; then
    per_worker=$(((RATE + 3) / 4))
    RATE=$((per_worker * 4))
    say "bench: quiz at a fixed $RATE req/s (hey -c4 -q$per_worker, every-level answers, ${RATE_DURATION}s)"
    read -r c0b c0t < <(cpu_ticks 0)
    timeout -k 2 $((RATE_DURATION + 20)) taskset -c 1 hey -cpus 1 -z "${RATE_DURATION}s" -c 4 \
        -q "$per_worker" -m POST -T "$FORM" -H 'Accept-Encoding: gzip' -d "$EVERY_LEVEL" \
        "$CHECK_URL" >"$TMP/hey.txt" 2>&1 || die "hey failed: $(cat "$TMP/hey.txt")"
    read -r d0b d0t < <(cpu_ticks 0)
    grep -q '^\s*\[200\]' "$TMP/hey.txt" || die "hey got no 200 answers: $(cat "$TMP/hey.txt")"
    if grep -E '^\s*\[[0-9]+\]' "$TMP/hey.txt" | grep -v -q '\[200\]'; then
        cat "$TMP/hey.txt" >&2
        die "hey got answers other than 200"
    fi
    if grep -q -i 'error distribution' "$TMP/hey.txt"; then
        cat "$TMP/hey.txt" >&2
        die "hey reported errors"
    fi
    P99=$(awk '$1 == "99%" && $2 == "in" { printf "%.3f", $3 * 1000 }' "$TMP/hey.txt")
    P50=$(awk '$1 == "50%" && $2 == "in" { printf "%.3f", $3 * 1000 }' "$TMP/hey.txt")
    ACHIEVED=$(awk '/Requests\/sec:/ { printf "%.0f", $2 }' "$TMP/hey.txt")
    put quiz.moderate_method "hey, fixed rate: 4 connections x $per_worker req/s"
    put quiz.moderate_core0_busy_pct "$(busy_percent "$c0b" "$c0t" "$d0b" "$d0t")"
else
    say "bench: quiz p99 at low concurrency (wrk -c4; approximates a moderate rate: hey is missing)"
    run_wrk quiz-c4 "$CHECK_URL" "$RATE_DURATION" 4 -s "$BENCH_DIR/quiz.lua"
    P99=$WRK_P99 P50=$WRK_P50 ACHIEVED=$WRK_RPS
    put quiz.moderate_method "wrk -c4, closed loop (approximates a moderate rate)"
    put quiz.moderate_core0_busy_pct "$WRK_BUSY0"
fi
say "  p50 $P50 ms, p99 $P99 ms at $ACHIEVED req/s"
put quiz.moderate_target_rps "$RATE"
put quiz.moderate_rps "$ACHIEVED"
put quiz.moderate_p50_ms "$P50"
put quiz.moderate_p99_ms "$P99"

# ---------------------------------------------------------------------------------------------
# 6. Memory after the load runs,
# ---------------------------------------------------------------------------------------------
put memory.peak_rss_kib "$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVER_PID/status")"
put memory.rss_after_load_kib "$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")"

# ---------------------------------------------------------------------------------------------
# 6. ... and sizes on the wire: every HTML page gzipped, and the stylesheet.
# ---------------------------------------------------------------------------------------------
# Prints the bytes of the body as sent with Accept-Encoding: gzip; gzips locally (-9) if the
# server sent it uncompressed, and says so with a trailing " local".
wire_size() {
    local out=$TMP/size.body hdr=$TMP/size.headers code
    code=$(curl -sS -H 'Accept-Encoding: gzip' -D "$hdr" -o "$out" -w '%{http_code}' "$@")
    [[ $code == 200 ]] || die "$* answered $code"
    if grep -qi '^content-encoding: *gzip' "$hdr"; then
        echo "$(stat -c %s "$out") wire"
    else
        echo "$(gzip -9 -c "$out" | wc -c) local"
    fi
}
home_html=$(curl -sS "$BASE/")
mapfile -t SLUGS < <(grep -o 'href="/articles/[a-z0-9-]*"' <<<"$home_html" | sed 's/^href="\/articles\///; s/"$//' | sort -u)
((${#SLUGS[@]})) || die "no article links on the home page"
put sizes.page./ "$(wire_size "$BASE/")"
put sizes.page./about "$(wire_size "$BASE/about")"
for s in "${SLUGS[@]}"; do put "sizes.page./articles/$s" "$(wire_size "$BASE/articles/$s")"; done
# Each self-check's result for the answers raising every level of care: the target. A result with
# every warning sign ticked is reported beside it, as the largest a reader can plausibly get.
for s in "${SLUGS[@]}"; do
    every_level=$(python3 "$BENCH_DIR/answers.py" "$s" every_level) || continue
    put "sizes.page.result $s (every level)" \
        "$(wire_size -H "Content-Type: $FORM" --data "$every_level" "$BASE/articles/$s/check")"
    every_sign=$(curl -sS "$BASE/articles/$s" | python3 "$BENCH_DIR/answers.py" every_sign)
    put "sizes.largest.result $s (every warning sign)" \
        "$(wire_size -H "Content-Type: $FORM" --data "$every_sign" "$BASE/articles/$s/check")"
done
CSS=$(python3 "$BENCH_DIR/stylesheet_of.py" "$TMP/article.html")
[[ -n $CSS ]] || die "no <link rel=stylesheet> in the article page"
put "sizes.stylesheet.$CSS" "$(wire_size "$BASE$CSS")"

stop "$SERVER_PID"

# ---------------------------------------------------------------------------------------------
# 6b. From `cargo bench` (on core 0, nothing else running): one answer to its gzipped result
# page, and the result pages of 1,000 random answer sets per article.
# ---------------------------------------------------------------------------------------------
say "bench: cargo bench (answer to page, random answer sets)"
bench_out=$(cd "$ROOT" && taskset -c 0 cargo bench --quiet --bench hot_paths -- \
    "to gzipped page, as served" "random answer sets" 2>/dev/null)
in_us() { awk '{ v = $(NF - 1); u = $NF; if (u == "ms") v *= 1000; else if (u == "ns") v /= 1000; printf "%.1f", v }'; }
put cargo_bench.calm_answer_to_gzipped_page_us \
    "$(grep '^result: calm answers to gzipped page' <<<"$bench_out" | in_us)"
put cargo_bench.every_level_answer_to_gzipped_page_us \
    "$(grep '^result: answers of every level to gzipped page' <<<"$bench_out" | in_us)"
while read -r _ _ _ slug fits what median largest; do
    put "random.$slug" "${fits#fits=} ${what#what_to_do_fits=} ${median#median=} ${largest#largest=}"
done < <(grep '^random answer sets:' <<<"$bench_out")

# ---------------------------------------------------------------------------------------------
# 7. The table, the targets, and bench/results.json.
# ---------------------------------------------------------------------------------------------
python3 "$BENCH_DIR/report.py" "$RESULTS" "${RESULTS_JSON:-$BENCH_DIR/results.json}"
