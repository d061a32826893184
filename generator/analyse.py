"""Per-seed analysis, the first half of the pipeline: one seed file in, its cleaned and
analysed articles and its problems out, each per-article stage in order.

It runs in the worker processes of a cold build, and is imported only when some seed
must be read: a build whose seeds are all cached never loads the readers and the
analysis stages (a fifth of a warm build's time at 10,000 seeds).
"""

from __future__ import annotations

import traceback
from pathlib import Path

from . import readers
from .cache import SeedResult
from .classify import classify
from .clean import clean
from .config import Settings
from .curated import Curated
from .entities import extract_entities
from .extract import extract_metadata
from .figures import extract_figures
from .model import Article, Problem
from .overrides import OverrideError, apply_override, override_path
from .pairs import Vectors, vectors
from .seeds import SeedError, read_seed
from .summarize import extract_key_points, summarize
from .terms import weight

_PACKAGE = Path(__file__).resolve().parent


def ready_to_read() -> None:
    """What reading a seed needs besides its file, loaded ahead (`parallel.Ahead`): this
    module's imports, and the English word list terms are weighed by (0.1 s)."""
    weight("the")


def prepare_article(article: Article, curated: Curated, settings: Settings) -> Article:
    """Every per-article stage, in order."""
    article = extract_metadata(article, curated)
    article = clean(article, curated.boilerplate)
    article = apply_override(article, override_path(settings.seeds_dir, article.id), {t.id for t in curated.topics})
    article = summarize(article, settings.summary_words)
    article = extract_key_points(article)
    article = extract_figures(article)
    article = extract_entities(article, curated.entities)
    return classify(article, curated.topics)


def _seed_problems(article: Article) -> list[Problem]:
    problems = [Problem(article.seed, "warning", w) for w in article.warnings]
    if not article.blocks:
        problems.append(Problem(article.seed, "error", f"{article.id}: nothing left after cleaning; is this an article?"))
    if article.date is None:
        problems.append(Problem(article.seed, "info", f"{article.id}: no publication date found; set 'date:' in {article.id}.yml if you know it"))
    if article.source_url is None:
        problems.append(Problem(article.seed, "info", f"{article.id}: no link to the original found; set 'source_url:' in {article.id}.yml if you know it"))
    return problems


def _bug_report(exc: Exception) -> str:
    """One line for a bug a seed ran into: what failed and where in the generator, so the
    contributor can report it and a maintainer can find it."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [frame for frame in frames if Path(frame.filename).parent == _PACKAGE] or frames
    where = f" at {Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else ""
    return f"Briefing failed on this seed ({type(exc).__name__}: {exc}{where}); this is a bug, please report it with the seed"


def read_one(path: Path, curated: Curated, settings: Settings) -> SeedResult:
    """One seed's publishable articles and its problems; a bad seed, or a bug it runs into,
    is problems, never a stop."""
    try:
        seed = read_seed(path, settings.max_seed_bytes)
        found = [prepare_article(a, curated, settings) for a in readers.read(seed)]
    except SeedError as exc:
        return (), (Problem(str(path), "error", exc.message, exc.line),)
    except OverrideError as exc:
        return (), tuple(exc.problems)
    except MemoryError:
        raise
    except Exception as exc:  # a bug, but only this seed's: the others are still published
        return (), (Problem(str(path), "error", _bug_report(exc)),)
    articles: list[Article] = []
    problems: list[Problem] = []
    for article in found:
        article_problems = _seed_problems(article)
        problems.extend(article_problems)
        if not any(p.level == "error" for p in article_problems):
            articles.append(article)
    return tuple(articles), tuple(problems)


def read_and_vectorize(path: Path, curated: Curated, settings: Settings) -> tuple[SeedResult, tuple[Vectors, ...]]:
    """`read_one`, and what the stories stage will need of each article, worked out on
    the same core while the article is at hand."""
    result = read_one(path, curated, settings)
    return result, tuple(vectors(article) for article in result[0])
