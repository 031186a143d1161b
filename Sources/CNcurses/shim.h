// The C surface TerminalUI's curses driver uses. Everything Swift cannot import directly
// (function-like macros, values only valid after initscr, C globals that Swift 6 rejects,
// variadic ioctl) is wrapped here as a static inline function.
#ifndef VIPCTL_CNCURSES_SHIM_H
#define VIPCTL_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <string.h>
#include <wchar.h>
#include <sys/ioctl.h>
#include <ncurses.h>
#include <term.h>

// --- globals (Swift 6 rejects direct use of C global vars) ---------------------------
static inline WINDOW *shim_stdscr(void) { return stdscr; }
static inline int shim_color_pairs(void) { return COLOR_PAIRS; }
static inline int shim_colors(void) { return COLORS; }

// --- attributes (macros built from NCURSES_BITS, not importable) ----------------------
static inline attr_t shim_A_NORMAL(void) { return A_NORMAL; }
static inline attr_t shim_A_BOLD(void) { return A_BOLD; }
static inline attr_t shim_A_REVERSE(void) { return A_REVERSE; }
static inline attr_t shim_A_UNDERLINE(void) { return A_UNDERLINE; }
static inline attr_t shim_A_DIM(void) { return A_DIM; }

// --- geometry --------------------------------------------------------------------------
static inline void shim_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }

/// The kernel's idea of the terminal size on `fd` (TIOCGWINSZ). Returns 0 on success.
static inline int shim_winsize(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

// --- locale ------------------------------------------------------------------------------
/// 1 when the current LC_CTYPE codeset is UTF-8.
static inline int shim_codeset_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static inline int shim_wcwidth(wchar_t c) { return wcwidth(c); }

/// The current LC_CTYPE codeset as the C library names it ("UTF-8", "GB18030", "ANSI_X3.4-1968").
static inline const char *shim_codeset(void) { return nl_langinfo(CODESET); }

/// 1 when `c` can be written in the current LC_CTYPE codeset (what ncursesw converts to).
static inline int shim_encodable(wchar_t c) {
    char buf[16];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = wcrtomb(buf, c, &st);
    return n != (size_t)-1 && n > 0;
}

/// 1 when the C.UTF-8 locale exists (without changing the current locale).
static inline int shim_has_c_utf8(void) {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (l == (locale_t)0) return 0;
    freelocale(l);
    return 1;
}

// --- terminal database ---------------------------------------------------------------
/// Looks `term` up in terminfo without touching the screen (setupterm), then frees the
/// TERMINAL again so newterm starts clean. Returns
///   2 = usable, 3 = known but without cursor addressing (e.g. "dumb"),
///   1 = hardcopy, 0 = unknown or generic terminal, -1 = no terminfo database.
static inline int shim_probe_terminal(const char *term, int fd) {
    int err = -2;
    if (setupterm(term, fd, &err) != OK) return err;
    char *cup = tigetstr("cup");
    int usable = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    return usable ? 2 : 3;
}

#endif
