"""5G Vendor Policy Atlas: the domain core (pure functions, no Streamlit)."""
