/* host.c — a host's Winsock provider settings (host.h), hung on the host. */
#include "wsapi/host.h"

#include <stdlib.h>
#include <string.h>

static const wsapi_host defaults = {.profile = WSAPI_PROFILE_WINDOWS, .max_overlapped = 0};

static void settings_free(void *user)
{
    wsapi_host *settings = user;
    for (size_t i = 0; i < settings->alias_count; i++)
        free(settings->aliases[i]);
    free(settings->aliases);
    free(settings);
}

const wsapi_host *wsapi_host_of(const wsim_host *host)
{
    return host->user ? host->user : &defaults;
}

/* The host's own settings, made from the defaults the first time. */
static wsapi_host *own(wsim_host *host)
{
    if (!host->user) {
        wsapi_host *settings = malloc(sizeof *settings);
        if (!settings)
            return NULL;
        *settings = defaults;
        host->user = settings;
        host->user_free = settings_free;
    }
    return host->user;
}

int wsapi_host_set_profile(wsim_host *host, wsapi_profile profile)
{
    wsapi_host *settings = own(host);
    if (!settings)
        return -1;
    settings->profile = profile;
    return 0;
}

int wsapi_host_set_max_overlapped(wsim_host *host, uint32_t max_overlapped)
{
    wsapi_host *settings = own(host);
    if (!settings)
        return -1;
    settings->max_overlapped = max_overlapped;
    return 0;
}

int wsapi_host_add_alias(wsim_host *host, const char *alias)
{
    wsapi_host *settings = own(host);
    if (!settings)
        return -1;
    char **grown = realloc(settings->aliases, (settings->alias_count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    settings->aliases = grown;
    if (!(grown[settings->alias_count] = strdup(alias)))
        return -1;
    settings->alias_count++;
    return 0;
}
