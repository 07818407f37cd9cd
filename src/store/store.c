/*
 * store.c - the store: SQLite for records, segment files for follows.
 *
 * Every SQL statement is prepared once at open (SQLITE_PREPARE_PERSISTENT)
 * and reset after each use.  Writes happen inside one BEGIN IMMEDIATE
 * transaction per batch, taking the write lock up front so a batch never
 * fails half-way on a lock upgrade.
 *
 * Accounts, posts and snapshots are upserts on (platform, native id) whose
 * DO UPDATE clauses are COALESCE(excluded.x, x): unknown values are bound
 * as NULL and never erase a known one, so re-ingesting changes nothing.
 * Free text (name, bio, location, post text and source) is scrubbed of e-mail
 * addresses and phone numbers on the way in; this file is the one choke
 * point, so no reader has to remember.
 *
 * Follows resolve both endpoints to dense ids (rowid - 1), creating stub
 * accounts for unknown ones, and append a 16-byte record to the batch's
 * buffer.  Resolution goes through an in-memory open-addressing hash map
 * (platform, native id) -> rowid in front of SQLite, so a follow-heavy
 * ingest costs two hash lookups per edge and one INSERT per new account.
 * The map is capped (entries and string bytes) and simply cleared when
 * full; it is also cleared on rollback, because rowids handed out inside
 * a rolled-back transaction will be handed out again.  Once it no longer
 * holds the whole store, an account it misses may exist: such keys wait
 * in a pending set (pending.h), the record holding a placeholder, and are
 * looked up together in the order of the accounts index (settle), which
 * reads each index page once for all its keys.
 *
 * A batch's buffer becomes a segment file at commit (or earlier when it
 * reaches FLUSH_BYTES): the file is made durable first, then its row is
 * inserted and the transaction committed.  A crash between the two leaves
 * a file without a row.  Such files are swept only under the writer lock,
 * an exclusive flock on store.lock that every batch holds from
 * bf_store_begin to its commit or rollback: while one batch holds it, the
 * only segment files without a committed row are its own, so the holder
 * may delete any other (the first batch of each handle does).  Readers
 * never take the lock and never delete: a reader that swept at open, as
 * this store once did, deleted the segment a running ingest had written
 * and not yet committed.  graph.csr is built from the committed segments
 * on demand by whoever needs it, reader or writer, through a temp file of
 * its own and a rename (csr.c), and cached, mapped, until the next commit
 * or close; when the file cannot be written (a full disk, a read-only
 * store) the same graph is built in memory for the handle alone.
 */
#include "store/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/edit.h"
#include "base/mem.h"
#include "base/par.h"
#include "model/privacy.h"
#include "store/csr.h"
#include "store/peers.h"
#include "store/pending.h"
#include "store/pseg.h"
#include "store/pview.h"
#include "store/schema.h"
#include "store/search.h"
#include "store/segment.h"

/*
 * A writer's batch holds `batch` accounts or posts, or FOLLOW_SHARE times
 * as many follows: a follow is a 16-byte record appended to a segment,
 * while every commit writes each index page the batch dirtied to the WAL,
 * so small batches of follows paid that write many times over (a
 * 10-million-account follow list loaded 1.5 times faster with 20 than
 * with 1).  With 80, a batch of the default 50,000 holds four segments
 * of FLUSH_BYTES, and the first three are written while the batch reads
 * on (flush_segment); the commit waits for the last one only.
 */
#define FOLLOW_SHARE 80
/* A batch's follow buffer is written out as a segment at this size:
 * 1,048,576 records. */
#define FLUSH_BYTES (16u << 20)
/* A batch's posts are written out as a post segment past these sizes. */
#define POST_FLUSH_ROWS ((size_t)1 << 21)
#define POST_FLUSH_HEAP ((size_t)256 << 20)
/* Post segments larger than this are not merged at commit. */
#define COMPACT_MAX ((uint64_t)1 << 30)
/* A store with this many post segments or fewer is not compacted. */
#define COMPACT_FROM 4
/* A writer carries the post count over a batch of at most 1/CARRY_RATIO
 * of the rows already stored (count_batch). */
#define CARRY_RATIO 8
/* The most accounts, and commits, a handle lists as changed since a
 * generation (bf_store_changed_since); past them, it starts again. */
#define CHG_MAX     ((size_t)1 << 16)
#define CHG_COMMITS ((size_t)1 << 12)

/* A commit of the handle's: its generation, the account count after it
 * and how many changed accounts were listed by then. */
struct chg_commit {
    uint64_t gen;
    uint32_t accounts;
    size_t n;
};

/*
 * The id cache's smallest memory budget; a quarter of the machine's memory
 * when that is more, BONAFIDE_ID_CACHE_MB overriding both.  The cache is
 * cleared when it holds budget / 128 entries (the slot table takes up to
 * 96 bytes an entry at its lowest load) or budget / 4 bytes of native ids.
 * 1 GiB holds 8.4 million accounts, 6 GiB (a machine of 24 GiB) 50
 * million.  It is a ceiling: the cache takes what the accounts seen need.
 */
#define CACHE_BYTES ((size_t)1 << 30)
/* The longest free-text field after scrubbing, and a row's strings. */
#define TEXT_LIMIT (64u << 20)
/* Platform names: [a-z0-9-]+, at most this long (bf_stats_row). */
#define PLATFORM_MAX BF_STORE_PLATFORM_MAX
/* Platforms remembered in memory; there are a handful in practice. */
#define PLATFORM_CACHE 32

/* The statements, prepared at open. */
enum {
    Q_BEGIN,
    Q_COMMIT,
    Q_ROLLBACK,
    Q_PLAT_GET,
    Q_PLAT_ADD,
    Q_ACC_UPSERT,
    Q_ACC_INSERT,
    Q_ACC_FIND,
    Q_ACC_FIND_REC,
    Q_ACC_REC,
    Q_ACC_STUB,
    Q_ACC_NEW,
    Q_ACC_PROTECTED,
    Q_ACC_MAX,
    Q_ACC_KEYS,
    Q_ACC_GET,
    Q_ACC_REACH,
    Q_ACC_REACH_ALL,
    Q_SNAP_UPSERT,
    Q_PSEG_ADD,
    Q_PSEG_MAX,
    Q_PSEG_HAS,
    Q_PSEG_DEL,
    Q_PSEG_COUNT,
    Q_PDROP_ADD,
    Q_PDROP_PRUNE,
    Q_PVIEW_KEY,
    Q_AUTHOR_OF,
    Q_PLAT_NAME,
    Q_SEG_ADD,
    Q_SEG_MAX,
    Q_SEG_HAS,
    Q_SEG_ALL,
    Q_RES_HANDLE_P,
    Q_RES_HANDLE,
    Q_RES_NATIVE_P,
    Q_RES_NATIVE,
    Q_SUGGEST,
    Q_STAT_ACC,
    Q_STAT_VERTEX,
    Q_STATE_GET,
    Q_STATE_PUT,
    Q_STATE_DEL,
    Q_DATA_VERSION,
    Q_ARRIVAL_PUT,
    Q_INSIGHT_PUT,
    Q_SEARCH_DEL,
    Q_SEARCH_ADD,
    Q_SEARCH_CLEAR,
    Q__COUNT
};

/*
 * LATEST sets a profile field on an upsert.  The newer observation wins:
 * a record seen at the same time or later than the stored one overwrites
 * every field it knows; an older one only fills fields still unknown.
 * Either way the older counters are kept, as a snapshot row.  An undated
 * record (observed_at NULL) counts as older than any dated one, and
 * leaves the row's date as it was (NULL while no record was dated).  The
 * labelled set goes with the label (the last one given wins), and a field
 * is unknown (accounts.unknown, a bitmask) only while no record of the
 * account knew it.
 */
#define LATEST(f)                                                    \
    " " f " = CASE WHEN coalesce(excluded.observed_at, 0) >="        \
    " coalesce(observed_at, 0) THEN coalesce(excluded." f ", " f ")" \
    " ELSE coalesce(" f ", excluded." f ") END,"

/* A whole account row; the parameters are put_account's (bind_account). */
#define ACC_INSERT                                                     \
    "INSERT INTO accounts(platform, native_id, handle, name,"          \
    " created_at, followers, following, posts, likes, lists,"          \
    " verified, protected, default_avatar, default_profile, bio, url," \
    " location, lang, observed_at, label, label_set, automated,"       \
    " unknown, rec_hash)"                                              \
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"  \
    " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)"

/* What a record of an account already there changes (LATEST). */
/* clang-format off */
#define ACC_UPDATE                                                       \
    " ON CONFLICT(platform, native_id) DO UPDATE SET"                    \
    LATEST("handle") LATEST("name") LATEST("created_at")                 \
    LATEST("followers") LATEST("following") LATEST("posts")              \
    LATEST("likes") LATEST("lists") LATEST("verified")                   \
    LATEST("protected") LATEST("default_avatar")                         \
    LATEST("default_profile") LATEST("bio") LATEST("url")                \
    LATEST("location") LATEST("automated") LATEST("lang")                \
    " observed_at = max(coalesce(excluded.observed_at, observed_at),"    \
    " coalesce(observed_at, excluded.observed_at)),"                     \
    " label = coalesce(excluded.label, label),"                          \
    " label_set = coalesce(excluded.label_set, label_set),"              \
    " rec_hash = excluded.rec_hash,"                                     \
    " unknown = CASE WHEN unknown IS NULL THEN excluded.unknown"         \
    " ELSE unknown & coalesce(excluded.unknown, 0) END"                  \
    " RETURNING id, protected"
/* clang-format on */

static const char *const sql[Q__COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_PLAT_GET] = "SELECT id FROM platforms WHERE name = ?1",
    [Q_PLAT_ADD] = "INSERT INTO platforms(name) VALUES(?1)",
    /* An account the store cannot hold yet (put_account). */
    [Q_ACC_INSERT] = ACC_INSERT,
    [Q_ACC_UPSERT] = ACC_INSERT ACC_UPDATE,
    [Q_ACC_FIND] = "SELECT id FROM accounts"
                   " WHERE platform = ?1 AND native_id = ?2",
    [Q_ACC_STUB] = "INSERT INTO accounts(platform, native_id) VALUES(?1, ?2)",
    [Q_ACC_NEW] = "INSERT INTO accounts(id, platform, native_id)"
                  " VALUES(?1, ?2, ?3)",
    [Q_ACC_PROTECTED] = "SELECT protected FROM accounts WHERE id = ?1",
    /* What put_account compares a record with (stored_rec). */
    [Q_ACC_FIND_REC] = "SELECT id, rec_hash, protected FROM accounts"
                       " WHERE platform = ?1 AND native_id = ?2",
    [Q_ACC_REC] = "SELECT id, rec_hash, protected FROM accounts"
                  " WHERE id = ?1",
    [Q_ACC_MAX] = "SELECT coalesce(max(id), 0) FROM accounts",
    /* Every account's key, read from the (platform, native_id) index:
     * it covers the query and is a fraction of the table (cache_fill). */
    [Q_ACC_KEYS] = "SELECT platform, native_id, id FROM accounts",
    [Q_ACC_GET] = "SELECT p.name, a.native_id, a.handle, a.name, a.bio, a.url,"
                  " a.location, a.lang, a.label, a.created_at, a.followers,"
                  " a.following, a.posts, a.likes, a.lists, a.verified,"
                  " a.protected, a.default_avatar, a.default_profile,"
                  " a.observed_at, a.label_set, a.automated, a.unknown"
                  " FROM accounts a JOIN platforms p ON p.id = a.platform"
                  " WHERE a.id = ?1",
    [Q_ACC_REACH] = "SELECT p.name, a.followers"
                    " FROM accounts a JOIN platforms p ON p.id = a.platform"
                    " WHERE a.id = ?1",
    /* CROSS JOIN: the accounts in id order, each platform looked up. */
    [Q_ACC_REACH_ALL] = "SELECT a.id, p.name, a.followers"
                        " FROM accounts a CROSS JOIN platforms p"
                        " ON p.id = a.platform ORDER BY a.id",
    [Q_SNAP_UPSERT] = "INSERT INTO snapshots(account, observed_at, followers,"
                      " following, posts, likes, lists)"
                      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                      " ON CONFLICT(account, observed_at) DO UPDATE SET"
                      " followers = coalesce(excluded.followers, followers),"
                      " following = coalesce(excluded.following, following),"
                      " posts = coalesce(excluded.posts, posts),"
                      " likes = coalesce(excluded.likes, likes),"
                      " lists = coalesce(excluded.lists, lists)",
    [Q_PSEG_ADD] = "INSERT INTO post_segments(id, file, rows, crc, bytes)"
                   " VALUES(?1, ?2, ?3, ?4, ?5)",
    [Q_PSEG_MAX] = "SELECT coalesce(max(id), 0) FROM post_segments",
    [Q_PSEG_HAS] = "SELECT 1 FROM post_segments WHERE file = ?1",
    [Q_PSEG_DEL] = "DELETE FROM post_segments WHERE id = ?1",
    [Q_PSEG_COUNT] = "SELECT count(*) FROM post_segments",
    [Q_PDROP_ADD] = "INSERT OR IGNORE INTO post_drops(author, upto)"
                    " VALUES(?1, ?2)",
    /* A drop older than every segment has nothing left to remove. */
    [Q_PDROP_PRUNE] = "DELETE FROM post_drops WHERE upto <"
                      " (SELECT coalesce(min(id), 0) FROM post_segments)",
    /* What a view of the posts was built from (pview.h). */
    [Q_PVIEW_KEY] = "SELECT (SELECT value FROM generation WHERE id = 1),"
                    " (SELECT coalesce(max(id), 0) FROM post_segments),"
                    " (SELECT count(*) FROM post_segments),"
                    " (SELECT count(*) FROM post_drops)",
    [Q_AUTHOR_OF] = "SELECT a.native_id, p.name, a.platform FROM accounts a"
                    " JOIN platforms p ON p.id = a.platform WHERE a.id = ?1",
    [Q_PLAT_NAME] = "SELECT name FROM platforms WHERE id = ?1",
    [Q_SEG_ADD] = "INSERT INTO segments(id, file, edges, crc)"
                  " VALUES(?1, ?2, ?3, ?4)",
    [Q_SEG_MAX] = "SELECT coalesce(max(id), 0) FROM segments",
    [Q_SEG_HAS] = "SELECT 1 FROM segments WHERE file = ?1",
    /* The search index at commit (search_flush): what it held for the
     * accounts the batch changed goes, their entries now come, in the
     * index's order.  CROSS JOIN keeps search_dirty the outer loop: the
     * planner, without statistics, scanned every account instead, at
     * every commit, even of a batch of follows that changed none. */
    /* ?1 is the last account id before the batch (schema v16): the
     * accounts above it are the batch's own, none of them in the index
     * before it, all of them added from the table. */
    [Q_SEARCH_DEL] = "INSERT INTO accounts_search(accounts_search, rowid,"
                     " handle, name, platform) SELECT 'delete', d.key,"
                     " coalesce(d.handle, ''), coalesce(d.name, ''), p.name"
                     " FROM search_dirty d CROSS JOIN platforms p"
                     " ON p.id = d.platform"
                     " WHERE (d.handle IS NOT NULL OR d.name IS NOT NULL)"
                     " AND d.id <= ?1 ORDER BY d.key",
    [Q_SEARCH_ADD] = "INSERT INTO accounts_search(rowid, handle, name,"
                     " platform) SELECT" BF__SEARCH_KEY(
                             "a") ", coalesce(a.handle, ''),"
                                  " coalesce(a.name, ''), p.name"
                                  " FROM search_dirty d CROSS JOIN"
                                  " accounts a ON a.id = d.id"
                                  " CROSS JOIN platforms p"
                                  " ON p.id = a.platform"
                                  " WHERE d.id <= ?1"
                                  " AND (a.handle IS NOT NULL"
                                  " OR a.name IS NOT NULL)"
                                  " UNION ALL SELECT" BF__SEARCH_KEY(
                                          "a") ", coalesce(a.handle, ''),"
                                               " coalesce(a.name, ''), p.name"
                                               " FROM accounts a CROSS JOIN"
                                               " platforms p"
                                               " ON p.id = a.platform"
                                               " WHERE a.id > ?1"
                                               " AND (a.handle IS NOT NULL"
                                               " OR a.name IS NOT NULL)"
                                               " ORDER BY 1",
    [Q_SEARCH_CLEAR] = "DELETE FROM search_dirty",
    [Q_SEG_ALL] = "SELECT id, file, edges, crc FROM segments"
                  " WHERE id <= ?1 ORDER BY id",
    [Q_RES_HANDLE_P] = "SELECT a.id FROM accounts a JOIN platforms p"
                       " ON p.id = a.platform"
                       " WHERE a.handle = ?2 COLLATE NOCASE AND p.name = ?1"
                       " ORDER BY coalesce(a.followers, -1) DESC, a.id LIMIT 1",
    [Q_RES_HANDLE] = "SELECT id FROM accounts WHERE handle = ?1 COLLATE NOCASE"
                     " ORDER BY coalesce(followers, -1) DESC, id LIMIT 1",
    [Q_RES_NATIVE_P] = "SELECT a.id FROM platforms p JOIN accounts a"
                       " ON a.platform = p.id AND a.native_id = ?2"
                       " WHERE p.name = ?1",
    /* CROSS JOIN keeps the few platforms outermost, so each probes the
     * (platform, native_id) index instead of scanning accounts. */
    [Q_RES_NATIVE] = "SELECT a.id FROM platforms p CROSS JOIN accounts a"
                     " ON a.platform = p.id AND a.native_id = ?1"
                     " ORDER BY coalesce(a.followers, -1) DESC, a.id LIMIT 1",
    /* A range of the handle index: the handles that start with ?1. */
    [Q_SUGGEST] = "SELECT p.name, a.handle, coalesce(a.followers, -1)"
                  " FROM accounts a JOIN platforms p ON p.id = a.platform"
                  " WHERE a.handle >= ?1 COLLATE NOCASE"
                  " AND a.handle < ?2 COLLATE NOCASE"
                  " AND (?3 IS NULL OR p.name = ?3) LIMIT ?4",
    [Q_STAT_ACC] = "SELECT p.id, p.name, count(*) FROM platforms p"
                   " JOIN accounts a ON a.platform = p.id"
                   " GROUP BY p.id ORDER BY p.name",
    [Q_STAT_VERTEX] = "SELECT id, platform FROM accounts ORDER BY id",
    [Q_STATE_GET] = "SELECT value FROM state WHERE key = ?1",
    [Q_STATE_PUT] = "INSERT INTO state(key, value) VALUES(?1, ?2)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [Q_STATE_DEL] = "DELETE FROM state WHERE key = ?1",
    [Q_DATA_VERSION] = "PRAGMA data_version",
    [Q_ARRIVAL_PUT] = "INSERT INTO arrivals(account, follower, followed_at)"
                      " VALUES(?1, ?2, ?3) ON CONFLICT(account, follower)"
                      " DO UPDATE SET followed_at = excluded.followed_at",
    [Q_INSIGHT_PUT] = "INSERT INTO insights(account, observed_at, kind, key,"
                      " value) VALUES(?1, ?2, ?3, ?4, ?5)"
                      " ON CONFLICT(account, observed_at, kind, key)"
                      " DO UPDATE SET value = excluded.value",
};

/*
 * One slot of the id cache; rowid 0 marks an empty slot.  A native id
 * written in canonical decimal below 2^64 (X, Mastodon and simulated ids)
 * is kept as its value, in word, so that a lookup compares it in the slot
 * itself: at tens of millions of accounts the slot and the arena are each
 * a cache miss, and this saves the second.  Any other id is kept in the
 * arena, word holding its hash.
 */
typedef struct id_slot {
    uint64_t word; /* ID_NUMERIC in len: the value; else the hash */
    uint32_t rowid;
    uint32_t plat;
    uint32_t off; /* native id in the arena */
    uint32_t len; /* its length, or ID_NUMERIC */
} id_slot;

/* The len of a slot whose id is its word. */
#define ID_NUMERIC UINT32_MAX

/* A native id as the cache looks it up. */
typedef struct id_key {
    const char *s;
    size_t n;
    uint32_t plat;
    int numeric;  /* canonical decimal below 2^64 */
    uint64_t num; /* its value, when numeric */
    uint64_t h;   /* where probing starts */
} id_key;

typedef struct id_cache {
    id_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t used;
    size_t max_used; /* cleared when used reaches it */
    bf_buf arena;    /* its limit bounds the native ids' bytes */
    int complete;    /* every account of the store is in the cache */
    uint64_t clears; /* times it was emptied */
} id_cache;

typedef struct plat_entry {
    char name[PLATFORM_MAX + 1];
    uint32_t id;
} plat_entry;

/* Scratch buffers for scrubbed text, one per field bound at a time. */
enum { T_NAME, T_BIO, T_LOCATION, T_URL, T_TEXT, T_SOURCE, T__COUNT };

/*
 * Slots of the account memos (a power of two), indexed by rowid, 2 MiB:
 * the first 65,536 accounts of a store each have their own; beyond, two
 * accounts may share a slot, and a record is then written again when the
 * other account took the slot meanwhile.
 */
#define MEMO_SLOTS 65536

/*
 * Follows are held FQ_LEN deep before they are written, their id-cache
 * slots asked from memory as they arrive (bf_store_put_follow): at
 * millions of accounts every probe is a cache miss, and waiting on one
 * follow's two at a time left the loader idle.  An id longer than FQ_ID
 * bytes is written at once, after the queue.
 */
#define FQ_LEN 16
#define FQ_ID  96

typedef struct fq_slot {
    id_key k[2]; /* follower, followee; s points into id */
    int64_t observed_at, position;
    char id[2][FQ_ID];
} fq_slot;

/*
 * A segment written by a thread of its own while the batch reads on
 * (flush_segment, seg_join): the records are handed over in buf, the
 * file is written, synced and renamed (bf__seg_write), and its row is
 * inserted by seg_join, on the batch's thread, before anything needs it.
 */
typedef struct seg_job {
    pthread_t th;
    int running;  /* 1: a segment awaits seg_join */
    int threaded; /* 1: written by th, to be joined */
    bf_buf buf;   /* the records; the batch's spare buffer otherwise */
    const char *dir;
    char name[32];
    uint64_t count;
    uint32_t crc;
    bf_err err;
} seg_job;

