#!/usr/bin/env bash
# Lighthouse (desktop preset) on the home page and one article of a release build of Backwise,
# served on 127.0.0.1. Prints the four category scores and the audits that did not pass; the full
# JSON reports go to bench/lighthouse-reports/ (ignored by git).
#
# Needs: Lighthouse pinned in bench/package-lock.json (`cd bench && npm ci`), Debian's Chromium
# (`apt-get install -y chromium`), cargo, curl, python3. SLUG chooses the article.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$CARGO_TARGET_DIR/release/backwise
SLUG=${SLUG:-weightlifting-and-mid-back-pain}
LIGHTHOUSE=$BENCH_DIR/node_modules/.bin/lighthouse
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking \
--disable-component-update --disable-sync --no-first-run"
REPORTS=$BENCH_DIR/lighthouse-reports

die() { printf 'lighthouse.sh: %s\n' "$*" >&2; exit 1; }

[[ -x $LIGHTHOUSE ]] || die "Lighthouse is not installed: run (cd bench && npm ci)"
[[ -x $CHROME_PATH ]] || die "no Chromium at $CHROME_PATH: apt-get install -y chromium"
for tool in cargo curl python3 node timeout; do
    command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool"
done
(cd "$ROOT" && cargo build --release) || die "the release build failed"

TMP=$(mktemp -d -t backwise-lighthouse.XXXXXX)
SERVER_PID=
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n $SERVER_PID ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
"$BIN" --addr "127.0.0.1:$PORT" --quiet 2>"$TMP/server.log" &
SERVER_PID=$!
for ((i = 0; i < 250; i++)); do
    curl -sf -o /dev/null --max-time 1 "$BASE/healthz" && break
    sleep 0.02
done
curl -sf -o /dev/null "$BASE/healthz" || die "the server did not start: $(cat "$TMP/server.log")"
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/articles/$SLUG")
[[ $code == 200 ]] || die "/articles/$SLUG answered $code"

mkdir -p "$REPORTS"
status=0
for page in / "/articles/$SLUG"; do
    name=$(sed 's#^/$#home#; s#^/##; s#/#-#g' <<<"$page")
    report=$REPORTS/$name.json
    echo "Lighthouse $($LIGHTHOUSE --version), desktop preset: $page"
    if ! timeout -k 5 150 "$LIGHTHOUSE" "$BASE$page" --preset=desktop --output=json \
        --output-path="$report" --quiet --chrome-flags="$CHROME_FLAGS" 2>"$TMP/lh.log"; then
        cat "$TMP/lh.log" >&2
        die "Lighthouse failed on $page"
    fi
    python3 - "$report" <<'PY' || status=1
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
if report.get("runtimeError"):
    sys.exit(f"  runtime error: {report['runtimeError']}")
for key in ("performance", "accessibility", "best-practices", "seo"):
    cat = report["categories"][key]
    score = "n/a" if cat["score"] is None else round(cat["score"] * 100)
    print(f"  {cat['title']:<15} {score}")
metrics = report["audits"]
for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
            "cumulative-layout-shift", "speed-index"):
    if key in metrics:
        print(f"    {metrics[key]['title']}: {metrics[key].get('displayValue', '')}")
failing = []
for cat in report["categories"].values():
    for ref in cat["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and audit["score"] is not None and audit["score"] < 1:
            failing.append(f"{cat['title']}: {audit['title']} ({audit['score']})")
for line in sorted(set(failing)):
    print(f"    not passed: {line}")
PY
done
echo "full reports: $REPORTS/"
exit "$status"
