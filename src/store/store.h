/*
 * store.h - the store: SQLite for accounts and snapshots; binary segments
 * for posts and follows, and a CSR file for follows.
 *
 * A store is a directory:
 *   bonafide.sqlite     accounts, snapshots, the platform table, the
 *                       lists of committed segments (WAL mode)
 *   follows-NNNNNN.seg  append-only follow edges, one file per batch
 *   posts-NNNNNN.pseg   posts, one file per batch, merged as they grow
 *                       (pseg.h, pview.h)
 *   graph.csr           the deduplicated follow graph (docs/graph-format.md)
 *
 * Dense ids.  Each account gets a dense 32-bit id, its SQLite rowid minus
 * one, assigned on first sight and never changed; graph arrays are indexed
 * by it.  A follow naming an unknown account creates a stub account holding
 * only its platform and native id; a later profile fills it in.
 *
 * Batches.  Writes happen between bf_store_begin and bf_store_commit, one
 * SQLite transaction.  Follows of the batch are buffered and written as one
 * segment file (temp file, fsync, rename) whose row is inserted in the same
 * transaction: a segment without a committed row is ignored, so a killed
 * ingest loses exactly the open batch.  Posts go the same way, as one post
 * segment per batch; at commit the newest post segments are merged when
 * they have grown alike (pview.h), and the merged files removed once the
 * commit is done.  Each batch holds the writer lock
 * (an exclusive flock on DIR/store.lock) from bf_store_begin to its commit
 * or rollback, waiting for it when another process's batch has it; the
 * first batch of a handle removes what crashed batches left (segments and
 * post segments without a row, temp files nobody holds).
 *
 * Readers and writers.  Any number of handles may read while one batch
 * writes.  Opening a store and reading it (bf_store_graph, bf_store_stats
 * included) never deletes or rewrites a file it did not create: the only
 * file a reader writes is graph.csr, rebuilt when stale through a temp
 * file of its own renamed over it, so readers racing to rebuild it each
 * leave a whole file.  SQLite's own files (WAL checkpoints, migrations of
 * an older schema, each in one transaction) are SQLite's business.
 *
 * Upserts.  Accounts and posts are keyed by (platform, native id).  A known
 * field (not -1/NULL) overwrites the stored one; an unknown one keeps it, so
 * re-ingesting the same input changes nothing.  For posts this is done when
 * they are read: every observation is a row, and the rows of a key are
 * merged, newest known field first (pview.h).  Every free-text field is
 * passed through bf_privacy_scrub; posts of protected accounts are dropped.
 *
 * Follows are counted distinct: duplicates across segments are removed when
 * the CSR is built, and bf_store_stats counts from the CSR.
 *
 * Ownership: the store owns the bf_csr it hands out (valid until the next
 * write or close); bf_account_row owns its strings until released.
 *
 *     bf_store *st;
 *     bf_store_writer w;
 *     bf_store_open("bonafide-data", &st);
 *     bf_store_writer_init(&w, st, 50000);
 *     sink = bf_store_writer_sink(&w);   ... a reader fills it ...
 *     bf_store_writer_finish(&w);
 *     bf_store_close(st);
 */
#ifndef BF_STORE_STORE_H
#define BF_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "model/model.h"

/* The schema version this code writes; older stores are migrated. */
#define BF_SCHEMA_VERSION 18

/* ---- batches and writes ---- */

/* bf_store_begin opens a batch (a SQLite transaction). */
bf_err bf_store_begin(bf_store *st);

/* bf_store_commit writes the batch's follow and post segments, merges
 * post segments that have grown alike, and commits. */
bf_err bf_store_commit(bf_store *st);

/* bf_store_rollback drops everything written since bf_store_begin. */
void bf_store_rollback(bf_store *st);

/* bf_store_put_account upserts a; *out_id (may be NULL) gets its dense id. */
bf_err bf_store_put_account(bf_store *st, const bf_account *a,
                            uint32_t *out_id);

/* bf_store_put_post upserts p, creating a stub for an unknown author. */
bf_err bf_store_put_post(bf_store *st, const bf_post *p);

