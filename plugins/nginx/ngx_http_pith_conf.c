/* ngx_http_pith_conf.c -- the pith* directives of ngx_http_pith_filter_module,
 * their merge, and the check of every merged location.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * A library option's directive (pith_keep, pith_max_block, ...) checks its
 * one value with the library's own parser, pith_option_set(), when it is
 * read, and keeps the string.  The merge then builds the location's
 * pith_options from the merged strings and checks the whole with
 * pith_options_check() (max-lookahead >= max-block, ...), so that `nginx -t`
 * refuses every value pith_new() would.  Sizes of the module's own
 * directives (pith_max_hold, pith_buffers) go through the same parser.
 *
 * pith_filter_list: each file is checked readable when the directive is
 * read (nginx -t names the file); each distinct set of lists is compiled
 * once, by the merge, in the master before workers fork, and every worker
 * reads that one copy (copy-on-write pages nobody writes to).  The lists
 * are freed with the configuration's pool.
 */
#include "ngx_http_pith.h"

/* The library's names of the PITH_NGX_* options; the directive is "pith_"
 * followed by the name with '_' for '-'. */
static const char *const lib_names[PITH_NGX_LIB_N] = {
    "format", "keep", "fragment", "lookahead", "max-lookahead", "max-block",
    "max-depth", "max-tag", "max-pending", "max-input", "style"
};

/* A NUL-terminated copy of s from pool, or NULL (ngx_http_pith.h). */
char *
ngx_http_pith_strz(ngx_pool_t *pool, ngx_str_t *s)
{
    char  *p = ngx_pnalloc(pool, s->len + 1);

    if (p) {
        ngx_memcpy(p, s->data, s->len);
        p[s->len] = '\0';
    }
    return p;
}

/* pith_keep, pith_format, pith_lookahead, pith_max_*: post is the option's
 * PITH_NGX_* index. */
static char *
set_lib(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pith_conf_t  *c = conf;
    ngx_uint_t             which = (ngx_uint_t) (uintptr_t) cmd->post;
    ngx_str_t             *value = cf->args->elts;
    pith_options           scratch;
    char                   err[256], *v;

    if (c->lib[which].data) {
        return "is duplicate";
    }
    if ((v = ngx_http_pith_strz(cf->pool, &value[1])) == NULL) {
        return NGX_CONF_ERROR;
    }
    pith_options_init(&scratch);
    /* the name as the directive spells it, without "pith_": the library's
       message starts with it, and gets the prefix back */
    if (pith_option_set(&scratch, (char *) cmd->name.data + 5, v, err, sizeof err) != PITH_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "pith_%s", err);
        return NGX_CONF_ERROR;
    }
    c->lib[which].data = (u_char *) v;
    c->lib[which].len = value[1].len;
    return NGX_CONF_OK;
}

/* pith_fragment on|off, kept as a library option. */
static char *
set_fragment(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pith_conf_t  *c = conf;
    ngx_str_t             *value = cf->args->elts;

    if (c->lib[PITH_NGX_FRAGMENT].data) {
        return "is duplicate";
    }
    if (ngx_strcasecmp(value[1].data, (u_char *) "on") == 0) {
        ngx_str_set(&c->lib[PITH_NGX_FRAGMENT], "on");
    } else if (ngx_strcasecmp(value[1].data, (u_char *) "off") == 0) {
        ngx_str_set(&c->lib[PITH_NGX_FRAGMENT], "off");
    } else {
        return "takes on or off";
    }
    return NGX_CONF_OK;
}

/* A size with the library's parser (k/m/g, no wraparound); -1 if bad. */
static off_t
parse_size(const char *v)
{
    pith_options  scratch;

    pith_options_init(&scratch);
    if (pith_option_set(&scratch, "max-input", v, NULL, 0) != PITH_OK
        || scratch.max_input > (unsigned long long) NGX_MAX_OFF_T_VALUE)
    {
        return -1;
    }
    return (off_t) scratch.max_input;
}

