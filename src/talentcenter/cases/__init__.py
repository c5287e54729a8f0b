"""Applications as cases: K-Tech Pass and KOTRA recommendation (uploads and the processing clock so far)."""