/*
 * bf_store_put_follow adds f to the batch's segment, creating stubs.  An
 * account the id cache does not hold, in a store the cache does not hold
 * whole, is not looked up at once: its key waits, and the waiting keys
 * are resolved together (looked up in the accounts index's order, the
 * new ones inserted in the order they were met) when 2^18 of them have
 * gathered, before the segment is written, and before any other write or
 * read of accounts on this handle.  The rowids are those that inserting
 * each on sight would give.
 */
bf_err bf_store_put_follow(bf_store *st, const bf_follow *f);

/*
 * bf_store_expect_follows says that the input now being read holds about
 * n follows in all: a reader's estimate from its size.  Once the keys
 * looked up reach 4,096, a load of follows at least an eighth of the
 * store's accounts reads every account's key into the id cache at once,
 * instead of first looking up an eighth of them one by one to learn that
 * the load is large (store.c, cache_fill).  Without it, or for a smaller
 * load, the store goes by the keys looked up alone.  Only the cost
 * changes: the rowids are the same.
 */
void bf_store_expect_follows(bf_store *st, uint64_t n);

/*
 * bf_store_writer turns a store into a bf_sink that commits every batch
 * records, counting what it accepted; a follow counts as a twentieth of a
 * record, so a batch of 50,000 holds up to a million follows.
 */
typedef struct bf_store_writer {
    bf_store *st;
    size_t batch;      /* records per transaction */
    size_t in_batch;   /* follows, plus 20 per other record, so far */
    int open;          /* a transaction is open */
    uint64_t accounts; /* records accepted, not distinct accounts */
    uint64_t posts;
    uint64_t follows;
    uint64_t scrubbed;      /* e-mail addresses and phone numbers removed */
    uint64_t private_posts; /* posts of protected accounts not stored */
} bf_store_writer;

/* bf_store_writer_init prepares w; nothing is written yet. */
void bf_store_writer_init(bf_store_writer *w, bf_store *st, size_t batch);

/* bf_store_writer_sink is the sink that writes into w. */
bf_sink bf_store_writer_sink(bf_store_writer *w);

/*
 * bf_store_writer_more is the bf_sink_more that writes arrivals and
 * insights into w's batches (bf_ingest_opts.more), so a reader's arrival
 * dates and insights commit with its follows, and passes a reader's
 * estimate of its follows to bf_store_expect_follows.
 */
bf_sink_more bf_store_writer_more(bf_store_writer *w);

/* bf_store_writer_finish commits the open batch, if any. */
bf_err bf_store_writer_finish(bf_store_writer *w);

/* bf_store_writer_abort rolls the open batch back, if any. */
void bf_store_writer_abort(bf_store_writer *w);

/*
 * bf_store_put_arrival records that a->follower began to follow
 * a->followee at a->followed_at (both accounts are created as stubs when
 * unknown; a later date for the same pair replaces the earlier one).
 * Inside a batch.  BF_EINVAL for a missing id or date.
 */
bf_err bf_store_put_arrival(bf_store *st, const bf_arrival *a);

/*
 * bf_store_put_insight records one audience figure (model/model.h) of an
 * account, as of in->observed_at.  Inside a batch.
 */
bf_err bf_store_put_insight(bf_store *st, const bf_insight *in);

/* ---- growth and audience, for the report ---- */

/* One bin of follower arrivals: those whose follow began in
 * [start, next bin's start). */
typedef struct bf_arrival_bin {
    int64_t start;  /* UTC Monday 00:00 of the week, or the 1st of the month */
    uint64_t count; /* followers who arrived in it */
    int64_t last;   /* the newest arrival in it */
} bf_arrival_bin;

/* The bins bf_store_arrivals counts arrivals in. */
typedef enum bf_arrival_unit {
    BF_ARRIVALS_WEEK = 0,  /* ISO weeks, starting on Monday */
    BF_ARRIVALS_MONTH = 1, /* calendar months */
    BF_ARRIVALS_DAY = 2    /* UTC days */
} bf_arrival_unit;

/*
 * bf_store_arrivals counts the dated follower arrivals of account per
 * unit, oldest first, into *out_bins (malloc'd, caller frees; NULL when
 * there is none).  Bins without arrivals are left out: the caller draws
 * them as zero.  Only accounts read from an export that dates its
 * followers (Instagram, TikTok, Facebook friends, LinkedIn) have any; the
 * others grow through snapshots.  One indexed range scan.
 */
