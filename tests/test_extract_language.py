"""quotefind reads English news: a text in another language gives no statements (and the CLI says so)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotefind.extract import extract, is_english
from quotefind.model import Article, Source

from .clirun import run

FOREIGN = {
    "fr": "Le président de la République a déclaré mardi que le gouvernement allait présenter un nouveau "
    "projet de loi sur les retraites dans les prochaines semaines. « Nous ne reculerons pas », a-t-il "
    "affirmé devant les députés réunis à l'Assemblée nationale, où l'opposition a dénoncé une réforme "
    "injuste pour les travailleurs les plus modestes et les femmes.",
    "de": "Der Bundeskanzler hat am Dienstag angekündigt, dass die Regierung in den kommenden Wochen einen "
    "neuen Gesetzentwurf zur Rente vorlegen wird. „Wir werden nicht zurückweichen“, sagte er vor den "
    "Abgeordneten im Bundestag, wo die Opposition eine ungerechte Reform für die Arbeitnehmer mit den "
    "niedrigsten Einkommen und für Frauen kritisierte.",
    "es": "El presidente del Gobierno anunció el martes que el Ejecutivo presentará en las próximas semanas "
    "un nuevo proyecto de ley sobre las pensiones. «No vamos a retroceder», afirmó ante los diputados "
    "reunidos en el Congreso, donde la oposición denunció una reforma injusta para los trabajadores con "
    "menos ingresos y para las mujeres.",
    "no": "Statsministeren sa tirsdag at regjeringen vil legge fram et nytt lovforslag om pensjon i løpet av "
    "de kommende ukene. «Vi kommer ikke til å trekke oss tilbake», sa han til stortingsrepresentantene, der "
    "opposisjonen kritiserte en urettferdig reform for arbeidstakerne med lavest inntekt og for kvinner.",
}
ENGLISH = (
    "The prime minister said on Tuesday that the government would present a new pension bill in the "
    "coming weeks. “We will not back down,” he told members of parliament, where the opposition called "
    "the reform unfair to the lowest-paid workers and to women."
)
TABLE = "Shr 45 cts vs 58 cts\n\nNet 1.1 mln vs 829,000\n\nSales 7.9 mln vs 9.4 mln\n\n" * 5


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_another_language_gives_no_statements(lang: str) -> None:
    assert not is_english(FOREIGN[lang])
    assert list(extract(Article(text=FOREIGN[lang], source=Source(path=f"{lang}.txt")))) == []


def test_english_news_is_english_and_gives_statements() -> None:
    assert is_english(ENGLISH)
    statements = extract(Article(text=ENGLISH, source=Source(path="en.txt")))
    assert [st.kind for st in statements] == ["claim", "quote"]


@pytest.mark.parametrize("text", [TABLE, "Oui.", "Ja, sagte er."])
def test_tables_and_short_texts_are_not_called_foreign(text: str) -> None:
    assert is_english(text)


def test_the_cli_says_a_text_is_not_english_and_indexes_nothing(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_text(FOREIGN["fr"], encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    result = run("index", str(tmp_path / "fr.txt"), str(tmp_path / "en.txt"), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 0, result.stderr
    noted = [line for line in result.stderr.splitlines() if "not English" in line]
    assert len(noted) == 1 and "fr.txt" in noted[0] and "quotefind reads English news" in noted[0]
    found = run("search", "back down", "--index", str(tmp_path / "ix"), "--format", "jsonl")
    assert found.exit_code == 0
    assert {json.loads(line)["source"]["path"].endswith("en.txt") for line in found.stdout.splitlines()} == {
        True
    }
