// Debian installs libcsv's header as <csv.h> (libcsv-dev).
#include <csv.h>