/* pith_max_hold SIZE [filter|original] */
static char *
set_hold(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pith_conf_t  *c = conf;
    ngx_str_t             *value = cf->args->elts;
    char                  *v;

    if (c->max_hold != NGX_CONF_UNSET) {
        return "is duplicate";
    }
    if ((v = ngx_http_pith_strz(cf->pool, &value[1])) == NULL) {
        return NGX_CONF_ERROR;
    }
    if ((c->max_hold = parse_size(v)) < 0) {
        return "takes a size in bytes with an optional k, m or g";
    }
    if (cf->args->nelts < 3 || ngx_strcasecmp(value[2].data, (u_char *) "filter") == 0) {
        c->hold_original = 0;
    } else if (ngx_strcasecmp(value[2].data, (u_char *) "original") == 0) {
        c->hold_original = 1;
    } else {
        return "takes filter or original after the size";
    }
    return NGX_CONF_OK;
}

/* pith_buffers NUMBER SIZE */
static char *
set_buffers(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pith_conf_t  *c = conf;
    ngx_str_t             *value = cf->args->elts;
    ngx_int_t              n;
    off_t                  size;
    char                  *v;

    if (c->bufs.num) {
        return "is duplicate";
    }
    n = ngx_atoi(value[1].data, value[1].len);
    if ((v = ngx_http_pith_strz(cf->pool, &value[2])) == NULL) {
        return NGX_CONF_ERROR;
    }
    size = parse_size(v);
    if (n < 1 || n > 1024 || size < 1024 || size > 16 * 1024 * 1024) {
        return "takes a number of buffers (1-1024) and their size (1k-16m)";
    }
    c->bufs.num = n;
    c->bufs.size = (size_t) size;
    return NGX_CONF_OK;
}

/* pith_on_error original|story|empty, pith_empty_story original|empty: the
 * word is read by the shared policy's parser (post), into the ngx_int_t at
 * offset. */
typedef struct {
    int          (*parse)(const char *word);
    const char    *usage;
} pith_ngx_word_t;

static const pith_ngx_word_t  on_error_word = {
    pith_http_on_error_parse, "takes original, story or empty"
};
static const pith_ngx_word_t  empty_story_word = {
    pith_http_empty_story_parse, "takes original or empty"
};

static char *
set_word(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_int_t              *slot = (ngx_int_t *) ((char *) conf + cmd->offset);
    const pith_ngx_word_t  *w = cmd->post;
    ngx_str_t              *value = cf->args->elts;

    if (*slot != NGX_CONF_UNSET) {
        return "is duplicate";
    }
    if ((*slot = w->parse((char *) value[1].data)) < 0) {
        return (char *) w->usage;
    }
    return NGX_CONF_OK;
}

/* pith_bypass_header / pith_bypass_query: a name, or none. */
static char *
set_bypass(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_str_t  *slot = (ngx_str_t *) ((char *) conf + cmd->offset);
    ngx_str_t  *value = cf->args->elts;

    if (slot->data) {
        return "is duplicate";
    }
    if (ngx_strcasecmp(value[1].data, (u_char *) "none") == 0) {
        ngx_str_set(slot, "");
        return NGX_CONF_OK;
    }
    if (value[1].len == 0) {
        return "takes a name, or none";
    }
    *slot = value[1];       /* the conf parser's strings end with a NUL */
    return NGX_CONF_OK;
}

/* pith_types TYPE ...: the media types filtered ("*" any). */
static char *
set_types(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pith_conf_t  *c = conf;
    ngx_str_t             *value = cf->args->elts;
    ngx_uint_t             i;
    size_t                 len = 0;
    u_char                *p;

    if (c->types.data) {
        return "is duplicate";
    }
    for (i = 1; i < cf->args->nelts; i++) {
        len += value[i].len + 1;
    }
    if ((p = ngx_pnalloc(cf->pool, len + 1)) == NULL) {
        return NGX_CONF_ERROR;
    }
    c->types.data = p;
    for (i = 1; i < cf->args->nelts; i++) {
        p = ngx_cpymem(p, value[i].data, value[i].len);
        *p++ = ' ';
    }
    *p = '\0';
    c->types.len = p - c->types.data;
    return NGX_CONF_OK;
}

