#!/usr/bin/env python3
"""Compares ReleaseLint's findings on the labelled real repositories (run.sh's output) with the labels, and prints
precision and recall per rule and per repository.

  tests/realworld/score.py [--set docs|history|deploy|all] [--out DIR] [--unjudged] [--missed]

Labels: labels/SET/OWNER__NAME.tsv, one judged finding per line, tab-separated:
  rule  where  subject  verdict  reason
where   is 'path:line' for a finding in a file, or '-' for a finding about a named thing (tag, branch, commit), which
        is matched by its logical location instead, wherever the tool puts it;
subject is the first '...'-quoted text of the message (the link, anchor, secret, name...), or 'kind:name' of the
        first logical location when where is '-';
verdict TRUE (a real problem the maintainers would fix) or FALSE (not a problem), reason one line saying why.
Deploy set only, labels/deploy/OWNER__NAME.jobs.tsv: workflow  job  DEPLOY|NOT  reason, compared with the
'deployJobs' list of the JSON output (recall of DEPLOY jobs, and NOT jobs wrongly detected).
A finding without a label is 'unjudged' (--unjudged prints them in label format, verdict '?', to be judged);
a TRUE label no finding matches is a miss (--missed lists them). Exit 1 when a labelled file is unreadable.
"""
import argparse, csv, json, os, re, sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = {
    "docs": ["RL4003", "RL4004", "RL4005", "RL4006", "RL4007", "RL4008"],
    "history": ["RL0005", "RL3001", "RL3002", "RL3003", "RL3004", "RL3005", "RL3006", "RL3007", "RL3008"],
    "deploy": ["RL1002", "RL1003", "RL1005", "RL1008"],
}
QUOTED = re.compile(r"'([^']*)'")


def key_of(f):
    logical = f.get("logicalLocations") or []
    if logical and (f["ruleId"].startswith("RL3") or f["ruleId"] == "RL0005"):
        return (f["ruleId"], "-", f"{logical[0]['kind']}:{logical[0]['name']}")
    m = QUOTED.search(f.get("message", ""))
    # Paths are printed relative to the current directory: outputs made from elsewhere hold the work tree's path.
    path = re.sub(r"^.*/releaselint-realworld/[^/]+/", "", f["path"])
    return (f["ruleId"], f"{path}:{f['line']}", m.group(1) if m else "")


def read_tsv(path):
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            rows.append((n, cols))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="all", choices=["docs", "history", "deploy", "all"])
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--unjudged", action="store_true")
    ap.add_argument("--missed", action="store_true")
    args = ap.parse_args()
    sets = ["docs", "history", "deploy"] if args.set == "all" else [args.set]
    status = 0
    for s in sets:
        label_dir = os.path.join(HERE, "labels", s)
        out_dir = os.path.join(args.out, s)
        if not os.path.isdir(out_dir):
            continue
        per_rule = defaultdict(lambda: [0, 0, 0, 0])  # reported TRUE, reported FALSE, unjudged, missed TRUE
        per_repo = {}
        unjudged_rows, missed_rows = [], []
        jobs = [0, 0, 0, 0]  # DEPLOY found, DEPLOY missed, NOT wrongly found, found but unlabelled
        for name in sorted(os.listdir(out_dir)):
            if not name.endswith(".json") or name.endswith(".init.json"):
                continue
            repo = name[:-5]
            try:
                with open(os.path.join(out_dir, name), encoding="utf-8") as fh:
                    result = json.load(fh)
            except (OSError, ValueError) as e:
                print(f"{s}/{name}: unreadable ({e})", file=sys.stderr)
                status = 1
                continue
            labels = {}
            for n, cols in read_tsv(os.path.join(label_dir, repo + ".tsv")):
                if len(cols) < 4 or cols[3] not in ("TRUE", "FALSE"):
                    print(f"labels/{s}/{repo}.tsv:{n}: expected rule, where, subject, TRUE|FALSE, reason", file=sys.stderr)
                    status = 1
                    continue
                labels[(cols[0], cols[1], cols[2])] = cols[3]
            counts = defaultdict(lambda: [0, 0, 0, 0])
            seen = set()
            for f in result.get("findings", []):
                if f["ruleId"] not in RULES[s]:
                    continue
                k = key_of(f)
                if k in seen:
                    continue
                seen.add(k)
                verdict = labels.get(k)
                slot = 0 if verdict == "TRUE" else 1 if verdict == "FALSE" else 2
                counts[f["ruleId"]][slot] += 1
                if slot == 2:
                    unjudged_rows.append(f"{repo}\t{k[0]}\t{k[1]}\t{k[2]}\t?\t{f['message']}")
            for k, v in labels.items():
                if v == "TRUE" and k not in seen and k[0] in RULES[s]:
                    counts[k[0]][3] += 1
                    missed_rows.append(f"{repo}\t" + "\t".join(k))
            for rule, c in counts.items():
                for i in range(4):
                    per_rule[rule][i] += c[i]
            per_repo[repo] = counts
            if s == "deploy":
                truth = {(c[0], c[1]): c[2] for _, c in read_tsv(os.path.join(label_dir, repo + ".jobs.tsv")) if len(c) >= 3}
                found = {(j["workflow"], j["job"]) for j in result.get("deployJobs", [])}
                for k, v in truth.items():
                    if v == "DEPLOY":
                        jobs[0 if k in found else 1] += 1
                    elif k in found:
                        jobs[2] += 1
                jobs[3] += len([k for k in found if k not in truth])
        print(f"\n== {s}: per rule (precision = TRUE / judged; recall = TRUE reported / TRUE labelled)")
        print(f"{'rule':8} {'TRUE':>6} {'FALSE':>6} {'unjudged':>9} {'missed':>7} {'precision':>10} {'recall':>8}")
        tot = [0, 0, 0, 0]
        for rule in RULES[s]:
            t, f_, u, m = per_rule.get(rule, [0, 0, 0, 0])
            tot = [a + b for a, b in zip(tot, [t, f_, u, m])]
            print(f"{rule:8} {t:6} {f_:6} {u:9} {m:7} {pct(t, t + f_):>10} {pct(t, t + m):>8}")
        t, f_, u, m = tot
        print(f"{'all':8} {t:6} {f_:6} {u:9} {m:7} {pct(t, t + f_):>10} {pct(t, t + m):>8}")
        print(f"\n== {s}: per repository (TRUE/FALSE/unjudged/missed)")
        for repo, counts in per_repo.items():
            cells = "  ".join(f"{r} {c[0]}/{c[1]}/{c[2]}/{c[3]}" for r, c in sorted(counts.items()) if any(c))
            print(f"{repo:40} {cells or '-'}")
        if s == "deploy":
            print(f"\n== deploy jobs: DEPLOY found {jobs[0]}, DEPLOY missed {jobs[1]} (recall {pct(jobs[0], jobs[0] + jobs[1])}), "
                  f"NOT-deploy jobs detected {jobs[2]}, detected but unlabelled {jobs[3]}")
        if args.unjudged and unjudged_rows:
            print(f"\n== {s}: unjudged (repo, rule, where, subject, ?, message)")
            print("\n".join(unjudged_rows))
        if args.missed and missed_rows:
            print(f"\n== {s}: TRUE labels no finding matches (repo, rule, where, subject)")
            print("\n".join(missed_rows))
    return status


def pct(a, b):
    return f"{100.0 * a / b:.1f}%" if b else "-"


if __name__ == "__main__":
    sys.exit(main())
