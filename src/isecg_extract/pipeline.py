"""The stage sequence, listed once: ingest -> layout -> structure -> nlp -> normalise -> write.

``extract()`` runs it on one input and returns a Report; every stage's output can be dumped as
JSON for inspection (``keep_intermediate``), and a failure inside a stage is wrapped with the
stage's name.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isecg_extract.config import PipelineConfig, load_config
from isecg_extract.errors import (
    ExtractError,
    ExtractTimeout,
    MalformedPdf,
    StageError,
    memory_error,
)
from isecg_extract.gctune import relaxed_gc
from isecg_extract.ingest import IngestOptions
from isecg_extract.model import Check, NlpResult, RawDocument, Report, Structure, to_jsonable


@dataclass
class ExtractOptions:
    """Everything a run can be told; checked on construction so bad values fail early."""

    config_dir: str | None = None
    model: str | None = None
    keep_intermediate: Path | None = None
    ingest: IngestOptions = field(default_factory=IngestOptions)
    profile: bool = False
    timeout: float | None = None  # seconds for one document; None = no limit

    def __post_init__(self) -> None:
        if self.keep_intermediate is not None:
            self.keep_intermediate = Path(self.keep_intermediate)
        if self.timeout is not None and self.timeout <= 0:
            raise ValueError("timeout must be positive")


@dataclass
class RunInfo:
    timings: dict[str, float] = field(default_factory=dict)
    # Stages that ran while another stage waited (NLP set-up during ingest): their time is
    # inside the other stage's, so a total must not count it twice.
    overlapped: set[str] = field(default_factory=set)

    def total(self) -> float:
        return sum(t for name, t in self.timings.items() if name not in self.overlapped)


def _dump(opts: ExtractOptions, name: str, obj: Any) -> None:
    if opts.keep_intermediate is None:
        return
    from isecg_extract.write import write_output

    write_output(
        opts.keep_intermediate / f"{name}.json",
        json.dumps(to_jsonable(obj), ensure_ascii=False, indent=1, default=str),
        name=opts.keep_intermediate,  # the folder the user named, not a file in it
    )


class _Stage:
    """Times a stage and wraps unexpected errors with its name and the input file."""

    def __init__(self, name: str, path: str, info: RunInfo) -> None:
        self.name, self.path, self.info = name, path, info

    def __enter__(self) -> _Stage:
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        self.info.timings[self.name] = (
            self.info.timings.get(self.name, 0.0) + time.perf_counter() - self.t0
        )
        if isinstance(exc, ExtractError) and not exc.path:
            exc.path = self.path  # raised deep inside a stage, which knew no file name
        if exc is None or isinstance(exc, ExtractError) or not isinstance(exc, Exception):
            return False
        if isinstance(exc, MemoryError):
            raise memory_error(self.path, f"stage {self.name}") from exc
        if isinstance(exc, RecursionError) and self.name == "ingest":
            # A PDF object nested thousands deep (an /Info entry): the file's fault.
            raise MalformedPdf(self.path, "objects nested too deeply to read") from exc
        raise StageError(self.path, f"{exc.__class__.__name__}: {exc}", stage=self.name) from exc


@contextmanager
def time_limit(seconds: float | None, path: str) -> Iterator[None]:
    """Raise ExtractTimeout after ``seconds`` (main thread only; batches kill their workers)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return

    expired = False

    def timeout() -> ExtractTimeout:
        return ExtractTimeout(path, f"more than {seconds:g} s (--timeout)")

    def expire(signum: int, frame: Any) -> None:
        nonlocal expired
        expired = True
        raise timeout()

    old = signal.signal(signal.SIGALRM, expire)
    # Re-armed every half second: library code that catches Exception (optional imports
    # inside spaCy, say) can swallow one ExtractTimeout, but not every one that follows.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    except ExtractTimeout:
        raise
    except Exception as exc:
        # Or it re-raises it as its own error ("Invalid YAML: ... timed out"): past the
        # deadline, whatever comes out is the timeout.
        if expired:
            raise timeout() from exc
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class Parsed:
    """A document read and structured: all the NLP stages need, and picklable.

    The halves of a run meet here, so a batch can read pages in processes that never load
    spaCy and annotate in one that has it loaded (``batch.runner``).
    """

    source: str  # the input path, for error messages
    raw: RawDocument
    structure: Structure


