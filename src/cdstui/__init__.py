"""cdstui: the ward digital-transformation plan, tracked from the keyboard."""

__version__ = "0.1.0"
