/* Benchmark floor: the bare libyaml event parse (or libcsv parse) of the given files, no
 * processing, so examforge's figures can be read as ratios of the unavoidable work.
 * With --letters first, each CSV cell is also read as answer letters (a bit mask, nothing
 * kept): the least any grader must do per cell, reported beside the bare floor. */
#define _POSIX_C_SOURCE 200809L
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, f);
    fclose(f);
    return buf;
}

static size_t events;
static unsigned long letters; /* sum of the masks, printed so the work cannot be dropped */
static int read_letters;

static void cb1(void *s, size_t l, void *d)
{
    (void)d;
    events++;
    if (!read_letters || !s)
        return;
    const unsigned char *c = s;
    unsigned long mask = 0;
    for (size_t i = 0; i < l; i++)
        if ((c[i] | 0x20) >= 'a' && (c[i] | 0x20) <= 'z')
            mask |= 1ul << ((c[i] | 0x20) - 'a');
    letters += mask;
}
static void cb2(int c, void *d)
{
    (void)c, (void)d;
    events++;
}

int main(int argc, char **argv)
{
    int first = 1;
    if (argc > 1 && !strcmp(argv[1], "--letters"))
        read_letters = first = 2;
    for (int i = first; i < argc; i++) {
        size_t len;
        char *buf = slurp(argv[i], &len);
        if (!buf)
            return 3;
        if (len > 4 && !strcmp(argv[i] + strlen(argv[i]) - 4, ".csv")) {
            struct csv_parser p;
            csv_init(&p, CSV_APPEND_NULL);
            csv_parse(&p, buf, len, cb1, cb2, NULL);
            csv_fini(&p, cb1, cb2, NULL);
            csv_free(&p);
        } else {
            yaml_parser_t p;
            yaml_event_t e;
            yaml_parser_initialize(&p);
            yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
            for (;;) {
                if (!yaml_parser_parse(&p, &e))
                    return 1;
                int done = e.type == YAML_STREAM_END_EVENT;
                yaml_event_delete(&e);
                events++;
                if (done)
                    break;
            }
            yaml_parser_delete(&p);
        }
        free(buf);
    }
    printf("%zu events, letters %lu\n", events, letters);
    return 0;
}