struct bf_store {
    char *dir;
    sqlite3 *db;
    sqlite3_stmt *q[Q__COUNT];
    int in_tx;
    uint32_t first_seg; /* first segment id of the open batch */
    uint32_t next_seg;  /* id the next segment will get */
    bf_buf follows;     /* encoded records of the open batch */
    seg_job wseg;       /* the segment being written meanwhile */
    /*
     * The open batch's posts, merged by key as they come (pslot is an
     * open-addressing table over their key hashes, each slot a PSLOT of
     * the row), and written as one post segment at commit.
     */
    uint32_t first_pseg; /* first post segment id of the open batch */
    int64_t search_from; /* the last account id before the open batch */
    uint32_t next_pseg;  /* id the next post segment will get */
    bf__prow *prows;
    size_t pn, pcap;
    bf_buf pheap;    /* the rows' strings, each NUL-terminated */
    uint64_t *pslot; /* pslots entries, a power of two */
    size_t pslots;
    char **gone; /* post segments compacted away in the open batch */
    size_t ngone;
    char **gone_prev; /* those of the last commit, removed at the next */
    size_t ngone_prev;
    bf__pview view; /* the committed posts, as last read */
    int view_ok;
    /* The posts as the writer's last batch read them (count_batch,
     * compact_posts): the next batch takes over its mappings. */
    bf__pview wview;
    /* The post count bf_store_totals last made, and the view key (see
     * posts_total) it was made at, for bf_store_totals_keep; a writer
     * carries it over its batches (count_batch). */
    int count_ok;
    int64_t count_key[4];
    uint64_t count;
    int64_t count_add; /* what the open batch adds to count */
    size_t padd;       /* post segments the open batch wrote (pseg_add) */
    int batch_dropped; /* the open batch dropped committed posts */
    /* What this handle's own batches changed since generation chg_gen
     * (bf_store_changed_since); chg_ok 0 when it is not known. */
    int chg_ok;
    int chg_walked;        /* the open batch's post keys were walked */
    int chg_over;          /* the open batch changed over CHG_MAX */
    uint64_t chg_gen;      /* the generation the list starts at */
    uint32_t chg_accounts; /* the account count there */
    uint64_t chg_last;     /* the generation of the last commit */
    uint32_t *chg_ids;     /* accounts changed, in the order met */
    size_t chg_n, chg_cap;
    struct chg_commit *chg_at; /* each commit since chg_gen */
    size_t chg_nat, chg_capat;
    int view_pinned; /* view_ok holds for the open read (warm_posts) */
    int scattered;   /* bf_store_read_scattered was called */
    int64_t view_key[4];
    bf__pvec pvec; /* bf_store_each_post's list */
    id_cache ids;
    bf__pend pend;      /* keys of follows awaiting a rowid (the bulk path) */
    fq_slot fq[FQ_LEN]; /* follows read ahead (bf_store_put_follow) */
    unsigned fq_head, fq_n;
    int bulk;        /* follows defer unknown accounts to settle() */
    int fill_tried;  /* cache_fill ran (once per handle) */
    uint64_t missed; /* keys settle and put_account looked up, since open */
    uint64_t expect; /* follows the input holds, a reader's estimate */
    plat_entry plats[PLATFORM_CACHE];
    size_t nplats;
    bf_buf text[T__COUNT];
    uint64_t scrubbed; /* totals since open, read by the writer */
    uint64_t private_posts;
    int walking;        /* inside bf_store_each_post */
    bf__csr_file graph; /* mapped graph, base NULL when none */
    int lock_fd;        /* store.lock, -1 until the first batch */
    int locked;         /* this handle holds the writer lock */
    int swept;          /* this handle swept the leftovers once */

    /*
     * Memos indexed by account rowid: the hash of the last record written
     * for the account, so that the same profile embedded in every tweet of
     * a file is written once; and the protected flag of recent authors, so
     * that each post need not query it.  They hold what this connection
     * committed or is writing, so they outlive a commit: a rollback clears
     * them, and so does a batch that begins after another connection
     * committed (SQLite's data_version then moved), since its writes may
     * have changed those rows.
     */
    int64_t data_version; /* at the last batch's start, -1 before any */

    /*
     * MEMO_SLOTS entries each, allocated by the first batch: a handle
     * that only reads (an audit, a score) never zeroes their 2 MiB.
     */
    struct memo_same {
        uint64_t hash;   /* record_hash of the last record written */
        uint64_t digest; /* its reader's digest of its source, or 0 */
        uint32_t rowid;  /* 0: empty */
    } * same;

    struct memo_prot {
        uint32_t rowid; /* 0: empty */
        int prot;
    } * prot;
};

/* ---- small helpers ---- */

/*
 * q_get is statement i of st, prepared the first time it is asked for:
 * a command uses a few of the Q__COUNT statements, and preparing them all
 * at open cost every command SQLite's parse of each.  NULL when SQLite
 * refuses it; stepping or binding NULL is SQLITE_MISUSE, which the
 * callers report as BF_ESQL.
 */
static sqlite3_stmt *q_get(bf_store *st, int i)
{
    if (!st->q[i])
        (void)sqlite3_prepare_v3(st->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                 &st->q[i], NULL);
    return st->q[i];
}

#define Q(st, i) q_get((st), (i))

/* path_join returns dir/name, malloc'd. */
static char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* mkdir_p creates dir and its missing parents. */
static bf_err mkdir_p(const char *dir)
{
    char *p = strdup(dir), *s;
    bf_err err = BF_OK;

    if (!p)
        return BF_ENOMEM;
    for (s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            err = bf_err_from_errno(errno);
        *s = '/';
        if (err)
            break;
    }
    if (!err && mkdir(p, 0755) != 0 && errno != EEXIST)
        err = bf_err_from_errno(errno);
    free(p);
    return err;
}

/* platform_ok says whether name is [a-z0-9_-]+ of at most PLATFORM_MAX. */
static int platform_ok(const char *name, size_t n)
{
    size_t i;

    if (n == 0 || n > PLATFORM_MAX)
        return 0;
    for (i = 0; i < n; i++) {
        char c = name[i];

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_'))
            return 0;
    }
    return 1;
}

/* finish resets a statement after use so it holds no locks or bindings. */
static void finish(sqlite3_stmt *s)
{
    if (!s)
        return;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

/*
 * sql_err names the cause of SQLite's failure rc on db (NULL when there is
 * no handle): a full disk (SQLITE_FULL, or an I/O error whose system errno
 * is ENOSPC) is BF_ENOSPC, a damaged file BF_ECORRUPT, a file that cannot
 * be written BF_EACCES, an I/O error BF_EIO; the rest stays BF_ESQL.
 */
static bf_err sql_err(sqlite3 *db, int rc)
{
    int e = db ? sqlite3_system_errno(db) : 0;

    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return BF_OK;
    case SQLITE_FULL:
        return BF_ENOSPC;
    case SQLITE_NOMEM:
        return BF_ENOMEM;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return BF_ECORRUPT;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return BF_EACCES;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        return e ? bf_err_from_errno(e) : BF_EIO;
    }
    return BF_ESQL;
}

/* run steps a statement that returns no rows, then resets it. */
static bf_err run(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);

    finish(s);
    return rc == SQLITE_DONE ? BF_OK : sql_err(sqlite3_db_handle(s), rc);
}

/* Unknown values are bound as NULL: counters and flags below 0, times 0. */
static int bind_count(sqlite3_stmt *s, int i, int64_t v)
{
    return v < 0 ? sqlite3_bind_null(s, i) : sqlite3_bind_int64(s, i, v);
}

static int bind_flag(sqlite3_stmt *s, int i, int v)
{
    return v < 0 ? sqlite3_bind_null(s, i) : sqlite3_bind_int(s, i, v != 0);
}

static int bind_time(sqlite3_stmt *s, int i, int64_t t)
{
    return t == 0 ? sqlite3_bind_null(s, i) : sqlite3_bind_int64(s, i, t);
}

static int bind_text(sqlite3_stmt *s, int i, const char *t)
{
    return t ? sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC)
             : sqlite3_bind_null(s, i);
}

int64_t bf__store_col_count(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL
                   ? -1
                   : sqlite3_column_int64(s, i);
}

/* col_text reads a text column: NULL stays NULL. */
static const char *col_text(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

/* query_u64 runs a one-row, one-column query with an optional argument. */
static bf_err query_u64(sqlite3_stmt *s, int has_arg, int64_t arg,
                        uint64_t *out)
{
    bf_err err;
    int rc;

    if (has_arg)
        sqlite3_bind_int64(s, 1, arg);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        int64_t v = sqlite3_column_int64(s, 0);

        *out = v < 0 ? 0 : (uint64_t)v;
        err = BF_OK;
    } else {
        err = rc == SQLITE_DONE ? BF_ESQL : sql_err(sqlite3_db_handle(s), rc);
    }
    finish(s);
    return err;
}

/*
 * bind_scrubbed binds the free text t at parameter i after removing contact
 * details, using scratch buffer slot; found items are counted on st.
 */
static bf_err bind_scrubbed(bf_store *st, sqlite3_stmt *s, int i, const char *t,
                            int slot)
{
    bf_err err;
    int found = 0;

    if (!t)
        return sqlite3_bind_null(s, i) == SQLITE_OK ? BF_OK : BF_ESQL;
    err = bf_privacy_scrub(t, &st->text[slot], &found);
    if (err)
        return err;
    st->scrubbed += (uint64_t)found;
    return sqlite3_bind_text(s, i, st->text[slot].data, (int)st->text[slot].len,
                             SQLITE_STATIC) == SQLITE_OK
                   ? BF_OK
                   : BF_ESQL;
}

/* ---- the id cache ---- */

/* mix64 is the splitmix64 finaliser, so linear probing sees spread bits. */
static uint64_t mix64(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    h ^= h >> 31;
    return h;
}

/* hash_num is the probe hash of a numeric id. */
static uint64_t hash_num(uint32_t plat, uint64_t v)
{
    return mix64(v + 0x9e3779b97f4a7c15u * (plat + 1u));
}

/*
 * eight_digits sets *out to the value of the 8 ASCII digits at s and
 * returns 1, or returns 0 when one of the bytes is not a digit.  The
 * conversion is Lemire's (simdjson's parse_eight_digits_unrolled): pairs,
 * then quadruples, then the whole, three multiplications in all; the
 * first digit is the lowest byte on this little-endian host, as the store
 * requires (store/csr.h).
 */
static int eight_digits(const char *s, uint64_t *out)
{
    uint64_t w;

    memcpy(&w, s, 8);
    /* Every byte in 0x30..0x3f, and still so with 6 added: '0'..'9'. */
    if ((w & 0xf0f0f0f0f0f0f0f0u) != 0x3030303030303030u ||
        ((w + 0x0606060606060606u) & 0xf0f0f0f0f0f0f0f0u) !=
                0x3030303030303030u)
        return 0;
    w = ((w & 0x0f0f0f0f0f0f0f0fu) * 2561) >> 8;
    w = ((w & 0x00ff00ff00ff00ffu) * 6553601) >> 16;
    *out = ((w & 0x0000ffff0000ffffu) * 42949672960001u) >> 32;
    return 1;
}

/*
 * key_of prepares the lookup of (plat, s): an id in canonical decimal
 * (digits only, no leading zero but "0" itself, at most 2^64 - 1) is
 * numeric, and "7" and "007" stay different ids; any other is hashed with
 * FNV-1a, the platform mixed in.
 */
static void key_of(uint32_t plat, const char *s, size_t n, id_key *k)
{
    uint64_t v = 0, h = 0xcbf29ce484222325u ^ plat;
    int numeric = n >= 1 && n <= 20 && (s[0] != '0' || n == 1);
    size_t i;

    /* Eight digits at a step up to the sixteenth, then one at a time. */
    for (i = 0; numeric && i + 8 <= n && i < 16; i += 8) {
        uint64_t x;

        if (!eight_digits(s + i, &x))
            numeric = 0;
        else
            v = v * 100000000u + x;
    }
    for (; numeric && i < n; i++) {
        unsigned d = (unsigned char)s[i] - '0';

        /* Only a 20-digit id can pass 2^64 - 1. */
        if (d > 9 || (i == 19 && v > (UINT64_MAX - d) / 10))
            numeric = 0;
        else
            v = v * 10 + d;
    }
    k->s = s;
    k->n = n;
    k->plat = plat;
    k->numeric = numeric;
    k->num = numeric ? v : 0;
    if (numeric) {
        k->h = hash_num(plat, v);
        return;
    }
    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
    k->h = mix64(h);
}

/* slot_hash is the probe hash of a filled slot. */
static uint64_t slot_hash(const id_slot *e)
{
    return e->len == ID_NUMERIC ? hash_num(e->plat, e->word) : e->word;
}

static void cache_clear(id_cache *c)
{
    if (c->slots)
        memset(c->slots, 0, c->cap * sizeof *c->slots);
    c->used = 0;
    c->complete = 0;
    c->clears++;
    bf_buf_reset(&c->arena);
}

static void cache_release(id_cache *c)
{
    free(c->slots);
    c->slots = NULL;
    c->cap = c->used = 0;
    bf_buf_release(&c->arena);
}

/* cache_prefetch asks for the slot where looking up k starts. */
static void cache_prefetch(const id_cache *c, const id_key *k)
{
    if (c->cap)
        __builtin_prefetch(&c->slots[k->h & (c->cap - 1)]);
}

/* cache_get returns the rowid cached for the id k, or 0. */
static uint32_t cache_get(const id_cache *c, const id_key *k)
{
    size_t i;

    if (!c->cap)
        return 0;
    for (i = k->h & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
        const id_slot *e = &c->slots[i];

        if (!e->rowid)
            return 0;
        if (e->plat != k->plat)
            continue;
        if (k->numeric
                    ? e->len == ID_NUMERIC && e->word == k->num
                    : e->len == k->n && e->word == k->h &&
                              memcmp(c->arena.data + e->off, k->s, k->n) == 0)
            return e->rowid;
    }
}

/*
 * cache_init sizes an empty cache from CACHE_BYTES or BONAFIDE_ID_CACHE_MB
 * (at least 16 MiB).  Loading a follow list of tens of millions of
 * accounts needs a budget that holds them all: past it, every lookup of an
 * account the cache has dropped is a SELECT on the accounts index.
 */
static void cache_init(id_cache *c)
{
    const char *env = getenv("BONAFIDE_ID_CACHE_MB");
    size_t bytes = bf_memory_share(4, CACHE_BYTES, SIZE_MAX);

    if (env && *env) {
        char *end;
        unsigned long long mb = strtoull(env, &end, 10);

        if (*end == '\0' && mb >= 16 && mb <= ((size_t)-1 >> 21))
            bytes = (size_t)mb << 20;
    }
    memset(c, 0, sizeof *c);
    c->max_used = bytes / 128;
    bf_buf_init(&c->arena, bytes / 4);
}

/* cache_resize moves the table (rehashing) to cap slots, a power of two
 * above the current one. */
static bf_err cache_resize(id_cache *c, size_t cap)
{
    size_t i, j;
    id_slot *s = calloc(cap, sizeof *s);

    if (!s)
        return BF_ENOMEM;
    /* Probed at random: see base/mem.h. */
    bf_want_huge_pages(s, cap * sizeof *s);
    for (i = 0; i < c->cap; i++) {
        if (!c->slots[i].rowid)
            continue;
        for (j = slot_hash(&c->slots[i]) & (cap - 1); s[j].rowid;
             j = (j + 1) & (cap - 1))
            ;
        s[j] = c->slots[i];
    }
    free(c->slots);
    c->slots = s;
    c->cap = cap;
    return BF_OK;
}

/* cache_grow doubles the table, starting at 4096 slots. */
static bf_err cache_grow(id_cache *c)
{
    return cache_resize(c, c->cap ? c->cap * 2 : 4096);
}

/*
 * cache_reserve makes room for `more` entries beyond those held without a
 * doubling on the way: each doubling would allocate a new table (fresh
 * pages, which the kernel zeroes) and rehash the old one.
 */
static bf_err cache_reserve(id_cache *c, size_t more)
{
    size_t cap = c->cap ? c->cap : 4096;

    while ((c->used + more + 1) * 2 > cap)
        cap *= 2;
    return cap > c->cap ? cache_resize(c, cap) : BF_OK;
}

/*
 * cache_put remembers the id k -> rowid.  When the cache is full it is
 * emptied first: it is only an accelerator, SQLite has the truth.
 */
static bf_err cache_put(id_cache *c, const id_key *k, uint32_t rowid)
{
    size_t n = k->numeric ? 0 : k->n, i;
    bf_err err;

    if (k->n >= ID_NUMERIC)
        return BF_OK;
    if (c->used >= c->max_used || c->arena.len + n + 1 > c->arena.limit)
        cache_clear(c);
    if ((c->used + 1) * 2 > c->cap && (err = cache_grow(c)) != BF_OK)
        return err;
    i = k->h & (c->cap - 1);
    while (c->slots[i].rowid)
        i = (i + 1) & (c->cap - 1);
    if (!k->numeric) {
        err = bf_buf_append(&c->arena, k->s, n);
        if (err)
            return err;
    }
    c->slots[i].word = k->numeric ? k->num : k->h;
    c->slots[i].rowid = rowid;
    c->slots[i].plat = k->plat;
    c->slots[i].off = k->numeric ? 0 : (uint32_t)(c->arena.len - n);
    c->slots[i].len = k->numeric ? ID_NUMERIC : (uint32_t)n;
    c->used++;
    return BF_OK;
}

/* ---- platforms and accounts ---- */

/* platform_id finds or creates the platform name (NULL: generic). */
const char *bf_platform_canonical(const char *name)
{
    if (strcmp(name, "x") == 0)
        return "twitter";
    if (strcmp(name, "bsky") == 0)
        return "bluesky";
    return name;
}

/* plat_remembered finds name among the platforms st remembers. */
static int plat_remembered(const bf_store *st, const char *name, uint32_t *out)
{
    size_t i;

    for (i = 0; i < st->nplats; i++) {
        if (strcmp(st->plats[i].name, name) == 0) {
            *out = st->plats[i].id;
            return 1;
        }
    }
    return 0;
}

static bf_err platform_id(bf_store *st, const char *name, uint32_t *out)
{
    sqlite3_stmt *s;
    bf_err err = BF_OK;
    int64_t id = 0;
    size_t n;
    int rc;

    if (!name)
        name = BF_PLATFORM_GENERIC;
    /*
     * A remembered name was checked when it was first seen.  Only
     * canonical names are remembered, so a short name is never found
     * here, and a follow of a remembered platform, the usual case, costs
     * one comparison instead of three.
     */
    if (plat_remembered(st, name, out))
        return BF_OK;
    /*
     * The short names are the platforms they stand for, as in an account's
     * name (x:handle, bsky:handle) and bonafide fetch: ingest --platform x
     * stored a platform "x" whose accounts x:handle never found, and which
     * the published medians and the model's platform test did not know.
     */
    if (bf_platform_canonical(name) != name) {
        name = bf_platform_canonical(name);
        if (plat_remembered(st, name, out))
            return BF_OK;
    }
    n = strlen(name);
    if (!platform_ok(name, n))
        return BF_EINVAL;
    s = Q(st, Q_PLAT_GET);
    bind_text(s, 1, name);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(s, 0);
    else if (rc != SQLITE_DONE)
        err = sql_err(st->db, rc);
    finish(s);
    if (!err && !id) {
        s = Q(st, Q_PLAT_ADD);
        bind_text(s, 1, name);
        err = run(s);
        id = sqlite3_last_insert_rowid(st->db);
    }
    if (err)
        return err;
    if (id <= 0 || id > UINT32_MAX)
        return BF_ELIMIT;
    if (st->nplats == PLATFORM_CACHE)
        st->nplats = 0;
    memcpy(st->plats[st->nplats].name, name, n + 1);
    st->plats[st->nplats++].id = (uint32_t)id;
    *out = (uint32_t)id;
    return BF_OK;
}

/* rowid_ok checks that a rowid gives a dense id that fits in 32 bits. */
static bf_err rowid_ok(int64_t rowid)
{
    return rowid >= 1 && rowid <= UINT32_MAX ? BF_OK : BF_ELIMIT;
}

/* find_rowid sets *rowid to the account (plat, native)'s, 0 when none. */
static bf_err find_rowid(bf_store *st, uint32_t plat, const char *native,
                         int64_t *rowid)
{
    sqlite3_stmt *s = Q(st, Q_ACC_FIND);
    bf_err err = BF_OK;
    int rc;

    sqlite3_bind_int64(s, 1, plat);
    bind_text(s, 2, native);
    rc = sqlite3_step(s);
    *rowid = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        err = sql_err(st->db, rc);
    finish(s);
    return err;
}

/*
 * key_rowid finds the account of key k (k->s is its native id), creating a
 * stub when it is unknown.  Cost: one hash lookup when cached, else one
 * SELECT and at most one INSERT.
 */
static bf_err key_rowid(bf_store *st, const id_key *k, uint32_t *out)
{
    uint32_t r, plat = k->plat;
    const char *native = k->s;
    sqlite3_stmt *s;
    int64_t rowid = 0;
    bf_err err = BF_OK;
    int rc;

    r = cache_get(&st->ids, k);
    if (r) {
        *out = r;
        return BF_OK;
    }
    /*
     * A cache that holds every account of the store (it was empty at open
     * and never cleared since) makes a miss a new account: insert it
     * without looking first.  That halves the SQLite work of loading a
     * follow list into a new store, where nearly every id is new.  Should
     * another process have added the account meanwhile, the UNIQUE
     * constraint says so, and the lookup below finds it.
     */
    if (st->ids.complete) {
        s = Q(st, Q_ACC_STUB);
        sqlite3_bind_int64(s, 1, plat);
        bind_text(s, 2, native);
        rc = sqlite3_step(s);
        finish(s);
        if (rc == SQLITE_DONE)
            rowid = sqlite3_last_insert_rowid(st->db);
        else if ((rc & 0xff) == SQLITE_CONSTRAINT)
            st->ids.complete = 0;
        else
            return sql_err(st->db, rc);
    }
    if (!rowid)
        err = find_rowid(st, plat, native, &rowid);
    if (!err && !rowid) {
        s = Q(st, Q_ACC_STUB);
        sqlite3_bind_int64(s, 1, plat);
        bind_text(s, 2, native);
        err = run(s);
        rowid = sqlite3_last_insert_rowid(st->db);
    }
    if (!err)
        err = rowid_ok(rowid);
    if (!err)
        err = cache_put(&st->ids, k, (uint32_t)rowid);
    if (!err)
        *out = (uint32_t)rowid;
    return err;
}

/* account_rowid is key_rowid for the account (plat, native). */
static bf_err account_rowid(bf_store *st, uint32_t plat, const char *native,
                            uint32_t *out)
{
    id_key key;

    key_of(plat, native, strlen(native), &key);
    return key_rowid(st, &key, out);
}

/* ---- the bulk path for accounts ---- */

/*
 * Pending keys are settled when this many have gathered, and before the
 * batch's follows are written or anything else touches the accounts: a
 * bound on the memory they hold (about 20 MB with their placeholders)
 * that still gives each pass over the accounts index a quarter of a
 * million keys to look up in its order.
 */
#define PEND_CHUNK (1u << 18)

/* cache_fill reads the store's accounts once the keys looked up reach
 * FILL_MIN and 1/FILL_RATIO of them: the scan then costs less than the
 * lookups already made.  A reader's estimate of its follows
 * (bf_store_expect_follows) counts as keys to come: a load that large
 * fills at FILL_MIN. */
