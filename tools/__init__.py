"""Developer tools run from a checkout; they are not part of the installed tootui."""
