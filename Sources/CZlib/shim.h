#include <zlib.h>

/* deflateInit2 is a macro, which Swift cannot call: a gzip stream (window 15 + 16), memory level 8. */
static inline int kibaru_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