#define FILL_MIN   4096u
#define FILL_RATIO 8u

/* A key of cache_fill's ring, its id copied out of SQLite's row. */
typedef struct fill_slot {
    id_key k;
    uint32_t rowid;
    char id[FQ_ID];
} fill_slot;

/*
 * cache_fill reads the key of every account of the store into the id cache,
 * which then holds the whole store (complete): from there on, a follow's
 * unknown account is new and inserted without a lookup, as in a store that
 * was empty when opened.  settle calls it once per handle, when the keys it
 * had to look up since the store was opened reach FILL_MIN and 1/FILL_RATIO
 * of the store's accounts (a large load into a store that had accounts: its
 * accounts.csv first, say), or at FILL_MIN when the reader's estimate of
 * its follows reaches that share, if the store and the keys waiting fit in
 * the cache.  It costs one scan of the accounts index, a fraction of a
 * lookup per account, where settling batch after batch costs one index
 * lookup per distinct account the cache missed in each.  It runs inside the
 * batch's write transaction, so no other writer adds an account meanwhile;
 * after it, an account another process adds is caught by the UNIQUE
 * constraint (key_rowid).  A cache that cannot hold them all after all (its
 * string budget) is left not complete.  The table is sized for them all
 * first, and each key's slot is fetched from memory FQ_LEN keys before it
 * is written: at millions of accounts every slot is a cache miss, which one
 * key at a time would wait for.
 */
static bf_err cache_fill(bf_store *st, size_t pending)
{
    sqlite3_stmt *s = Q(st, Q_ACC_KEYS);
    id_cache *c = &st->ids;
    uint64_t max = 0, clears;
    fill_slot *ring = NULL;
    size_t at = 0, i;
    bf_err err;
    int rc = SQLITE_DONE;

    err = query_u64(Q(st, Q_ACC_MAX), 0, 0, &max);
    if (err || (st->missed > st->expect ? st->missed : st->expect) <
                       (max + FILL_RATIO - 1) / FILL_RATIO)
        return err;
    st->fill_tried = 1;
    if (max + pending >= c->max_used)
        return BF_OK;
    cache_clear(c);
    clears = c->clears;
    err = cache_reserve(c, (size_t)max + pending);
    /* A ring of keys whose slots are being fetched, as follows queue. */
    ring = err ? NULL : malloc(FQ_LEN * sizeof *ring);
    if (!err && !ring)
        err = BF_ENOMEM;
    while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t plat = sqlite3_column_int64(s, 0), id;
        const char *native = (const char *)sqlite3_column_text(s, 1);
        int n = sqlite3_column_bytes(s, 1);
        fill_slot *r = &ring[at % FQ_LEN];

        id = sqlite3_column_int64(s, 2);
        err = rowid_ok(id);
        if (!err && (!native || plat < 0 || plat > UINT32_MAX))
            err = BF_ECORRUPT;
        if (err)
            break;
        if (n >= FQ_ID) { /* too long to queue: a string key, rare */
            id_key key;

            key_of((uint32_t)plat, native, (size_t)n, &key);
            err = cache_put(c, &key, (uint32_t)id);
            continue;
        }
        /* The slot whose place comes round again is written first. */
        if (at >= FQ_LEN)
            err = cache_put(c, &r->k, r->rowid);
        memcpy(r->id, native, (size_t)n + 1);
        key_of((uint32_t)plat, r->id, (size_t)n, &r->k);
        r->rowid = (uint32_t)id;
        cache_prefetch(c, &r->k);
        at++;
    }
    for (i = at > FQ_LEN ? at - FQ_LEN : 0; !err && i < at; i++)
        err = cache_put(c, &ring[i % FQ_LEN].k, ring[i % FQ_LEN].rowid);
    free(ring);
    if (!err && rc != SQLITE_DONE)
        err = sql_err(st->db, rc);
    finish(s);
    if (err)
        cache_clear(c);
    else
        c->complete = c->clears == clears;
    return err;
}

/*
 * pend_patch writes the rowids the pending keys were given over the
 * placeholders of the batch's follow buffer, and forgets the keys.
 */
static void pend_patch(bf_store *st)
{
    bf__pend *p = &st->pend;
    size_t i, nrec = st->follows.len / BF__SEG_RECORD;
    unsigned char *recs = (unsigned char *)st->follows.data;

    for (i = 0; i < p->nrefs; i++) {
        uint32_t r = p->refs[i] >> 1, side = p->refs[i] & 1, k;

        /* A record that was never appended (its follow failed) has no
         * placeholder to patch; the batch is rolled back anyway. */
        if (r >= nrec)
            continue;
        k = bf__get_u32(recs + (size_t)r * BF__SEG_RECORD + side * 4);
        bf__put_u32(recs + (size_t)r * BF__SEG_RECORD + side * 4,
                    p->keys[k].rowid - 1);
    }
    bf__pend_reset(p);
}

static bf_err fq_drain(bf_store *st);

/*
 * settle gives every pending key its rowid, remembers it in the id cache
 * and patches the placeholders in the batch's follow buffer.  Keys are
 * looked up in index order, or in the id cache once it holds the whole
 * store (cache_fill); those not found are new, numbered from
 * max(id) + 1 in the order they were met, as inserting each on sight
 * would number them, and inserted in that order.  (Inserted in index
 * order instead, their table rows landed at random among the new rowids
 * and SQLite wrote 6 million pages to a temporary file for a million
 * accounts: three times slower.)  A no-op when nothing is pending.
 */
static bf_err settle(bf_store *st)
{
    bf__pend *p = &st->pend;
    sqlite3_stmt *s = Q(st, Q_ACC_FIND);
    uint64_t max = 0, next;
    size_t i;
    bf_err err = fq_drain(st);
    int rc;

    if (err || !p->n)
        return err;
    st->missed += p->n;
    if (!st->fill_tried && st->missed >= FILL_MIN)
        err = cache_fill(st, p->n);
    if (!err && st->ids.complete) {
        /* The cache holds the whole store: a key it misses is new. */
        for (i = 0; i < p->n; i++) {
            id_key key;

            key_of(p->keys[i].plat, bf__pend_native(p, (uint32_t)i),
                   p->keys[i].len, &key);
            p->keys[i].rowid = cache_get(&st->ids, &key);
        }
    } else if (!err) {
        err = bf__pend_sort(p);
    }
    for (i = 0; !err && !st->ids.complete && i < p->n; i++) {
        bf__pend_key *k = &p->keys[p->order[i]];

        sqlite3_bind_int64(s, 1, k->plat);
        sqlite3_bind_text(s, 2, p->arena.data + k->off, (int)k->len,
                          SQLITE_STATIC);
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW)
            err = rowid_ok(sqlite3_column_int64(s, 0));
        else if (rc != SQLITE_DONE)
            err = sql_err(st->db, rc);
        if (!err && rc == SQLITE_ROW)
            k->rowid = (uint32_t)sqlite3_column_int64(s, 0);
        finish(s);
    }
    if (!err)
        err = query_u64(Q(st, Q_ACC_MAX), 0, 0, &max);
    next = max + 1;
    s = Q(st, Q_ACC_NEW);
    for (i = 0; !err && i < p->n; i++) {
        bf__pend_key *k = &p->keys[i];

        if (k->rowid)
            continue;
        if (next > UINT32_MAX)
            return BF_ELIMIT;
        k->rowid = (uint32_t)next++;
        sqlite3_bind_int64(s, 1, k->rowid);
        sqlite3_bind_int64(s, 2, k->plat);
        sqlite3_bind_text(s, 3, p->arena.data + k->off, (int)k->len,
                          SQLITE_STATIC);
        err = run(s);
    }
    for (i = 0; !err && i < p->n; i++) {
        id_key key;

        key_of(p->keys[i].plat, bf__pend_native(p, (uint32_t)i), p->keys[i].len,
               &key);
        if (!st->ids.complete || !cache_get(&st->ids, &key))
            err = cache_put(&st->ids, &key, p->keys[i].rowid);
    }
    if (!err)
        pend_patch(st);
    return err;
}

void bf_store_expect_follows(bf_store *st, uint64_t n)
{
    st->expect = n;
}

/*
 * follow_end gives the dense id of a follow's end (side 0: the follower,
 * 1: the followee) as record r of the batch's buffer will hold it.  An
 * account the id cache holds costs a hash lookup.  When the cache holds
 * the whole store (a store empty when opened, the cache never cleared),
 * a miss is a new account, inserted on the spot without a lookup
 * (account_rowid): waiting would only add work.  Otherwise the key waits
 * for settle, and the record holds a placeholder, the pending key's
 * index.
 */
static bf_err follow_end(bf_store *st, const id_key *key, uint32_t r, int side,
                         uint32_t *out)
{
    uint32_t rowid, k;
    bf_err err;

    if (!st->bulk || st->ids.complete) {
        err = key_rowid(st, key, &rowid);
        if (!err)
            *out = rowid - 1;
        return err;
    }
    rowid = cache_get(&st->ids, key);
    if (rowid) {
        *out = rowid - 1;
        return BF_OK;
    }
    err = bf__pend_add(&st->pend, key->plat, key->s, key->n, key->h, &k);
    if (!err)
        err = bf__pend_ref(&st->pend, r, side);
    if (!err)
        *out = k;
    return err;
}

/* url_needs_scrub: mailto: and tel: URLs are contact details; web URLs are
 * kept as they are, since their long digit runs are ids, not phones. */
static int url_needs_scrub(const char *u)
{
    return u && (strncasecmp(u, "mailto:", 7) == 0 ||
                 strncasecmp(u, "tel:", 4) == 0);
}

/*
 * mix_word, mix_str and mix_int feed one field into a record hash, 8 bytes
 * per step.  Each step is a bijection of h for a given word (xor, multiply
 * by an odd constant, xor-shift), so two records that differ in one word
 * never hash alike; a string's length goes in first, so the field
 * boundaries cannot shift, and NULL differs from "".
 */
static uint64_t mix_word(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x9e3779b97f4a7c15u;
    return h ^ (h >> 32);
}

static uint64_t mix_str(uint64_t h, const char *s)
{
    uint64_t w;
    size_t n, i;

    if (!s)
        return mix_word(h, UINT64_MAX);
    n = strlen(s);
    h = mix_word(h, n);
    for (i = 0; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        h = mix_word(h, w);
    }
    w = 0;
    memcpy(&w, s + i, n - i);
    return mix_word(h, w);
}

static uint64_t mix_int(uint64_t h, int64_t v)
{
    return mix_word(h, (uint64_t)v);
}

/* record_hash is a 64-bit hash of every field of a (and its platform). */
static uint64_t record_hash(uint32_t plat, const bf_account *a)
{
    uint64_t h = mix_int(0xcbf29ce484222325u, plat);
    const char *strs[] = { a->native_id, a->handle, a->name,
                           a->bio,       a->url,    a->location,
                           a->lang,      a->label,  a->label_set };
    int64_t ints[] = { a->created_at,      a->followers,   a->following,
                       a->posts,           a->likes,       a->lists,
                       a->verified,        a->protected_,  a->default_avatar,
                       a->default_profile, a->observed_at, a->automated,
                       (int64_t)a->unknown };
    size_t i;

    for (i = 0; i < sizeof strs / sizeof strs[0]; i++)
        h = mix_str(h, strs[i]);
    for (i = 0; i < sizeof ints / sizeof ints[0]; i++)
        h = mix_int(h, ints[i]);
    return h;
}

/* ---- the batch's posts ---- */

/*
 * A slot of the key table: the row index + 1 in the low 32 bits (0: an
 * empty slot), the top half of the key's hash in the high 32.  A probe
 * compares the hash's half before it reads the row: most keys are new,
 * and each row read is a cache miss in a batch of 50,000 posts, where
 * the table itself stays in cache.
 */
#define PSLOT(hash, row) (((hash) >> 32 << 32) | ((uint64_t)(row) + 1))
#define PSLOT_ROW(slot)  ((size_t)(uint32_t)(slot)-1)

/* pslot_find gives the buffered row of a key, or -1. */
static int64_t pslot_find(const bf_store *st, uint64_t hash, uint32_t plat,
                          const char *native, size_t n)
{
    size_t mask = st->pslots - 1, k;

    if (!st->pslots)
        return -1;
    for (k = (size_t)hash & mask; st->pslot[k]; k = (k + 1) & mask) {
        const bf__prow *r;

        if ((st->pslot[k] ^ hash) >> 32)
            continue;
        r = &st->prows[PSLOT_ROW(st->pslot[k])];
        if (r->hash == hash && r->platform == plat &&
            r->len[BF__PS_NATIVE] == n &&
            memcmp(st->pheap.data + r->off[BF__PS_NATIVE], native, n) == 0)
            return (int64_t)PSLOT_ROW(st->pslot[k]);
    }
    return -1;
}

/* pslot_rebuild sizes the key table for pn rows and fills it again. */
static bf_err pslot_rebuild(bf_store *st, size_t want)
{
    size_t n = 1024, i;

    while (n < want * 2)
        n *= 2;
    if (n != st->pslots) {
        uint64_t *t = malloc(n * sizeof *t);

        if (!t)
            return BF_ENOMEM;
        free(st->pslot);
        st->pslot = t;
        st->pslots = n;
    }
    memset(st->pslot, 0, st->pslots * sizeof *st->pslot);
    for (i = 0; i < st->pn; i++) {
        size_t k = (size_t)st->prows[i].hash & (st->pslots - 1);

        while (st->pslot[k])
            k = (k + 1) & (st->pslots - 1);
        st->pslot[k] = PSLOT(st->prows[i].hash, i);
    }
    return BF_OK;
}

/* pbuf_reset empties the batch's posts, keeping their memory. */
static void pbuf_reset(bf_store *st)
{
    st->pn = 0;
    bf_buf_reset(&st->pheap);
    if (st->pslot)
        memset(st->pslot, 0, st->pslots * sizeof *st->pslot);
}

/* heap_put copies a string (n bytes) and its NUL into the batch's heap. */
static bf_err heap_put(bf_store *st, const char *t, size_t n, uint64_t *off,
                       uint32_t *len)
{
    bf_err err;

    if (n >= BF__PSEG_NOSTR)
        return BF_ELIMIT;
    *off = st->pheap.len;
    err = bf_buf_append(&st->pheap, t, n);
    if (!err)
        err = bf_buf_append(&st->pheap, "", 1);
    *len = (uint32_t)n;
    return err;
}

/*
 * drop_posts forgets the posts of author (a dense id): those of the
 * batch at once, and those of committed segments through a drop row that
 * readers and compaction apply (pview.h).
 */
static bf_err drop_posts(bf_store *st, uint32_t author)
{
    size_t i, kept = 0;
    sqlite3_stmt *s;
    bf_err err = BF_OK;

    for (i = 0; i < st->pn; i++)
        if (st->prows[i].author != author)
            st->prows[kept++] = st->prows[i];
    if (kept != st->pn) {
        st->pn = kept;
        err = pslot_rebuild(st, st->pn);
    }
    if (!err && st->next_pseg > 1) {
        s = Q(st, Q_PDROP_ADD);
        sqlite3_bind_int64(s, 1, author);
        sqlite3_bind_int64(s, 2, st->next_pseg - 1);
        err = run(s);
        st->batch_dropped = 1;
    }
    return err;
}

/* pseg_name formats the file name of post segment id. */
static void pseg_name(char out[32], uint32_t id)
{
    snprintf(out, 32, "posts-%06u.pseg", (unsigned)id);
}

/*
 * pseg_register inserts the row of post segment name (in the open
 * transaction) and takes its id; on failure the file is removed.
 */
static bf_err pseg_register(bf_store *st, const char *name, uint64_t n,
                            uint32_t crc, uint64_t bytes)
{
    sqlite3_stmt *s = Q(st, Q_PSEG_ADD);
    bf_err err;
    int rc;

    rc = sqlite3_bind_int64(s, 1, st->next_pseg);
    rc |= bind_text(s, 2, name);
    rc |= sqlite3_bind_int64(s, 3, (int64_t)n);
    rc |= sqlite3_bind_int64(s, 4, crc);
    rc |= sqlite3_bind_int64(s, 5, (int64_t)bytes);
    err = rc == SQLITE_OK ? run(s) : BF_ESQL;
    finish(s);
    if (err) {
        char *path = path_join(st->dir, name);

        if (path)
            unlink(path);
        free(path);
        return err;
    }
    st->next_pseg++;
    return BF_OK;
}

/*
 * pseg_add writes rows as the next post segment and inserts its row (in
 * the open transaction); on failure no file of it is left.
 */
static bf_err pseg_add(bf_store *st, const bf__prow *rows, size_t n,
                       const char *heap, size_t heap_len)
{
    uint64_t bytes = 0;
    uint32_t crc = 0;
    char name[32];
    bf_err err;

    if (st->next_pseg == UINT32_MAX)
        return BF_ELIMIT;
    pseg_name(name, st->next_pseg);
    err = bf__pseg_write(st->dir, name, rows, n, heap, heap_len, &crc, &bytes);
    if (!err)
        err = pseg_register(st, name, n, crc, bytes);
    if (!err)
        st->padd++;
    return err;
}

/* flush_posts writes the batch's buffered posts as a post segment. */
static bf_err flush_posts(bf_store *st)
{
    bf_err err;

    if (st->pn == 0)
        return BF_OK;
    err = pseg_add(st, st->prows, st->pn, st->pheap.data, st->pheap.len);
    if (!err)
        pbuf_reset(st);
    return err;
}

/*
 * writer_view points *v at the posts as the open batch sees them, read
 * into st->wview over the mappings it held (bf__pview_load_keep), which
 * the handle owns: valid until the next call, rollback or close.
 */
static bf_err writer_view(bf_store *st, bf__pview *v)
{
    bf__pview fresh;
    bf_err err = bf__pview_load_keep(st->db, st->dir, &st->wview, &fresh);

    bf__pview_release(&st->wview);
    if (!err)
        st->wview = fresh;
    *v = st->wview;
    return err;
}

/*
 * compact_posts merges the newest post segments once there are more than
 * COMPACT_FROM of them: walking from the newest, a segment joins the
 * merge while its size is at most the sum of the newer ones.  Sizes then
 * at least double with age beyond the first few, so a store of N bytes of
 * posts keeps O(log N) segments and each byte is rewritten O(log N)
 * times; merging twice as eagerly (factor 2, from two segments) rewrote
 * the posts of a 200,000-post ingest twice over and cost it a fifth of
 * its time.
 * Segments over COMPACT_MAX bytes are left alone (rewriting them would
 * make one commit's work unbounded); bonafide check --repair merges
 * everything.  The merge streams the segments' sorted rows into the new
 * file (bf__pview_write_merged), 32 bytes a row in memory.  all merges
 * every segment whatever the sizes.  Runs inside the open batch, under
 * the writer lock; the merged files are removed after the commit.
 */
static bf_err compact_posts(bf_store *st, int all)
{
    bf__pview v;
    sqlite3_stmt *s = NULL;
    uint64_t *bytes = NULL, tail = 0, rows = 0, out_bytes = 0;
    uint32_t crc = 0;
    char merged[32];
    size_t n = 0, cap = 0, start, i;
    bf_err err = BF_OK;
    int rc;

    rc = sqlite3_prepare_v2(st->db,
                            "SELECT bytes FROM post_segments ORDER BY id", -1,
                            &s, NULL);
    while (s && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            size_t c = cap ? cap * 2 : 16;
            uint64_t *b = realloc(bytes, c * sizeof *b);

            if (!b) {
                err = BF_ENOMEM;
                break;
            }
            bytes = b;
            cap = c;
        }
        bytes[n++] = (uint64_t)sqlite3_column_int64(s, 0);
    }
    if (!err && rc != SQLITE_DONE)
        err = sql_err(st->db, rc);
    sqlite3_finalize(s);
    if (err || n < 2 || (!all && n <= COMPACT_FROM)) {
        free(bytes);
        return err;
    }
    start = n - 1;
    tail = bytes[n - 1];
    while (start > 0 && (all || (bytes[start - 1] <= tail &&
                                 tail + bytes[start - 1] <= COMPACT_MAX))) {
        start--;
        tail += bytes[start];
    }
    free(bytes);
    if (start == n - 1)
        return BF_OK;

    err = writer_view(st, &v);
    if (err == BF_ENOTFOUND)
        err = BF_ECORRUPT; /* a committed segment is missing */
    if (!err && v.n != n)
        err = BF_ESQL;
    if (!err && st->next_pseg == UINT32_MAX)
        err = BF_ELIMIT;
    /* A post the range would drop for good may need older segments. */
    if (!err)
        err = bf__pview_merge_start(&v, start, &start);
    if (!err) {
        pseg_name(merged, st->next_pseg);
        err = bf__pview_write_merged(&v, start, st->dir, merged, &rows, &crc,
                                     &out_bytes);
    }
    if (!err)
        err = pseg_register(st, merged, rows, crc, out_bytes);
    /* The merged files go after the commit: the writer's view lets go of
     * them now, so that a handle left open does not hold their space. */
    for (i = start; !err && i < n; i++)
        bf__pseg_unmap(&st->wview.segs[i]);
    for (i = start; !err && i < n; i++) {
        char name[32], *path;
        char **g;

        s = Q(st, Q_PSEG_DEL);
        sqlite3_bind_int64(s, 1, v.ids[i]);
        err = run(s);
        if (err)
            break;
        /* The file goes after the commit: until then it is still ours. */
        pseg_name(name, v.ids[i]);
        path = path_join(st->dir, name);
        g = path ? realloc(st->gone, (st->ngone + 1) * sizeof *g) : NULL;
        if (!g) {
            free(path);
            err = BF_ENOMEM;
            break;
        }
        st->gone = g;
        st->gone[st->ngone++] = path;
    }
    if (!err)
        err = run(Q(st, Q_PDROP_PRUNE));
    /* The view this handle holds names files that may go. */
    st->view_ok = 0;
    return err;
}

/* gone_clear forgets the compacted files, removing them when unlink. */
static void gone_clear(bf_store *st, int unlink_them)
{
    size_t i;

    for (i = 0; i < st->ngone; i++) {
        if (unlink_them)
            unlink(st->gone[i]);
        free(st->gone[i]);
    }
    free(st->gone);
    st->gone = NULL;
    st->ngone = 0;
}

/*
 * gone_retire removes the files the previous commit merged away and keeps
 * those of this one for the next: a reader that read the post_segments
 * rows just before this commit still finds every file it names.
 */
static void gone_retire(bf_store *st)
{
    size_t i;

    for (i = 0; i < st->ngone_prev; i++) {
        unlink(st->gone_prev[i]);
        free(st->gone_prev[i]);
    }
    free(st->gone_prev);
    st->gone_prev = st->gone;
    st->ngone_prev = st->ngone;
    st->gone = NULL;
    st->ngone = 0;
}