/* pith_filter_list default|FILE...|none: the words add up (several
 * directives in one block too); none drops those before it.  default is
 * the installed EasyList (pith_filterlist_default_path()), and adds nothing
 * when there is none.  A relative FILE is taken from nginx's conf folder.
 * Kept as the full paths, each followed by a NUL. */
static char *
set_filter_list(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pith_conf_t  *c = conf;
    ngx_str_t             *value = cf->args->elts, name, old;
    ngx_uint_t             i;
    const char            *path;
    u_char                *p;
    FILE                  *fp;

    (void) cmd;
    for (i = 1; i < cf->args->nelts; i++) {
        if (ngx_strcasecmp(value[i].data, (u_char *) "none") == 0) {
            ngx_str_set(&c->filter_list, "");
            continue;
        }
        if (ngx_strcasecmp(value[i].data, (u_char *) "default") == 0) {
            if ((path = pith_filterlist_default_path()) == NULL) {
                ngx_conf_log_error(NGX_LOG_WARN, cf, 0, "pith_filter_list default: no "
                                   "EasyList is installed (Debian package "
                                   "webext-ublock-origin-firefox); it adds nothing");
                continue;
            }
            name.data = (u_char *) path;
            name.len = ngx_strlen(path);
        } else {
            name = value[i];
            if (name.len == 0 || ngx_conf_full_name(cf->cycle, &name, 1) != NGX_OK) {
                return "takes default, none or file names";
            }
        }
        /* the full name, NUL-terminated, after what came before */
        old = c->filter_list;
        if (old.data == NULL) {
            old.len = 0;
        }
        if ((p = ngx_pnalloc(cf->pool, old.len + name.len + 1)) == NULL) {
            return NGX_CONF_ERROR;
        }
        ngx_memcpy(p, old.data, old.len);
        ngx_memcpy(p + old.len, name.data, name.len);
        p[old.len + name.len] = '\0';
        c->filter_list.data = p;
        c->filter_list.len = old.len + name.len + 1;
        if ((fp = fopen((char *) p + old.len, "rb")) == NULL) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                               "pith_filter_list: cannot read \"%s\"", p + old.len);
            return NGX_CONF_ERROR;
        }
        fclose(fp);
    }
    return NGX_CONF_OK;
}

static void
free_lists(void *data)
{
    ngx_http_pith_main_conf_t  *m = data;
    ngx_http_pith_list_t       *l = m->lists.elts;
    ngx_uint_t                  i;

    for (i = 0; i < m->lists.nelts; i++) {
        pith_filterlist_free(l[i].fl);
        l[i].fl = NULL;
    }
    m->lists.nelts = 0;
}

void *
ngx_http_pith_create_main_conf(ngx_conf_t *cf)
{
    ngx_http_pith_main_conf_t  *m = ngx_pcalloc(cf->pool, sizeof(ngx_http_pith_main_conf_t));
    ngx_pool_cleanup_t         *cln;

    if (m == NULL
        || ngx_array_init(&m->lists, cf->pool, 4, sizeof(ngx_http_pith_list_t)) != NGX_OK
        || (cln = ngx_pool_cleanup_add(cf->pool, 0)) == NULL)
    {
        return NULL;
    }
    cln->handler = free_lists;
    cln->data = m;
    return m;
}

/* The compiled list of a set of paths (as filter_list), compiled now if
 * no other block has the same set; NULL (logged) on error. */