bf_err bf_store_arrivals(bf_store *st, uint32_t account, bf_arrival_unit unit,
                         bf_arrival_bin **out_bins, size_t *out_n);

/*
 * bf_store_follower_coverage gives the followers account says it has
 * (*out_declared: the platform's own figure from the latest insights,
 * else the account's follower count unless that is the listed count, as
 * an export without insights sets it; -1 unknown), those the latest
 * export listed (*out_listed; -1 when no export said), and those with an
 * arrival date (*out_dated).  A listed count far below the declared one
 * is a partial export: growth read from it covers only those listed.
 */
bf_err bf_store_follower_coverage(bf_store *st, uint32_t account,
                                  int64_t *out_declared, int64_t *out_listed,
                                  uint64_t *out_dated);

/* One audience figure read back (see bf_insight in model/model.h). */
typedef struct bf_insight_row {
    char kind[32];
    char key[128];
    double value;
    int64_t observed_at;
} bf_insight_row;

/*
 * bf_store_insights reads the latest set of audience figures of account
 * (those of its most recent observation), sorted by kind then value
 * descending, into *out_rows (malloc'd, caller frees; NULL and 0 when
 * there is none).  Kinds: city, country, age, age_men, age_women, gender
 * (percent shares) and followers_declared, followers_listed (counts).
 */
bf_err bf_store_insights(bf_store *st, uint32_t account,
                         bf_insight_row **out_rows, size_t *out_n);

/* ---- reading accounts and posts ---- */

/* An account read back from the store; a's strings live in strings. */
typedef struct bf_account_row {
    uint32_t id;  /* dense id */
    bf_account a; /* label included when known */
    bf_buf strings;
} bf_account_row;

/* bf_account_row_release frees the row's strings. */
void bf_account_row_release(bf_account_row *row);

/*
 * bf_platform_canonical is the platform a name stands for: "x" is
 * "twitter" and "bsky" "bluesky", as in bonafide fetch; any other name is
 * itself.  The store keeps, resolves, scans and searches by it.
 */
const char *bf_platform_canonical(const char *name);

/*
 * bf_store_resolve finds the account named by spec, "[platform:]handle" or
 * "[platform:]#native_id" (a leading '@' on the handle is ignored, case is
 * not significant); a handle no account has is then looked for as a
 * native id (a Facebook Page, known by its name alone).  "bsky" and "x"
 * name the bluesky and twitter platforms, as in bonafide fetch.  Without
 * a platform, the match with the most followers wins.  BF_ENOTFOUND when
 * there is none.
 */
bf_err bf_store_resolve(bf_store *st, const char *spec, uint32_t *out_id);

/*
 * bf_store_exists says whether dir holds a store (its bonafide.sqlite)
 * without opening or creating anything: BF_OK, BF_ENOTFOUND, or BF_EIO
 * when that cannot be told.  One stat.
 */
bf_err bf_store_exists(const char *dir);

/*
 * bf_store_suggest finds accounts whose handle is close to the one spec
 * names (read as bf_store_resolve reads it), for a "did you mean" after
 * BF_ENOTFOUND: handles that start with it (when it has three bytes or
 * more), or lie within two edits of it (insertions, deletions,
 * substitutions; case is not significant), among those that share its
 * first three bytes (its first one when it has three or fewer), on its
 * platform when spec names one.  At most max, best
 * first (fewest edits, a longer handle counting as one, then most
 * followers), appended to out as NUL-terminated "platform:handle"
 * strings; *out_n gets how many.  A native id, or a handle the store
 * holds exactly, gets none.  Cost: one range of the handle index, at most
 * 20,000 rows, and an edit distance per row.
 */
bf_err bf_store_suggest(bf_store *st, const char *spec, size_t max, bf_buf *out,
                        size_t *out_n);