@dataclass
class Annotated:
    """A finished extraction: the report's tables, and the NLP result they came from."""

    nlp: NlpResult
    report: Report


def extract(
    path: str | Path, options: ExtractOptions | None = None, info: RunInfo | None = None
) -> Report:
    """Run every stage but `write` on one report (PDF or text) and return its Report."""
    opts = options or ExtractOptions()
    if not (opts.timeout or opts.ingest.max_memory):
        return annotate(read_document(path, opts, info), opts, info).report
    # A limit is enforced on a child process: a signal cannot stop C code (spaCy's matcher,
    # pdfium) in time, and a memory limit here would hold the caller to it too.
    from isecg_extract.isolate import run_isolated

    report, child_info = run_isolated(
        _extract_here,
        (path, opts),
        path=str(path),
        timeout=opts.timeout,
        max_memory=opts.ingest.max_memory,
    )
    if info is not None:
        info.timings.update(child_info.timings)
        info.overlapped |= child_info.overlapped
    return report


def _extract_here(path: str | Path, opts: ExtractOptions) -> tuple[Report, RunInfo]:
    info = RunInfo()
    return annotate(read_document(path, opts, info), opts, info).report, info


def read_document(
    path: str | Path,
    options: ExtractOptions | None = None,
    info: RunInfo | None = None,
    prepare_nlp: bool = True,
) -> Parsed:
    """Ingest, layout and structure: the stages that need no spaCy.

    With ``prepare_nlp`` the spaCy pipeline is built while worker processes read the pages, so
    that ``annotate`` finds it ready; a process that only reads passes False and never loads it.
    """
    from isecg_extract.ingest import ingest
    from isecg_extract.layout import layout_document
    from isecg_extract.structure import build_structure

    opts = options or ExtractOptions()
    info = info if info is not None else RunInfo()
    src = str(path)
    with relaxed_gc():
        with _Stage("config", src, info):
            cfg: PipelineConfig = load_config(opts.config_dir)
            if prepare_nlp:
                _check_registry_memory(cfg, opts.ingest.max_memory)
        warm_up = _nlp_warm_up(cfg, opts, src, info) if prepare_nlp else None
        with _Stage("ingest", src, info):
            raw = ingest(path, opts.ingest, warm_up)
        with _Stage("layout", src, info):
            raw = layout_document(raw, cfg)
        _dump(opts, "1-layout", raw)
        with _Stage("structure", src, info):
            structure = build_structure(raw, cfg)
        _dump(opts, "2-structure", structure)
    return Parsed(src, raw, structure)


REGISTRY_ROW_MEMORY = 20_000
"""Bytes of memory the NLP pipeline needs per registry row (the ruler's surface forms and
their spaCy patterns): measured 17 kB a row with 50,000 extra agencies (940 MB peak against
107 MB). A registry whose estimate is over --max-memory is refused before spaCy is built,
as an oversize text is (status 19), instead of failing somewhere inside spaCy or OpenBLAS."""


def _check_registry_memory(cfg: PipelineConfig, max_memory: int | None) -> None:
    from isecg_extract.errors import OverMemory

    rows = sum(
        len(r.rows) for r in (cfg.agencies, cfg.working_groups, cfg.events, cfg.publications)
    )
    need = rows * REGISTRY_ROW_MEMORY
    if max_memory and need > max_memory:
        raise OverMemory(
            str(cfg.root / "registry"),
            f"registries of {rows} rows need about {need / 2**30:.1f} GB; "
            f"--max-memory is {max_memory / 2**30:.2f} GB",
        )


