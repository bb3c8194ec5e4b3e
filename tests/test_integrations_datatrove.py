"""The datatrove steps, run by datatrove's own LocalPipelineExecutor on a WARC made here, against the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.writers import JsonlWriter

from cli_helpers import run
from newsclean import CleanConfig, HtmlConfig, clean
from newsclean.integrations.datatrove import NearDuplicates, NewscleanExtractor, WarcPages
from warc_helpers import HARBOUR, MIXED, VALLEY, archive, record

NOT_AN_ARTICLE = b"<html><head><title>Log in</title></head><body><p>Log in</p></body></html>"
COPY_URL = "https://herald.example/harbour-dredging"


def _crawl(folder: Path) -> Path:
    """Two archives: the mixed crawl, then a copy, a page with no article, damage and a cut-off tail."""
    folder.mkdir()
    (folder / "a.warc.gz").write_bytes(archive(MIXED, gzipped=True))
    second = [record(7, HARBOUR, url=COPY_URL), record(8, NOT_AN_ARTICLE), b"NOT A WARC HEADER\r\n\r\n"]
    tail = archive([record(9, VALLEY)], gzipped=True)[:150]
    (folder / "b.warc.gz").write_bytes(archive(second, gzipped=True) + tail)
    return folder


def _pipeline(crawl: Path, out: Path, logs: Path, excluded: Path) -> tuple[list[dict[str, object]], object]:
    executor = LocalPipelineExecutor(
        pipeline=[
            WarcPages(str(crawl)),
            NewscleanExtractor(exclusion_writer=JsonlWriter(str(excluded), compression=None)),
            NearDuplicates(),
            JsonlWriter(str(out), compression=None),
        ],
        tasks=1,
        workers=1,
        logging_dir=str(logs),
    )
    stats = executor.run()
    docs = [
        json.loads(line) for path in sorted(out.glob("*.jsonl")) for line in path.read_text().splitlines()
    ]
    return docs, stats


def test_the_pipeline_gives_the_bodies_and_clusters_of_the_command_line(
    tmp_path, monkeypatch, capsys
) -> None:
    crawl = _crawl(tmp_path / "crawl")
    docs, stats = _pipeline(crawl, tmp_path / "out", tmp_path / "logs", tmp_path / "excluded")
    paths = [str(crawl / "a.warc.gz"), str(crawl / "b.warc.gz")]

    code, cleaned, _ = run(monkeypatch, capsys, ["clean", "--html", *paths])
    assert code == 1  # the page with no article, the damaged record, the cut-off tail
    records = [json.loads(line) for line in cleaned.splitlines()]
    kept = [r for r in records if "error" not in r]
    assert [(d["id"], d["text"]) for d in docs] == [(r["id"], r["text"]) for r in kept]
    assert [d["id"] for d in docs] == ["<urn:uuid:1>", "<urn:uuid:6>", "<urn:uuid:7>"]
    assert all(d["metadata"]["title"] == r["title"] for d, r in zip(docs, kept, strict=True))

    bodies = "".join(json.dumps(r) + "\n" for r in kept)
    code, deduped, _ = run(monkeypatch, capsys, ["dedup", "--no-clean", "--url-field", "url"], bodies)
    assert code == 0
    clusters = [
        {k: r[k] for k in ("id", "cluster_id", "duplicate_of", "similarity")}
        for r in map(json.loads, deduped.splitlines())
    ]
    assert [
        {"id": d["id"], **{k: d["metadata"][k] for k in ("cluster_id", "duplicate_of", "similarity")}}
        for d in docs
    ] == clusters
    assert [c["duplicate_of"] for c in clusters] == [None, None, "<urn:uuid:1>"]

    # the one-command dedup of the archives finds the same clusters
    code, direct, _ = run(monkeypatch, capsys, ["dedup", *paths])
    assert [
        {k: r[k] for k in ("id", "cluster_id", "duplicate_of", "similarity")}
        for r in map(json.loads, direct.splitlines())
        if "error" not in r and r["id"] != "<urn:uuid:8>"
    ] == clusters

    counts = {stat.name: stat.stats for stat in stats.stats}
    reader, extractor, near = (counts[name] for name in list(counts)[:3])
    assert reader["damaged_record"].total == 2
    assert reader["skipped_request"].total == 1
    assert reader["skipped_redirect"].total == 1
    assert extractor["total"].total == 4
    assert extractor["dropped"].total == 1
    assert extractor["dropped_no_article_text"].total == 1
    assert extractor["forwarded"].total == 3
    assert near["in_cluster"].total == 2

    (excluded_file,) = (tmp_path / "excluded").glob("*.jsonl")
    (excluded,) = [json.loads(line) for line in excluded_file.read_text().splitlines()]
    assert excluded["id"] == "<urn:uuid:8>"
    assert excluded["metadata"]["filter_reason"] == "no_article_text"
    (failed,) = [r for r in records if r.get("id") == "<urn:uuid:8>"]
    assert failed["error"] == f"record 2: {excluded['metadata']['clean_error']}"


def test_text_documents_are_cleaned_as_in_text_mode() -> None:
    text = (
        "World\n\nMayor opens new bridge\n\nSPRINGFIELD: The mayor opened the new bridge on Monday.\n\nShare"
    )
    docs = [Document(text=text, id="a"), Document(text="   ", id="b")]
    step = NewscleanExtractor(html=False)
    out = list(step.run(iter(docs)))
    assert [(d.id, d.text) for d in out] == [("a", clean(text).body)]
    assert out[0].metadata["dateline"] == "SPRINGFIELD"
    assert step.stats["dropped_empty_document"].total == 1


def test_a_metadata_key_already_there_wins() -> None:
    doc = Document(text=HARBOUR.decode(), id="a", metadata={"title": "From the crawl"})
    (out,) = NewscleanExtractor().run(iter([doc]))
    assert out.metadata["title"] == "From the crawl"


def test_drop_duplicates_keeps_the_canonical_member() -> None:
    body = "The harbour will be dredged in April, the port authority said on Monday. " * 20
    docs = [Document(text=body, id=str(n), metadata={"url": f"https://s{n}.example/a"}) for n in range(3)]
    step = NearDuplicates(drop_duplicates=True)
    out = list(step.run(iter(docs)))
    assert [(d.id, d.metadata["duplicate_of"]) for d in out] == [("0", None)]
    assert step.stats["dropped_duplicate"].total == 2


@pytest.mark.parametrize(
    ("html", "config"), [(True, CleanConfig()), (False, HtmlConfig())], ids=["html+text", "text+html"]
)
def test_a_config_of_the_other_mode_is_refused(html: bool, config: object) -> None:
    with pytest.raises(TypeError, match="config must be"):
        NewscleanExtractor(html=html, config=config)  # type: ignore[arg-type]
