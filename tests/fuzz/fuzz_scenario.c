/* fuzz_scenario.c — libFuzzer target: the scenario loader
 * (scenarios/scenario.h) on any bytes.  It must return 0 or -1 with a
 * one-line message, never crash, and free everything either way. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    wsim_scenario s;
    char err[1024];
    if (wsim_scenario_parse("/fuzz/scenario.json", text, &s, err, sizeof err) == 0) {
        wsim_scenario_free(&s);
    } else if (!memchr(err, '\0', sizeof err) || strchr(err, '\n')) {
        abort(); /* the message must be one terminated line */
    }
    free(text);
    return 0;
}