bf_err bf__store_compact_posts(bf_store *st)
{
    uint64_t n = 0;
    bf_err err;

    /* One segment or none: nothing to merge, and no batch to commit. */
    err = query_u64(Q(st, Q_PSEG_COUNT), 0, 0, &n);
    if (err || n < 2)
        return err;
    err = bf_store_begin(st);
    if (!err)
        err = compact_posts(st, 1);
    if (err) {
        bf_store_rollback(st);
        return err;
    }
    return bf_store_commit(st);
}

static bf_err view_get(bf_store *st, const bf__pview **out);

bf_err bf__store_warm_posts(bf_store *st)
{
    const bf__pview *v;
    bf_err err = view_get(st, &v);

    st->view_pinned = !err;
    return err;
}

void bf__store_unpin_posts(bf_store *st)
{
    st->view_pinned = 0;
}

/* pview_key reads the key view_get checks its view against: the data
 * generation, the newest post segment, the segments and the drops. */
static bf_err pview_key(bf_store *st, int64_t key[4])
{
    sqlite3_stmt *s = Q(st, Q_PVIEW_KEY);
    int rc = sqlite3_step(s), i;

    if (rc == SQLITE_ROW)
        for (i = 0; i < 4; i++)
            key[i] = sqlite3_column_int64(s, i);
    finish(s);
    return rc == SQLITE_ROW ? BF_OK : sql_err(st->db, rc);
}

/*
 * view_get returns the handle's view of the committed posts, read again
 * when a batch committed since (its key says so).  A segment replaced by
 * a compaction between reading its row and opening its file is missing:
 * the rows are read once more.
 */
static bf_err view_get(bf_store *st, const bf__pview **out)
{
    int64_t key[4];
    bf_err err = BF_OK;
    int tries;

    /* Inside the read transaction that checked it, nothing can change
     * (and outside any read transaction, a pin left behind is dropped). */
    if (st->view_pinned && st->view_ok &&
        sqlite3_txn_state(st->db, NULL) == SQLITE_TXN_READ) {
        *out = &st->view;
        return BF_OK;
    }
    st->view_pinned = 0;
    err = pview_key(st, key);
    if (err)
        return err;
    if (st->view_ok && memcmp(key, st->view_key, sizeof key) == 0) {
        *out = &st->view;
        return BF_OK;
    }
    bf__pview_release(&st->view);
    st->view_ok = 0;
    for (tries = 0; tries < 3; tries++) {
        err = bf__pview_load(st->db, st->dir, &st->view);
        if (err != BF_ENOTFOUND)
            break;
    }
    if (err == BF_ENOTFOUND)
        err = BF_ECORRUPT;
    if (err)
        return err;
    memcpy(st->view_key, key, sizeof key);
    st->view_ok = 1;
    *out = &st->view;
    return st->scattered ? bf__pview_scattered(&st->view) : BF_OK;
}

/* memo_prot records the protected flag of account rowid. */
static void memo_prot(bf_store *st, int64_t rowid, int prot)
{
    size_t k = (size_t)rowid & (MEMO_SLOTS - 1);

    if (!st->prot)
        return;
    st->prot[k].rowid = (uint32_t)rowid;
    st->prot[k].prot = prot;
}

/*
 * bind_account binds account a of platform plat, whose record_hash is h,
 * to Q_ACC_INSERT's parameters (Q_ACC_UPSERT's are the same), its texts
 * scrubbed, and sets *out_hash to the record's hash as stored: record_hash
 * with the scrubbed texts (h itself when the scrub found nothing), so that
 * the hash kept in the row (rec_hash) tells nothing of a contact detail
 * the store never held.
 */
static bf_err bind_account(bf_store *st, sqlite3_stmt *s, uint32_t plat,
                           const bf_account *a, uint64_t h, uint64_t *out_hash)
{
    uint64_t scrubbed = st->scrubbed;
    bf_err err = BF_OK;
    int rc = SQLITE_OK;

    rc |= sqlite3_bind_int64(s, 1, plat);
    rc |= bind_text(s, 2, a->native_id);
    rc |= bind_text(s, 3, a->handle);
    rc |= bind_time(s, 5, a->created_at);
    rc |= bind_count(s, 6, a->followers);
    rc |= bind_count(s, 7, a->following);
    rc |= bind_count(s, 8, a->posts);
    rc |= bind_count(s, 9, a->likes);
    rc |= bind_count(s, 10, a->lists);
    rc |= bind_flag(s, 11, a->verified);
    rc |= bind_flag(s, 12, a->protected_);
    rc |= bind_flag(s, 13, a->default_avatar);
    rc |= bind_flag(s, 14, a->default_profile);
    rc |= bind_text(s, 18, a->lang);
    rc |= bind_time(s, 19, a->observed_at);
    rc |= bind_text(s, 20, a->label);
    rc |= bind_text(s, 21, a->label_set);
    rc |= bind_flag(s, 22, a->automated);
    rc |= sqlite3_bind_int64(s, 23, (int64_t)a->unknown);
    if (rc != SQLITE_OK)
        err = BF_ESQL;
    if (!err)
        err = bind_scrubbed(st, s, 4, a->name, T_NAME);
    if (!err)
        err = bind_scrubbed(st, s, 15, a->bio, T_BIO);
    if (!err)
        err = url_needs_scrub(a->url)
                      ? bind_scrubbed(st, s, 16, a->url, T_URL)
                      : (bind_text(s, 16, a->url) == SQLITE_OK ? BF_OK
                                                               : BF_ESQL);
    if (!err)
        err = bind_scrubbed(st, s, 17, a->location, T_LOCATION);
    if (err)
        return err;
    *out_hash = h;
    if (st->scrubbed != scrubbed) {
        /* Only a record the scrub changed is copied, to hash as stored. */
        bf_account c = *a;

        if (a->name)
            c.name = st->text[T_NAME].data;
        if (a->bio)
            c.bio = st->text[T_BIO].data;
        if (a->url && url_needs_scrub(a->url))
            c.url = st->text[T_URL].data;
        if (a->location)
            c.location = st->text[T_LOCATION].data;
        *out_hash = record_hash(plat, &c);
    }
    return sqlite3_bind_int64(s, 24, (int64_t)*out_hash) == SQLITE_OK ? BF_OK
                                                                      : BF_ESQL;
}

/*
 * insert_account writes account a (record_hash h) as a new row when the
 * store does not hold it: the id cache holds every account and not this
 * one, or a lookup found none.  A plain INSERT, without the upsert's
 * conflict clause and RETURNING, which cost a first load more than the
 * row itself.  *rowid stays 0 when the account is there after all
 * (another process added it): the cache is then not the whole store any
 * more, and the caller upserts.
 */
static bf_err insert_account(bf_store *st, uint32_t plat, const bf_account *a,
                             uint64_t h, int64_t *rowid)
{
    sqlite3_stmt *s = Q(st, Q_ACC_INSERT);
    uint64_t stored;
    bf_err err = bind_account(st, s, plat, a, h, &stored);
    int rc;

    *rowid = 0;
    if (!err) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_DONE)
            *rowid = sqlite3_last_insert_rowid(st->db);
        else if ((rc & 0xff) == SQLITE_CONSTRAINT)
            st->ids.complete = 0;
        else
            err = sql_err(st->db, rc);
    }
    finish(s);
    return err;
}

/* What the store holds of an account a record is about to be written to. */
typedef struct stored_rec {
    int64_t rowid; /* 0: no such account */
    uint64_t hash; /* rec_hash: the last record written to it, as stored */
    int have;      /* rec_hash is set: not a stub, nor a row from before v17 */
    int prot;      /* its protected flag, -1 unknown */
} stored_rec;

/* rec_get steps s, Q_ACC_FIND_REC or Q_ACC_REC bound, into *r. */
static bf_err rec_get(bf_store *st, sqlite3_stmt *s, stored_rec *r)
{
    bf_err err = BF_OK;
    int rc = sqlite3_step(s);

    memset(r, 0, sizeof *r);
    r->prot = -1;
    if (rc == SQLITE_ROW) {
        r->rowid = sqlite3_column_int64(s, 0);
        r->have = sqlite3_column_type(s, 1) != SQLITE_NULL;
        r->hash = (uint64_t)sqlite3_column_int64(s, 1);
        r->prot = bf__store_col_count(s, 2);
    } else if (rc != SQLITE_DONE) {
        err = sql_err(st->db, rc);
    }
    finish(s);
    return err;
}

/*
 * memo_of is the memo of what was last written through st for the
 * account (plat, native_id), or NULL when there is none.  It sets *key to
 * the account's key and *known to its rowid, 0 when the id cache does not
 * know it.
 */
static struct memo_same *memo_of(bf_store *st, uint32_t plat,
                                 const char *native_id, id_key *key,
                                 uint32_t *known)
{
    struct memo_same *m;

    key_of(plat, native_id, strlen(native_id), key);
    *known = cache_get(&st->ids, key);
    if (!*known || !st->same)
        return NULL;
    m = &st->same[*known & (MEMO_SLOTS - 1)];
    return m->rowid == *known ? m : NULL;
}

/*
 * chg_note lists account id (a dense id) as changed by the open batch:
 * its profile, or a post stored under its name.  An account the batch met
 * again at once is listed once; past CHG_MAX the batch's changes are not
 * known.
 */
static void chg_note(bf_store *st, uint32_t id)
{
    size_t batch = st->chg_nat ? st->chg_at[st->chg_nat - 1].n : 0;

    if (!st->chg_ok || st->chg_over ||
        (st->chg_n > batch && st->chg_ids[st->chg_n - 1] == id))
        return;
    if (st->chg_n == CHG_MAX) {
        st->chg_over = 1;
        return;
    }
    if (st->chg_n == st->chg_cap) {
        size_t c = st->chg_cap ? 2 * st->chg_cap : 256;
        uint32_t *v = realloc(st->chg_ids, c * sizeof *v);

        if (!v) {
            st->chg_over = 1;
            return;
        }
        st->chg_ids = v;
        st->chg_cap = c;
    }
    st->chg_ids[st->chg_n++] = id;
}

/* chg_author is chg_note for the post count's walk (pview.h). */
static void chg_author(void *ctx, uint32_t author)
{
    chg_note(ctx, author);
}

bf_err bf_store_put_account(bf_store *st, const bf_account *a, uint32_t *out_id)
{
    sqlite3_stmt *s = Q(st, Q_ACC_UPSERT);
    struct memo_same *m;
    bf_err err = BF_OK;
    int64_t rowid = 0, prot = -1;
    uint32_t plat;
    uint64_t h;
    uint32_t known;
    stored_rec rec;
    sqlite3_stmt *q;
    id_key key;
    size_t k;
    int rc = SQLITE_OK, same = 0;

    if (!st->in_tx || !a->native_id || !a->native_id[0])
        return BF_EINVAL;
    /* Follows' new accounts first, so that rowids follow the input. */
    err = settle(st);
    if (!err)
        err = platform_id(st, a->platform, &plat);
    if (err)
        return err;
    /*
     * The very same record as the last one written for this account in
     * this transaction would change nothing: the upsert, the snapshot and
     * the scrub are skipped.  (A profile is embedded in every tweet of a
     * file, so this is most of them.)  The reader's digest of the
     * record's source is kept too, for bf_sink.same: a source written
     * otherwise (another date of indexing) may give the very same record.
     */
    h = record_hash(plat, a);
    m = memo_of(st, plat, a->native_id, &key, &known);
    if (m && m->hash == h) {
        if (a->digest)
            m->digest = a->digest;
        if (out_id)
            *out_id = known - 1;
        return BF_OK;
    }
    /*
     * A new account is a plain INSERT.  The upsert's UPDATE fires the
     * search index's trigger, so SQLite gives the upsert a statement
     * journal, which copies every page it changes: in a store that
     * already held accounts, inserting one that way cost twice as much.
     * So while the id cache does not hold the whole store, an account it
     * misses is looked up first; once the misses are many, the cache is
     * filled instead, as for follows (cache_fill).
     */
    memset(&rec, 0, sizeof rec);
    if (!known && !st->ids.complete) {
        /* Whether to fill is asked at each power of two of the misses. */
        st->missed++;
        if (!st->fill_tried && st->missed >= FILL_MIN &&
            !(st->missed & (st->missed - 1)))
            err = cache_fill(st, 0);
        if (!err && st->ids.complete) {
            known = cache_get(&st->ids, &key);
        } else if (!err) {
            q = Q(st, Q_ACC_FIND_REC);
            sqlite3_bind_int64(q, 1, plat);
            bind_text(q, 2, a->native_id);
            err = rec_get(st, q, &rec);
        }
    }
    /*
     * An account this handle has not written lately (none in the memo):
     * its row says which record was written to it last, by any process,
     * so that a file ingested again changes nothing and costs a lookup,
     * not an upsert.
     */
    if (!err && known && !m) {
        q = Q(st, Q_ACC_REC);
        sqlite3_bind_int64(q, 1, known);
        err = rec_get(st, q, &rec);
    }
    if (!err && !known && !rec.rowid) {
        err = insert_account(st, plat, a, h, &rowid);
        prot = a->protected_ > 0;
    }
    if (!err && !rowid) {
        uint64_t stored;

        err = bind_account(st, s, plat, a, h, &stored);
        if (!err && rec.have && rec.hash == stored) {
            /* The very record written last: nothing would change. */
            rowid = rec.rowid;
            prot = rec.prot;
            same = 1;
        } else if (!err) {
            /* RETURNING: the first step makes every change and yields
             * the row. */
            rc = sqlite3_step(s);
            if (rc == SQLITE_ROW) {
                rowid = sqlite3_column_int64(s, 0);
                prot = bf__store_col_count(s, 1);
            } else {
                err = rc == SQLITE_DONE ? BF_ESQL : sql_err(st->db, rc);
            }
        }
        finish(s);
    }
    if (!err)
        err = rowid_ok(rowid);
    if (!err)
        err = cache_put(&st->ids, &key, (uint32_t)rowid);
    if (!err && prot == 1 && !same)
        /* The account is private now: posts stored before go too. */
        err = drop_posts(st, (uint32_t)(rowid - 1));
    if (!err && a->observed_at != 0 && !same) {
        s = Q(st, Q_SNAP_UPSERT);
        rc = sqlite3_bind_int64(s, 1, rowid);
        rc |= sqlite3_bind_int64(s, 2, a->observed_at);
        rc |= bind_count(s, 3, a->followers);
        rc |= bind_count(s, 4, a->following);
        rc |= bind_count(s, 5, a->posts);
        rc |= bind_count(s, 6, a->likes);
        rc |= bind_count(s, 7, a->lists);
        err = rc == SQLITE_OK ? run(s) : BF_ESQL;
        finish(s);
    }
    if (!err && st->same) {
        k = (size_t)rowid & (MEMO_SLOTS - 1);
        st->same[k].hash = h;
        st->same[k].digest = a->digest;
        st->same[k].rowid = (uint32_t)rowid;
    }
    if (!err)
        memo_prot(st, rowid, prot == 1);
    if (!err && !same)
        chg_note(st, (uint32_t)(rowid - 1));
    if (!err && out_id)
        *out_id = (uint32_t)(rowid - 1);
    return err;
}

/* scrubbed scrubs t into slot and gives its bytes; NULL stays NULL. */
static bf_err scrubbed(bf_store *st, const char *t, int slot, const char **out,
                       size_t *out_n)
{
    bf_err err;
    int found = 0;

    *out = NULL;
    *out_n = 0;
    if (!t)
        return BF_OK;
    err = bf_privacy_scrub(t, &st->text[slot], &found);
    if (err)
        return err;
    st->scrubbed += (uint64_t)found;
    *out = st->text[slot].data ? st->text[slot].data : "";
    *out_n = st->text[slot].len;
    return BF_OK;
}

/*
 * put_post_row adds p (its author's dense id given) to the batch: a key
 * the batch holds already is merged into its row as the SQL upsert did
 * (author and kind overwrite, other known fields overwrite, unknown ones
 * keep), a new one gets a row whose id is its first-insert order.
 */
static bf_err put_post_row(bf_store *st, const bf_post *p, uint32_t plat,
                           uint32_t author)
{
    const char *str[BF__PS__N];
    size_t len[BF__PS__N], nlen = strlen(p->native_id);
    int64_t cnt[BF__PC__N] = { p->likes, p->reposts,  p->replies,  p->quotes,
                               p->views, p->hashtags, p->mentions, p->urls };
    uint64_t hash = bf__pseg_hash(plat, p->native_id, nlen);
    const char *text = p->text;
    bf__prow *r;
    int64_t at;
    bf_err err = BF_OK;
    int k, fresh;

    if (st->pn >= POST_FLUSH_ROWS || st->pheap.len >= POST_FLUSH_HEAP)
        err = flush_posts(st);
    if (!err && (st->pn + 1) * 2 > st->pslots)
        err = pslot_rebuild(st, st->pn + 1);
    if (!err && st->pn == st->pcap) {
        size_t c = st->pcap ? st->pcap * 2 : 4096;
        bf__prow *v = realloc(st->prows, c * sizeof *v);

        if (!v)
            err = BF_ENOMEM;
        else {
            st->prows = v;
            st->pcap = c;
        }
    }
    if (err)
        return err;
    str[BF__PS_NATIVE] = p->native_id;
    len[BF__PS_NATIVE] = nlen;
    str[BF__PS_PARENT] = p->parent_id;
    len[BF__PS_PARENT] = p->parent_id ? strlen(p->parent_id) : 0;
    /* A text X put in place of the post's own is not the author's: the
     * text and what it holds are unknown (a copy of the post read before
     * keeps its own), its counters are the post's. */
    if (p->text && p->platform && strcmp(p->platform, "twitter") == 0 &&
        bf_text_x_placeholder(p->text)) {
        text = NULL;
        cnt[BF__PC_HASHTAGS] = cnt[BF__PC_MENTIONS] = cnt[BF__PC_URLS] = -1;
    }
    /* The key's slot is a cache miss in a batch's table of a million
     * bytes or more: asked for now, it is there once the text is
     * scrubbed. */
    __builtin_prefetch(&st->pslot[(size_t)hash & (st->pslots - 1)]);
    err = scrubbed(st, text, T_TEXT, &str[BF__PS_TEXT], &len[BF__PS_TEXT]);
    /* The client name is free text too (a bot's app may be "call 06..."). */
    if (!err)
        err = scrubbed(st, p->source, T_SOURCE, &str[BF__PS_SOURCE],
                       &len[BF__PS_SOURCE]);
    if (err)
        return err;
    /* Entities the source does not mark (an export's caption, a CSV's
     * text) are counted in the text as stored: an e-mail address taken
     * out is no mention.  Without a text they stay unknown. */
    if (str[BF__PS_TEXT] &&
        (cnt[BF__PC_HASHTAGS] < 0 || cnt[BF__PC_MENTIONS] < 0 ||
         cnt[BF__PC_URLS] < 0)) {
        int h, m, u;

        bf_text_entities(str[BF__PS_TEXT], len[BF__PS_TEXT], &h, &m, &u);
        /* On X, a text's last t.co link after another link is the photo,
         * video or quoted post X appended, which entities call media: a
         * news post with its picture is no post stuffed with links. */
        if (u >= 2 && p->platform && strcmp(p->platform, "twitter") == 0 &&
            bf_text_ends_with_tco(str[BF__PS_TEXT], len[BF__PS_TEXT]))
            u--;
        if (cnt[BF__PC_HASHTAGS] < 0)
            cnt[BF__PC_HASHTAGS] = h;
        if (cnt[BF__PC_MENTIONS] < 0)
            cnt[BF__PC_MENTIONS] = m;
        if (cnt[BF__PC_URLS] < 0)
            cnt[BF__PC_URLS] = u;
    }

    at = pslot_find(st, hash, plat, p->native_id, nlen);
    fresh = at < 0;
    if (fresh) {
        size_t slot = (size_t)hash & (st->pslots - 1);

        r = &st->prows[st->pn];
        memset(r, 0, sizeof *r);
        r->hash = hash;
        r->platform = plat;
        r->id = (uint64_t)st->next_pseg << 32 | st->pn;
        for (k = 0; k < BF__PS__N; k++)
            r->len[k] = BF__PSEG_NOSTR;
        for (k = 0; k < BF__PC__N; k++)
            r->cnt[k] = -1;
        while (st->pslot[slot])
            slot = (slot + 1) & (st->pslots - 1);
        st->pslot[slot] = PSLOT(hash, st->pn);
    } else {
        r = &st->prows[at];
    }
    r->author = author;
    r->kind = (uint32_t)p->kind;
    if (p->created_at != 0)
        r->created_at = p->created_at;
    for (k = 0; k < BF__PC__N; k++)
        if (cnt[k] >= 0)
            r->cnt[k] = cnt[k];
    for (k = 0; !err && k < BF__PS__N; k++)
        if (str[k] && (fresh || k != BF__PS_NATIVE))
            err = heap_put(st, str[k], len[k], &r->off[k], &r->len[k]);
    if (!err && fresh)
        st->pn++;
    if (err && fresh)
        err = pslot_rebuild(st, st->pn) ? BF_ENOMEM : err;
    return err;
}

bf_err bf_store_put_post(bf_store *st, const bf_post *p)
{
    sqlite3_stmt *s;
    bf_err err;
    uint32_t plat, author;
    int64_t prot = -1;
    size_t k;
    int rc;

    if (!st->in_tx || !p->native_id || !p->native_id[0] || !p->author_id ||
        !p->author_id[0] || (int)p->kind < BF_POST_ORIGINAL ||
        (int)p->kind > BF_POST_QUOTE)
        return BF_EINVAL;
    err = settle(st);
    if (!err)
        err = platform_id(st, p->platform, &plat);
    if (!err)
        err = account_rowid(st, plat, p->author_id, &author);
    if (err)
        return err;

    k = author & (MEMO_SLOTS - 1);
    if (st->prot && st->prot[k].rowid == author) {
        prot = st->prot[k].prot;
    } else {
        s = Q(st, Q_ACC_PROTECTED);
        sqlite3_bind_int64(s, 1, author);
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW)
            prot = bf__store_col_count(s, 0);
        finish(s);
        if (rc != SQLITE_ROW)
            return rc == SQLITE_DONE ? BF_ESQL : sql_err(st->db, rc);
        memo_prot(st, author, prot == 1);
    }
    if (prot == 1) {
        st->private_posts++;
        return BF_OK;
    }
    chg_note(st, author - 1);
    return put_post_row(st, p, plat, author - 1);
}

/* ---- follows and segments ---- */

/* seg_name formats the file name of segment id. */
static void seg_name(char out[32], uint32_t id)
{
    snprintf(out, 32, "follows-%06u.seg", (unsigned)id);
}

static void *seg_work(void *arg)
{
    seg_job *j = arg;

    j->err = bf__seg_write(j->dir, j->name, j->buf.data, j->count, &j->crc);
    return NULL;
}

