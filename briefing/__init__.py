"""briefing: news articles in, a briefing site and a PDF pack out."""


def __getattr__(name: str) -> str:
    """``__version__``, read when asked for from the package's metadata: pyproject.toml is the one place it is written."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("briefing")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")
