"""Getting a finished PDF out: atomic private files, standard output, encryption,
printing, and stopping cleanly on a signal."""