/*
 * bf_store_read_scattered tells the store that this handle reads a few
 * scattered rows and will not be kept: a command auditing one account,
 * or the peer sample a writing command ends with (cli/refresh.c).
 * The database's pages are then read with pread instead of through the
 * mapping, since the kernel reads up to read_ahead_kb (8 MiB on some
 * disks) around each first touch of a mapped page, where a pread of a
 * random page reads that page.  SQLite's own page cache is cut to 4 MiB,
 * so that its pages are reused rather than allocated afresh for each page
 * read.  A server's handles keep the mapping: their audits share the
 * kernel's copy of the store.  docs/store.md has the figures.
 */
bf_err bf_store_read_scattered(bf_store *st);

/*
 * bf_store_reading_process says, before the process's first
 * bf_store_open or bf_store_open_existing, that the process reads stores
 * and writes no large batch (an audit, a score, a graph measure).  The
 * pages SQLite caches then come first from one pool of huge pages, a
 * little more than one scattered reader's cache, rather than one fresh
 * allocation each.  A writer must not draw from it: once the pool is all
 * but full, SQLite treats the process as short of memory and writes a
 * batch's dirty pages to the WAL before its commit, to read them back and
 * write them again, and its statement journals to temporary files
 * (docs/store.md, "SQLite settings").  Called after the first open, it
 * changes nothing.
 */
void bf_store_reading_process(void);

/* bf_store_account reads account id into *out (initialised by the call). */
bf_err bf_store_account(bf_store *st, uint32_t id, bf_account_row *out);

/* The longest platform name a store keeps, in bytes. */
#define BF_STORE_PLATFORM_MAX 63

/*
 * bf_store_account_reach reads only two fields of account id, as
 * bf_store_account gives them: its platform's name, copied into platform
 * (BF_STORE_PLATFORM_MAX + 1 bytes), and its follower count (-1 when
 * unknown); BF_ENOTFOUND when there is no such account.  For a sample of
 * the store by audience (report/peers.h), which reads thousands of
 * accounts for these two: a third of the instructions of a whole row.
 */
bf_err bf_store_account_reach(bf_store *st, uint32_t id, char *platform,
                              int64_t *out_followers);

/*
 * bf_store_reach_fn is told one account's id and the two fields of
 * bf_store_account_reach; *out_stop set to 1 ends the walk early.
 */
typedef bf_err (*bf_store_reach_fn)(void *ctx, uint32_t id,
                                    const char *platform, int64_t followers,
                                    int *out_stop);

/*
 * bf_store_reach_each calls fn for every account in increasing id order,
 * with what bf_store_account_reach would read for it, in one scan: for a
 * sample that reads every account, about a fifth of the instructions of
 * a lookup each.  An error of fn ends the walk and is returned.
 */
bf_err bf_store_reach_each(bf_store *st, bf_store_reach_fn fn, void *ctx);

/* bf_store_account_count is the number of accounts (dense ids 0..n-1). */
bf_err bf_store_account_count(bf_store *st, uint32_t *out_n);

/*
 * bf_store_each_post calls fn for every post of author, oldest first;
 * fn returning non-BF_OK stops the walk and is returned.
 */
bf_err bf_store_each_post(bf_store *st, uint32_t author,
                          bf_err (*fn)(void *ctx, const bf_post *p), void *ctx);

/*
 * bf_store_newest_post sets *out to the created_at of author's newest
 * post, as bf_store_each_post would give it, or 0 when none of its posts
 * is dated (or it has none).  It merges only the rows that can decide it
 * (pview.h, bf__pview_newest), where a walk merges every post.
 */
bf_err bf_store_newest_post(bf_store *st, uint32_t author, int64_t *out);

/* ---- the follow graph ---- */

/*
 * bf_csr is a mapped graph file (validated as bf_store_graph and
 * bf_store_graph_lazy say).  Vertices are dense ids.
 * out_adj[out_off[v] .. out_off[v+1]) are the accounts v follows, sorted
 * ascending; in_adj[in_off[v] .. in_off[v+1]) are v's followers, sorted
 * ascending.  No duplicates.  in_pos, parallel to in_adj, gives each
 * follower's index in v's newest-first follower list (0 = the most recent
 * follower, -1 unknown); it is NULL when no follow of the store carries a
 * position.  Of duplicate follows, the newest segment's known position is
 * kept.
 *
 * Large graphs also carry a local order (src/store/csr.h): order[k] is the
 * dense id of local vertex k, vertices numbered by degree (in plus out),
 * highest first; lo_out_off / lo_out_adj are the out-edges in that
 * numbering (lo_out_off[k+1] - lo_out_off[k] is the out-degree of
 * order[k]), and lo_in_off / lo_in_adj the in-edges, each list ascending
 * and naming local ids.  All five are NULL on smaller graphs; code that
 * uses them must do without.  Only the graph layer reads them
 * (bf__graph_local): its callers speak dense ids.
 */
