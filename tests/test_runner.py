"""The runner: the cache, the process pool, the time budget, `nanlint clean`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nanlint.runner
from nanlint.cli import main
from nanlint.config import Config
from nanlint.runner import CACHE_FOLDER, POOL_THRESHOLD, Cache, analyse_files, code_stamp

FLAGGED = "import torch\ndef f(p):\n    return torch.log(p)\n"
CLEAN = "import torch\ndef f(p):\n    return torch.log(p + 1e-6)\n"


def _tree(tmp_path: Path, count: int) -> list[str]:
    paths = []
    for i in range(count):
        path = tmp_path / f"m{i:03}.py"
        path.write_text(FLAGGED if i % 3 else CLEAN)
        paths.append(str(path))
    return paths


def _summary(results) -> list[tuple]:
    return [(r.path, [(f.line, f.column, f.code, f.message) for f in r.findings],
             [e.message for e in r.errors]) for r in results]


def test_pool_gives_the_in_process_results_in_input_order(tmp_path):
    paths = _tree(tmp_path, POOL_THRESHOLD + 20)
    config = Config()
    assert _summary(analyse_files(paths, config, jobs=2)) == \
        _summary(analyse_files(paths, config, jobs=1))


def test_cache_hit_gives_the_same_results_and_marks_its_folder(tmp_path, monkeypatch):
    paths = _tree(tmp_path, 5)
    first = _summary(analyse_files(paths, Config(), cache=Cache(tmp_path, Config())))
    root = tmp_path / CACHE_FOLDER
    assert (root / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    assert (root / ".gitignore").read_text().endswith("*\n")

    def not_again(task):
        raise AssertionError(f"{task[0]} analysed again")

    monkeypatch.setattr("nanlint.runner._analyse", not_again)
    assert _summary(analyse_files(paths, Config(), cache=Cache(tmp_path, Config()))) == first


def test_an_interrupt_while_the_pool_starts_still_stops_it(tmp_path, monkeypatch):
    """Workers left running by a Ctrl-C during start-up are joined at exit: a hang."""
    from concurrent.futures import ProcessPoolExecutor

    paths = _tree(tmp_path, POOL_THRESHOLD + 4)
    real_map, real_shutdown = ProcessPoolExecutor.map, ProcessPoolExecutor.shutdown
    stopped = []

    def interrupted_map(self, *args, **kwargs):
        real_map(self, *args, **kwargs)  # the workers are started
        raise KeyboardInterrupt

    def shutdown(self, *args, **kwargs):
        stopped.append(kwargs)
        return real_shutdown(self, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "map", interrupted_map)
    monkeypatch.setattr(ProcessPoolExecutor, "shutdown", shutdown)
    with pytest.raises(KeyboardInterrupt):
        list(analyse_files(paths, Config(), jobs=2))
    assert stopped == [{"cancel_futures": True}]


def test_an_edited_analysis_module_changes_the_cache_key(tmp_path):
    package = tmp_path / "package"
    (package / "rules").mkdir(parents=True)
    engine = package / "engine.py"
    engine.write_text("RULE = 1\n")
    (package / "rules" / "log.py").write_text("")
    before = code_stamp(str(package))
    assert code_stamp(str(package)) == before
    engine.write_text("RULE = 22\n")  # another size, whatever the clock's resolution
    assert code_stamp(str(package)) != before


def test_a_cache_made_by_other_analysis_code_is_not_read(tmp_path, monkeypatch):
    paths = _tree(tmp_path, 3)
    first = _summary(analyse_files(paths, Config(), cache=Cache(tmp_path, Config())))
    monkeypatch.setattr("nanlint.runner.code_stamp", lambda package: "edited")
    analysed = []
    real = nanlint.runner._analyse

    def counting(task):
        analysed.append(task[0])
        return real(task)

    monkeypatch.setattr("nanlint.runner._analyse", counting)
    assert _summary(analyse_files(paths, Config(), cache=Cache(tmp_path, Config()))) == first
    assert sorted(analysed) == sorted(paths)


def test_a_changed_file_is_analysed_again(tmp_path):
    (path,) = _tree(tmp_path, 1)  # a clean file
    def analyse_files_list():
        return list(analyse_files([path], Config(), cache=Cache(tmp_path, Config())))
    assert analyse_files_list()[0].findings == []
    Path(path).write_text(FLAGGED + "\n")
    assert [f.code for f in analyse_files_list()[0].findings] == ["NAN001"]


def test_a_corrupt_cache_is_ignored_and_rebuilt(tmp_path):
    paths = _tree(tmp_path, 3)
    expected = _summary(analyse_files(paths, Config(), cache=Cache(tmp_path, Config())))
    index = Cache(tmp_path, Config()).file
    index.write_text("{not json")
    assert _summary(analyse_files(paths, Config(), cache=Cache(tmp_path, Config()))) == expected
    assert len(json.loads(index.read_text())) == 3
    index.write_text('{"' + paths[1] + '": {"stamp": "wrong", "findings": 7}}')
    assert _summary(analyse_files(paths, Config(), cache=Cache(tmp_path, Config()))) == expected


def test_the_configuration_is_part_of_the_key(tmp_path):
    path = _tree(tmp_path, 2)[1]
    assert Cache(tmp_path, Config()).file != Cache(tmp_path, Config(ignore=("NAN001",))).file
    analyse_files_list = list(analyse_files([path], Config(), cache=Cache(tmp_path, Config())))
    assert analyse_files_list[0].findings
    ignored = Config(ignore=("NAN001",))
    assert [r.findings for r in analyse_files([path], ignored, cache=Cache(tmp_path, ignored))] \
        == [[]]


def test_clean_removes_the_cache(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, 3)
    assert main(["check", "--exit-zero", "."]) == 0
    assert (tmp_path / CACHE_FOLDER).is_dir()
    assert main(["clean"]) == 0
    assert not (tmp_path / CACHE_FOLDER).exists()
    assert main(["clean"]) == 0
    assert "No cache" in capsys.readouterr().err


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, 3)
    main(["check", "--exit-zero", "--no-cache", "."])
    assert not (tmp_path / CACHE_FOLDER).exists()


def test_a_file_over_its_time_budget_is_reported_and_not_cached(tmp_path):
    path = tmp_path / "big.py"
    path.write_text("import torch\ndef f(p):\n    x = p\n" +
                    "".join(f"    x = torch.log(x + {i})\n" for i in range(4000)))
    (result,) = analyse_files([str(path)], Config(), cache=Cache(tmp_path, Config()),
                              budget=0.01)
    assert result.findings == []
    assert [e.message for e in result.errors] == [
        "not analysed: it took longer than 0.01 s (see --timeout)"]
    (again,) = analyse_files([str(path)], Config(), cache=Cache(tmp_path, Config()))
    assert again.errors == [] and again.findings
