"""Out-of-scope questions: is every place, year or quarter the documents do not cover refused (or, when only
part is missing, answered with an explicit "not covered" first)?

    python scripts/scope_eval.py [QUESTIONS.jsonl] [--data-dir DIR] [--docs FOLDER_OR_FILE ...]

QUESTIONS.jsonl (default tests/data/out_of_scope.jsonl): {"question", "expect": "refuse"|"partial", "missing"}.
Outcomes: `refused` (refusal that names what is missing), `partial` (answer that starts by saying what is
missing), `answered` (neither: other figures presented as the answer).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def outcome(answer, missing: str) -> str:
    first = answer.text.split("\n\n")[0]
    if answer.refused:
        return "refused" if missing.lower() in answer.text.lower() else "refused (no reason)"
    if first.startswith("_Let op") and missing.lower() in first.lower():
        return "partial"
    return "answered"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", type=Path, nargs="?", default=ROOT / "tests" / "data" / "out_of_scope.jsonl")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--docs", type=Path, nargs="*", default=[])
    args = parser.parse_args(argv)

    from assistant.service import build_assistant
    from assistant.settings import Settings

    settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    assistant = build_assistant(settings)
    assistant.add_documents([settings.corpus_dir, *args.docs])
    items = [json.loads(line) for line in args.questions.read_text("utf-8").splitlines() if line.strip()]
    passed = 0
    print("| question | expected | outcome |\n|---|---|---|")
    for item in items:
        got = outcome(assistant.ask(item["question"]), item["missing"])
        ok = got == ("refused" if item["expect"] == "refuse" else "partial")
        passed += ok
        print(f"| {item['question']} | {item['expect']} | {got}{'' if ok else ' ✗'} |")
    print(f"\n{passed}/{len(items)} as expected")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
