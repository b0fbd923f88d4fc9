// Debian's libxml2 is built with ICU; a module that sees both libxml2's ICU types and Foundation's
// fails ("'UErrorCode' has different definitions"). Hide ICU from libxml2's headers.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

// libxml2 prints some errors (encoding and I/O errors among them) through its generic handler even
// with XML_PARSE_NOERROR, and they can quote the input's bytes: patient data. Readers call
// lacuna_xml_quiet() before parsing so that nothing reaches stderr; the reader's return codes say
// where the XML broke.
static void lacuna_xml_silent(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static void lacuna_xml_silent_structured(void *context, xmlErrorPtr error) {
    (void)context;
    (void)error;
}

static inline void lacuna_xml_quiet(void) {
    xmlSetGenericErrorFunc(NULL, lacuna_xml_silent);
    xmlSetStructuredErrorFunc(NULL, lacuna_xml_silent_structured);
}
