"""A section classifier learned from labelled examples: TF-IDF over character n-grams, rjieba words, entity types
and the profile's section keywords, with a linear model (scikit-learn).

Features of one text: character 1–3-grams (what works on any text); words from the beat's tokenizer (names of the
lexicon stay whole); the lexicon categories the headline and the lead name ("the headline names a regulator", "a
research firm", "a person's title"); and, per section, whether the profile's keywords of that section are in the
headline or the lead — so the learned weights calibrate the editors' keyword rules instead of adding them blindly.

The fitted model is stored as plain arrays (numpy .npz, no pickle), so loading one never runs code. The same
code learns the weekly's sections and, in the benchmark, TNEWS's news classes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from zhoubao.conf.settings import defaults

# Label of examples that are off the beat (a story that belongs in no section).
OFFBEAT = ""
N_FEATURES = 2**18
MODEL_NAME = "sections.npz"
# The model fitted from the shipped examples for the default profile, fitted once (tools/fit_shipped_model.py) and
# shipped in the package: a build of the default weekly then loads it instead of fitting for tens of seconds.
SHIPPED_MODEL = "shipped_sections.npz"
# What the features are made of, besides the examples: a change of any of these files changes the key of a fit.
_FEATURE_SOURCES = (("zhoubao.classify", "learn.py"), ("zhoubao.text", "tokenize.py"), ("zhoubao.text", "gazetteer.py"),
                    ("zhoubao.text.lexicon", "beat.toml"))


def example_text(title: str, text: str, lead_chars: int = 300) -> str:
    """What the classifier reads of a report: the headline twice (it says the most) and the lead."""
    return f"{title}。{title}。{text[:lead_chars]}"


Keywords = Mapping[str, Sequence[str]]


def _split(doc: str) -> tuple[str, str]:
    """(headline, lead) of an example_text()."""
    title, _sep, rest = doc.partition("。")
    if rest.startswith(title + "。"):
        rest = rest[len(title) + 1 :]
    return title, rest


def _analyzer(keywords: Keywords) -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    from zhoubao.text.gazetteer import default_lexicon
    from zhoubao.text.tokenize import words

    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(1, 3)).build_analyzer()
    lex = default_lexicon()
    kw = [(sec, [k for k in ks if k]) for sec, ks in keywords.items()]

    def analyze(doc: str) -> list[str]:
        out = list(chars(doc))
        out += ["w:" + w for w in words(doc, lex)]
        title, lead = _split(doc)
        for m in lex.mentions(title):
            out += ["T:" + m.category] * 2
        for m in lex.mentions(lead[:200]):
            out.append("L:" + m.category)
        lead = lead[:400]
        for sec, ks in kw:
            for k in ks:
                if k in title:
                    out += ["KT:" + sec] * 2
                elif k in lead:
                    out.append("KL:" + sec)
        return out

    return analyze


def _vectorizer(keywords: Keywords | None = None) -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(analyzer=_analyzer(keywords or {}), n_features=N_FEATURES,
                             alternate_sign=False, norm=None)


def default_keywords(sections: Sequence[str]) -> dict[str, list[str]]:
    """The shipped profile's keywords of the named sections (for a model learned without a profile at hand)."""
    from zhoubao.conf.settings import defaults

    table = {s["name"]: list(s.get("keywords", [])) for s in defaults()["profile"].get("sections", [])}
    return {n: table[n] for n in sections if n in table}


def _weigh(counts: Any, idf: np.ndarray) -> Any:
    from sklearn.preprocessing import normalize

    x = counts.astype(np.float64).tocsr()
    x.data = 1.0 + np.log(x.data)  # sublinear term frequency
    x = x.multiply(idf).tocsr()
    return normalize(x)


def _embedding_input(doc: str) -> str:
    """What the sentence encoder reads of an example: the headline and the start of the lead (it is short-sighted)."""
    title, lead = _split(doc)
    return f"{title}。{lead[:150]}" if lead else title


