"""Figure tables transcribed from the reports (corpus/figures) and user-added ones (data_dir/figures)."""

from assistant.figures.load import (
    FigureTables,
    default_dirs,
    figure_files,
    install_figure_file,
    load_default_figures,
    load_figures,
    read_figure_file,
)

__all__ = [
    "FigureTables",
    "default_dirs",
    "figure_files",
    "install_figure_file",
    "load_default_figures",
    "load_figures",
    "read_figure_file",
]