typedef struct bf_csr {
    uint32_t n;                 /* vertices */
    uint64_t m;                 /* distinct edges */
    const uint64_t *out_off;    /* n + 1 entries */
    const uint32_t *out_adj;    /* m entries */
    const uint64_t *in_off;     /* n + 1 entries */
    const uint32_t *in_adj;     /* m entries */
    const int32_t *in_pos;      /* m entries or NULL, parallel to in_adj */
    const uint32_t *order;      /* n entries or NULL: local -> dense id */
    const uint64_t *lo_out_off; /* n + 1 entries or NULL */
    const uint32_t *lo_out_adj; /* m entries or NULL, local ids */
    const uint64_t *lo_in_off;  /* n + 1 entries or NULL */
    const uint32_t *lo_in_adj;  /* m entries or NULL, local ids */
} bf_csr;

/*
 * bf_store_graph returns the store's graph, building graph.csr first when
 * segments were committed since it was last built.  The store owns it.
 * Every list of it has been checked (offsets, neighbour ids, order; once
 * per handle and graph, O(n + m)), so whole-graph algorithms may index
 * the arrays freely.  The section checksums are not verified here: they
 * are written when the file is built and verified by bonafide check.
 * When graph.csr cannot be written (BF_ENOSPC, BF_EACCES) the graph is
 * built in memory for this handle instead, so a full disk does not stop
 * a reader; BF_ECORRUPT when a committed segment is missing or damaged
 * (bonafide check names it), or when the file's lists are damaged and
 * rebuilding it did not help.
 */
bf_err bf_store_graph(bf_store *st, const bf_csr **out_g);

/*
 * bf_store_graph_lazy is bf_store_graph for a reader of a few accounts
 * (an audit, a score): only the file's header and layout are checked,
 * O(1) whatever the graph's size, and the lists must be read through
 * bf_csr_in, bf_csr_out and bf_csr_in_degree, which check what they
 * return.  n and m may be used as they are.  A later bf_store_graph on
 * the same handle checks the rest and returns the same pointer.
 */
bf_err bf_store_graph_lazy(bf_store *st, const bf_csr **out_g);

/*
 * bf_store_graph_scan is bf_store_graph_lazy for a reader that then walks
 * every list in vertex order (bulk scoring): the same checks, with the
 * kernel's readahead on, where the lazy mapping of an audit asks for
 * none.
 */
bf_err bf_store_graph_scan(bf_store *st, const bf_csr **out_g);

/*
 * Checked access to one vertex of a graph from either call above.
 * bf_csr_in gives v's followers (ascending) and, when out_pos is not NULL,
 * their positions (*out_pos NULL when the graph has none); bf_csr_out the
 * accounts v follows.  Each checks the list it returns - offsets in order
 * and within m, neighbours below n and strictly ascending, positions
 * >= -1 - in O(its length): BF_ECORRUPT when the file is damaged there,
 * BF_EINVAL when v >= n.  bf_csr_in_degree and bf_csr_out_degree check
 * the two offsets only.
 */
bf_err bf_csr_in(const bf_csr *g, uint32_t v, const uint32_t **out_adj,
                 const int32_t **out_pos, uint64_t *out_len);
bf_err bf_csr_out(const bf_csr *g, uint32_t v, const uint32_t **out_adj,
                  uint64_t *out_len);
bf_err bf_csr_in_degree(const bf_csr *g, uint32_t v, uint64_t *out);
bf_err bf_csr_out_degree(const bf_csr *g, uint32_t v, uint64_t *out);