def _embedder() -> Any:
    from zhoubao.dedupe.embed import sentence_embedder

    return sentence_embedder()


@dataclass
class TextModel:
    """A fitted linear text classifier: labels, IDF weights, coefficients; optionally a second linear head over
    multilingual sentence embeddings, whose probabilities are mixed with the n-gram head's."""

    labels: list[str]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    examples: int = 0
    keywords: dict[str, list[str]] = field(default_factory=dict)  # section keywords the features were made with
    emb_coef: np.ndarray | None = None
    emb_intercept: np.ndarray | None = None
    mix: float = 1.0  # weight of the n-gram head; 1 - mix goes to the embedding head
    key: str = ""  # fit_key() of what it was fitted from, when known (a stored fit is reused only on the same key)

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], *, c: float = 10.0,
            keywords: Keywords | None = None, embeddings: bool = False, mix: float = 0.5) -> TextModel:
        """Fit on texts (example_text() form for sections). embeddings: also fit the embedding head when the
        sentence encoder is installed (it ships as a dependency; without it the model is n-grams only)."""
        from sklearn.linear_model import LogisticRegression

        if len(set(labels)) < 2:
            raise ValueError("learning needs examples of at least two sections")
        kw = {str(k): [str(x) for x in v] for k, v in (keywords or {}).items()}
        counts = _vectorizer(kw).transform(list(texts))
        df = np.bincount(counts.indices, minlength=N_FEATURES)
        n = counts.shape[0]
        # Features no example has get IDF 0: a new text is normalised over the vocabulary the model knows, so
        # unknown n-grams do not dilute the known ones (and a stored model, which keeps only known features,
        # scores exactly as the fitted one).
        idf = np.where(df > 0, np.log((1.0 + n) / (1.0 + df)) + 1.0, 0.0).astype(np.float32)
        x = _weigh(counts, idf)
        # Fit over the features the examples use only (a few thousand of the 2^18 hashed): much faster.
        used = np.unique(counts.indices)
        clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        clf.fit(x[:, used], list(labels))
        coef = np.zeros((clf.coef_.shape[0], N_FEATURES), dtype=np.float32)
        coef[:, used] = clf.coef_
        intercept = clf.intercept_.astype(np.float32)
        classes = [str(k) for k in clf.classes_]
        if len(classes) == 2:  # binary: sklearn keeps one row; make it two so predict is uniform
            coef = np.vstack([-coef[0], coef[0]]) / 2
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2], dtype=np.float32)
        model = cls(classes, idf, coef, intercept, n, kw)
        embed = _embedder() if embeddings and len(classes) > 2 else None
        if embed is not None:
            e = np.asarray(embed([_embedding_input(t) for t in texts]), dtype=np.float32)
            if len(e) == len(texts):  # no vectors when the encoder cannot load: n-grams only
                head = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced").fit(e, list(labels))
                assert [str(k) for k in head.classes_] == classes
                model.emb_coef = head.coef_.astype(np.float32)
                model.emb_intercept = head.intercept_.astype(np.float32)
                model.mix = mix
        return model

    def scores(self, texts: Sequence[str], *, embeddings: bool = True) -> np.ndarray:
        """Class probabilities, one row per text, columns in self.labels order.

        embeddings: mix in the embedding head when the model has one (about 5 ms a text on a CPU, so the pipeline
        turns it off for weeks with thousands of stories)."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        x = _weigh(_vectorizer(self.keywords).transform(list(texts)), self.idf)
        # Only the features the model weighs matter: a sparse product keeps this fast for many texts.
        p = _softmax(np.asarray(x @ self.coef.T) + self.intercept)
        embed = _embedder() if embeddings and self.emb_coef is not None and self.mix < 1.0 else None
        if embed is not None and self.emb_coef is not None and self.emb_intercept is not None:
            e = np.asarray(embed([_embedding_input(t) for t in texts]), dtype=np.float32)
            if len(e) == len(texts):
                p = self.mix * p + (1 - self.mix) * _softmax(e @ self.emb_coef.T + self.emb_intercept)
        return p

    def predict(self, texts: Sequence[str]) -> list[str]:
        p = self.scores(texts)
        return [self.labels[int(i)] for i in p.argmax(axis=1)] if len(p) else []

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Only the rows of features any class weighs are stored (the rest are zero), to keep the file small.
        used = np.flatnonzero(np.abs(self.coef).sum(axis=0) > 0).astype(np.int32)
        arrays: dict[str, np.ndarray] = {
            "labels": np.array(json.dumps(self.labels)), "used": used, "idf": self.idf[used],
            "coef": self.coef[:, used], "intercept": self.intercept, "examples": np.array(self.examples),
            "keywords": np.array(json.dumps(self.keywords, ensure_ascii=False))}
        if self.emb_coef is not None and self.emb_intercept is not None:
            arrays.update(emb_coef=self.emb_coef, emb_intercept=self.emb_intercept, mix=np.array(self.mix))
        if self.key:
            arrays["key"] = np.array(self.key)
        # A private temporary name: two processes storing the same fit must not write into one file.
        fd, name = tempfile.mkstemp(prefix=path.name + ".", suffix=".part.npz", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        try:
            np.savez_compressed(tmp, **arrays)  # type: ignore[arg-type]
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path) -> TextModel:
        with np.load(path, allow_pickle=False) as z:
            labels = [str(x) for x in json.loads(str(z["labels"]))]
            used = z["used"]
            idf = np.zeros(N_FEATURES, dtype=np.float32)
            idf[used] = z["idf"]
            coef = np.zeros((len(labels), N_FEATURES), dtype=np.float32)
            coef[:, used] = z["coef"]
            kw = json.loads(str(z["keywords"])) if "keywords" in z.files else {}
            model = cls(labels, idf, coef, z["intercept"], int(z["examples"]), kw)
            if "emb_coef" in z.files:
                model.emb_coef, model.emb_intercept = z["emb_coef"], z["emb_intercept"]
                model.mix = float(z["mix"])
            if "key" in z.files:
                model.key = str(z["key"])
            return model


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def read_examples(path: Path) -> list[dict[str, str]]:
    """Labelled examples from a JSONL file ({"title", "text", "section"}; section null: off the beat)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n} 不是有效的 JSON：{exc}") from None
        if not isinstance(rec, dict) or "section" not in rec or not (rec.get("title") or rec.get("text")):
            raise ValueError(f"{path}:{n} 需要 title 或 text，以及 section 字段")
        out.append({"title": str(rec.get("title") or ""), "text": str(rec.get("text") or ""),
                    "section": str(rec.get("section") or OFFBEAT)})
    return out