/*
 * seg_wait waits for the segment being written, if any.  A segment
 * written is counted in the batch's ids at once, so a rollback removes
 * its file; one that failed left no file (bf__seg_write) and keeps its
 * error in the job.
 */
static void seg_wait(bf_store *st)
{
    seg_job *j = &st->wseg;

    if (!j->running)
        return;
    if (j->threaded)
        pthread_join(j->th, NULL);
    j->running = j->threaded = 0;
    bf_buf_reset(&j->buf);
    if (!j->err)
        st->next_seg++;
}

/* seg_join is seg_wait, then the segment's row in the open transaction. */
static bf_err seg_join(bf_store *st)
{
    sqlite3_stmt *s = Q(st, Q_SEG_ADD);
    seg_job *j = &st->wseg;
    bf_err err;
    int rc;

    if (!j->running)
        return BF_OK;
    seg_wait(st);
    if (j->err)
        return j->err;
    rc = sqlite3_bind_int64(s, 1, st->next_seg - 1);
    rc |= bind_text(s, 2, j->name);
    rc |= sqlite3_bind_int64(s, 3, (int64_t)j->count);
    rc |= sqlite3_bind_int64(s, 4, j->crc);
    err = rc == SQLITE_OK ? run(s) : BF_ESQL;
    finish(s);
    return err;
}

/*
 * flush_segment hands the batch's buffered follows to a thread that
 * writes them as the next segment, once the one before is done, and
 * goes on with an empty buffer: the file's checksum, its write and its
 * sync, a third of the time a follow list took to read in, then overlap
 * the reading of the next records.  Whoever needs the segments written, the commit
 * first, calls seg_join.  Should no thread start, the segment is
 * written here.
 */
static bf_err flush_segment(bf_store *st)
{
    seg_job *j = &st->wseg;
    bf_buf spare;
    bf_err err;

    /* The records must all be written, and hold dense ids, not
     * placeholders. */
    err = seg_join(st);
    if (!err)
        err = settle(st);
    if (err)
        return err;
    if (st->follows.len == 0)
        return BF_OK;
    if (st->next_seg == UINT32_MAX)
        return BF_ELIMIT;
    spare = j->buf;
    j->buf = st->follows;
    st->follows = spare;
    j->dir = st->dir;
    j->count = j->buf.len / BF__SEG_RECORD;
    j->err = BF_OK;
    seg_name(j->name, st->next_seg);
    j->running = 1;
    j->threaded = pthread_create(&j->th, NULL, seg_work, j) == 0;
    if (j->threaded)
        return BF_OK;
    seg_work(j);
    return seg_join(st);
}

/*
 * follow_write appends the follow of keys ka -> kb as the next record of
 * the batch's buffer, which has room for it (bf_store_put_follow).
 */
static bf_err follow_write(bf_store *st, const id_key *ka, const id_key *kb,
                           int64_t observed_at, int64_t position)
{
    unsigned char rec[BF__SEG_RECORD];
    /* The record this follow becomes, for placeholders to be patched. */
    uint32_t r = (uint32_t)(st->follows.len / BF__SEG_RECORD), a, b;
    bf_err err = follow_end(st, ka, r, 0, &a);

    if (!err)
        err = follow_end(st, kb, r, 1, &b);
    if (err)
        return err;
    bf__seg_encode(rec, a, b, observed_at, position);
    return bf_buf_append(&st->follows, rec, sizeof rec);
}

/* fq_pop writes the oldest follow of the queue. */
static bf_err fq_pop(bf_store *st)
{
    fq_slot *q = &st->fq[st->fq_head];

    st->fq_head = (st->fq_head + 1) % FQ_LEN;
    st->fq_n--;
    return follow_write(st, &q->k[0], &q->k[1], q->observed_at, q->position);
}

/*
 * fq_drain writes every queued follow, in the order they came; settle
 * calls it first, so whatever settles the batch's follows (a segment, a
 * commit, a profile, a read of the accounts) sees them all written.
 */
static bf_err fq_drain(bf_store *st)
{
    bf_err err = BF_OK;

    while (!err && st->fq_n)
        err = fq_pop(st);
    return err;
}

bf_err bf_store_put_follow(bf_store *st, const bf_follow *f)
{
    size_t na, nb;
    uint32_t plat;
    fq_slot *q;
    bf_err err;

    if (!st->in_tx || !f->follower || !f->follower[0] || !f->followee ||
        !f->followee[0])
        return BF_EINVAL;
    err = platform_id(st, f->platform, &plat);
    /* Room for the queued follows and this one (flush_segment drains). */
    if (!err && st->follows.len + (st->fq_n + 1) * BF__SEG_RECORD > FLUSH_BYTES)
        err = flush_segment(st);
    if (err)
        return err;
    na = strlen(f->follower);
    nb = strlen(f->followee);
    if (na >= FQ_ID || nb >= FQ_ID) {
        id_key ka, kb;

        key_of(plat, f->follower, na, &ka);
        key_of(plat, f->followee, nb, &kb);
        err = fq_drain(st);
        if (!err)
            err = follow_write(st, &ka, &kb, f->observed_at, f->position);
    } else {
        if (st->fq_n == FQ_LEN)
            err = fq_pop(st);
        if (err)
            return err;
        q = &st->fq[(st->fq_head + st->fq_n) % FQ_LEN];
        memcpy(q->id[0], f->follower, na + 1);
        memcpy(q->id[1], f->followee, nb + 1);
        key_of(plat, q->id[0], na, &q->k[0]);
        key_of(plat, q->id[1], nb, &q->k[1]);
        q->observed_at = f->observed_at;
        q->position = f->position;
        cache_prefetch(&st->ids, &q->k[0]);
        cache_prefetch(&st->ids, &q->k[1]);
        st->fq_n++;
    }
    if (!err && st->pend.n >= PEND_CHUNK)
        err = settle(st);
    return err;
}

/* ---- batches ---- */

/* chg_start starts the list anew at generation gen, accounts accounts. */
static void chg_start(bf_store *st, uint64_t gen, uint32_t accounts)
{
    st->chg_ok = 1;
    st->chg_gen = st->chg_last = gen;
    st->chg_accounts = accounts;
    st->chg_n = st->chg_nat = 0;
}

/*
 * chg_committed records the commit that just made generation chg_last + 1.
 * A batch whose changes are not all listed (dropped posts, more than
 * CHG_MAX accounts, posts whose keys the count's walk did not read), or
 * the list's CHG_COMMITS-th, starts the list anew there.  Called under
 * the writer lock, after the COMMIT.
 */
static void chg_committed(bf_store *st)
{
    uint64_t acc = 0;
    struct chg_commit *c;

    if (!st->chg_ok)
        return;
    if (query_u64(Q(st, Q_ACC_MAX), 0, 0, &acc) != BF_OK || acc > UINT32_MAX) {
        st->chg_ok = 0;
        return;
    }
    if (st->chg_over || st->batch_dropped || st->chg_nat == CHG_COMMITS ||
        (st->padd > 0 && !st->chg_walked)) {
        chg_start(st, st->chg_last + 1, (uint32_t)acc);
        return;
    }
    if (st->chg_nat == st->chg_capat) {
        size_t n = st->chg_capat ? 2 * st->chg_capat : 16;

        c = realloc(st->chg_at, n * sizeof *c);
        if (!c) {
            st->chg_ok = 0;
            return;
        }
        st->chg_at = c;
        st->chg_capat = n;
    }
    c = &st->chg_at[st->chg_nat++];
    c->gen = ++st->chg_last;
    c->accounts = (uint32_t)acc;
    c->n = st->chg_n;
}

bf_err bf_store_changed_since(bf_store *st, uint64_t gen,
                              uint32_t *out_accounts, const uint32_t **out_ids,
                              size_t *out_n)
{
    uint64_t version = 0, cur = 0;
    size_t from = 0, i;
    bf_err err;

    *out_accounts = 0;
    *out_ids = NULL;
    *out_n = 0;
    if (st->in_tx)
        return BF_EINVAL;
    if (!st->chg_ok)
        return BF_ENOTFOUND;
    /* No other connection committed since this one's last batch, and
     * none of its own commits went unlisted (check --repair). */
    err = query_u64(Q(st, Q_DATA_VERSION), 0, 0, &version);
    if (!err)
        err = bf_store_generation(st, &cur);
    if (err)
        return err;
    if ((int64_t)version != st->data_version || cur != st->chg_last)
        return BF_ENOTFOUND;
    if (gen == st->chg_gen) {
        *out_accounts = st->chg_accounts;
    } else {
        for (i = 0; i < st->chg_nat && st->chg_at[i].gen != gen; i++)
            ;
        if (i == st->chg_nat)
            return BF_ENOTFOUND;
        *out_accounts = st->chg_at[i].accounts;
        from = st->chg_at[i].n;
    }
    *out_ids = st->chg_ids + from;
    *out_n = st->chg_n - from;
    return BF_OK;
}

/* memo_clear forgets what the account memos hold. */
static void memo_clear(bf_store *st)
{
    if (st->same)
        memset(st->same, 0, MEMO_SLOTS * sizeof *st->same);
    if (st->prot)
        memset(st->prot, 0, MEMO_SLOTS * sizeof *st->prot);
}

bf_err bf_store_begin(bf_store *st)
{
    uint64_t max = 0, acc_max = 0, version = 0, gen = 0;
    bf_err err;
    int got = 0;

    if (st->in_tx)
        return BF_EINVAL;
    if (!st->same)
        st->same = calloc(MEMO_SLOTS, sizeof *st->same);
    if (!st->prot)
        st->prot = calloc(MEMO_SLOTS, sizeof *st->prot);
    if (!st->same || !st->prot)
        return BF_ENOMEM;
    /*
     * The writer lock first, then SQLite's: while a batch holds the lock
     * its segment files are the only ones without a committed row, so
     * whoever holds it may sweep the others away.  Readers never take it.
     */
    err = bf__store_lock(st, 1, &got);
    if (err)
        return err;
    err = run(Q(st, Q_BEGIN));
    if (err) {
        bf__store_unlock(st);
        return err;
    }
    err = query_u64(Q(st, Q_SEG_MAX), 0, 0, &max);
    if (!err && max >= UINT32_MAX)
        err = BF_ELIMIT;
    /* Leftovers of a crashed batch, once per handle. */
    if (!err && !st->swept) {
        err = bf__store_sweep(st, NULL, NULL);
        st->swept = 1;
    }
    if (err) {
        run(Q(st, Q_ROLLBACK));
        bf__store_unlock(st);
        return err;
    }
    st->first_seg = st->next_seg = (uint32_t)max + 1;
    bf_buf_reset(&st->follows);
    st->fq_n = 0;
    if (!err)
        err = query_u64(Q(st, Q_PSEG_MAX), 0, 0, &max);
    if (!err && max >= UINT32_MAX)
        err = BF_ELIMIT;
    /* The accounts above this one will be the batch's (search_flush). */
    if (!err)
        err = query_u64(Q(st, Q_ACC_MAX), 0, 0, &acc_max);
    if (err) {
        run(Q(st, Q_ROLLBACK));
        bf__store_unlock(st);
        return err;
    }
    st->first_pseg = st->next_pseg = (uint32_t)max + 1;
    st->search_from = (int64_t)acc_max;
    pbuf_reset(st);
    gone_clear(st, 0);
    /* The count carried over holds if no other writer committed since. */
    st->padd = 0;
    st->count_add = 0;
    st->batch_dropped = 0;
    if (st->count_ok) {
        int64_t key[4];

        if (pview_key(st, key) != BF_OK ||
            memcmp(key, st->count_key, sizeof key) != 0)
            st->count_ok = 0;
    }
    /* Under the write lock now: no other commit can come before ours. */
    if (query_u64(Q(st, Q_DATA_VERSION), 0, 0, &version) != BF_OK ||
        (int64_t)version != st->data_version) {
        memo_clear(st);
        st->chg_ok = 0;
    }
    st->data_version = (int64_t)version;
    /* What changed is listed from here when it was not known, or when
     * a commit of this connection's went unlisted (check --repair). */
    st->chg_walked = st->chg_over = 0;
    if (acc_max > UINT32_MAX || bf_store_generation(st, &gen) != BF_OK)
        st->chg_ok = 0;
    else if (!st->chg_ok || gen != st->chg_last)
        chg_start(st, gen, (uint32_t)acc_max);
    st->in_tx = 1;
    return BF_OK;
}

void bf_store_rollback(bf_store *st)
{
    uint32_t id;

    if (!st || !st->in_tx)
        return;
    /* SQLite may already have rolled back after an error; then this fails
     * harmlessly. */
    run(Q(st, Q_ROLLBACK));
    /* Its mappings may name segments the rollback undid. */
    bf__pview_release(&st->wview);
    seg_wait(st);
    for (id = st->first_seg; id < st->next_seg; id++) {
        char name[32], *path;

        seg_name(name, id);
        path = path_join(st->dir, name);
        if (path)
            unlink(path);
        free(path);
    }
    for (id = st->first_pseg; id < st->next_pseg; id++) {
        char name[32], *path;

        pseg_name(name, id);
        path = path_join(st->dir, name);
        if (path)
            unlink(path);
        free(path);
    }
    /* The segments a compaction merged are still committed: kept. */
    gone_clear(st, 0);
    pbuf_reset(st);
    st->view_ok = 0;
    st->in_tx = 0;
    bf__store_unlock(st);
    bf_buf_reset(&st->follows);
    st->fq_n = 0;
    /* Rowids and platform ids given out in the batch will be reused. */
    cache_clear(&st->ids);
    st->chg_n = st->chg_nat ? st->chg_at[st->chg_nat - 1].n : 0;
    bf__pend_reset(&st->pend);
    memo_clear(st);
    st->nplats = 0;
}

/*
 * search_flush brings the search index up to the batch (schema v10): the
 * entries of the accounts it changed are deleted with the words and key
 * they were added with, kept in search_dirty, and added anew, in one
 * statement each rather than one per upsert.
 */
static bf_err search_flush(bf_store *st)
{
    sqlite3_stmt *del = Q(st, Q_SEARCH_DEL), *add = Q(st, Q_SEARCH_ADD);
    bf_err err;

    sqlite3_bind_int64(del, 1, st->search_from);
    err = run(del);
    sqlite3_bind_int64(add, 1, st->search_from);
    if (!err)
        err = run(add);
    if (!err)
        err = run(Q(st, Q_SEARCH_CLEAR));
    return err;
}

/*
 * count_batch carries the post count over the open batch: what the
 * batch's post segments add to the count at its start (posts_total's, or
 * the last batch's), bf__pview_count_added's, goes to count_add, which
 * the commit adds to the count; so bf_store_totals after an ingest reads
 * the new posts' keys instead of every segment of the store.  It runs
 * before the commit's compaction, so the segments from first_pseg on are
 * the batch's own (pseg_add's; a batch that only merges, bonafide check
 * --repair's, wrote none and leaves the count as it is).  A batch that
 * dropped committed posts, or whose count cannot be made, forgets the
 * count instead: the next bf_store_totals counts again.  A rollback keeps
 * the count, which is still the store's.  The same walk lists every
 * author of a row whose key the batch wrote (chg_author), for
 * bf_store_changed_since; it runs for that alone when no count is kept.
 * Never fails the batch.
 */
static void count_batch(bf_store *st)
{
    bf__pview v;
    int64_t delta = 0;
    uint64_t rows[2] = { 0, 0 }; /* before the batch, the batch's */
    size_t first = 0, i;
    bf_err err;

    if (st->batch_dropped)
        st->count_ok = 0;
    /* The walk serves the count, the list of changed accounts, or both;
     * a batch that dropped posts has neither (chg_committed). */
    if (st->padd == 0 || st->batch_dropped || (!st->count_ok && !st->chg_ok))
        return;
    /* The view as the open transaction sees it: the batch's segments are
     * the newest. */
    err = writer_view(st, &v);
    if (err) {
        st->count_ok = 0;
        return;
    }
    while (first < v.n && v.ids[first] < st->first_pseg)
        first++;
    for (i = 0; i < v.n; i++)
        rows[i >= first] += v.segs[i].count;
    /* Against a store not much larger than the batch (a first load), the
     * searches cost more than the one count at the end. */
    if (rows[1] > rows[0] / CARRY_RATIO) {
        st->count_ok = 0;
        return;
    }
    err = bf__pview_count_added(&v, first, &delta, chg_author, st);
    st->chg_walked = !err;
    if (err || (delta < 0 && (uint64_t)-delta > st->count))
        st->count_ok = 0;
    else
        st->count_add = delta;
}

bf_err bf_store_commit(bf_store *st)
{
    bf_err err;

    if (!st->in_tx)
        return BF_EINVAL;
    err = flush_segment(st);
    if (!err)
        err = seg_join(st);
    if (!err)
        err = flush_posts(st);
    /* Before compaction, which leaves the count as it is. */
    if (!err)
        count_batch(st);
    if (!err && st->next_pseg != st->first_pseg)
        err = compact_posts(st, 0);
    if (!err)
        err = search_flush(st);
    /* Every batch moves the generation statistics are checked against. */
    if (!err)
        err = bf__generation_bump(st);
    if (!err)
        err = run(Q(st, Q_COMMIT));
    if (err) {
        bf_store_rollback(st);
        return err;
    }
    st->in_tx = 0;
    /* The count carried over is the count at the key just committed
     * (still under the writer lock: no other commit can come between). */
    if (st->count_ok && pview_key(st, st->count_key) != BF_OK)
        st->count_ok = 0;
    if (st->count_ok)
        st->count += (uint64_t)st->count_add;
    st->count_add = 0;
    chg_committed(st);
    /*
     * The merged segments' rows are gone with the commit; their files go
     * at the next commit (or close), while the lock is held, so a reader
     * between reading the rows and mapping the files is not left short.
     */
    gone_retire(st);
    bf__store_unlock(st);
    bf__csr_unmap(&st->graph);
    return BF_OK;
}

/* ---- the writer ---- */

void bf_store_writer_init(bf_store_writer *w, bf_store *st, size_t batch)
{
    memset(w, 0, sizeof *w);
    w->st = st;
    w->batch = batch ? batch : 50000;
}

/* w_enter opens the writer's transaction on its first record. */
static bf_err w_enter(bf_store_writer *w)
{
    bf_err err;

    if (w->open)
        return BF_OK;
    err = bf_store_begin(w->st);
    if (err)
        return err;
    w->open = 1;
    w->in_batch = 0;
    return BF_OK;
}

/*
 * w_leave counts a record of the given weight and commits when the batch
 * is full: an account or a post weighs FOLLOW_SHARE follows.
 */
static bf_err w_leave(bf_store_writer *w, size_t weight)
{
    w->in_batch += weight;
    if (w->in_batch < w->batch * FOLLOW_SHARE)
        return BF_OK;
    w->open = 0;
    w->in_batch = 0;
    return bf_store_commit(w->st);
}

static bf_err w_account(void *ctx, const bf_account *a)
{
    bf_store_writer *w = ctx;
    uint64_t s0 = w->st->scrubbed;
    bf_err err = w_enter(w);

    if (!err)
        err = bf_store_put_account(w->st, a, NULL);
    w->scrubbed += w->st->scrubbed - s0;
    if (err)
        return err;
    w->accounts++;
    return w_leave(w, FOLLOW_SHARE);
}

/*
 * w_same answers bf_sink.same from the account memo, after entering the
 * batch as a write would (a batch begun after another connection's commit
 * has forgotten what that commit may have changed), and counts a record
 * found there as bf_store_put_account counts one it skips.
 */
static bf_err w_same(void *ctx, const char *platform, const char *native_id,
                     uint64_t digest, int *out_same)
{
    bf_store_writer *w = ctx;
    struct memo_same *m;
    uint32_t plat, known;
    id_key key;
    bf_err err = w_enter(w);

    *out_same = 0;
    if (!err)
        err = settle(w->st);
    if (!err)
        err = platform_id(w->st, platform, &plat);
    if (err || !digest || !native_id || !native_id[0])
        return err;
    m = memo_of(w->st, plat, native_id, &key, &known);
    if (!m || m->digest != digest)
        return BF_OK;
    *out_same = 1;
    w->accounts++;
    return w_leave(w, FOLLOW_SHARE);
}

static bf_err w_post(void *ctx, const bf_post *p)
{
    bf_store_writer *w = ctx;
    uint64_t s0 = w->st->scrubbed, p0 = w->st->private_posts;
    bf_err err = w_enter(w);

    if (!err)
        err = bf_store_put_post(w->st, p);
    w->scrubbed += w->st->scrubbed - s0;
    if (err)
        return err;
    if (w->st->private_posts != p0)
        w->private_posts++;
    else
        w->posts++;
    return w_leave(w, FOLLOW_SHARE);
}

static bf_err w_follow(void *ctx, const bf_follow *f)
{
    bf_store_writer *w = ctx;
    bf_err err = w_enter(w);

    if (!err)
        err = bf_store_put_follow(w->st, f);
    if (err)
        return err;
    w->follows++;
    return w_leave(w, 1);
}

bf_err bf_store_put_arrival(bf_store *st, const bf_arrival *a)
{
    sqlite3_stmt *s = Q(st, Q_ARRIVAL_PUT);
    uint32_t plat, follower, followee;
    bf_err err;

    if (!st->in_tx || !a->follower || !a->follower[0] || !a->followee ||
        !a->followee[0] || a->followed_at <= 0)
        return BF_EINVAL;
    err = settle(st);
    if (!err)
        err = platform_id(st, a->platform, &plat);
    if (!err)
        err = account_rowid(st, plat, a->follower, &follower);
    if (!err)
        err = account_rowid(st, plat, a->followee, &followee);
    if (err)
        return err;
    sqlite3_bind_int64(s, 1, followee);
    sqlite3_bind_int64(s, 2, follower);
    sqlite3_bind_int64(s, 3, a->followed_at);
    return run(s);
}

bf_err bf_store_put_insight(bf_store *st, const bf_insight *in)
{
    sqlite3_stmt *s = Q(st, Q_INSIGHT_PUT);
    uint32_t plat, acc;
    bf_err err;

    if (!st->in_tx || !in->account || !in->account[0] || !in->kind || !in->key)
        return BF_EINVAL;
    err = settle(st);
    if (!err)
        err = platform_id(st, in->platform, &plat);
    if (!err)
        err = account_rowid(st, plat, in->account, &acc);
    if (err)
        return err;
    sqlite3_bind_int64(s, 1, acc);
    sqlite3_bind_int64(s, 2, in->observed_at);
    bind_text(s, 3, in->kind);
    bind_text(s, 4, in->key);
    sqlite3_bind_double(s, 5, in->value);
    return run(s);
}

static bf_err w_arrival(void *ctx, const bf_arrival *a)
{
    bf_store_writer *w = ctx;
    bf_err err = w_enter(w);

    if (!err)
        err = bf_store_put_arrival(w->st, a);
    if (err)
        return err;
    return w_leave(w, 1);
}