/*
 * bf_csr_in_span gives v's followers as bf_csr_in does, but checks only
 * the two offsets, O(1), as bf_csr_in_degree: for a reader of a few of
 * them (a sample, a search in a hub's list), whose cost must follow what
 * it reads and not the list's length.  Such a reader checks each entry it
 * reads - below n, and consistent with a strictly ascending list with the
 * entries it read before (above those at lower indices, below those at
 * higher ones) - and says BF_ECORRUPT otherwise, the way bf_csr_in checks
 * them all: a database checks the pages it reads.
 */
bf_err bf_csr_in_span(const bf_csr *g, uint32_t v, const uint32_t **out_adj,
                      uint64_t *out_len);

/*
 * bf_csr_in_sample picks a uniform sample of at most cap of v's
 * followers: the whole list when it is no longer, else cap of them by
 * selection sampling (Knuth, TAOCP vol. 2, 3.4.2, Algorithm S), which
 * gives every subset of that size the same chance and yields them in list
 * order.  Its generator is seeded with seed, so the same graph and seed
 * give the same sample.  at[i] gets each one's place in the in-list
 * (ascending) and ids[i] the follower, for i < *out_n; either may be
 * NULL, and each holds cap entries.  *out_deg is the list's length.  Each
 * entry read is checked as bf_csr_in_span says.  Cost: O(deg) random
 * draws when the list is longer than cap, O(cap) entries read.
 */
bf_err bf_csr_in_sample(const bf_csr *g, uint32_t v, uint64_t cap,
                        uint64_t seed, uint64_t *at, uint32_t *ids,
                        uint64_t *out_n, uint64_t *out_deg);

/*
 * bf_csr_in_count sets *out to how many of x[0..nx), strictly ascending,
 * are followers of v.  A list at most BF_CSR_SKEW times longer than x is
 * merged with it, up to x's last value; a longer one, a hub's, is read
 * by a galloping search for each value of x from where the previous one
 * ended: O(nx log(len / nx)) entries read rather than len.  Either way
 * each entry read is checked as bf_csr_in_span says, BF_ECORRUPT when
 * one breaks the list's rules.
 */
#define BF_CSR_SKEW 16
bf_err bf_csr_in_count(const bf_csr *g, uint32_t v, const uint32_t *x,
                       uint64_t nx, uint64_t *out);
/* bf_csr_out_count is bf_csr_in_count over the accounts v follows. */
bf_err bf_csr_out_count(const bf_csr *g, uint32_t v, const uint32_t *x,
                        uint64_t nx, uint64_t *out);

/*
 * bf_csr_in_marked sets *out to how many of v's followers have their bit
 * set in bits, a bitmap of g->n bits (vertex i is bit i % 64 of bits[i /
 * 64]); bf_csr_out_marked the same over the accounts v follows.  The
 * count stops once it reaches cap (UINT64_MAX: never), so *out >= cap
 * says only that at least cap are marked.  What is read of the list is
 * checked, as bf_csr_in checks it: BF_ECORRUPT when it breaks the list's
 * rules.  For counting what many lists share with one (graph/graph.h,
 * bf_graph_set): a test per entry, with no merge of two lists.  O(length
 * of the list), or of the part read before the count reached cap.
 */
bf_err bf_csr_in_marked(const bf_csr *g, uint32_t v, const uint64_t *bits,
                        uint64_t cap, uint64_t *out);
bf_err bf_csr_out_marked(const bf_csr *g, uint32_t v, const uint64_t *bits,
                         uint64_t cap, uint64_t *out);

/*
 * bf_store_vertex_platforms fills out (n entries) with the platform id
 * (the platforms table's) of each dense id below n, 0 for a vertex
 * without an account row.  One pass over the accounts in id order, O(n)
 * rows: for derived files of the whole graph (store/prank.h).
 */
bf_err bf_store_vertex_platforms(bf_store *st, uint32_t n, uint32_t *out);

/*
 * bf_store_graph_generation gives the generation graph.csr is (or would be)
 * built from: the id of the last committed follow segment, 0 for none.
 * With the account count it identifies one graph, so derived files such
 * as a PageRank cache can be keyed on it.  BF_EINVAL inside a batch.
 */
bf_err bf_store_graph_generation(bf_store *st, uint64_t *out_gen);

/* bf_store_dir is the store's directory, as given to bf_store_open. */
const char *bf_store_dir(const bf_store *st);