static pith_filterlist *
compiled_list(ngx_conf_t *cf, ngx_str_t *paths)
{
    ngx_http_pith_main_conf_t  *m = ngx_http_conf_get_module_main_conf(cf,
                                        ngx_http_pith_filter_module);
    ngx_http_pith_list_t       *l = m->lists.elts;
    const char                 *v[64];
    size_t                      n = 0;
    ngx_uint_t                  i;
    u_char                     *p;
    int                         rc;
    struct timeval              t0, t1;

    for (i = 0; i < m->lists.nelts; i++) {
        if (l[i].paths.len == paths->len
            && ngx_memcmp(l[i].paths.data, paths->data, paths->len) == 0)
        {
            return l[i].fl;
        }
    }
    for (p = paths->data; p < paths->data + paths->len; p += ngx_strlen(p) + 1) {
        if (n == sizeof v / sizeof v[0]) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "pith_filter_list: more than 64 lists");
            return NULL;
        }
        v[n++] = (const char *) p;
    }
    if ((l = ngx_array_push(&m->lists)) == NULL) {
        return NULL;
    }
    l->paths = *paths;
    l->fl = NULL;
    ngx_gettimeofday(&t0);
    if ((rc = pith_filterlist_load(&l->fl, v, n)) != PITH_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, rc == PITH_EDATA ? ngx_errno : 0,
                           "pith_filter_list: %s", rc == PITH_EDATA
                           ? "a list cannot be read" : pith_strerror(rc));
        m->lists.nelts--;
        return NULL;
    }
    ngx_gettimeofday(&t1);
    ngx_log_error(NGX_LOG_NOTICE, cf->log, 0, "pith_filter_list: compiled %uz list(s) in "
                  "%M ms: %uz element-hiding rules, %uz network rules, %uz KiB", n,
                  (ngx_msec_t) ((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_usec - t0.tv_usec) / 1000),
                  pith_filterlist_stat(l->fl, PITH_FL_HIDE),
                  pith_filterlist_stat(l->fl, PITH_FL_NETWORK),
                  pith_filterlist_stat(l->fl, PITH_FL_BYTES) / 1024);
    return l->fl;
}

#define WHERE (NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF | NGX_HTTP_LOC_CONF)
#define LIB(name, which) \
    { ngx_string(name), WHERE | NGX_CONF_TAKE1, set_lib, NGX_HTTP_LOC_CONF_OFFSET, 0, \
      (void *) (uintptr_t) (which) }

ngx_command_t ngx_http_pith_commands[] = {
    { ngx_string("pith"), WHERE | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_pith_conf_t, enable), NULL },
    LIB("pith_format", PITH_NGX_FORMAT),
    LIB("pith_keep", PITH_NGX_KEEP),
    { ngx_string("pith_fragment"), WHERE | NGX_CONF_TAKE1, set_fragment,
      NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    LIB("pith_lookahead", PITH_NGX_LOOKAHEAD),
    LIB("pith_max_lookahead", PITH_NGX_MAX_LOOKAHEAD),
    LIB("pith_max_block", PITH_NGX_MAX_BLOCK),
    LIB("pith_max_depth", PITH_NGX_MAX_DEPTH),
    LIB("pith_max_tag", PITH_NGX_MAX_TAG),
    LIB("pith_max_pending", PITH_NGX_MAX_PENDING),
    LIB("pith_max_input", PITH_NGX_MAX_INPUT),
    LIB("pith_style", PITH_NGX_STYLE),
    { ngx_string("pith_filter_list"), WHERE | NGX_CONF_1MORE, set_filter_list,
      NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    { ngx_string("pith_max_hold"), WHERE | NGX_CONF_TAKE12, set_hold,
      NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    { ngx_string("pith_buffers"), WHERE | NGX_CONF_TAKE2, set_buffers,
      NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    { ngx_string("pith_flush"), WHERE | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_pith_conf_t, flush), NULL },
    { ngx_string("pith_flush_idle"), WHERE | NGX_CONF_TAKE1, ngx_conf_set_msec_slot,
      NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_pith_conf_t, flush_idle), NULL },
    { ngx_string("pith_accept_encoding"), WHERE | NGX_CONF_FLAG, ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_pith_conf_t, accept_encoding), NULL },
    { ngx_string("pith_on_error"), WHERE | NGX_CONF_TAKE1, set_word,
      NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_pith_conf_t, on_error),
      (void *) &on_error_word },
    { ngx_string("pith_empty_story"), WHERE | NGX_CONF_TAKE1, set_word,
      NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_pith_conf_t, empty_story),
      (void *) &empty_story_word },
    { ngx_string("pith_bypass_header"), WHERE | NGX_CONF_TAKE1, set_bypass,
      NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_pith_conf_t, bypass_header), NULL },
    { ngx_string("pith_bypass_query"), WHERE | NGX_CONF_TAKE1, set_bypass,
      NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_pith_conf_t, bypass_query), NULL },
    { ngx_string("pith_types"), WHERE | NGX_CONF_1MORE, set_types,
      NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    ngx_null_command
};

