// jemalloc's settings for the lacuna program, read by Debian's libjemalloc at its start from this
// symbol (MALLOC_CONF in the environment still overrides them).
//
// thp:always: the heap in transparent huge pages where the kernel offers them (its setting `madvise`,
// Debian's default): a run's memory is made of 2 MB pages, not 4 KB ones, so the kernel is asked for it
// some five hundred times fewer (a run after a new lab file at 10,000 patients faulted 22,000 times and
// spent a tenth of its time in the kernel doing so; a fresh 100,000-patient run 511,000 times). Where
// the kernel gives no huge pages, the setting does nothing.
__attribute__((used, retain)) const char *malloc_conf = "thp:always,metadata_thp:always";
