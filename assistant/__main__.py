"""`python -m assistant ask "VRAAG"` (or `ask --json -` for one question per stdin line); `... tools`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.errors import AssistantError


def _format_answer(answer) -> str:
    lines = [answer.text, ""]
    if answer.citations:
        lines.append("Bronnen:")
        for c in answer.citations:
            lines.append(f"[{c.n}] {c.title} — p. {c.page} ({c.document})\n    “{c.quote}”")
    return "\n".join(lines)


def _parse_line(line: str) -> tuple[str, list[dict]]:
    line = line.strip()
    if line.startswith("{"):
        obj = json.loads(line)
        return str(obj.get("question", "")), list(obj.get("history") or [])
    return line, []


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.service import build_assistant
    from assistant.settings import Settings

    settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    assistant = build_assistant(settings)
    if args.question == "-":
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                question, history = _parse_line(line)
                out = assistant.ask(question, history=history).to_json()
            except (ValueError, AssistantError) as err:
                out = {"question": line.strip(), "error": str(err)}
            print(json.dumps(out, ensure_ascii=False), flush=True)
        return 0
    answer = assistant.ask(args.question)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        print(_format_answer(answer))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "tools":
        from assistant.tools.cli import main as tools_main

        return tools_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m assistant")
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="stel een vraag over de documenten")
    ask.add_argument("question", help="de vraag, of '-' om vragen regel voor regel van stdin te lezen")
    ask.add_argument("--json", action="store_true", help="JSON-uitvoer")
    ask.add_argument("--data-dir", type=Path)
    sub.add_parser("tools", help="rekentools: lijst, of `tools run NAAM '{...}'`")
    args = parser.parse_args(argv)
    try:
        return cmd_ask(args)
    except AssistantError as err:
        print(f"Fout: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
