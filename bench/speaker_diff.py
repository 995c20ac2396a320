"""The rows whose speaker two versions of the tool give differently, for judging by hand.

Speaker rules are checked on news with no gold as well as on the worklist suite: run two versions
(a commit in a git worktree, and this one) on the same articles nobody has read, then read every row
whose "Said by" name changed, with the text before it, and count which version is right. The dev
figures cannot show such changes when the dev articles hold none of the kinds of language a rule is
for; this shows what changed and where, and nothing else.

Usage:
  .venv/bin/python bench/speaker_diff.py ARTICLES.jsonl OLD.jsonl NEW.jsonl [--sample N --seed S]

ARTICLES.jsonl holds the articles (``id``, ``text``); OLD and NEW are the two versions' outputs of
``claims extract ARTICLES.jsonl --format jsonl``. With ``--sample N`` the articles are first drawn
(N of them, by ``--seed``) into ``ARTICLES.sample.jsonl`` to run both versions on, and nothing else
is done.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

Key = tuple[str, int, int]


def _rows(path: Path) -> dict[Key, dict[str, Any]]:
    """A version's claim rows by article and offsets (the statement records left out)."""
    rows = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if "in_claim" not in row:
                rows[(row["article_id"], row["start"], row["end"])] = row
    return rows


def _speaker(row: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    source = row.get("source") or {}
    return source.get("name"), source.get("kind"), source.get("text")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("old", type=Path, nargs="?")
    parser.add_argument("new", type=Path, nargs="?")
    parser.add_argument("--sample", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    with args.articles.open(encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle]
    if args.sample:
        out = args.articles.with_suffix(".sample.jsonl")
        chosen = random.Random(args.seed).sample(articles, min(args.sample, len(articles)))
        out.write_text("".join(json.dumps(a) + "\n" for a in chosen), encoding="utf-8")
        print(f"{len(chosen)} articles -> {out}")
        return 0
    if args.old is None or args.new is None:
        parser.error("OLD and NEW outputs are needed (or --sample N)")
    text = {a["id"]: a["text"] for a in articles}
    old, new = _rows(args.old), _rows(args.new)
    changed = 0
    for key in sorted(set(old) & set(new)):
        before, after = _speaker(old[key]), _speaker(new[key])
        if before[0] == after[0]:
            continue
        changed += 1
        aid, start, _ = key
        context = text[aid][max(0, start - 300) : start].replace("\n", " ")
        print(
            f"#{changed} {aid} | old {before[0]!r} ({before[1]}) -> new {after[0]!r} ({after[1]}) | {after[2] or before[2]!r}"
        )
        print(f"   before: {context}")
        print(f"   row:    {new[key]['text'][:220]}")
    print(
        f"{changed} rows changed speaker; rows only in old {len(set(old) - set(new))}, only in new {len(set(new) - set(old))}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