static bf_err w_insight(void *ctx, const bf_insight *in)
{
    bf_store_writer *w = ctx;
    bf_err err = w_enter(w);

    if (!err)
        err = bf_store_put_insight(w->st, in);
    if (err)
        return err;
    return w_leave(w, 1);
}

static void w_expect(void *ctx, uint64_t follows)
{
    bf_store_writer *w = ctx;

    bf_store_expect_follows(w->st, follows);
}

bf_sink_more bf_store_writer_more(bf_store_writer *w)
{
    bf_sink_more m;

    m.ctx = w;
    m.arrival = w_arrival;
    m.insight = w_insight;
    m.expect = w_expect;
    return m;
}

/* prepare_once prepares a statement for a read that runs rarely. */
static bf_err prepare_once(bf_store *st, const char *q, sqlite3_stmt **out)
{
    return sqlite3_prepare_v2(st->db, q, -1, out, NULL) == SQLITE_OK ? BF_OK
                                                                     : BF_ESQL;
}

bf_err bf_store_arrivals(bf_store *st, uint32_t account, bf_arrival_unit unit,
                         bf_arrival_bin **out_bins, size_t *out_n)
{
    /* By unit.  Weeks start on Monday: 1970-01-05 (345600 s) was one. */
    static const char *const q[3] = {
        "SELECT followed_at - ((followed_at - 345600) % 604800) AS b,"
        " count(*), max(followed_at) FROM arrivals WHERE account = ?1"
        " AND followed_at >= 345600 GROUP BY b ORDER BY b",
        "SELECT CAST(strftime('%s', strftime('%Y-%m-01', followed_at,"
        " 'unixepoch')) AS INTEGER) AS b, count(*), max(followed_at)"
        " FROM arrivals WHERE account = ?1 GROUP BY b ORDER BY b",
        "SELECT followed_at - (followed_at % 86400) AS b, count(*),"
        " max(followed_at) FROM arrivals WHERE account = ?1"
        " AND followed_at >= 0 GROUP BY b ORDER BY b",
    };
    sqlite3_stmt *s = NULL;
    bf_arrival_bin *bins = NULL, *nb;
    size_t n = 0, cap = 0;
    bf_err err;
    int rc;

    *out_bins = NULL;
    *out_n = 0;
    if ((unsigned)unit > BF_ARRIVALS_DAY)
        return BF_EINVAL;
    err = prepare_once(st, q[unit], &s);
    if (err)
        return err;
    sqlite3_bind_int64(s, 1, (int64_t)account + 1);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            nb = realloc(bins, cap * sizeof *bins);
            if (!nb) {
                err = BF_ENOMEM;
                goto out;
            }
            bins = nb;
        }
        bins[n].start = sqlite3_column_int64(s, 0);
        bins[n].count = (uint64_t)sqlite3_column_int64(s, 1);
        bins[n].last = sqlite3_column_int64(s, 2);
        n++;
    }
    if (rc != SQLITE_DONE)
        err = BF_ESQL;
out:
    sqlite3_finalize(s);
    if (err) {
        free(bins);
        return err;
    }
    *out_bins = bins;
    *out_n = n;
    return BF_OK;
}

/* latest_count is the newest insight count of kind for account, or -1. */
static bf_err latest_count(bf_store *st, uint32_t account, const char *kind,
                           int64_t *out)
{
    sqlite3_stmt *s = NULL;
    bf_err err = prepare_once(st,
                              "SELECT value FROM insights WHERE account = ?1"
                              " AND kind = ?2 ORDER BY observed_at DESC"
                              " LIMIT 1",
                              &s);
    int rc;

    *out = -1;
    if (err)
        return err;
    sqlite3_bind_int64(s, 1, (int64_t)account + 1);
    sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = (int64_t)sqlite3_column_double(s, 0);
    else if (rc != SQLITE_DONE)
        err = BF_ESQL;
    sqlite3_finalize(s);
    return err;
}

bf_err bf_store_follower_coverage(bf_store *st, uint32_t account,
                                  int64_t *out_declared, int64_t *out_listed,
                                  uint64_t *out_dated)
{
    sqlite3_stmt *s = NULL;
    bf_err err;
    int rc;

    *out_dated = 0;
    err = latest_count(st, account, "followers_declared", out_declared);
    if (!err)
        err = latest_count(st, account, "followers_listed", out_listed);
    if (!err && *out_declared < 0) {
        err = prepare_once(st, "SELECT followers FROM accounts WHERE id = ?1",
                           &s);
        if (!err) {
            sqlite3_bind_int64(s, 1, (int64_t)account + 1);
            rc = sqlite3_step(s);
            if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
                *out_declared = sqlite3_column_int64(s, 0);
            else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                err = BF_ESQL;
            sqlite3_finalize(s);
            s = NULL;
        }
        /* An export without insights gives the account the count of the
         * followers it lists: that is no declaration of the platform's. */
        if (!err && *out_listed >= 0 && *out_declared == *out_listed)
            *out_declared = -1;
    }
    if (!err)
        err = prepare_once(
                st, "SELECT count(*) FROM arrivals WHERE account = ?1", &s);
    if (!err) {
        sqlite3_bind_int64(s, 1, (int64_t)account + 1);
        if (sqlite3_step(s) == SQLITE_ROW)
            *out_dated = (uint64_t)sqlite3_column_int64(s, 0);
        else
            err = BF_ESQL;
    }
    sqlite3_finalize(s);
    return err;
}

bf_err bf_store_insights(bf_store *st, uint32_t account,
                         bf_insight_row **out_rows, size_t *out_n)
{
    sqlite3_stmt *s = NULL;
    bf_insight_row *rows = NULL, *nr;
    size_t n = 0, cap = 0;
    bf_err err;
    int rc;

    *out_rows = NULL;
    *out_n = 0;
    err = prepare_once(st,
                       "SELECT kind, key, value, observed_at FROM insights"
                       " WHERE account = ?1 AND observed_at = (SELECT"
                       " max(observed_at) FROM insights WHERE account = ?1)"
                       " ORDER BY kind, value DESC, key",
                       &s);
    if (err)
        return err;
    sqlite3_bind_int64(s, 1, (int64_t)account + 1);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(s, 0);
        const char *key = (const char *)sqlite3_column_text(s, 1);

        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            nr = realloc(rows, cap * sizeof *rows);
            if (!nr) {
                err = BF_ENOMEM;
                goto out;
            }
            rows = nr;
        }
        snprintf(rows[n].kind, sizeof rows[n].kind, "%s", kind ? kind : "");
        snprintf(rows[n].key, sizeof rows[n].key, "%s", key ? key : "");
        rows[n].value = sqlite3_column_double(s, 2);
        rows[n].observed_at = sqlite3_column_int64(s, 3);
        n++;
    }
    if (rc != SQLITE_DONE)
        err = BF_ESQL;
out:
    sqlite3_finalize(s);
    if (err) {
        free(rows);
        return err;
    }
    *out_rows = rows;
    *out_n = n;
    return BF_OK;
}

bf_err bf_store_state_each(bf_store *st, const char *prefix,
                           bf_err (*fn)(void *ctx, const char *key,
                                        const char *value),
                           void *ctx)
{
    sqlite3_stmt *s = NULL;
    bf_err err = prepare_once(st,
                              "SELECT key, value FROM state WHERE"
                              " substr(key, 1, length(?1)) = ?1 ORDER BY key",
                              &s);
    int rc = SQLITE_DONE;

    if (err)
        return err;
    sqlite3_bind_text(s, 1, prefix, -1, SQLITE_STATIC);
    while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW)
        err = fn(ctx, (const char *)sqlite3_column_text(s, 0),
                 (const char *)sqlite3_column_text(s, 1));
    if (!err && rc != SQLITE_DONE)
        err = BF_ESQL;
    sqlite3_finalize(s);
    return err;
}

bf_sink bf_store_writer_sink(bf_store_writer *w)
{
    bf_sink s;

    s.ctx = w;
    s.account = w_account;
    s.post = w_post;
    s.follow = w_follow;
    s.same = w_same;
    return s;
}

bf_err bf_store_writer_finish(bf_store_writer *w)
{
    if (!w->open)
        return BF_OK;
    w->open = 0;
    w->in_batch = 0;
    return bf_store_commit(w->st);
}

void bf_store_writer_abort(bf_store_writer *w)
{
    if (!w->open)
        return;
    w->open = 0;
    w->in_batch = 0;
    bf_store_rollback(w->st);
}

/* ---- open and close ---- */

/* ends_with says whether s ends with suffix. */
static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/* Set by bf_store_reading_process, read once by sqlite_setup. */
static _Atomic int reading_process;

/* The page size of a store (SQLite's default, never changed) and the
 * pages of the process's pool (sqlite_setup): a little more than one
 * scattered reader's cache (bf_store_read_scattered, 4 MiB). */
#define BF__STORE_PAGE 4096
#define PAGE_POOL      1536

/*
 * sqlite_setup turns off SQLite's memory statistics, which bonafide never
 * reads and which take a global mutex around every allocation, and, in a
 * reading process (bf_store_reading_process), gives SQLite its pool of
 * pages.  Once per process, from the first bf_store_open: sqlite3_config
 * must not run beside other SQLite calls, and is refused (harmlessly) once
 * SQLite is initialised.
 */
static void sqlite_setup(void)
{
    int hdr = 0;
    size_t slot;
    void *pool;

    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (!reading_process)
        return;
    /*
     * The first pages every handle of a reading process caches come
     * from one pool of 4 KiB slots (the store's page size) in huge pages;
     * past it, from malloc.  Taken one malloc at a time, each new page of
     * the cache was a fresh page fault, about 12 microseconds on a
     * virtual machine (docs/store.md): a warm audit filled its 4 MiB cache
     * with 900 of them.  The pool is never freed: SQLite keeps it until
     * exit.
     */
    if (sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) != SQLITE_OK)
        return;
    slot = (BF__STORE_PAGE + (size_t)hdr + 7) & ~(size_t)7;
    pool = bf_alloc_huge(slot * PAGE_POOL);
    if (pool && sqlite3_config(SQLITE_CONFIG_PAGECACHE, pool, (int)slot,
                               PAGE_POOL) != SQLITE_OK)
        free(pool);
}

void bf_store_reading_process(void)
{
    reading_process = 1;
}

/* ---- the writer lock ---- */

bf_err bf__store_lock(bf_store *st, int wait, int *out_got)
{
    int rc;

    *out_got = 0;
    if (st->locked) {
        *out_got = 1;
        return BF_OK;
    }
    if (st->lock_fd < 0) {
        char *path = path_join(st->dir, BF__STORE_LOCK);

        if (!path)
            return BF_ENOMEM;
        st->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        /* flock needs no write access: a store this user may only read
         * can still be locked, when its lock file exists. */
        if (st->lock_fd < 0 && (errno == EACCES || errno == EROFS)) {
            int e = errno;

            st->lock_fd = open(path, O_RDONLY | O_CLOEXEC);
            errno = e; /* the cause to report, when both fail */
        }
        free(path);
        if (st->lock_fd < 0)
            return bf_err_from_errno(errno);
    }
    do
        rc = flock(st->lock_fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB);
    while (rc != 0 && errno == EINTR);
    if (rc != 0)
        return errno == EWOULDBLOCK ? BF_OK : bf_err_from_errno(errno);
    st->locked = 1;
    *out_got = 1;
    return BF_OK;
}

void bf__store_unlock(bf_store *st)
{
    if (!st->locked)
        return;
    flock(st->lock_fd, LOCK_UN);
    st->locked = 0;
}

/*
 * unlisted sets *drop to 1 when the segment file name has no row in the
 * table that has (the statement has, asking by file name).
 */
static bf_err unlisted(bf_store *st, sqlite3_stmt *has, const char *name,
                       int *drop)
{
    int rc;

    bind_text(has, 1, name);
    rc = sqlite3_step(has);
    finish(has);
    if (rc == SQLITE_DONE)
        *drop = 1;
    else if (rc != SQLITE_ROW)
        return sql_err(st->db, rc);
    return BF_OK;
}

/*
 * unused_tmp says whether the temp file name in dir is abandoned: nobody
 * holds its flock (the graph writer keeps one on the file until it renames
 * it, csr.c).  When so, it is unlinked while the lock is held, so a writer
 * that created it just now and waits for the lock finds it unlinked and
 * starts another.
 */
static int drop_unused_tmp(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    int dropped = 0;

    if (fd < 0)
        return 0;
    if (flock(fd, LOCK_EX | LOCK_NB) == 0)
        dropped = unlink(path) == 0;
    close(fd);
    return dropped;
}

bf_err bf__store_sweep(bf_store *st, void (*fn)(void *ctx, const char *name),
                       void *ctx)
{
    DIR *d;
    struct dirent *ent;
    bf_err err = BF_OK;

    /* Without the lock a running writer's files look the same. */
    if (!st->locked || st->in_tx)
        return BF_EINVAL;
    d = opendir(st->dir);
    if (!d)
        return bf_err_from_errno(errno);
    while (!err && (ent = readdir(d)) != NULL) {
        const char *name = ent->d_name;
        char *path;
        int drop = 0, dropped = 0;

        if ((strncmp(name, "follows-", 8) == 0 &&
             ends_with(name, ".seg.tmp")) ||
            (strncmp(name, "posts-", 6) == 0 && ends_with(name, ".pseg.tmp"))) {
            drop = 1;
        } else if (strncmp(name, "posts-", 6) == 0 &&
                   ends_with(name, ".pseg")) {
            err = unlisted(st, Q(st, Q_PSEG_HAS), name, &drop);
        } else if (strncmp(name, "graph.csr.tmp", 13) == 0 ||
                   strncmp(name, "pagerank.bin.tmp", 16) == 0) {
            drop = 2; /* a reader may be writing it: only when unlocked */
        } else if (strncmp(name, "follows-", 8) == 0 &&
                   ends_with(name, ".seg")) {
            err = unlisted(st, Q(st, Q_SEG_HAS), name, &drop);
        }
        if (!drop)
            continue;
        path = path_join(st->dir, name);
        if (!path) {
            err = BF_ENOMEM;
            break;
        }
        /* A file that will not go is left for the next sweep: it only
         * takes space, and the batch must not fail for it. */
        if (drop == 2)
            dropped = drop_unused_tmp(path);
        else
            dropped = unlink(path) == 0;
        if (dropped && fn)
            fn(ctx, name);
        free(path);
    }
    closedir(d);
    return err;
}

bf_err bf_store_exists(const char *dir)
{
    struct stat sb;
    char *path;
    int found, e;

    if (!dir || !dir[0])
        return BF_EINVAL;
    /* A file, or /dev/null, where a directory should be says so. */
    if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
        return BF_ENOTDIR;
    path = path_join(dir, "bonafide.sqlite");
    if (!path)
        return BF_ENOMEM;
    found = stat(path, &sb) == 0;
    e = errno;
    free(path);
    if (found)
        return S_ISREG(sb.st_mode) ? BF_OK : BF_ECORRUPT;
    if (e == ENOENT)
        return BF_ENOTFOUND;
    return e == ENOTDIR ? BF_ENOTDIR : bf_err_from_errno(e);
}

/*
 * db_open opens the database at path on st->db and sets its pragmas, with
 * SQLite's exclusive locking mode first when excl (store_open says when).
 */
static bf_err db_open(bf_store *st, const char *path, int create, int excl)
{
    int rc;

    rc = sqlite3_open_v2(path, &st->db,
                         /* one thread at a time uses a handle */
                         SQLITE_OPEN_READWRITE |
                                 (create ? SQLITE_OPEN_CREATE : 0) |
                                 SQLITE_OPEN_NOMUTEX,
                         NULL);
    if (rc != SQLITE_OK)
        return sql_err(st->db, rc);
    sqlite3_busy_timeout(st->db, 10000);
    if (excl) {
        rc = sqlite3_exec(st->db, "PRAGMA locking_mode = EXCLUSIVE", NULL, NULL,
                          NULL);
        if (rc != SQLITE_OK)
            return sql_err(st->db, rc);
    }
    /* WAL lets readers run during an ingest; NORMAL syncs at checkpoints,
     * which in WAL mode still never corrupts the database.  A 64 MiB page
     * cache keeps the id and post indexes of a batch in memory (SQLite's
     * default is 2 MiB); it is a ceiling, not an allocation.  The WAL is
     * checkpointed once it holds 16384 pages (64 MiB of 4 KiB pages)
     * instead of SQLite's 1000, so the pages a batch dirties are copied
     * into the database and synced every few batches rather than after
     * each one (docs/store.md has the figures).  The database is mapped
     * (SQLite caps the size asked for at its compile-time limit, 2 GB in
     * Debian's build): pages are read in place instead of through a pread
     * and a copy into each connection's own cache, so the server's
     * handles share one copy of the store, the kernel's (distinct
     * searches on a million accounts: 11% more per second). */
    rc = sqlite3_exec(st->db,
                      "PRAGMA journal_mode = WAL;"
                      " PRAGMA synchronous = NORMAL;"
                      " PRAGMA cache_size = -65536;"
                      " PRAGMA wal_autocheckpoint = 16384;"
                      " PRAGMA mmap_size = 1099511627776;"
                      " PRAGMA foreign_keys = ON;",
                      NULL, NULL, NULL);
    return rc == SQLITE_OK ? BF_OK : sql_err(st->db, rc);
}

/*
 * move_posts moves the rows of a store's old posts table (schema 8 and
 * before) into a first post segment and drops the table, in one
 * transaction taken under the writer lock: the segment's row, the deleted
 * table and the file's name commit together, and a second process
 * migrating at the same time waits, then finds the table gone.  A crash
 * before the commit leaves a file without a row, which the next batch
 * sweeps.  The rows keep their order (the table's ids) as first-insert
 * order; their text was scrubbed when they were stored.
 */
