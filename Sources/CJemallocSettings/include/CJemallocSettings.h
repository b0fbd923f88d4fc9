// Nothing to include: the target defines `malloc_conf`, jemalloc's settings, for the program it is linked into.
