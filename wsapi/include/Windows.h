/* Windows.h — spelling alias of windows.h, for programs written on a
 * case-insensitive file system.  Owns nothing; see windows.h. */
#include "windows.h"
