#include "CCrypto.h"
// Nothing to wrap yet: the header is the module. Wrappers for macro-only entry points go here.