static bf_err move_posts(bf_store *st)
{
    static const char q_has[] = "SELECT 1 FROM sqlite_master"
                                " WHERE type = 'table' AND name = 'posts'";
    static const char q_rows[] =
            "SELECT platform, native_id, author, created_at, text, kind,"
            " parent_id, likes, reposts, replies, quotes, views, hashtags,"
            " mentions, urls, source FROM posts ORDER BY id";
    static const int str_col[BF__PS__N] = { 1, 4, 6, 15 };
    sqlite3_stmt *s = NULL;
    bf__prow *rows = NULL;
    size_t n = 0, cap = 0;
    bf_buf heap;
    uint64_t max = 0;
    bf_err err = BF_OK;
    int rc, got = 0, has = 0, began = 0, k;

    rc = sqlite3_prepare_v2(st->db, q_has, -1, &s, NULL);
    if (rc == SQLITE_OK)
        has = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    s = NULL;
    if (!has)
        return BF_OK;
    bf_buf_init(&heap, SIZE_MAX / 2);
    err = bf__store_lock(st, 1, &got);
    if (!err)
        err = run(Q(st, Q_BEGIN));
    began = !err;
    /* Another process may have moved them while we waited. */
    if (!err) {
        rc = sqlite3_prepare_v2(st->db, q_has, -1, &s, NULL);
        has = rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW;
        sqlite3_finalize(s);
        s = NULL;
    }
    if (!err && has)
        err = query_u64(Q(st, Q_PSEG_MAX), 0, 0, &max);
    if (!err && has && max >= UINT32_MAX)
        err = BF_ELIMIT;
    if (err || !has)
        goto out;
    st->first_pseg = st->next_pseg = (uint32_t)max + 1;
    rc = sqlite3_prepare_v2(st->db, q_rows, -1, &s, NULL);
    while (!err && s && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        bf__prow *r;
        int64_t author = sqlite3_column_int64(s, 2);

        if (n == cap) {
            size_t c = cap ? cap * 2 : 4096;
            bf__prow *v = realloc(rows, c * sizeof *v);

            if (!v) {
                err = BF_ENOMEM;
                break;
            }
            rows = v;
            cap = c;
        }
        if (author < 1 || author > (int64_t)UINT32_MAX + 1 || n >= UINT32_MAX) {
            err = BF_ECORRUPT;
            break;
        }
        r = &rows[n];
        memset(r, 0, sizeof *r);
        r->platform = (uint32_t)sqlite3_column_int64(s, 0);
        r->author = (uint32_t)(author - 1);
        r->created_at = sqlite3_column_int64(s, 3);
        r->kind = (uint32_t)sqlite3_column_int(s, 5);
        if (r->kind > BF_POST_QUOTE)
            r->kind = BF_POST_ORIGINAL;
        r->id = (uint64_t)st->next_pseg << 32 | n;
        for (k = 0; k < BF__PC__N; k++)
            r->cnt[k] = bf__store_col_count(s, 7 + k);
        for (k = 0; !err && k < BF__PS__N; k++) {
            const char *t = (const char *)sqlite3_column_blob(s, str_col[k]);
            size_t len = (size_t)sqlite3_column_bytes(s, str_col[k]);

            r->len[k] = BF__PSEG_NOSTR;
            if (sqlite3_column_type(s, str_col[k]) == SQLITE_NULL)
                continue;
            r->off[k] = heap.len;
            r->len[k] = (uint32_t)len;
            err = bf_buf_append(&heap, t ? t : "", len);
            if (!err)
                err = bf_buf_append(&heap, "", 1);
        }
        if (!err && r->len[BF__PS_NATIVE] == BF__PSEG_NOSTR)
            err = BF_ECORRUPT;
        if (!err) {
            r->hash = bf__pseg_hash(r->platform,
                                    heap.data + r->off[BF__PS_NATIVE],
                                    r->len[BF__PS_NATIVE]);
            n++;
        }
    }
    if (!err && rc != SQLITE_DONE)
        err = sql_err(st->db, rc);
    sqlite3_finalize(s);
    s = NULL;
    if (!err && n > 0)
        err = pseg_add(st, rows, n, heap.data, heap.len);
    if (!err) {
        rc = sqlite3_exec(st->db, "DROP TABLE posts", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            err = sql_err(st->db, rc);
    }
    if (!err)
        err = run(Q(st, Q_COMMIT));
out:
    if (began && (err || !has))
        run(Q(st, err ? Q_ROLLBACK : Q_COMMIT));
    if (err && st->next_pseg != st->first_pseg) {
        char name[32], *path;

        pseg_name(name, st->first_pseg);
        path = path_join(st->dir, name);
        if (path)
            unlink(path);
        free(path);
    }
    st->first_pseg = st->next_pseg = 0;
    st->count_ok = 0;
    if (got)
        bf__store_unlock(st);
    free(rows);
    bf_buf_release(&heap);
    return err;
}

/* store_open is bf_store_open, or bf_store_open_existing when !create. */
static bf_err store_open(const char *dir, int create, bf_store **out_store)
{
    bf_store *st = NULL;
    char *path = NULL;
    bf_err err = BF_OK;
    int i;

    if (!dir || !dir[0] || !out_store)
        return BF_EINVAL;
    /* Checked before anything is created. */
    if (!create && (err = bf_store_exists(dir)) != BF_OK)
        return err;
    st = calloc(1, sizeof *st);
    if (!st)
        return BF_ENOMEM;
    st->data_version = -1;
    st->lock_fd = -1;
    bf_buf_init(&st->follows, FLUSH_BYTES);
    bf_buf_init(&st->wseg.buf, FLUSH_BYTES);
    bf_buf_init(&st->pheap, POST_FLUSH_HEAP + 4 * (size_t)TEXT_LIMIT + 4096);
    cache_init(&st->ids);
    bf__pend_init(&st->pend);
    st->bulk = 1;
    for (i = 0; i < T__COUNT; i++)
        bf_buf_init(&st->text[i], TEXT_LIMIT);
    st->dir = strdup(dir);
    if (!st->dir) {
        err = BF_ENOMEM;
        goto out;
    }
    if (create) {
        struct stat sb;

        err = mkdir_p(dir);
        if (!err && stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
            err = BF_ENOTDIR;
        if (err)
            goto out;
    }
    pthread_once(&sqlite_once, sqlite_setup);
    path = path_join(dir, "bonafide.sqlite");
    if (!path) {
        err = BF_ENOMEM;
        goto out;
    }
    err = db_open(st, path, create, 0);
    /*
     * SQLite keeps the WAL's index in a shared-memory file beside the
     * database, which it must create or grow; on a full disk (or in a
     * directory this process may not write) it cannot, and the store
     * would be unreadable.  Exclusive locking mode keeps that index in
     * the process's own memory instead: the store is then read by this
     * handle alone, and writers wait until it closes, which on a full
     * disk they must do anyway.
     */
    if (err == BF_ENOSPC || err == BF_EACCES) {
        sqlite3_close(st->db);
        st->db = NULL;
        err = db_open(st, path, create, 1);
    }
    /* SQLite may not say why it could not open its files beside the
     * database; a directory this process may not write is why. */
    if (err == BF_EIO && access(dir, W_OK) != 0 &&
        (errno == EACCES || errno == EROFS || errno == EPERM))
        err = BF_EACCES;
    if (err)
        goto out;
    err = bf__schema_migrate(st->db, NULL);
    if (err)
        goto out;
    err = move_posts(st);
    if (err)
        goto out;
    /* Opening removes nothing: leftovers of a crash are swept by the
     * first batch, under the writer lock (bf_store_begin). */
    {
        uint64_t max = 0;

        /* An empty store: the cache starts out holding all of it. */
        err = query_u64(Q(st, Q_ACC_MAX), 0, 0, &max);
        st->ids.complete = !err && max == 0;
    }
out:
    free(path);
    if (err) {
        bf_store_close(st);
        return err;
    }
    *out_store = st;
    return BF_OK;
}

bf_err bf_store_open(const char *dir, bf_store **out_store)
{
    return store_open(dir, 1, out_store);
}

bf_err bf_store_open_existing(const char *dir, bf_store **out_store)
{
    return store_open(dir, 0, out_store);
}

void bf_store_close(bf_store *st)
{
    int i;

    if (!st)
        return;
    if (st->in_tx)
        bf_store_rollback(st);
    bf__store_unlock(st);
    if (st->lock_fd >= 0)
        close(st->lock_fd);
    bf__csr_unmap(&st->graph);
    for (i = 0; i < Q__COUNT; i++)
        sqlite3_finalize(st->q[i]);
    sqlite3_close(st->db);
    free(st->same);
    free(st->prot);
    free(st->chg_ids);
    free(st->chg_at);
    cache_release(&st->ids);
    bf__pend_release(&st->pend);
    bf_buf_release(&st->follows);
    bf_buf_release(&st->wseg.buf);
    bf_buf_release(&st->pheap);
    free(st->prows);
    free(st->pslot);
    gone_clear(st, 0);
    gone_retire(st); /* the last commit's merged files, then none */
    gone_retire(st);
    bf__pview_release(&st->view);
    bf__pview_release(&st->wview);
    bf__pvec_release(&st->pvec);
    for (i = 0; i < T__COUNT; i++)
        bf_buf_release(&st->text[i]);
    free(st->dir);
    free(st);
}

/* ---- reading ---- */

void bf_account_row_release(bf_account_row *row)
{
    bf_buf_release(&row->strings);
}

bf_err bf_store_account_reach(bf_store *st, uint32_t id, char *platform,
                              int64_t *out_followers)
{
    sqlite3_stmt *s = Q(st, Q_ACC_REACH);
    const char *name;
    bf_err err;
    int rc;

    platform[0] = '\0';
    *out_followers = -1;
    err = settle(st);
    if (err)
        return err;
    sqlite3_bind_int64(s, 1, (int64_t)id + 1);
    rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        err = rc == SQLITE_DONE ? BF_ENOTFOUND : BF_ESQL;
    } else {
        name = col_text(s, 0);
        if (!name || strlen(name) > BF_STORE_PLATFORM_MAX)
            err = BF_ECORRUPT;
        else
            memcpy(platform, name, strlen(name) + 1);
        *out_followers = bf__store_col_count(s, 1);
    }
    finish(s);
    return err;
}

bf_err bf_store_reach_each(bf_store *st, bf_store_reach_fn fn, void *ctx)
{
    sqlite3_stmt *s = Q(st, Q_ACC_REACH_ALL);
    const char *name;
    int64_t id;
    bf_err err = settle(st);
    int rc = SQLITE_DONE, stop = 0;

    while (!err && !stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        id = sqlite3_column_int64(s, 0);
        name = col_text(s, 1);
        err = rowid_ok(id);
        if (!err && (!name || strlen(name) > BF_STORE_PLATFORM_MAX))
            err = BF_ECORRUPT;
        if (!err)
            err = fn(ctx, (uint32_t)(id - 1), name, bf__store_col_count(s, 2),
                     &stop);
    }
    if (!err && !stop && rc != SQLITE_DONE)
        err = sql_err(st->db, rc);
    finish(s);
    return err;
}

bf_err bf_store_account_count(bf_store *st, uint32_t *out_n)
{
    uint64_t max = 0;
    /* Inside a batch, the accounts its follows added count. */
    bf_err err = settle(st);

    if (!err)
        err = query_u64(Q(st, Q_ACC_MAX), 0, 0, &max);
    if (err)
        return err;
    if (max > UINT32_MAX)
        return BF_ELIMIT;
    *out_n = (uint32_t)max;
    return BF_OK;
}

bf_err bf__store_row_fill(struct sqlite3_stmt *s, const char *platform,
                          bf_account_row *out)
{
    /* Text columns 0..8 of Q_ACC_GET, in order, and where they go. */
    const char **dst[9];
    size_t off[9];
    bf_account *a = &out->a;
    bf_err err = BF_OK;
    int i;

    bf_account_clear(a);
    out->strings.len = 0;
    dst[0] = &a->platform;
    dst[1] = &a->native_id;
    dst[2] = &a->handle;
    dst[3] = &a->name;
    dst[4] = &a->bio;
    dst[5] = &a->url;
    dst[6] = &a->location;
    dst[7] = &a->lang;
    dst[8] = &a->label;
    /* Copy first, point later: the buffer moves as it grows. */
    for (i = 0; i < 9 && !err; i++) {
        const char *t = i ? col_text(s, i) : platform;

        off[i] = SIZE_MAX;
        if (!t)
            continue;
        off[i] = out->strings.len;
        err = bf_buf_append(
                &out->strings, t,
                (i ? (size_t)sqlite3_column_bytes(s, i) : strlen(t)) + 1);
    }
    if (err)
        goto out;
    for (i = 0; i < 9; i++)
        *dst[i] = off[i] == SIZE_MAX ? NULL : out->strings.data + off[i];
    a->created_at = sqlite3_column_int64(s, 9);
    a->followers = bf__store_col_count(s, 10);
    a->following = bf__store_col_count(s, 11);
    a->posts = bf__store_col_count(s, 12);
    a->likes = bf__store_col_count(s, 13);
    a->lists = bf__store_col_count(s, 14);
    a->verified = (int)bf__store_col_count(s, 15);
    a->protected_ = (int)bf__store_col_count(s, 16);
    a->default_avatar = (int)bf__store_col_count(s, 17);
    a->default_profile = (int)bf__store_col_count(s, 18);
    a->observed_at = sqlite3_column_int64(s, 19);
    a->automated = (int)bf__store_col_count(s, 21);
    a->unknown = (unsigned)sqlite3_column_int64(s, 22);
    /* The set name is read after the others: the buffer may move. */
    if (col_text(s, 20)) {
        size_t at = out->strings.len;

        err = bf_buf_append(&out->strings, col_text(s, 20),
                            (size_t)sqlite3_column_bytes(s, 20) + 1);
        if (err)
            goto out;
        /* Every pointer into the buffer is taken again after a move. */
        for (i = 0; i < 9; i++)
            *dst[i] = off[i] == SIZE_MAX ? NULL : out->strings.data + off[i];
        a->label_set = out->strings.data + at;
    }
out:
    if (err)
        bf_account_clear(a);
    return err;
}

bf_err bf_store_account(bf_store *st, uint32_t id, bf_account_row *out)
{
    sqlite3_stmt *s = Q(st, Q_ACC_GET);
    bf_err err = BF_OK;
    int rc;

    memset(out, 0, sizeof *out);
    bf_account_clear(&out->a);
    bf_buf_init(&out->strings, TEXT_LIMIT);
    out->id = id;
    err = settle(st);
    if (err)
        goto out;
    sqlite3_bind_int64(s, 1, (int64_t)id + 1);
    rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        err = rc == SQLITE_DONE ? BF_ENOTFOUND : BF_ESQL;
        goto out;
    }
    err = bf__store_row_fill(s, col_text(s, 0), out);
out:
    finish(s);
    if (err) {
        bf_buf_release(&out->strings);
        bf_account_clear(&out->a);
    }
    return err;
}

/* col_dup copies column i of s (NULL stays NULL) into *out. */
static bf_err col_dup(sqlite3_stmt *s, int i, char **out)
{
    const char *t = col_text(s, i);

    *out = NULL;
    if (!t)
        return BF_OK;
    *out = strdup(t);
    return *out ? BF_OK : BF_ENOMEM;
}

/* The newest date is the view's (pview.h, bf__pview_newest). */
bf_err bf_store_newest_post(bf_store *st, uint32_t author, int64_t *out)
{
    const bf__pview *v = NULL;
    bf_err err;

    *out = 0;
    if (st->walking)
        return BF_EINVAL;
    err = view_get(st, &v);
    if (!err)
        err = bf__pview_newest(v, author, out);
    return err;
}

/*
 * The posts come from the handle's view of the post segments (pview.h),
 * merged and in order; the author's native id and platform name are read
 * once, and the name of any other platform a post names when it is met.
 */
bf_err bf_store_each_post(bf_store *st, uint32_t author,
                          bf_err (*fn)(void *ctx, const bf_post *p), void *ctx)
{
    sqlite3_stmt *s = Q(st, Q_AUTHOR_OF);
    const bf__pview *v = NULL;
    char *anative = NULL, *aplat = NULL, *oplat = NULL;
    int64_t aplat_id = -1, oplat_id = -1;
    bf_err err;
    size_t i;
    int rc;

    /* The walk holds the handle's list of posts; it cannot nest. */
    if (st->walking)
        return BF_EINVAL;
    st->walking = 1;
    err = view_get(st, &v);
    if (!err)
        err = bf__pview_author(v, author, &st->pvec);
    if (!err && st->pvec.n > 0) {
        sqlite3_bind_int64(s, 1, (int64_t)author + 1);
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            err = col_dup(s, 0, &anative);
            if (!err)
                err = col_dup(s, 1, &aplat);
            aplat_id = sqlite3_column_int64(s, 2);
        } else {
            err = rc == SQLITE_DONE ? BF_ECORRUPT : sql_err(st->db, rc);
        }
        finish(s);
    }
    for (i = 0; !err && i < st->pvec.n; i++) {
        const bf__ppost *q = &st->pvec.v[i];
        bf_post p;

        if (q->r.platform != aplat_id && q->r.platform != oplat_id) {
            s = Q(st, Q_PLAT_NAME);
            sqlite3_bind_int64(s, 1, q->r.platform);
            rc = sqlite3_step(s);
            free(oplat);
            oplat = NULL;
            if (rc == SQLITE_ROW)
                err = col_dup(s, 0, &oplat);
            else
                err = rc == SQLITE_DONE ? BF_ECORRUPT : sql_err(st->db, rc);
            finish(s);
            oplat_id = q->r.platform;
            if (err)
                break;
        }
        bf_post_clear(&p);
        p.native_id = q->str[BF__PS_NATIVE];
        p.author_id = anative;
        p.platform = q->r.platform == aplat_id ? aplat : oplat;
        p.created_at = q->r.created_at;
        p.text = q->str[BF__PS_TEXT];
        p.kind = (bf_post_kind)q->r.kind;
        p.parent_id = q->str[BF__PS_PARENT];
        p.likes = q->r.cnt[BF__PC_LIKES];
        p.reposts = q->r.cnt[BF__PC_REPOSTS];
        p.replies = q->r.cnt[BF__PC_REPLIES];
        p.quotes = q->r.cnt[BF__PC_QUOTES];
        p.views = q->r.cnt[BF__PC_VIEWS];
        p.hashtags = (int)q->r.cnt[BF__PC_HASHTAGS];
        p.mentions = (int)q->r.cnt[BF__PC_MENTIONS];
        p.urls = (int)q->r.cnt[BF__PC_URLS];
        p.source = q->str[BF__PS_SOURCE];
        err = fn(ctx, &p);
    }
    free(anative);
    free(aplat);
    free(oplat);
    st->walking = 0;
    return err;
}

/*
 * parse_spec splits an account spec as bf_store_resolve reads it: the
 * platform into plat (empty when none), and *rest after it, past a '#'
 * (then *native is set) or leading '@'s.  0 when spec names nothing.
 */
static int parse_spec(const char *spec, char plat[PLATFORM_MAX + 1],
                      const char **rest, int *native)
{
    /* A handle never holds ':', so what precedes one is a platform -
     * unless the spec starts with '#' or '@': native ids may hold ':'
     * (did:plc:...), and then there is no platform prefix. */
    const char *colon =
            spec[0] == '#' || spec[0] == '@' ? NULL : strchr(spec, ':');

    plat[0] = '\0';
    *rest = spec;
    if (colon) {
        size_t n = (size_t)(colon - spec);

        if (!platform_ok(spec, n))
            return 0;
        memcpy(plat, spec, n);
        plat[n] = '\0';
        /* The short names bonafide fetch takes name the same platforms
         * (the canonical names fit: PLATFORM_MAX is 63). */
        if (bf_platform_canonical(plat) != plat)
            strcpy(plat, bf_platform_canonical(plat));
        *rest = colon + 1;
    }
    *native = **rest == '#';
    if (*native)
        (*rest)++;
    else
        while (**rest == '@')
            (*rest)++;
    return **rest != '\0';
}

bf_err bf_store_resolve(bf_store *st, const char *spec, uint32_t *out_id)
{
    char plat[PLATFORM_MAX + 1];
    const char *rest;
    sqlite3_stmt *s;
    int has_plat, native, rc;
    int64_t rowid = 0;
    bf_err err;

    if (!spec)
        return BF_EINVAL;
    if (!parse_spec(spec, plat, &rest, &native))
        return BF_ENOTFOUND;
    err = settle(st);
    if (err)
        return err;
    has_plat = plat[0] != '\0';
    /* A name no handle has may be a native id: a Facebook Page's is its
     * name ("facebook:Nobel Mount College"), and it has no handle. */
    for (; !rowid && native < 2; native++) {
        if (native)
            s = Q(st, has_plat ? Q_RES_NATIVE_P : Q_RES_NATIVE);
        else
            s = Q(st, has_plat ? Q_RES_HANDLE_P : Q_RES_HANDLE);
        if (has_plat) {
            bind_text(s, 1, plat);
            bind_text(s, 2, rest);
        } else {
            bind_text(s, 1, rest);
        }
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW)
            rowid = sqlite3_column_int64(s, 0);
        finish(s);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return BF_ESQL;
    }
    if (!rowid)
        return BF_ENOTFOUND;
    if (rowid_ok(rowid))
        return BF_ECORRUPT;
    *out_id = (uint32_t)(rowid - 1);
    return BF_OK;
}

/*
 * Suggestions: handles sharing the first SUGGEST_PREFIX bytes of the one
 * asked for (fewer when it is shorter), at most SUGGEST_SCAN of them in
 * index order, kept when they start with it or lie within
 * SUGGEST_EDITS edits of it.
 */
#define SUGGEST_PREFIX 3
#define SUGGEST_SCAN   20000
#define SUGGEST_EDITS  2
#define SUGGEST_LEN    128 /* longer handles are not compared */
_Static_assert(SUGGEST_LEN <= BF_EDIT_MAX, "bf_edit_distance takes them");

/* fold copies s (n bytes, at most SUGGEST_LEN) into out in ASCII lower
 * case, as SQLite's NOCASE compares. */
static void fold(const char *s, size_t n, char *out)
{
    size_t i;

    for (i = 0; i < n; i++)
        out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + ('a' - 'A')) : s[i];
}

typedef struct suggestion {
    size_t cost;       /* edits, or 1 for a longer handle starting so */
    int64_t followers; /* -1 when unknown */
    char name[PLATFORM_MAX + SUGGEST_LEN + 2]; /* "platform:handle" */
} suggestion;

/* better orders suggestions: fewest edits, then most followers. */
static int better(const suggestion *a, const suggestion *b)
{
    return a->cost != b->cost ? a->cost < b->cost : a->followers > b->followers;
}

bf_err bf_store_suggest(bf_store *st, const char *spec, size_t max, bf_buf *out,
                        size_t *out_n)
{
    char plat[PLATFORM_MAX + 1], lo[SUGGEST_PREFIX + 1], hi[SUGGEST_PREFIX + 2];
    char want[SUGGEST_LEN], fh[SUGGEST_LEN];
    suggestion *best = NULL;
    const char *rest;
    sqlite3_stmt *s = Q(st, Q_SUGGEST);
    size_t len, pre, n = 0, i;
    int native, rc;
    bf_err err = BF_OK;

    *out_n = 0;
    if (!spec || !parse_spec(spec, plat, &rest, &native) || native || max == 0)
        return BF_OK;
    len = strlen(rest);
    if (len > SUGGEST_LEN)
        return BF_OK;
    fold(rest, len, want);
    best = calloc(max, sizeof *best);
    if (!best)
        return BF_ENOMEM;
    /* One byte of the prefix for a short handle, so that a typo in its
     * second or third byte still finds it. */
    pre = len <= SUGGEST_PREFIX ? 1 : SUGGEST_PREFIX;
    memcpy(lo, rest, pre);
    lo[pre] = '\0';
    memcpy(hi, rest, pre);
    hi[pre] = '\xff'; /* above any byte of UTF-8 */
    hi[pre + 1] = '\0';
    rc = bind_text(s, 1, lo);
    rc |= bind_text(s, 2, hi);
    rc |= bind_text(s, 3, plat[0] ? plat : NULL);
    rc |= sqlite3_bind_int(s, 4, SUGGEST_SCAN);
    if (rc != SQLITE_OK)
        err = BF_ESQL;
    while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *pl = (const char *)sqlite3_column_text(s, 0);
        const char *h = (const char *)sqlite3_column_text(s, 1);
        size_t nh = (size_t)sqlite3_column_bytes(s, 1), cost, k;
        suggestion c;

        if (!pl || !h || nh > SUGGEST_LEN || strlen(pl) > PLATFORM_MAX)
            continue;
        fold(h, nh, fh);
        /* Completing "ab" would offer any handle: three bytes at least. */
        if (len >= SUGGEST_PREFIX && nh > len && memcmp(fh, want, len) == 0)
            cost = 1;
        else
            cost = bf_edit_distance(want, len, fh, nh, SUGGEST_EDITS);
        /* The handle asked for itself is not a suggestion. */
        if (cost == 0 || cost > SUGGEST_EDITS)
            continue;
        c.cost = cost;
        c.followers = sqlite3_column_int64(s, 2);
        if (n == max && !better(&c, &best[n - 1]))
            continue;
        snprintf(c.name, sizeof c.name, "%s:%.*s", pl, (int)nh, h);
        /* Insertion into the few kept, best first. */
        k = n < max ? n++ : n - 1;
        while (k > 0 && better(&c, &best[k - 1])) {
            best[k] = best[k - 1];
            k--;
        }
        best[k] = c;
    }
    if (!err && rc != SQLITE_DONE && rc != SQLITE_ROW)
        err = BF_ESQL;
    finish(s);
    for (i = 0; !err && i < n; i++)
        err = bf_buf_append(out, best[i].name, strlen(best[i].name) + 1);
    if (!err)
        *out_n = n;
    free(best);
    return err;
}

/* ---- the graph ---- */

/* A committed segment, as its row lists it. */
typedef struct seg_row {
    char *path;
    uint64_t count;
    uint32_t crc;
    size_t first; /* its first edge among all the segments' */
} seg_row;

/*
 * seg_load_one adds the edges of the segment at r to e, checked against
 * its row: one by one, or into slots from first on when slots is 1.  A
 * missing segment, or one that fails its checks, is BF_ECORRUPT: its
 * edges are gone.  *any_pos becomes 1 when a position is known.
 */
static bf_err seg_load_one(const seg_row *r, bf__csr_edges *e, int slots,
                           int *any_pos)
{
    bf__seg seg;
    bf_err err = bf__seg_map(r->path, &seg);
    uint64_t i;

    if (err == BF_ENOTFOUND)
        err = BF_ECORRUPT;
    if (err)
        return err;
    if (seg.count != r->count || seg.crc != r->crc)
        err = BF_ECORRUPT;
    for (i = 0; !err && i < seg.count; i++) {
        const unsigned char *rec = seg.recs + i * BF__SEG_RECORD;
        /* The position is the record's last word (segment.h). */
        int32_t pos = (int32_t)bf__get_u32(rec + 12);
        uint32_t a, b;

        bf__seg_decode(rec, &a, &b);
        *any_pos |= pos >= 0;
        if (!slots)
            err = bf__csr_edges_add_pos(e, a, b, pos);
        else if (bf__csr_edges_set(e, r->first + i, a, b, pos) != 0)
            err = BF_ECORRUPT;
    }
    bf__seg_unmap(&seg);
    return err;
}

/* The segments' loading into slots, in parts of about the same number
 * of segments; each part stops at its first failure. */
typedef struct seg_load {
    const seg_row *rows;
    size_t nrows;
    bf__csr_edges *e;
    bf_err err[BF_PAR_MAX];
    int any_pos[BF_PAR_MAX];
} seg_load;

