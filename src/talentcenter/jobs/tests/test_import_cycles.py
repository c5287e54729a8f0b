"""The jobs modules import each other one way, so none has to import inside a function to load."""

from __future__ import annotations

import grimp


def test_no_jobs_module_imports_itself_back_through_another() -> None:
    # given
    graph = grimp.build_graph("talentcenter")
    modules = {module for module in graph.find_descendants("talentcenter.jobs") if ".tests" not in module}

    # when
    cycles = [
        chain
        for importer in sorted(modules)
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & modules)
        if (chain := graph.find_shortest_chain(importer=imported, imported=importer)) is not None
    ]

    # then
    assert cycles == []
