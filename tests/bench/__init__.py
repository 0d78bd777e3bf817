"""The benchmark (issue 6): `make bench`; kept out of the default pytest run."""