/*
 * bf_store_reposts_received writes to out_per_account (one double per
 * account, n = bf_store_account_count entries) the sum of the repost
 * counts of each account's own posts: originals, replies and quotes;
 * repost rows are left out, since they carry the count of the post they
 * repeat.  Unknown counts add nothing.  One pass over the post segments,
 * O(rows x segments).
 */
bf_err bf_store_reposts_received(bf_store *st, double *out_per_account,
                                 uint32_t n);

/* ---- named state ---- */

/*
 * bf_store_state_get copies the value stored under key into out (replacing
 * its contents, NUL-terminated).  BF_ENOTFOUND when there is none.
 */
bf_err bf_store_state_get(bf_store *st, const char *key, bf_buf *out);

/*
 * bf_store_state_put stores value under key, or deletes the key when value
 * is NULL.  Inside a batch it joins the batch, so a collection cursor
 * commits or vanishes together with the records it follows; outside, it
 * commits alone.
 */
bf_err bf_store_state_put(bf_store *st, const char *key, const char *value);

/*
 * bf_store_state_each calls fn for every key starting with prefix, in key
 * order, with its value; fn returning non-BF_OK stops the walk and is
 * returned.  `bonafide fetch --again` finds the accounts collected before
 * from their "fetch:NAME:LIST" keys.
 */
bf_err bf_store_state_each(bf_store *st, const char *prefix,
                           bf_err (*fn)(void *ctx, const char *key,
                                        const char *value),
                           void *ctx);

/* ---- internals shared with src/store (check.c) and the tests ---- */

/* The writer lock's file in the store directory. */
#define BF__STORE_LOCK "store.lock"

/*
 * bf__store_lock takes the writer lock: blocking when wait, else *out_got
 * is 0 when another handle or process holds it.  A handle holding it may
 * take it again (a no-op).  Batches take it themselves; bonafide check
 * --repair takes it to sweep.
 */
bf_err bf__store_lock(bf_store *st, int wait, int *out_got);

/* bf__store_unlock releases the writer lock, if held (not inside a batch). */
void bf__store_unlock(bf_store *st);

/*
 * bf__store_sweep removes what crashed batches left: follows-*.seg and
 * posts-*.pseg files without a committed row, follows-*.seg.tmp,
 * posts-*.pseg.tmp, and graph.csr.tmp* and
 * pagerank.bin.tmp* files whose flock nobody holds (bf__tmp_create).  fn (may be NULL) is told each name removed.
 * A file that cannot be removed is left.  BF_EINVAL unless the writer
 * lock is held and no batch is open.
 */
bf_err bf__store_sweep(bf_store *st, void (*fn)(void *ctx, const char *name),
                       void *ctx);

/*
 * bf__store_rebuild_graph writes graph.csr anew from the committed
 * segments, whatever the file holds, and returns why it could not (no
 * fallback to memory here: bonafide check --repair must know).
 */
bf_err bf__store_rebuild_graph(bf_store *st);

/*
 * bf__store_bulk turns the bulk path for accounts on (the default) or
 * off.  Off, a follow naming an account the id cache does not hold looks
 * it up and inserts it on the spot, one SELECT and one INSERT; on, the key
 * waits, and the batch's waiting keys are looked up together in index
 * order (bf_store_put_follow).  Both give the same store, rowids
 * included; the tests compare them.  Call it outside a batch.
 */
void bf__store_bulk(bf_store *st, int on);

/*
 * bf__store_ids_whole says whether the handle's id cache holds every
 * account of the store: a store empty when opened, or one whose accounts
 * a large follow list read into it once (store.c, cache_fill).  For tests.
 */
int bf__store_ids_whole(const bf_store *st);

/*
 * bf__store_scan_steps is the number of rows the handle's own statements
 * have read by scanning a whole table (SQLITE_STMTSTATUS_FULLSCAN_STEP),
 * since it was opened.  For tests: a batch's cost must not grow with
 * tables it does not change.
 */
uint64_t bf__store_scan_steps(bf_store *st);

/*
 * bf__store_compact_posts merges every post segment into one, in a batch
 * of its own (bonafide check --repair), so reads visit a single segment;
 * a store with one or none is left as it is.
 */
