// Debian's libxml2 is built with ICU; a module that sees both libxml2's ICU types and Foundation's
// fails ("'UErrorCode' has different definitions"). Hide ICU from libxml2's headers.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