static void seg_load_part(void *ctx, unsigned t, unsigned nt)
{
    seg_load *x = ctx;
    size_t i = bf_par_split(x->nrows, t, nt);
    size_t end = bf_par_split(x->nrows, t + 1, nt);

    x->err[t] = BF_OK;
    x->any_pos[t] = 0;
    for (; i < end && !x->err[t]; i++)
        x->err[t] = seg_load_one(&x->rows[i], x->e, 1, &x->any_pos[t]);
}

/*
 * seg_rows reads the rows of the committed segments up to generation
 * gen, oldest first, into *out (n of them), each with its path and its
 * first edge; *out_total is the edges of all.
 */
static bf_err seg_rows(bf_store *st, uint64_t gen, seg_row **out, size_t *n,
                       size_t *out_total)
{
    sqlite3_stmt *s = Q(st, Q_SEG_ALL);
    seg_row *rows = NULL;
    size_t cap = 0, total = 0;
    bf_err err = BF_OK;
    int rc;

    *n = 0;
    sqlite3_bind_int64(s, 1, (int64_t)gen);
    while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *file = col_text(s, 1);
        int64_t count = sqlite3_column_int64(s, 2);

        if (!file || strchr(file, '/') || count < 0) {
            err = BF_ECORRUPT;
            break;
        }
        if ((uint64_t)count > SIZE_MAX / 16 - total) {
            err = BF_ENOMEM;
            break;
        }
        if (*n == cap) {
            seg_row *r = realloc(rows, (cap ? 2 * cap : 64) * sizeof *r);

            if (!r) {
                err = BF_ENOMEM;
                break;
            }
            rows = r;
            cap = cap ? 2 * cap : 64;
        }
        rows[*n].path = path_join(st->dir, file);
        if (!rows[*n].path) {
            err = BF_ENOMEM;
            break;
        }
        rows[*n].count = (uint64_t)count;
        rows[*n].crc = (uint32_t)sqlite3_column_int64(s, 3);
        rows[*n].first = total;
        total += (size_t)count;
        (*n)++;
    }
    if (!err && rc != SQLITE_DONE)
        err = sql_err(st->db, rc);
    finish(s);
    *out = rows;
    *out_total = total;
    return err;
}

/*
 * build loads every committed segment up to generation gen, oldest first,
 * and writes graph.csr over n vertices, with the follows' positions when
 * any is known (a duplicate keeps the newest segment's known position).
 * A committed segment that is missing or fails its checks makes the store
 * corrupt: its edges are gone.  Memory: 8 bytes per raw edge, 4 more when
 * positions are known, doubled during the sort, up to the build's budget;
 * beyond it sorted runs spill to a file in the store directory (csr.h).
 * Edges that fit in memory are read on the build's threads, each mapping,
 * checking and decoding a share of the segments into its own slots;
 * edges that spill are added one by one, in order.
 */
static bf_err build(bf_store *st, uint32_t n, uint64_t gen, int in_memory)
{
    bf__csr_edges e;
    seg_row *rows = NULL;
    size_t nrows = 0, total = 0, i;
    char *path = NULL;
    bf_err err = BF_OK;
    int any_pos = 0;

    bf__csr_edges_init(&e, n);
    /* In memory, runs (if any) spill to $TMPDIR: the store's disk is the
     * one that is full. */
    if (!in_memory)
        err = bf__csr_edges_set_dir(&e, st->dir);
    if (!err)
        err = seg_rows(st, gen, &rows, &nrows, &total);
    if (!err)
        err = bf__csr_edges_slots(&e, total);
    if (!err) {
        seg_load x;
        unsigned nt = bf_par_parts(e.threads, nrows, 2), t;

        memset(&x, 0, sizeof x);
        x.rows = rows;
        x.nrows = nrows;
        x.e = &e;
        if (nt > nrows && nrows)
            nt = (unsigned)nrows;
        bf_par_run(nt, seg_load_part, &x);
        /* The failure of the oldest segment, as one by one would. */
        for (t = 0; t < nt && !err; t++) {
            err = x.err[t];
            any_pos |= x.any_pos[t];
        }
        for (; t < nt; t++)
            any_pos |= x.any_pos[t];
        if (!err)
            bf__csr_edges_slots_done(&e, total, any_pos);
    } else if (err == BF_ELIMIT) {
        err = bf__csr_edges_reserve(&e, total);
        for (i = 0; !err && i < nrows; i++)
            err = seg_load_one(&rows[i], &e, 0, &any_pos);
    }
    for (i = 0; i < nrows; i++)
        free(rows[i].path);
    free(rows);
    if (err)
        goto out;
    if (in_memory) {
        err = bf__csr_build_mem(&e, gen, &st->graph);
        goto out;
    }
    path = path_join(st->dir, "graph.csr");
    if (!path) {
        err = BF_ENOMEM;
        goto out;
    }
    err = bf__csr_write(path, &e, gen);
out:
    free(path);
    bf__csr_edges_release(&e);
    return err;
}

/*
 * graph gets the store's graph for bf_store_graph (whole: every list
 * checked) or bf_store_graph_lazy (the header only).  A mapping that fails
 * the whole check is treated like a corrupt file: rebuilt once.
 */
static bf_err graph(bf_store *st, int whole, const bf_csr **out_g)
{
    uint64_t gen = 0;
    uint32_t n = 0;
    char *path = NULL;
    bf_err err;
    int tries, extended = 0;

    /* Inside a batch the graph would include uncommitted follows. */
    if (st->in_tx)
        return BF_EINVAL;
    err = query_u64(Q(st, Q_SEG_MAX), 0, 0, &gen);
    if (!err)
        err = bf_store_account_count(st, &n);
    if (err)
        return err;
    if (st->graph.base && st->graph.generation == gen && st->graph.g.n == n &&
        (!whole || bf__csr_file_whole(&st->graph) == BF_OK)) {
        *out_g = &st->graph.g;
        return BF_OK;
    }
    bf__csr_unmap(&st->graph);
    path = path_join(st->dir, "graph.csr");
    if (!path)
        return BF_ENOMEM;
    /* Try the file on disk; when it is missing, stale, corrupt or of
     * another format version (BF_ECORRUPT for all three), rebuild it once
     * from the segments and map it again.  Only its header is checked
     * here, and its lists when whole; the checksums were written by the
     * build and are verified by bonafide check. */
    for (tries = 0; tries < 2; tries++) {
        err = bf__csr_map_lazy(path, &st->graph);
        if (!err && !extended && st->graph.generation == gen &&
            st->graph.g.n < n) {
            /*
             * Accounts arrived and no follow did (a load of posts or
             * profiles): the edges are the same, so the file is copied
             * with the new vertices isolated rather than built again
             * from every segment.  Mapped again, the copy gets the same
             * checks; when it fails them, the segments rebuild it.
             */
            bf__csr_unmap(&st->graph);
            extended = 1;
            if (bf__csr_extend(path, n, gen, BF__CSR_ORDER_MIN_N) == BF_OK) {
                tries--;
                continue;
            }
            err = BF_ECORRUPT;
        } else if (!err &&
                   (st->graph.generation != gen || st->graph.g.n != n)) {
            err = BF_ECORRUPT; /* stale */
        } else if (!err && whole) {
            err = bf__csr_file_whole(&st->graph);
        }
        if (!err)
            break;
        bf__csr_unmap(&st->graph);
        if (err != BF_ECORRUPT && err != BF_ENOTFOUND)
            break;
        if (tries == 1) {
            /*
             * The file this handle just built is not what it maps now:
             * another process renamed its own over it in between (a
             * reader that saw an older generation, say).  Lay the graph
             * out in memory for this handle rather than fail.
             */
            err = build(st, n, gen, 1);
            if (!err && (st->graph.generation != gen || st->graph.g.n != n))
                err = BF_ECORRUPT;
            break;
        }
        err = build(st, n, gen, 0);
        /*
         * A disk that is full, or a store this process may not write,
         * still lets it read: the graph is laid out in memory instead,
         * exactly as the file would hold it, for this handle only.
         */
        if (err == BF_ENOSPC || err == BF_EACCES) {
            err = build(st, n, gen, 1);
            if (!err && (st->graph.generation != gen || st->graph.g.n != n))
                err = BF_ECORRUPT;
            break;
        }
        if (err)
            break;
    }
    free(path);
    if (err) {
        bf__csr_unmap(&st->graph);
        return err;
    }
    *out_g = &st->graph.g;
    return BF_OK;
}

bf_err bf_store_graph(bf_store *st, const bf_csr **out_g)
{
    return graph(st, 1, out_g);
}

bf_err bf_store_graph_lazy(bf_store *st, const bf_csr **out_g)
{
    return graph(st, 0, out_g);
}

bf_err bf_store_read_scattered(bf_store *st)
{
    /* A small page cache: its pages are recycled.  With the handle's 64
     * MiB, every page read was a fresh allocation the kernel had to map
     * and zero, for a page read once. */
    int rc = sqlite3_exec(st->db,
                          "PRAGMA mmap_size = 0; PRAGMA cache_size = -4096;",
                          NULL, NULL, NULL);

    /* The post segments likewise: a follower's newest post is searched
     * by pread (pview.h, bf__pview_scattered). */
    st->scattered = 1;
    if (rc == SQLITE_OK && st->view_ok)
        return bf__pview_scattered(&st->view);
    return rc == SQLITE_OK ? BF_OK : sql_err(st->db, rc);
}

bf_err bf_store_graph_scan(bf_store *st, const bf_csr **out_g)
{
    bf_err err = graph(st, 0, out_g);

    if (!err)
        bf__csr_file_readahead(&st->graph);
    return err;
}

bf_err bf__store_rebuild_graph(bf_store *st)
{
    uint64_t gen = 0;
    uint32_t n = 0;
    bf_err err;

    if (st->in_tx)
        return BF_EINVAL;
    err = query_u64(Q(st, Q_SEG_MAX), 0, 0, &gen);
    if (!err)
        err = bf_store_account_count(st, &n);
    if (err)
        return err;
    bf__csr_unmap(&st->graph);
    return build(st, n, gen, 0);
}

bf_err bf_store_vertex_platforms(bf_store *st, uint32_t n, uint32_t *out)
{
    sqlite3_stmt *s = Q(st, Q_STAT_VERTEX);
    bf_err err = BF_OK;
    int rc;

    memset(out, 0, (size_t)n * sizeof *out);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t v = sqlite3_column_int64(s, 0) - 1;
        int64_t pid = sqlite3_column_int64(s, 1);

        if (v >= 0 && v < (int64_t)n && pid > 0 && pid <= UINT32_MAX)
            out[v] = (uint32_t)pid;
    }
    if (rc != SQLITE_DONE)
        err = sql_err(st->db, rc);
    finish(s);
    return err;
}

bf_err bf_store_graph_generation(bf_store *st, uint64_t *out_gen)
{
    if (st->in_tx)
        return BF_EINVAL;
    return query_u64(Q(st, Q_SEG_MAX), 0, 0, out_gen);
}

const char *bf_store_dir(const bf_store *st)
{
    return st->dir;
}

/* The hook of search.c (search.h), which runs its own queries. */
void bf__store_bulk(bf_store *st, int on)
{
    st->bulk = on;
}

int bf__store_ids_whole(const bf_store *st)
{
    return st->ids.complete;
}

uint64_t bf__store_scan_steps(bf_store *st)
{
    uint64_t n = 0;
    int i;

    for (i = 0; i < Q__COUNT; i++)
        if (st->q[i])
            n += (uint64_t)sqlite3_stmt_status(
                    st->q[i], SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
    return n;
}

sqlite3 *bf__store_db(bf_store *st)
{
    return st->db;
}

bf_err bf__store_sql_err(sqlite3 *db, int rc)
{
    return sql_err(db, rc);
}

/* What bf_store_reposts_received adds up. */
typedef struct reposts_acc {
    double *out;
    uint32_t n;
} reposts_acc;

static bf_err reposts_add(void *ctx, const bf__ppost *p)
{
    reposts_acc *a = ctx;
    int64_t r = p->r.cnt[BF__PC_REPOSTS];

    /* Accounts added after n was read are not asked for. */
    if (p->r.kind != BF_POST_REPOST && r > 0 && p->r.author < a->n)
        a->out[p->r.author] += (double)r;
    return BF_OK;
}

bf_err bf_store_reposts_received(bf_store *st, double *out_per_account,
                                 uint32_t n)
{
    const bf__pview *v = NULL;
    reposts_acc acc = { out_per_account, n };
    bf_err err;
    uint32_t i;

    for (i = 0; i < n; i++)
        out_per_account[i] = 0.0;
    err = view_get(st, &v);
    if (!err)
        err = bf__pview_each(v, 0, reposts_add, &acc);
    return err;
}

/* ---- totals ---- */

bf_err bf_store_state_get(bf_store *st, const char *key, bf_buf *out)
{
    sqlite3_stmt *s = Q(st, Q_STATE_GET);
    bf_err err = BF_ENOTFOUND;
    int rc;

    bf_buf_reset(out);
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(s, 0);

        err = bf_buf_append(out, v ? (const char *)v : "",
                            (size_t)sqlite3_column_bytes(s, 0));
    } else if (rc != SQLITE_DONE) {
        err = BF_ESQL;
    }
    finish(s);
    return err;
}

bf_err bf_store_state_put(bf_store *st, const char *key, const char *value)
{
    sqlite3_stmt *s = Q(st, value ? Q_STATE_PUT : Q_STATE_DEL);

    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    if (value)
        sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    return run(s);
}

/* What bf_store_stats counts posts into. */
typedef struct posts_acc {
    bf_stats_row *rows;
    const int64_t *pids;
    size_t n;
    size_t last; /* the platform of the last post, a good first guess */
} posts_acc;

static bf_err posts_count(void *ctx, const bf__ppost *p)
{
    posts_acc *a = ctx;
    size_t i;

    if (a->last < a->n && a->pids[a->last] == p->r.platform) {
        a->rows[a->last].posts++;
        return BF_OK;
    }
    for (i = 0; i < a->n; i++)
        if (a->pids[i] == p->r.platform) {
            a->rows[i].posts++;
            a->last = i;
            break;
        }
    return BF_OK;
}

/*
 * edges_now sets *m to the distinct follows of generation gen, from the
 * mapped graph or else the graph file's header, when either was built
 * from that generation, whatever its n: accounts added since with no
 * follow change no edge, and the graph extended for them (bf__csr_extend)
 * waits for a reader that needs it.  0 when neither can say.
 */
static int edges_now(bf_store *st, uint64_t gen, uint64_t *m)
{
    bf__csr_header h;
    char *path;
    int ok;

    if (st->graph.base && st->graph.generation == gen) {
        *m = st->graph.g.m;
        return 1;
    }
    path = path_join(st->dir, "graph.csr");
    ok = path && bf__csr_read_header(path, &h) == BF_OK && h.generation == gen;
    if (ok)
        *m = h.m;
    free(path);
    return ok;
}

/* The post count one writer keeps for the next (bf_store_totals_keep):
 * the state row's value is the view key's four numbers, then the count. */
#define POSTS_KEPT "posts_count"

/* kept_value formats the state row of count at key into v. */
static void kept_value(char v[128], const int64_t key[4], uint64_t count)
{
    snprintf(v, 128, "%lld %lld %lld %lld %llu", (long long)key[0],
             (long long)key[1], (long long)key[2], (long long)key[3],
             (unsigned long long)count);
}

/*
 * posts_total sets *out to the store's live posts: this handle's count
 * at the store's present key (one it made, read, or carried over its own
 * batches, count_batch), else the count a writer kept at that key, else
 * bf__pview_count's.  A count made or read here is remembered with its
 * key when the key read before and after it is the same (no batch
 * committed meanwhile), for bf_store_totals_keep and the next batches.
 */
/* kept_at says whether a writer kept a post count at key, in *out. */
static int kept_at(bf_store *st, const int64_t key[4], uint64_t *out)
{
    bf_buf kept;
    int ok = 0;

    bf_buf_init(&kept, 256);
    if (bf_store_state_get(st, POSTS_KEPT, &kept) == BF_OK) {
        long long a, b, c, d;
        unsigned long long n;
        char tail;

        if (sscanf(kept.data, "%lld %lld %lld %lld %llu%c", &a, &b, &c, &d, &n,
                   &tail) == 5 &&
            a == key[0] && b == key[1] && c == key[2] && d == key[3]) {
            *out = n;
            ok = 1;
        }
    }
    bf_buf_release(&kept);
    return ok;
}

static bf_err posts_total(bf_store *st, uint64_t *out)
{
    const bf__pview *v = NULL;
    int64_t k1[4], k2[4];
    bf_err err;

    err = pview_key(st, k1);
    if (err)
        return err;
    /* This handle's own count, made or carried to this key. */
    if (st->count_ok && memcmp(k1, st->count_key, sizeof k1) == 0) {
        *out = st->count;
        return BF_OK;
    }
    st->count_ok = 0;
    if (kept_at(st, k1, out)) {
        memcpy(st->count_key, k1, sizeof k1);
        st->count = *out;
        st->count_ok = 1;
        return BF_OK;
    }
    err = view_get(st, &v);
    if (!err)
        err = bf__pview_count(v, out);
    if (!err)
        err = pview_key(st, k2);
    if (!err && memcmp(k1, k2, sizeof k1) == 0) {
        memcpy(st->count_key, k1, sizeof k1);
        st->count = *out;
        st->count_ok = 1;
    }
    return err;
}

bf_err bf_store_totals_keep(bf_store *st)
{
    sqlite3_stmt *s = NULL;
    int64_t key[4];
    char v[128];
    bf_err err;
    int got = 0, rc;

    if (st->in_tx || !sqlite3_get_autocommit(st->db))
        return BF_EINVAL;
    if (!st->count_ok)
        return BF_OK;
    err = bf__store_lock(st, 1, &got);
    if (err)
        return err;
    rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    err = rc == SQLITE_OK ? pview_key(st, key) : sql_err(st->db, rc);
    /* A batch committed since the count: it is already old. */
    if (!err && memcmp(key, st->count_key, sizeof key) == 0) {
        kept_value(v, key, st->count);
        rc = sqlite3_prepare_v2(st->db,
                                "INSERT OR REPLACE INTO state(key, value)"
                                " VALUES(?1, ?2)",
                                -1, &s, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(s, 1, POSTS_KEPT, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, v, -1, SQLITE_STATIC);
            rc = sqlite3_step(s);
        }
        if (rc != SQLITE_DONE)
            err = sql_err(st->db, rc);
        sqlite3_finalize(s);
    }
    if (sqlite3_get_autocommit(st->db) == 0) {
        if (!err) {
            rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
            if (rc != SQLITE_OK)
                err = sql_err(st->db, rc);
        }
        if (err)
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    }
    bf__store_unlock(st);
    return err;
}

bf_err bf__store_kept_count(bf_store *st, int forget, int *out_has,
                            uint64_t *out_kept, uint64_t *out_counted)
{
    const bf__pview *v = NULL;
    int64_t key[4];
    bf_err err;

    *out_has = 0;
    *out_kept = *out_counted = 0;
    if (st->in_tx)
        return BF_EINVAL;
    err = pview_key(st, key);
    if (err || !kept_at(st, key, out_kept))
        return err;
    *out_has = 1;
    err = view_get(st, &v);
    if (!err)
        err = bf__pview_count(v, out_counted);
    if (!err && forget && *out_kept != *out_counted) {
        sqlite3_stmt *s = NULL;
        int rc = sqlite3_prepare_v2(
                st->db, "DELETE FROM state WHERE key = '" POSTS_KEPT "'", -1,
                &s, NULL);

        if (rc == SQLITE_OK)
            rc = sqlite3_step(s);
        if (rc != SQLITE_DONE)
            err = sql_err(st->db, rc);
        sqlite3_finalize(s);
        st->count_ok = 0;
    }
    return err;
}

bf_err bf_store_totals(bf_store *st, bf_stats_row *out)
{
    const bf_csr *g = NULL;
    uint64_t gen = 0;
    bf_err err;

    memset(out, 0, sizeof *out);
    if (st->in_tx)
        return BF_EINVAL;
    /* The edge count is the header's: no list need be read. */
    err = query_u64(Q(st, Q_SEG_MAX), 0, 0, &gen);
    if (!err && !edges_now(st, gen, &out->follows)) {
        err = bf_store_graph_lazy(st, &g);
        if (!err)
            out->follows = g->m;
    }
    if (!err)
        err = query_u64(Q(st, Q_ACC_MAX), 0, 0, &out->accounts);
    if (!err)
        err = posts_total(st, &out->posts);
    return err;
}

bf_err bf_store_stats(bf_store *st, bf_stats_row **out_rows, size_t *out_n)
{
    const bf_csr *g = NULL;
    bf_stats_row *rows = NULL;
    int64_t *pids = NULL;
    size_t n = 0, cap = 0, last = 0;
    sqlite3_stmt *s;
    bf_err err;
    int rc = SQLITE_DONE;

    err = bf_store_graph(st, &g);
    if (err)
        return err;
    /* Accounts per platform, sorted by name. */
    s = Q(st, Q_STAT_ACC);
    while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *name = col_text(s, 1);

        if (n == cap) {
            size_t c = cap ? cap * 2 : 8;
            bf_stats_row *r = realloc(rows, c * sizeof *r);
            int64_t *p = r ? realloc(pids, c * sizeof *p) : NULL;

            if (r)
                rows = r;
            if (!r || !p) {
                err = BF_ENOMEM;
                break;
            }
            pids = p;
            cap = c;
        }
        memset(&rows[n], 0, sizeof rows[n]);
        snprintf(rows[n].platform, sizeof rows[n].platform, "%s",
                 name ? name : "");
        rows[n].accounts = (uint64_t)sqlite3_column_int64(s, 2);
        pids[n++] = sqlite3_column_int64(s, 0);
    }
    if (!err && rc != SQLITE_DONE)
        err = BF_ESQL;
    finish(s);

    /* Posts per platform: every merged post once. */
    if (!err) {
        const bf__pview *v = NULL;
        posts_acc acc = { rows, pids, n, 0 };

        err = view_get(st, &v);
        if (!err)
            err = bf__pview_each(v, 0, posts_count, &acc);
    }

    /* Distinct follows, charged to the follower's platform: one pass over
     * the accounts in id order, O(n) rows. */
    s = Q(st, Q_STAT_VERTEX);
    while (!err && n > 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t v = sqlite3_column_int64(s, 0) - 1;
        int64_t pid = sqlite3_column_int64(s, 1);
        uint64_t deg;

        if (v < 0 || v >= (int64_t)g->n)
            continue;
        deg = g->out_off[v + 1] - g->out_off[v];
        if (!deg)
            continue;
        if (pids[last] != pid)
            for (last = 0; last < n - 1 && pids[last] != pid; last++)
                ;
        if (pids[last] == pid)
            rows[last].follows += deg;
    }
    if (!err && n > 0 && rc != SQLITE_DONE)
        err = BF_ESQL;
    finish(s);

    free(pids);
    if (err) {
        free(rows);
        return err;
    }
    *out_rows = rows;
    *out_n = n;
    return BF_OK;
}