def _shipped(name: str) -> list[dict[str, str]]:
    text = resources.files("zhoubao.classify").joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def general_examples() -> list[dict[str, str]]:
    """Examples written one by one for the classifier, apart from any labelled week (general.jsonl): every
    section and a wide range of off-beat news (sports, property, cars, markets, fraud …), many of them tempting."""
    return _shipped("general.jsonl")


def speaks_of_shipped_beat(beat_keywords: Sequence[str]) -> bool:
    """Whether a profile's beat is the one the shipped examples were written for (网络视听): at least half of its
    beat keywords are the shipped profile's. Another beat's stories are all "off the beat" to those examples, so
    a model learned from them would drop them (a 文旅 week lost 83% of its stories that way)."""
    mine = {k for k in beat_keywords if k}
    shipped = set(defaults()["profile"]["beat"]["keywords"])
    return not mine or len(mine & shipped) >= len(mine) / 2


def seed_examples() -> list[dict[str, str]]:
    """The labelled examples shipped with zhoubao: the project's labelled weeks (seed.jsonl) and general.jsonl."""
    return _shipped("seed.jsonl") + general_examples()


def learn(examples: Iterable[dict[str, str]], *, sections: Sequence[str] | None = None,
          keywords: Keywords | None = None, embeddings: bool = False) -> TextModel:
    """Fit a model on examples whose section is one of sections (or off the beat).

    keywords (section → keywords, the profile's) become features; without them, the shipped profile's keywords
    of those sections are used.
    """
    if keywords is None and sections is not None:
        keywords = default_keywords(sections)
    keep = set(sections) | {OFFBEAT} if sections is not None else None
    texts, labels = [], []
    for ex in examples:
        sec = ex.get("section") or OFFBEAT
        if keep is not None and sec not in keep:
            continue
        texts.append(example_text(ex.get("title", ""), ex.get("text", "")))
        labels.append(sec)
    return TextModel.fit(texts, labels, keywords=keywords, embeddings=embeddings)


