"""Streamlit glue: URL state, cached loaders, shared widgets, the map component."""
