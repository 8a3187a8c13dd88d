/* examforge: replace what output formats cannot carry (bad UTF-8, control characters). */
#include "examforge/text.h"

#include <utf8proc.h>

static bool allowed(utf8proc_int32_t cp)
{
    if (cp == '\t' || cp == '\n' || cp == '\r')
        return true;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return false;
    return cp != 0xFFFE && cp != 0xFFFF; /* not characters in XML */
}

bool ef_text_is_clean(const char *s, size_t len)
{
    /* Printable ASCII is the common case: no decoding needed. */
    size_t i = 0;
    while (i < len &&
           ((s[i] >= 0x20 && s[i] < 0x7F) || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    if (i == len)
        return true;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0 || !allowed(cp))
            return false;
        p += n;
        left -= n;
    }
    return true;
}

bool ef_text_clean(ef_buf *out, const char *s, size_t len)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    bool changed = false;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) {
            ef_buf_add(out, replacement, 3);
            p++;
            left--;
            changed = true;
            continue;
        }
        if (allowed(cp))
            ef_buf_add(out, (const char *)p, (size_t)n);
        else {
            ef_buf_add(out, replacement, 3);
            changed = true;
        }
        p += n;
        left -= n;
    }
    if (!out->data)
        ef_buf_add(out, "", 0);
    return changed;
}