def model_path(data_dir: Path) -> Path:
    return data_dir / "models" / MODEL_NAME


_SEED_CACHE: dict[str, TextModel] = {}


def fit_key(examples: Sequence[dict[str, str]], sections: Sequence[str], keywords: Keywords | None,
            embeddings: bool) -> str:
    """A digest of everything a fit depends on: the examples, the sections, their keywords, the embedding head, and
    the code and data the features are made by. Two fits with one key are the same model."""
    h = hashlib.sha256()
    h.update(json.dumps([list(sections), {k: list(v) for k, v in (keywords or {}).items()}, embeddings],
                        ensure_ascii=False, sort_keys=True).encode())
    for package, name in _FEATURE_SOURCES:
        h.update(resources.files(package).joinpath(name).read_bytes())
    for ex in examples:
        h.update(json.dumps(ex, ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()[:24]


def _stored_fit(key: str, data_dir: Path) -> TextModel | None:
    """A fit of this key stored before: the one shipped in the package, else the one this home kept."""
    candidates = [resources.files("zhoubao.classify").joinpath(SHIPPED_MODEL), data_dir / "models" / f"fit-{key}.npz"]
    for candidate in candidates:
        try:
            with resources.as_file(candidate) as path:
                if not Path(path).is_file():
                    continue
                model = TextModel.load(Path(path))
        except (OSError, ValueError, KeyError):
            continue  # damaged or unreadable: fit again
        if model.key == key:
            return model
    return None


def _keep_fit(model: TextModel, data_dir: Path) -> None:
    """Keep a fit in the home for the next build (one file: the editors' corrections change the key each week)."""
    folder = data_dir / "models"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        model.save(folder / f"fit-{model.key}.npz")
        for old in folder.glob("fit-*.npz"):
            if old.name != f"fit-{model.key}.npz":
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home fits again next time; nothing is lost


def model_for(data_dir: Path, sections: Sequence[str], *, use_seed: bool = True,
              keywords: Keywords | None = None, embeddings: bool = False,
              extra: Sequence[dict[str, str]] = ()) -> TextModel | None:
    """The home's learned model (zhoubao learn), else one learned from the shipped examples plus `extra` (the
    editors' corrections, which the caller reads from the archive); None if neither."""
    path = model_path(data_dir)
    if path.is_file():
        try:
            return TextModel.load(path)
        except (OSError, ValueError, KeyError):
            pass  # a damaged model file is ignored: rules still classify
    if not use_seed:
        return None
    examples = seed_examples() + list(extra)
    key = fit_key(examples, sections, keywords, embeddings)
    if key not in _SEED_CACHE:
        model = _stored_fit(key, data_dir)
        if model is None:
            try:
                model = learn(examples, sections=sections, keywords=keywords, embeddings=embeddings)
            except ValueError:
                return None
            model.key = key
            _keep_fit(model, data_dir)
        _SEED_CACHE[key] = model
    return _SEED_CACHE[key]
