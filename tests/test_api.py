"""The public Python API is what `rashomon.__all__` says, and every stage has its one entry point."""
import importlib

import rashomon


def test_public_api_is_explicit():
    public = {n for n in dir(rashomon) if not n.startswith("_")} - {"annotations"}
    submodules = {n for n in public if isinstance(getattr(rashomon, n), type(rashomon))}
    assert set(rashomon.__all__) == {"analyze", "__version__"}
    assert public - submodules == {"analyze"}


def test_each_stage_has_its_entry_point():
    entry = {
        "rashomon.ingest": "read_paths", "rashomon.extract": "extract_document",
        "rashomon.resolve": "resolve_entities", "rashomon.align": "align_events",
        "rashomon.compare": "compare", "rashomon.frame": "frame_corpus", "rashomon.store": "Store",
        "rashomon.export": "build_export", "rashomon.report": "render_html", "rashomon.web": "create_app",
    }
    for module, name in entry.items():
        mod = importlib.import_module(module)
        assert callable(getattr(mod, name)), (module, name)
        assert name in getattr(mod, "__all__", [name]), (module, name)
