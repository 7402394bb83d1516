"""Turns bench/run.sh's key/value results into a table, PASS/MISS per target, and JSON.

usage: python3 report.py RESULTS.tsv OUT.json
Exits 1 when a target is missed and STRICT=1 is set.
"""

import datetime
import json
import os
import sys

KB = 1024


def number(text):
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and "." not in text else value


def main(tsv, out):
    raw = {}
    for line in open(tsv, encoding="utf-8"):
        key, _, value = line.rstrip("\n").partition("\t")
        raw[key] = value

    result = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
    sizes = {"pages": {}, "largest": {}, "stylesheet": {}}
    groups = {"page": "pages", "largest": "largest", "stylesheet": "stylesheet"}
    for key, value in raw.items():
        if key.startswith("random."):
            fits, what, median, largest = value.split()
            share = lambda text: round(100 * int(text.split("/")[0]) / int(text.split("/")[1]), 1)
            result.setdefault("random_answer_sets", {})[key.split(".", 1)[1]] = {
                "sets": int(fits.split("/")[1]),
                "whole_page_within_14_kib_pct": share(fits),
                "what_to_do_within_14_kib_pct": share(what),
                "median_gzip_bytes": int(median),
                "largest_gzip_bytes": int(largest),
            }
            continue
        if key.startswith("sizes."):
            _, kind, name = key.split(".", 2)
            size, how = value.split()
            sizes[groups[kind]][name] = {
                "gzip_bytes": int(size),
                "measured": "as sent" if how == "wire" else "gzip -9 here (sent uncompressed)",
            }
            continue
        group, name = key.split(".", 1)
        if name.endswith("_runs"):
            result.setdefault(group, {})[name] = [number(v) for v in value.split()]
        else:
            result.setdefault(group, {})[name] = number(value)
    result["sizes"] = sizes

    article, quiz, memory = result["article"], result["quiz"], result["memory"]
    # Each ratio is the median of the rounds' own ratios (bench/run.sh), not a ratio of medians:
    # the runs of a round are seconds apart, and this machine's speed drifts over minutes.

    bench = result["cargo_bench"]
    targets = [
        ("article req/s vs nginx", article["ratio_backwise_to_nginx"], ">=", 0.85, "x"),
        ("answer to gzipped page, every level (cargo bench)",
         round(bench["every_level_answer_to_gzipped_page_us"] / 1000, 3), "<=", 0.5, "ms"),
        ("quiz p99 at moderate rate", quiz["moderate_p99_ms"], "<", 2, "ms"),
        ("peak RSS", round(memory["peak_rss_kib"] / KB, 1), "<=", 15, "MiB"),
        ("start to first answer", result["startup"]["first_answer_ms"], "<=", 25, "ms"),
    ]
    for slug, entry in result.get("random_answer_sets", {}).items():
        targets.append((f"random answers, whole page in 14 KiB, {slug}",
                        entry["whole_page_within_14_kib_pct"], ">=", 99, "%"))
        targets.append((f"random answers, what to do in 14 KiB, {slug}",
                        entry["what_to_do_within_14_kib_pct"], ">=", 100, "%"))
    for name, entry in sizes["pages"].items():
        targets.append((f"page {name} gzipped", round(entry["gzip_bytes"] / KB, 1), "<", 14, "KiB"))
    for name, entry in sizes["stylesheet"].items():
        targets.append(("stylesheet gzipped", round(entry["gzip_bytes"] / KB, 1), "<", 10, "KiB"))
    result["targets"] = [
        {
            "name": name,
            "value": value,
            "target": f"{op} {limit} {unit}".replace(" x", "x"),
            "pass": {">=": value >= limit, "<=": value <= limit, "<": value < limit}[op],
        }
        for name, value, op, limit, unit in targets
    ]

    m = result["machine"]
    print()
    print(f"Backwise benchmark, {m['nproc']} cores ({m['cpu']}), kernel {m['kernel']}")
    s = result["settings"]
    print(
        f"wrk -t1 -c{s['connections']} on core 1, servers on core 0; {s['rounds']} interleaved "
        f"rounds of the article ({s['article_seconds']} s per server) and the quiz "
        f"({s['quiz_seconds']} s); medians"
    )
    print()
    rows = [
        ("article, Backwise", f"{article['backwise_rps']} req/s",
         f"runs {article['backwise_rps_runs']}, p99 {article['backwise_p99_ms']} ms, "
         f"core 0 {article['backwise_core0_busy_pct']}% busy"),
        ("article, nginx (same bytes)", f"{article['nginx_rps']} req/s",
         f"runs {article['nginx_rps_runs']}, p99 {article['nginx_p99_ms']} ms, "
         f"core 0 {article['nginx_core0_busy_pct']}% busy"),
        ("article, Backwise / nginx", f"{article['ratio_backwise_to_nginx']}",
         f"median of the rounds' ratios {article['ratio_runs']}"),
        ("quiz POST, saturated", f"{quiz['rps']} req/s",
         f"runs {quiz['rps_runs']}, p50 {quiz['saturated_p50_ms']} ms, p99 {quiz['saturated_p99_ms']} ms, "
         f"core 0 {quiz['core0_busy_pct']}% busy"),
        ("quiz / nginx article", f"{quiz['ratio_to_nginx_article']}",
         f"median of the rounds' ratios {quiz['ratio_runs']}"),
        ("quiz p99, moderate rate", f"{quiz['moderate_p99_ms']} ms",
         f"p50 {quiz['moderate_p50_ms']} ms at {quiz['moderate_rps']} req/s "
         f"({quiz['moderate_method']}), core 0 {quiz['moderate_core0_busy_pct']}% busy"),
        ("answer to gzipped page", f"{bench['every_level_answer_to_gzipped_page_us']} µs",
         f"notes of every level; calm answers {bench['calm_answer_to_gzipped_page_us']} µs (cargo bench, core 0)"),
        ("RSS idle", f"{memory['idle_rss_kib'] / KB:.1f} MiB", f"{memory['threads']} threads"),
        ("RSS peak (VmHWM)", f"{memory['peak_rss_kib'] / KB:.1f} MiB",
         f"RSS after load {memory['rss_after_load_kib'] / KB:.1f} MiB"),
        ("start to first answer", f"{result['startup']['first_answer_ms']} ms",
         f"median of {result['startup']['first_answer_runs_ms']} ms; server's own 'ready in' "
         f"{result['startup']['self_reported_ready_ms']} ms; one curl takes "
         f"{result['startup']['one_curl_ms']} ms"),
    ]
    for kind in ("pages", "largest", "stylesheet"):
        for name, entry in sizes[kind].items():
            label = f"gzip {name}" if kind != "stylesheet" else "gzip stylesheet"
            note = {"stylesheet": name, "largest": "no target"}.get(kind, "")
            if entry["measured"] != "as sent":
                note = (note + " " + entry["measured"]).strip()
            rows.append((label, f"{entry['gzip_bytes']} B", note))
    for slug, entry in result.get("random_answer_sets", {}).items():
        rows.append((f"random answers, {slug}",
                     f"{entry['whole_page_within_14_kib_pct']}%",
                     f"of {entry['sets']} pages within 14 KiB gzipped; what to do within it on "
                     f"{entry['what_to_do_within_14_kib_pct']}%; median {entry['median_gzip_bytes']} B, "
                     f"largest {entry['largest_gzip_bytes']} B"))
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    for label, value, note in rows:
        print(f"  {label:<{width}}  {value:>{vwidth}}  {note}")

    print()
    print("Targets:")
    nwidth = max(len(t["name"]) for t in result["targets"])
    for t in result["targets"]:
        verdict = "PASS" if t["pass"] else "MISS"
        print(f"  {verdict}  {t['name']:<{nwidth}}  {t['value']} (target {t['target']})")

    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print()
    print(f"written: {out}")
    missed = [t for t in result["targets"] if not t["pass"]]
    if missed and os.environ.get("STRICT") == "1":
        sys.exit(1)


if __name__ == "__main__":
    main(*sys.argv[1:])
