#include <sys/stat.h>

/* What a file is, asked of the C library without Swift seeing `struct stat`: the compiler attributes that struct
   to whichever module read <sys/stat.h> first (Glibc, CoreFoundation, CDispatch...), and Swift's member import
   visibility then refuses its fields unless that very module is imported. */

/* The kinds returned: -1 when the call failed (errno says why). */
enum { KIBARU_FILE_OTHER = 0, KIBARU_FILE_REGULAR = 1, KIBARU_FILE_DIRECTORY = 2, KIBARU_FILE_SYMLINK = 3 };

static inline int kibaru_kind(mode_t mode) {
    if (S_ISREG(mode)) return KIBARU_FILE_REGULAR;
    if (S_ISDIR(mode)) return KIBARU_FILE_DIRECTORY;
    if (S_ISLNK(mode)) return KIBARU_FILE_SYMLINK;
    return KIBARU_FILE_OTHER;
}

/* The kind of `path` itself (a symbolic link is not followed). */
static inline int kibaru_path_kind(const char *path) {
    struct stat status;
    if (lstat(path, &status) != 0) return -1;
    return kibaru_kind(status.st_mode);
}

/* The kind of an open file, and its size in bytes. */
static inline int kibaru_descriptor_kind(int descriptor, long long *size) {
    struct stat status;
    if (fstat(descriptor, &status) != 0) return -1;
    *size = (long long)status.st_size;
    return kibaru_kind(status.st_mode);
}