void *
ngx_http_pith_create_conf(ngx_conf_t *cf)
{
    ngx_http_pith_conf_t  *c = ngx_pcalloc(cf->pool, sizeof(ngx_http_pith_conf_t));

    if (c == NULL) {
        return NULL;
    }
    /* set by ngx_pcalloc(): lib[], bypass_*, types unset (data NULL);
       bufs.num = 0 (unset) */
    c->enable = NGX_CONF_UNSET;
    c->max_hold = NGX_CONF_UNSET;
    c->hold_original = NGX_CONF_UNSET;
    c->flush = NGX_CONF_UNSET;
    c->flush_idle = NGX_CONF_UNSET_MSEC;
    c->accept_encoding = NGX_CONF_UNSET;
    c->on_error = NGX_CONF_UNSET;
    c->empty_story = NGX_CONF_UNSET;
    return c;
}

#define MERGE_STR(f) if (c->f.data == NULL) c->f = p->f

char *
ngx_http_pith_merge_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_pith_conf_t  *p = parent, *c = child;
    char                   err[256];
    ngx_uint_t             i;

    ngx_conf_merge_value(c->enable, p->enable, 0);
    for (i = 0; i < PITH_NGX_LIB_N; i++) {
        MERGE_STR(lib[i]);
    }
    ngx_conf_merge_off_value(c->max_hold, p->max_hold, PITH_NGX_DEFAULT_HOLD);
    ngx_conf_merge_value(c->hold_original, p->hold_original, 0);
    ngx_conf_merge_bufs_value(c->bufs, p->bufs, 8, 16384);
    ngx_conf_merge_value(c->flush, p->flush, 1);
    ngx_conf_merge_msec_value(c->flush_idle, p->flush_idle, 200);
    ngx_conf_merge_value(c->accept_encoding, p->accept_encoding, 1);
    ngx_conf_merge_value(c->on_error, p->on_error, PITH_HTTP_ON_ERROR_ORIGINAL);
    ngx_conf_merge_value(c->empty_story, p->empty_story, PITH_HTTP_EMPTY_ORIGINAL);
    MERGE_STR(bypass_header);
    MERGE_STR(bypass_query);
    MERGE_STR(types);
    MERGE_STR(filter_list);

    /* the options this location gives pith, checked as pith_new() will */
    pith_options_init(&c->opt);
    for (i = 0; i < PITH_NGX_LIB_N; i++) {
        if (c->lib[i].data
            && pith_option_set(&c->opt, lib_names[i], (char *) c->lib[i].data, err,
                               sizeof err) != PITH_OK)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "pith: %s", err);
            return NGX_CONF_ERROR;
        }
    }
    if (c->filter_list.len
        && (c->opt.filterlist = compiled_list(cf, &c->filter_list)) == NULL)
    {
        return NGX_CONF_ERROR;
    }
    if (pith_options_check(&c->opt, err, sizeof err) != PITH_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "pith: %s (in a block that ends here, or encloses it)", err);
        return NGX_CONF_ERROR;
    }

    pith_http_policy_init(&c->pol);
    if (c->bypass_header.data) {
        c->pol.bypass_header = (char *) c->bypass_header.data;
    }
    if (c->bypass_query.data) {
        c->pol.bypass_query = (char *) c->bypass_query.data;
    }
    c->pol.narrow_accept_encoding = c->accept_encoding != 0;
    c->pol.format = c->opt.format;
    c->pol.on_error = (int) c->on_error;
    c->pol.empty_story = (int) c->empty_story;
    c->pol.types = c->types.data ? (char *) c->types.data : NULL;
    return NGX_CONF_OK;
}
