"""Concurrent users: the app shares one Assistant between all sessions. Many threads on one Assistant get the
same answers as one thread, also when they all arrive at once on a fresh Assistant (cold corpus caches)."""

from concurrent.futures import ThreadPoolExecutor

from assistant.service import assistant_from_index

QUESTIONS = [
    "Wat is de Smederij in Leusden?",
    "Wat was het effect van de verevening voor Woudenberg in 2018?",
    "Welke KPI's halen hun streefwaarde niet?",
    "Wat is een budgetplafond?",
    "Wat zijn de leidende principes voor toegang en toeleiding in de regio?",
    "Wat was het effect van de verevening voor Zeist in 2018?",
    "Hoeveel zit de prognose boven de begroting?",
    "Waarom zijn de kosten voor jeugdhulp gestegen?",
]


def fingerprint(answer) -> tuple:
    return answer.text, answer.refused, tuple((c.document, c.page, c.quote) for c in answer.citations)


def test_threads_on_one_assistant_answer_like_one_thread(assistant):
    expected = {q: fingerprint(assistant.ask(q)) for q in QUESTIONS}
    work = QUESTIONS * 6
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda q: (q, fingerprint(assistant.ask(q))), work))
    assert len(got) == len(work)
    assert all(answer == expected[q] for q, answer in got)


def test_simultaneous_first_questions_on_a_fresh_assistant(corpus_index, assistant):
    settings, index, _ = corpus_index
    expected = {q: fingerprint(assistant.ask(q)) for q in QUESTIONS}
    for _ in range(3):
        fresh = assistant_from_index(index, settings)  # nothing cached yet: every thread races the first load
        with ThreadPoolExecutor(max_workers=8) as pool:
            got = list(pool.map(lambda q, a=fresh: (q, fingerprint(a.ask(q))), QUESTIONS))
        assert all(answer == expected[q] for q, answer in got)