def annotate(
    parsed: Parsed, options: ExtractOptions | None = None, info: RunInfo | None = None
) -> Annotated:
    """NLP, canonical ids and checks on a document ``read_document`` returned."""
    from isecg_extract.checks import run_checks
    from isecg_extract.corrections import apply_corrections, corrections_of
    from isecg_extract.nlp import run_nlp
    from isecg_extract.normalise import build_report, members_of
    from isecg_extract.normalise.entities import registry_resolver

    opts = options or ExtractOptions()
    info = info if info is not None else RunInfo()
    src, raw, structure = parsed.source, parsed.raw, parsed.structure
    cfg = load_config(opts.config_dir)
    with relaxed_gc():
        with _Stage("nlp", src, info):
            members = members_of(structure, cfg)
            names = {m.agency_id: [m.name, m.acronym] for m in members}
            nlp, display = run_nlp(structure, cfg, names, opts.model, registry_resolver(cfg))
        _dump(opts, "3-nlp", nlp)
        with _Stage("normalise", src, info):
            report = build_report(raw, structure, nlp, display, members, cfg)
            report.checks = run_checks(structure, nlp, report)
            unapplied = apply_corrections(
                report.doc_id,
                report.tables,
                corrections_of(report.doc_id, raw.source_sha256, cfg.corrections),
                cfg.tables["tables"],
            )
            report.checks += [Check("correction-not-applied", m) for m in unapplied]
            report.types = {
                name: {f[0]: f[1] for f in spec["fields"]}
                for name, spec in cfg.tables["tables"].items()
            }
            report.checks += [
                Check("pdf-parser", f"the PDF parser reported: {message}", "info")
                for message in raw.metadata.get("parser_warnings", "").splitlines()
            ]
        _dump(opts, "4-report", report)
    return Annotated(nlp, report)


def _nlp_warm_up(
    cfg: PipelineConfig, opts: ExtractOptions, src: str, info: RunInfo
) -> Callable[[], None] | None:
    """Building the spaCy pipeline, to run while worker processes read the PDF's pages."""
    from isecg_extract.nlp.build import build_nlp, nlp_is_built

    root = str(cfg.root)
    if nlp_is_built(root, opts.model):
        return None

    def warm_up() -> None:
        info.overlapped.add("nlp_setup")
        with _Stage("nlp_setup", src, info):
            build_nlp(root, opts.model)

    return warm_up


def extract_to(
    path: str | Path,
    out: str | Path,
    options: ExtractOptions | None = None,
    raw_cells: bool = False,
    info: RunInfo | None = None,
) -> Report:
    """Extract one report and write its datasets to ``out``."""
    opts = options or ExtractOptions()
    info = info or RunInfo()
    report = extract(path, opts, info)
    with _Stage("write", str(path), info):
        write_whole(report, Path(out), load_config(opts.config_dir), raw_cells)
    return report


def write_whole(report: Report, out: Path, cfg: PipelineConfig, raw_cells: bool = False) -> None:
    """Write the report beside ``out`` and switch it in whole: an interruption or a full disk
    leaves the old output or the new one, never new CSVs beside an old report.json."""
    from isecg_extract.swap import Staging, clean_stale
    from isecg_extract.write import DATASETS, output_errors, write_report

    ours = {f"{n}.csv" for n in DATASETS} | {"report.json", "datapackage.json", "sentences.json"}
    stage = None
    with output_errors(out):  # status 20 naming OUT, as every command's output
        try:
            clean_stale(out)
            stage = Staging(out)
            write_report(report, stage.path, cfg, raw_cells)
            stage.carry_over(skip=ours)  # anything else the folder held stays
            stage.switch()
        except BaseException:
            if stage is not None:
                stage.abandon()
            raise


STAGES = ["ingest", "layout", "structure", "nlp", "normalise", "write"]
