"""Thumbs up/down on answers, appended as JSON lines to `settings.feedback_file` and read back for review."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from assistant.models import Answer

Rating = Literal["up", "down"]
_LOCK = threading.Lock()  # Streamlit sessions run in threads of one process: one append at a time


class FeedbackRecord(BaseModel):
    time: str = Field(description="ISO time (UTC) the feedback was given.")
    question: str
    answer: str
    citations: list[dict] = Field(default_factory=list)
    rating: Rating
    comment: str = ""
    mode: str = ""
    answer_id: str = Field("", description="Same for a rating and a later comment on the same answer.")


def rating_from_thumbs(value: int | None) -> Rating | None:
    """`st.feedback("thumbs")` gives 1 for 👍 and 0 for 👎 (None when cleared)."""
    if value is None:
        return None
    return "up" if value == 1 else "down"


def record_feedback(path: Path, question: str, answer: Answer, rating: Rating, comment: str = "",
                    answer_id: str = "") -> FeedbackRecord:
    """Append one record to the JSONL file at `path` (created with its folder if needed)."""
    record = FeedbackRecord(
        time=datetime.now(UTC).isoformat(timespec="seconds"),
        question=question,
        answer=answer.text,
        citations=[c.model_dump(include={"n", "document", "title", "page", "quote"}) for c in answer.citations],
        rating=rating,
        comment=comment.strip(),
        mode=answer.mode,
        answer_id=answer_id,
    )
    line = json.dumps(record.model_dump(), ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK, path.open("a", encoding="utf-8") as fh:
        fh.write(line)
    return record


def read_feedback(path: Path) -> list[FeedbackRecord]:
    """All records in the file, oldest first; unreadable lines are skipped."""
    if not path.is_file():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            records.append(FeedbackRecord.model_validate_json(line))
        except ValidationError:
            continue
    return records
