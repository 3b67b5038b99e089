"""InferCost's Qt-free core: catalog, calculations, edits and file I/O shared by every front end."""
