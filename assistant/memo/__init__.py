"""Memo drafts on a topic: `draft.py` composes the sections from `topic.py` (the topic's words), `roles.py`
(what a sentence does), `facts.py` (the topic's figure rows) and `options.py` (measures and options);
`check.py` verifies that every number in a memo is cited."""

from assistant.memo.draft import (
                                  AANLEIDING,
                                  BRONNEN,
                                  EMPTY_SECTION,
                                  FEITEN,
                                  KERN,
                                  OPTIES,
                                  SECTION_TITLES,
                                  draft_memo,
                                  plan_memo_tools,
)
from assistant.memo.topic import TopicTerm, topic_terms

__all__ = ["AANLEIDING", "BRONNEN", "EMPTY_SECTION", "FEITEN", "KERN", "OPTIES", "SECTION_TITLES", "TopicTerm",
           "draft_memo", "plan_memo_tools", "topic_terms"]
