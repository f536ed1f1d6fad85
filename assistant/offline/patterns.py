"""Question and sentence patterns shared by the offline intent, composition and evidence modules."""

from __future__ import annotations

import re

YEAR = re.compile(r"\b(20\d\d)\b")
# Questions that ask why (answered from the text, with causal sentences preferred).
WHY = re.compile(r"\b(waarom|waardoor|hoe komt|verklaring|verklaart|why)\b", re.IGNORECASE)
# Questions that ask for an amount, and sentences that state one.
AMOUNT_QUESTION = re.compile(r"\b(hoeveel|wat kost|wat kostte|hoe hoog|welk bedrag|how many|how much)\b", re.IGNORECASE)
AMOUNT = re.compile(r"€\s?\d|\d[\d.,]*\d|\d\s?%")
# "Welke gemeente heeft de hoogste ...": the highest and lowest subject of a figure.
SUPERLATIVE = re.compile(
    r"\b(hoogste|laagste|meeste|minste|grootste|kleinste|highest|lowest|most|least|largest|smallest)\b",
    re.IGNORECASE,
)
