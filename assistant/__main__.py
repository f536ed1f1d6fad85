"""`python -m assistant ask "VRAAG"` (or `ask --json -` for one question per stdin line); `... tools`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.errors import AssistantError


def _format_answer(answer) -> str:
    lines = [answer.text, ""]
    if answer.citations:
        lines.append("Bronnen:")
        for c in answer.citations:
            lines.append(f"[{c.n}] {c.title} — p. {c.page} ({c.document})\n    “{c.quote}”")
    return "\n".join(lines)


class LineRequest(BaseModel):
    """One line of `ask --json -`: a JSON object, or plain text (the question)."""

    model_config = ConfigDict(extra="ignore")
    question: str
    history: list[dict] = []


def _error(line: str, message: str) -> dict:
    return {"question": line, "error": message}


def _answer_line(assistant, raw: bytes) -> dict:
    """The JSON answer (or error object) for one stdin line; never raises."""
    try:
        line = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return _error("", "Ongeldige invoer: deze regel is geen geldige UTF-8-tekst.")
    if not line:
        return _error("", "Lege regel: stel een vraag (tekst of {\"question\": \"...\"}).")
    if line.startswith("{"):
        try:
            request = LineRequest.model_validate_json(line)
        except ValidationError as exc:
            fields = ", ".join(".".join(str(p) for p in e["loc"]) or "regel" for e in exc.errors())
            return _error(line[:200], f"Ongeldig verzoek ({fields}): verwacht {{\"question\": tekst, "
                                      "\"history\": [{\"role\": ..., \"content\": ...}]}.")
    else:
        request = LineRequest(question=line)
    try:
        return assistant.ask(request.question, history=request.history).to_json()
    except AssistantError as err:
        return _error(request.question[:200], str(err))


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.service import build_assistant
    from assistant.settings import Settings

    settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    assistant = build_assistant(settings)
    if args.question == "-":
        for raw in sys.stdin.buffer:
            print(json.dumps(_answer_line(assistant, raw), ensure_ascii=False), flush=True)
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
