// jemalloc's settings for the lacuna program, read by Debian's libjemalloc at its start from this
// symbol (MALLOC_CONF in the environment still overrides them).
//
// thp:never: the heap in pages of 4 KB, never transparent huge pages (2 MB), whatever the kernel's
// setting. A huge page is a whole free 2 MB block of the machine's memory, cleared before it is given;
// a virtual machine whose balloon reports free memory to its host (virtio-balloon's free page
// reporting, in blocks of 2 MB: `page_reporting_order` 9) hands exactly such blocks back, so a huge page
// is memory the host must find again, 4 KB at a time, as it is cleared. A 4 KB page mostly comes from a
// block the system has in use, memory it kept. On such a host (this project's, December 2026) a fresh
// 100,000-patient run spent 1.55-1.90 s in the kernel with huge pages (14,000 faults) and 0.63-0.70 s
// without (246,000 faults), 9.83-10.97 -> 9.08-9.63 s CPU in all; a re-run after a new lab file at
// 10,000 patients, 0.26 s either way. (On a host that kept its memory, huge pages had saved a tenth of
// a run's time, when a fresh 100,000-patient run took 17 s: commit d017bc1.) What a run costs is then
// the memory it touches, not where the host's memory happens to lie.
__attribute__((used, retain)) const char *malloc_conf = "thp:never";