bf_err bf__store_compact_posts(bf_store *st);

/*
 * bf__store_kept_count compares the post count a writer kept
 * (bf_store_totals_keep) at the store's present key with one made now:
 * *out_has is 0 when no count is kept at that key; else *out_kept and
 * *out_counted get both.  With forget, a kept count that differs is
 * deleted, and the next bf_store_totals counts.  For bonafide check: a
 * writer carries the kept count over its batches, so a wrong one would
 * outlive the ingest that wrote it.
 */
bf_err bf__store_kept_count(bf_store *st, int forget, int *out_has,
                            uint64_t *out_kept, uint64_t *out_counted);

/*
 * bf__store_warm_posts maps the committed post segments now, as of the
 * open read transaction (bf_store_read_begin calls it), rather than at
 * the first read of a post.  Until bf__store_unpin_posts (which the
 * read transactions of scan.h call as they begin and end), the snapshot
 * cannot change, so the reads of posts in that read transaction use
 * that view without asking SQLite again whether it is current.
 */
bf_err bf__store_warm_posts(bf_store *st);
void bf__store_unpin_posts(bf_store *st);

/* bf__store_db is the store's SQLite connection (check.c). */
struct sqlite3;
struct sqlite3 *bf__store_db(bf_store *st);

/*
 * bf__store_sql_err names the cause of SQLite's result rc on db (NULL
 * allowed): BF_ENOSPC for a full disk, BF_ECORRUPT for a damaged file,
 * BF_EACCES, BF_EIO, BF_ENOMEM, else BF_ESQL.
 */
bf_err bf__store_sql_err(struct sqlite3 *db, int rc);

/*
 * bf__store_row_fill reads the account of the current row of s, whose
 * columns 1 to 22 are those of bf_store_account's query (native_id,
 * handle, name, bio, url, location, lang, label, created_at, followers,
 * following, posts, likes, lists, verified, protected, default_avatar,
 * default_profile, observed_at, label_set, automated, unknown), into out,
 * whose strings buffer must be initialised: it is emptied and reused.
 * platform is copied as the account's platform.  out->id is left alone.
 */
struct sqlite3_stmt;
bf_err bf__store_row_fill(struct sqlite3_stmt *s, const char *platform,
                          bf_account_row *out);

/* bf__store_col_count reads counter or flag column i of s: NULL is -1. */
int64_t bf__store_col_count(struct sqlite3_stmt *s, int i);

/* ---- totals ---- */

typedef struct bf_stats_row {
    char platform[64];
    uint64_t accounts;
    uint64_t posts;
    uint64_t follows; /* distinct, counted at the follower's platform */
} bf_stats_row;

/*
 * bf_store_stats fills *out_rows (malloc'd, caller frees) with one row per
 * platform, sorted by name.
 */
bf_err bf_store_stats(bf_store *st, bf_stats_row **out_rows, size_t *out_n);

/*
 * bf_store_totals sets *out to the sums of bf_store_stats's rows (platform
 * empty) without its passes over every account: the account count is the
 * largest dense id, the follows are the graph's distinct edges, read from
 * the graph file's header.  Time: the graph built when its follows are
 * stale (a graph stale only by accounts added since, with no follow, is
 * not rewritten here: it has the same edges) and the posts counted
 * without being read (bf__pview_count: a merge of the post segments' key
 * indexes, nothing with one segment), or taken from the count this handle
 * made or read before and carried over its own batches since (each adds
 * what its post segments add; one that drops posts, or one of another
 * handle, makes it count again), or read from the count a writer kept
 * (bf_store_totals_keep) when no batch has committed since.  BF_EINVAL
 * inside a batch.
 */
bf_err bf_store_totals(bf_store *st, bf_stats_row *out);

/*
 * bf_store_totals_keep keeps the post count the last bf_store_totals on
 * st made (in the state table, under the writer lock, outside a batch),
 * when no batch has committed since, so that the next bf_store_totals
 * (an ingest's count before it writes) reads it instead of counting, and
 * its writer carries it: O(posts written) per ingest, not O(posts).
 * Nothing when the last call counted nothing.  BF_EINVAL inside a batch.
 */
bf_err bf_store_totals_keep(bf_store *st);

#endif
