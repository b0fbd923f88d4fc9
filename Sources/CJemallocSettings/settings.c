// jemalloc's settings for the lacuna program, read by Debian's libjemalloc at its start from this
// symbol (MALLOC_CONF in the environment still overrides them).
//
// thp:never: the heap in pages of 4 KB, never transparent huge pages (2 MB), whatever the kernel's
// setting. A huge page is a whole free 2 MB block of the machine's memory, cleared before it is given;
// a virtual machine whose balloon reports free memory to its host (virtio-balloon's free page
// reporting, in blocks of 2 MB: `page_reporting_order` 9) hands exactly such blocks back, so a huge page
// is often memory the host must find again, 4 KB at a time, as it is cleared. A 4 KB page mostly comes
// from a block the system has in use, memory it kept. On such a host (this project's, December 2026):
// a fresh 100,000-patient run spent 1.5-1.9 s in the kernel with huge pages (13,000-16,000 faults) and
// 0.6-0.8 s without (245,000-253,000 faults), 10.1-10.6 -> 9.3-9.5 s CPU in all (eleven runs of each in
// turns); a re-run after a new lab file took 3.30-3.56 -> 3.58-3.70 s at 100,000 patients (a run just
// after another, in memory the last one let go, gains from huge pages) and 0.25-0.27 s either way at
// 10,000. The fresh run is the one at its aim (10 s). (On a host that kept its memory, huge pages had
// saved a tenth of a run's time, when a fresh 100,000-patient run took 17 s: commit d017bc1.)
__attribute__((used, retain)) const char *malloc_conf = "thp:never";
